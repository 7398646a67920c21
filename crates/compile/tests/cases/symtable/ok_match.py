match v:
    case [a, *rest]: pass
    case {"k": b, **kw}: pass
    case Point(x=c, y=[d]) as e: pass
    case (f | f): pass
    case str() if (g := 1): pass
