import os, os.path as p, a.b.c
from x import y as z, w
try:
    pass
except E as e:
    pass
try:
    pass
except* F as f:
    pass
with open() as (g, h), k: pass
del g
for i, j in []: pass
while q: pass
else: pass
