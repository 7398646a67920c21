@dec
class C[T: int = str, *Ts, **P](B, metaclass=M):
    x: T
