from __future__ import annotations


def f(a: int, b: 'str' = 'x', *c: *tuple[int, ...], d: lambda: (yield), **e: f'{x=}') -> t'{y}':
    pass


async def g(a: a ** b ** c, /, b: (a ** b) ** c) -> not a:
    pass


def h(*, a: [1, 2][0], b: {1: 2}[1] = 3) -> a if b else c:
    def inner(x: x[::-1]) -> inner:
        return x
    return inner


lam = lambda x: x
k = [lambda: 0 for _ in range(2)]


def defaults(a: int = lam(1), b: -1e400 = -1e400) -> 1 + 2j:
    pass


def f_strings(
    a: f'{x:{y}.{z}}',
    b: f'{x!r}{y!s}{z!a}',
    c: f'{"a" "b"}' 'c' f'{d}',
    d: f'{(lambda: 1)}',
    e: f'{x:{{}}}',
    f: t'{ x = !r:>{w}}',
) -> f'{f"{x}"}':
    pass
