y.appendx)
