try:
    pass
except* ValueError as e:
    pass
try:
    pass
except A, B:
    pass
