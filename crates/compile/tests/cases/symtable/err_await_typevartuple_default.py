async def f():
    def g[*Ts = await x](): pass
