class A:
    """doc"""
    x: int = 1
    y: "str"
    def __init__(self):
        self.a = 1
        self.b, self.c = 2, 3
        super().__init__()
    def m(self):
        return __class__
    @classmethod
    def c(cls):
        return super().c()
    def __private(self):
        return self.__x
    class Inner:
        def f(self):
            return A.__private
class B[T, *Ts, **P](A, metaclass=type):
    attr: T
    def meth[U: int = bool](self, u: U) -> T:
        return u
    def other(self, a=1, *, b=2):
        return [T for _ in range(2)]
type Alias[K, V = int] = dict[K, V]
type Simple = list[int]
def gen[T: (int, str), *Ts = *tuple[int]](a: T, *args: *Ts, b=1, **kw) -> T:
    return a
class C:
    if True:
        z: int = 3
    lst = [i for i in range(3)]
    d = {k: __name__ for k in lst}
