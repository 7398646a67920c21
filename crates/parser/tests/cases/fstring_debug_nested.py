f'{x=!r:>{width}}' f'{y = }' t'{z!s}'
