import enum
class Color(enum.Enum):
    RED = 1
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
def f(v):
    match v:
        case 0 | 1 | -1 | 2+3j | -4-5j:
            return "small"
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case [1, 2, *rest]:
            return rest
        case [_, _, *_]:
            return "three+"
        case [first, *_, last]:
            return first, last
        case (a, b) if a > b:
            return a - b
        case {"k": 1, "j": x, **others}:
            return x, others
        case {"k": _}:
            return "k"
        case {}:
            return "map"
        case Point(x=0, y=yy) | Point(yy, 0):
            return yy
        case Point(1, y=2):
            return "p12"
        case str() as s if s:
            return s
        case [x, y] | [y, x, _]:
            return x, y
        case {"a": [1, {"b": bb}]}:
            return bb
        case _:
            return "other"
def g(v):
    match v:
        case x:
            return x
def h(v):
    match v:
        case 1:
            pass
        case _ if v:
            pass
