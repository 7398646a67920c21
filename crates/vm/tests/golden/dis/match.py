from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def describe(obj):
    match obj:
        case 0 | 1 | 2:
            return "small"
        case [x, y, *rest] if rest:
            return f"seq {x} {y} {rest!r:>5}"
        case {"kind": "circle", "r": r, **extra}:
            return f"circle {r} {extra}"
        case Point(x=0, y=yy) as p:
            return f"on axis {yy} {p}"
        case str() | bytes():
            return "text"
        case _:
            return None


for value in (1, [1, 2, 3], {"kind": "circle", "r": 2}, Point(0, 5), "s", 3.5):
    print(describe(value))
