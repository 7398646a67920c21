class C:
    a: super
    b: __class__
    c: [x for x in range(3)]
    d: (lambda: C)
    def f(self) -> super: pass
    def g(self, x: [y for y in z]) -> __class__: pass
    e: (i for i in ())

def outer():
    v = 1
    class D:
        a: v
        def m(self, p: v): pass
    return D

x: [q for q in w]
