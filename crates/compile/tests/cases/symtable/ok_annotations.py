x: int
y: "str" = 1
(z): list = []
a.b: int
c[0]: int

class C:
    x: int
    y: int = 2
    if cond:
        z: str
    def m(self, a: int, *b: str, c: "C" = None, **d: float) -> list[int]:
        v: undefined_name = 1
        w: other
        return v

def f(a: int) -> None:
    b: int

def g(): pass

lambda a: a
