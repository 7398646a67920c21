def f[T: (y := 1)](): pass
