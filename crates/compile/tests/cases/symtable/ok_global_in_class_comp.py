class C:
    global g
    g = 1
    xs = [g for _ in range(3)]
    def m(self): return [g for _ in range(1)]
