"""Module doc."""
assert x, "m"
if __debug__:
    print(1)
def f():
    """fdoc"""
    assert y
    return __debug__
class C:
    """cdoc"""
