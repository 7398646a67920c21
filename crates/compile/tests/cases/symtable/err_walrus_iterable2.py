[i for i in range(5) for k in (j := range(5))]
