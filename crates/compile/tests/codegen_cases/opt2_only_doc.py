"""only doc"""
def f():
    """d"""
