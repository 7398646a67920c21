g = lambda a, /: a
