import sys


def risky(items):
    total = 0
    for item in items:
        try:
            total += 10 // item
        except ZeroDivisionError as e:
            print("zero", e)
            continue
        except (TypeError, ValueError):
            raise RuntimeError("bad") from None
        else:
            total += 1
        finally:
            total -= 1
    return total


def groups():
    try:
        raise ExceptionGroup("g", [ValueError(1), KeyError(2)])
    except* ValueError as eg:
        print(eg.exceptions)
    except* KeyError:
        pass


with open(sys.argv[0]) as f, open(sys.argv[0]) as g:
    data = f.read() + g.read()
print(risky([1, 0, 2]))
