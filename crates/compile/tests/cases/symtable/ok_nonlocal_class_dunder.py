class C:
    def f(self):
        nonlocal __class__
        __class__ = 1
    def g(self):
        return __classdict__
