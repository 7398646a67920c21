def f(xs):
    a = [x for x in xs]
    b = {x: y for x in xs for y in x if y}
    c = {x for x in xs}
    d = (x for x in xs)
    e = [lambda: x for x in xs]
    f2 = [[y for y in x] for x in xs]
    g = [(z := x) for x in xs]
    return z

class C:
    xs = [1]
    ys = [x for x in xs]
    zs = [__class__ for _ in xs]
    ws = [lambda: x for x in xs]

mod = [y for y in range(3)]
mod2 = [(w := y) for y in range(3)]
