def f(a):
    x = [lambda: y for y in a]
    z = 1
    w = [z for _ in a]
    v = [[lambda: (u, t) for u in a] for t in a]
    return x, w, v

class C:
    y = 1
    a = [lambda: y for y in range(3)]
    b = [y for _ in range(3)]
    def m(self):
        return [__class__ for _ in range(1)]
