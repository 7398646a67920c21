"""module doc"""
def f():
    "doc"
class C:
    "doc"
    x = 1
