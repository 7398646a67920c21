async def f():
    class C:
        async for x in y: pass
