def f():
    return [[(y := j) for j in i] for i in range(3)], y

def g():
    global gy
    return [(gy := 1) for _ in range(2)]
