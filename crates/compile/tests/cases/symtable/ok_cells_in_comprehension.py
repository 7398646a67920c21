def f():
    return [lambda: x for x in range(3)]

def g():
    x = 1
    return [lambda: x for y in range(3)]

def h(a):
    return [[lambda: (a, b) for b in c] for c in a]
