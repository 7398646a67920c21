x = "\d"
if x is 1:
    pass
