def f():
    global x
    (x): int = 1
    x: int
