if (n := 10) > 5: pass
def f():
    if (m := 1): pass
    return [(k := i) for i in range(m)]

def g():
    global kk
    return [(kk := i) for i in range(3)]

lambda: (ll := 1)
[[(q := j) for j in i] for i in range(3)]
