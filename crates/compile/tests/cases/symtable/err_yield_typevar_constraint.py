def f():
    def g[T: ((yield), int)](): pass
