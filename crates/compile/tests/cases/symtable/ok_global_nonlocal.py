x = 1
def f():
    global x
    x = 2
    def g():
        return x
    return g

def outer():
    y = 1
    def mid():
        nonlocal y
        def inner():
            nonlocal y
            y = 3
        return inner
    return mid

class C:
    global z
    z = 1
    def m(self): return z

global w
w = 5
