from __future__ import annotations
class C:
    a: [x for x in y]
    def m(self, p: (lambda: q)) -> C: pass
