def f(xs):
    for x in xs:
        try:
            if x:
                continue
            if not x:
                break
            return x
        except ValueError as e:
            return e
        except (TypeError, KeyError):
            continue
        except:
            raise
        else:
            print("else")
        finally:
            print("finally")
    while True:
        with open(xs) as fh, open(xs):
            try:
                return fh.read()
            finally:
                break
    try:
        pass
    except* ValueError as eg:
        print(eg)
    except* (TypeError, OSError):
        pass
    else:
        pass
    finally:
        del xs
    try:
        raise ValueError from None
    except Exception as e:
        del e
def g():
    try:
        return 1
    finally:
        try:
            pass
        finally:
            print(2)
    with a:
        pass
