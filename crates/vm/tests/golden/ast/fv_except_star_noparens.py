try:
    pass
except* (C, D), E:
    pass
