def f(a: int):
    return [a for _ in b]
