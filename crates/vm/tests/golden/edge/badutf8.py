x = 'aÿþb'
y = 1
