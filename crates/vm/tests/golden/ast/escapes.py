x = '\d' + '\8' + '\400' + b'\d' + b'\777'
y = f'\d{x}\q' + f'\{z}' + f'{x:\w}'
z = """first
second \\s"""
w = 'a\pb\qc' 'd\e'
v = rb'\d' + R'\q' + u'\m'
t = '\N{BULLET}\é'
