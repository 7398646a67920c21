def outer(a, *args, b=1, **kw):
    x = 1
    y = 2
    def inner():
        nonlocal x
        x += y
        return z
    class K:
        y = 3
        def m(self):
            return x, y, __class__
    return inner

def g():
    global gg
    gg = 1
    def h():
        return gg
