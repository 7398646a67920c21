# Long lines and wide columns: the positions column grows.
result = {"alpha": 1, "beta": 2}["alpha"] + len("some string literal that is long enough") + sum(x for x in range(10))
value = (
    result
    +
    1
)


class Widget[T]:
    type Alias = list[T]

    def method(self, a: T, /, b=1, *args, c, **kw) -> T:
        return super().method(a, b, *args, c=c, **kw)


t = lambda: (yield)
print(f"{value!r:>{result}} {t}")
