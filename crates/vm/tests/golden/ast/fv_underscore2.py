x = [1_0]
y = 0x_ff
