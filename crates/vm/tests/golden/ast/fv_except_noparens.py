try:
    pass
except A, B:
    pass
except (C, D):
    pass
