return 1
def f():
    global f
    f = 1
def g(a):
    global a
