class A:
    __x = 1
    def __m(self, __p):
        __local = __p
        return self.__x, __local, __dunder__
    class __B:
        __y = 2
        def m(self): return __y
    import __mod.sub
    from m import __n
    def f(self):
        global __g
        __g = 1

class _:
    __z = 1
