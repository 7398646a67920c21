class C:
    [(j := i) for i in range(5)]
