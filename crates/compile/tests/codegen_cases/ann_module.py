x: int = 1
y: list[int]
if x:
    z: str = "a"
def f(a: int, *b: str, c: "C" = 1, **d: float) -> None:
    pass
class K:
    m: int
    for i in range(2):
        n: int = i
