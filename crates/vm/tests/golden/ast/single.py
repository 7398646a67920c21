if x:
    y = 1
else:
    pass
