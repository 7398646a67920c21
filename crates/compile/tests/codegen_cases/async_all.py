import asyncio
async def agen(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0)
async def main(cm, aiter_obj):
    async with cm as a, cm as b:
        print(a, b)
    async for x in agen(3):
        if x:
            continue
        break
    else:
        pass
    r = [y async for y in agen(2) if y]
    s = {y: z async for y in agen(2) for z in range(y)}
    t = [await q for q in aiter_obj]
    g = (y async for y in agen(2))
    try:
        async with cm:
            return await asyncio.sleep(0)
    finally:
        print("done")
async def agen2():
    try:
        yield 1
    finally:
        await asyncio.sleep(0)
    lam = lambda: (yield)
