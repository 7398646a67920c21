x = [1, 2]

def f(a, *, b=1) -> None:
    """doc"""
    return a
