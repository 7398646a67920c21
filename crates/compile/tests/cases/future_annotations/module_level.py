"""Module-level annotations under the future import: stored as CPython's unparsed text."""
from __future__ import annotations

a: int
b: list[int] | None = None
c: dict[str, tuple[int, ...]]
d: (a + b) * c ** -d
e: -1 ** 2 + (-1) ** 2 + 2 ** -1
f: not a < b and (c or d) if e else (lambda: f)
g: 1e400 + 1e400j - 0j * 12345678901234567890123456789
h: 1 .real + (1.5).imag + 0x10 + 1_000
i: 'it\'s' + "say \"hi\"" + '\x00\t\n\\' + 'é😀\u200b\u0378'
j: b'\x00\xff' + rb'\d' + u'unicode' + 'a' 'b'
k: f'{x!r:>{w}}{y=}{z!a:%Y}' + f"{'q'}" + f'{ {1} }{{}}'
l: t'{x!r:^{w}}{y=}' + t"{'q'}"
m: [x for x in y if x] + {k: v for k, v in z.items()} + {s for s in t} + (g for g in h)
n: a[1:2, ::3, *b] + a[()] + a[b:c,] + tuple[*Ts]
o: lambda a, /, b=1, *c, d, e=2, **f: (yield) or (yield from a)
p: lambda: [(w := 1) for _ in range(3)]
q: {**a, 'b': [*c, *d], 'e': {*f}}
r: f(*a, b=c, **d)(g for g in h).i
s: a if b else c if d else e
t: ...
u: None | True | False | Ellipsis
v: (a, b) | (c,) | ()
w: a.b.c[d](e)[f:g]
x.attr: int
x[0]: str
(y): float
