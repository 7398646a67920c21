match p:
    case [1, *rest] | {'k': v, **kw} if v:
        pass
    case Point(x=0, y=_) as pt:
        pass
    case -1 | 1.5 | 2j | 'a' 'b' | None | True:
        pass
