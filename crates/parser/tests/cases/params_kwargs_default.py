def f(**kw: int = 3): pass
