def f(a=x, *, b=y, c):
    return lambda d=a, *e, f=b, **g: (a, d, e, f, g, c)
