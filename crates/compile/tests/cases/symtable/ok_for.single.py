for i in x: y = [i for _ in z]
