lambda x: [y for y in x] + [(z := 1) for _ in x]
