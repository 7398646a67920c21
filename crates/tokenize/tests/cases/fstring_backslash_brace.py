x = f'\{x}' + f'\N{BULLET} {y}' + rf'\{z}'
