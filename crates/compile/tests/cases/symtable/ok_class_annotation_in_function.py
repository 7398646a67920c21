def f():
    class C:
        x: int
        if c:
            y: str
    return C
