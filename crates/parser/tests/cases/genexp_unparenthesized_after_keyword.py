f(x=1, a for a in b)
