[a for a in b] if c else (lambda: d)
