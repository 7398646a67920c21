class A:
    def f(self):
        return super().f()
    def g(self):
        return __class__
    def h(self):
        return lambda: super()
    def i(self):
        def j():
            return __class__
        return j
    x = [super() for _ in range(1)]

class B:
    __class__ = 1
    def f(self): return __class__

class D:
    def f(self): return __classdict__
