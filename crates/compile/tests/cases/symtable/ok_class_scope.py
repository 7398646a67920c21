def f():
    x = 1
    class C:
        x = 2
        y = x
        def m(self): return x
        z: x
        type A = x
        def n[T: x](self): pass
    return C

class D:
    a = 1
    def m(self, b: a = a): pass
    class E[T: a]: pass
