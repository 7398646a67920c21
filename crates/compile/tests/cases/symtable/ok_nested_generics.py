def f[T]():
    def g[U](a: T, b: U) -> T:
        class H[V](list[U]):
            def m(self, x: V) -> T: return super().m(x)
        return H
    return g
