x = []  # type: List[int]
y = 2  # type: ignore[misc]

def f(a,  # type: int
      b):
    # type: (...) -> None
    for i in a:  # type: int
        pass
