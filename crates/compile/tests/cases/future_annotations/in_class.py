from __future__ import annotations


class C:
    """Class annotations: `__annotations__` holds the unparsed strings."""

    a: int = 0
    b: C | None
    c: Callable[[int, str], Awaitable[None]]
    d: Annotated[int, 'meta', f(x), lambda: 0]
    e: Literal['a', "b", 1, -1, 1e400, 2j, None]
    f: t'{self.x}' | f'{self.y:>{w}}'
    if cond:
        g: list[int]
    else:
        g: set[int]
    for _ in range(1):
        h: (x for x in y)

    class Inner:
        __slots__ = ()
        i: Inner.Deeper[*Ts]

    def method(self, x: C, /, *args: *Ts, y: int | None = None, **kw: dict[str, x]) -> Self:
        z: never_stored = 1
        return self
