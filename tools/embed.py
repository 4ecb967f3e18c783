#!/usr/bin/env python3
"""embed.py NAME IN OUT: a C header defining `static const char NAME[]` with
the bytes of IN, so a file the program prints (the HTML page) lives next to
the code as itself and is compiled in."""
import sys

name, src, dst = sys.argv[1:4]
data = open(src, "rb").read()
out = ["/* Made by tools/embed.py from %s: edit that file, not this one. */" % src,
       "static const char %s[] =" % name]
for i in range(0, len(data), 96):
    chunk = data[i:i + 96]
    out.append('\t"' + "".join("\\%03o" % b if b < 32 or b >= 127 or b in (34, 92, 63) else chr(b) for b in chunk) + '"')
out[-1] += ";"
open(dst, "w").write("\n".join(out) + "\n")
