# Writes printable_ranges.txt: the maximal runs of code points for which str.isprintable()
# is true, as inclusive hex ranges. Run it under real CPython 3.14 (from the repo root):
#   PYODIDE_DIR=tools/oracle/node_modules/pyodide \
#     node /work/shared/bench/tools/pyodide_run.mjs crates/objects/tests/golden/printable_ranges.py \
#     > crates/objects/tests/golden/printable_ranges.txt
import sys
import unicodedata

print("# Code point ranges (inclusive, hex) where str.isprintable() is true in CPython",
      sys.version.split()[0], "(unicodedata " + unicodedata.unidata_version + ").")
print("# Produced by printable_ranges.py in this folder (see its header for the command).")
start = None
for cp in range(0x110000):
    printable = chr(cp).isprintable()
    if printable and start is None:
        start = cp
    elif not printable and start is not None:
        print("%X %X" % (start, cp - 1))
        start = None
if start is not None:
    print("%X %X" % (start, 0x10FFFF))
