async def f():
    async with a as b:
        pass
    async with (c, d):
        pass
