async def f():
    def g[**P = await x](): pass
