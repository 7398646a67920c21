def f():
    s = "ééé"; from m import *
