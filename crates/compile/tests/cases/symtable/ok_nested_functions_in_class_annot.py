class C:
    def f(self):
        class D:
            x: int
            def g(self, a: D): pass
        return D
