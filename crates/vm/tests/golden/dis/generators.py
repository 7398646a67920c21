import asyncio


def gen(n):
    received = yield n
    while received is not None:
        received = yield received * 2
    yield from range(n)
    return "done"


async def agen(xs):
    for x in xs:
        await asyncio.sleep(0)
        yield x


async def main():
    async with asyncio.timeout(1):
        async for v in agen([1, 2, 3]):
            print(v)
    return [y async for y in agen("ab")]


squares = (i * i for i in range(10) if i % 2)
print(sum(squares), list(gen(3)))
asyncio.run(main())
