from __future__ import annotations
x: int = 1
y: list[int]
obj.attr: int = 2
def f(a: int, *b: str, c: C = 1, **d: dict[str, int]) -> None:
    pass
class K:
    m: int
