async def f(xs):
    await g()
    async for x in xs: pass
    async with xs as y: pass
    a = [x async for x in xs]
    b = [await x for x in xs]
    c = (x async for x in xs)
    yield 1

def g(xs):
    return (await x for x in xs)

async def h(xs):
    return [[y async for y in x] for x in xs]
