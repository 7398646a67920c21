class C:
    x: int
    y: str

u: int
v: int
