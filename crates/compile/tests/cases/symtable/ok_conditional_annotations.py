class C:
    for i in []:
        a: int
    while x:
        b: int
    try:
        c: int
    except E:
        d: int
    with m:
        e: int
    match v:
        case 1:
            f: int

if x:
    g: int
