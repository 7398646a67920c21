def f(a, *, b, c=1, d):
    pass
lambda *, x, y=2: 0
