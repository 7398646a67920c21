class A:
    def m[T](self, a: T) -> T:
        return [x for x in a]
    class B[T]:
        x = [T for _ in range(1)]
        def n(self): return T
    type L[T] = [T for _ in ()]

def f[T: [x for x in range(3)] = (y for y in ())](): pass

class G[T](Base, **{k: v for k, v in d}):
    pass

def outer():
    z = 1
    def inner[T: z](a: z): return z
    type Al[U: z] = z
    return inner
