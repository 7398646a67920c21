f(c, a for a in b if x if y)
