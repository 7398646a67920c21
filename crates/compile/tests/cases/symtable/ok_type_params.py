def f[T, *Ts, **P](a: T, *args: *Ts) -> T: pass

class C[T: int, U: (str, bytes) = str, *V = (), **W = [int]](Base[T], metaclass=M):
    x: T
    def m[X](self, x: X) -> T: return x

type Alias = int
type Generic[T] = list[T]

class Outer:
    type InClass = Outer
    def meth[T](self): pass
    class Inner[__U]:
        __v = __U
        def m(self): return __U

class __Private[__T]:
    def m(self, __a: __T): return __a

def g[T = int](a=1, *, b=2): pass
