x = [1if 1 else 2, 0x1for, 1or 2, 1and 2, 1in[1], 1is 1, 1not in []]
