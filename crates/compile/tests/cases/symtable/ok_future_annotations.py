"""doc"""
from __future__ import annotations
x: int
class C:
    y: C
    def m(self, a: C) -> C: pass
def f(a: int): pass
