if x:
    wrong}).send(None)
