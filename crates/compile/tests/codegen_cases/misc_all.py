import os.path as osp, sys
from . import x as y
from .. import *
a, *b, c = range(5)
[d, e] = 1, 2
f = g = h = 3
f += 1; y.z -= 2; sys.argv[0] *= 3; sys.argv[1:2] += []
del a, b[0], c.d, (f, g)
print(*b, *[1], sep='', **{'end': ''}, **{})
x = f"{a!r:>{10}} {b=} {c:{d}.{e}}" f"{'nested' + f'{g}'}"
t = t"{a} and {b!s:>3}" t"lit"
big = (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32)
bigd = {1:1,2:2,3:3,4:4,5:5,6:6,7:7,8:8,9:9,10:10,11:11,12:12,13:13,14:14,15:15,16:16,17:17}
bigcall = print(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31)
s = {1, *b, 2}
l = [*b, *b]
tt = (*b, 1)
v = a if b else c
w = a and b or not c
cmp = 1 < a < 3 != b
sl = a[1:2], a[::2], a[b:c:d], a[1:b]
pct = "%s and %r and %5.2s %-3a %%" % (a, b, c, d)
pct2 = "%d" % (a,)
assert a, "msg"
assert not (a and b)
if __debug__:
    print("debug")
walrus = [z := 1, z]
lam = lambda a, /, b=1, *c, d, e=2, **f: (a, b, c, d, e, f)
any(x for x in b); all(x for x in b); tuple(x for x in b)
o = osp.join("a", "b").upper()
if a is 1 or a is not "x":
    pass
global_g = 1
def uses_global():
    global global_g
    global_g += 1
    nonlocal_test = 1
    def inner():
        nonlocal nonlocal_test
        nonlocal_test = 2
        return nonlocal_test
    return inner
