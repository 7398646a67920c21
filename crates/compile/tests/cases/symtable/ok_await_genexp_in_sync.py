def f():
    return [x for x in (await y for y in z)]
