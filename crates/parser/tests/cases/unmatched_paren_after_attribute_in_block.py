def f():
    y.appendx)
