x = 1
if x is 1: pass
y = (1)(2)
z = [1,2][(1,2)]
w = 1[0]
v = "abc"["x"]
u = {1, 2}[0]
assert (x, 'msg')
q = x is not ()
r = f"{x}"(1)
def f():
    try:
        pass
    finally:
        return 1
    for i in x:
        try:
            pass
        finally:
            continue
    try:
        pass
    finally:
        if x is 2:
            pass
