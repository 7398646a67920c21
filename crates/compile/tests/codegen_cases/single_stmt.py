if x:
    y = 1
    y
