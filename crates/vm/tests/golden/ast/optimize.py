"""Module doc."""

def f():
    """Function doc."""
    if __debug__:
        return "%s-%r" % (a, b)
    assert x, "msg"
    return 1 + 2

class C:
    "Class doc."
    x = -(5)
