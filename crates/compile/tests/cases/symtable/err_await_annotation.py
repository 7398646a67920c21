async def f(a: await x): pass
