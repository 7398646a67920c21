def f(a: (y := 1)): pass
