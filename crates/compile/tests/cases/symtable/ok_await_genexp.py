def f():
    return (await y for y in z)

async def g():
    return [x async for x in (await y for y in z)]
