#!/usr/bin/env python3
"""
The layout rules the code keeps (docs/hacking.md), checked mechanically:
tabs for indentation, no trailing blanks, lines of at most 150 columns
(a tab counts 8), a final newline, no source file over 900 lines and no
function over 120, no include that crosses a layer backwards, and no
raw malloc/calloc/realloc/strdup/strndup/asprintf/vasprintf outside common/util.h's gt_x*
helpers (preload/ excepted; "may fail:" on the line or the line above
keeps one), and nothing in wrap/ that prints but launch.c (the others
say what they must through its gt_say/gt_sayf). A function's length
counts from the brace under its signature, however many lines that
takes. Prints one line per problem ("file:line: what") and exits 1 if
any.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ["common", "wrap", "preload", "analyzers", "probe", "verify", "repro", "cli"]
# what each layer may include from the project (besides itself)
MAY_INCLUDE = {
    "common": set(),
    "wrap": {"common"},
    "preload": {"common"},
    "analyzers": {"common"},
    "probe": {"common", "analyzers"},
    "verify": {"common", "analyzers", "probe"},
    "repro": {"common", "wrap", "analyzers"},
    "cli": {"common", "wrap", "analyzers", "probe", "verify", "repro"},
}
MAX_FILE, MAX_FUNC, MAX_COL = 900, 120, 150
# out of memory aborts: allocation goes through gt_x* (preload/ must never abort)
RAW_ALLOC = re.compile(r"\b(malloc|calloc|realloc|strdup|strndup|asprintf|vasprintf)\(")
# wrap/ prints only in launch.c
PRINTS = re.compile(r"\b(printf|vprintf|puts|perror|putchar)\(|\b(fprintf|vfprintf|fputs|fputc|fwrite)\([^;]*\bstd(err|out)\b"
                    r"|\bdprintf\(\s*[12]\s*,")

problems = []


def say(path, line, what):
    problems.append("%s:%d: %s" % (os.path.relpath(path, TOP), line, what))


def columns(s):
    return len(s.expandtabs(8))


def check_file(layer, path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    if text and not text.endswith("\n"):
        say(path, len(lines), "no newline at the end")
    if path.endswith(".c") and len(lines) - 1 > MAX_FILE:
        say(path, 1, "%d lines (at most %d)" % (len(lines) - 1, MAX_FILE))
    start = None
    for i, l in enumerate(lines, 1):
        if l != l.rstrip():
            say(path, i, "trailing blanks")
        if re.match(r"^ +\S", l) and not l.lstrip().startswith("*"):
            say(path, i, "indented with spaces")
        if columns(l) > MAX_COL:
            say(path, i, "%d columns (at most %d)" % (columns(l), MAX_COL))
        m = re.match(r'#include "\.\./([a-z]+)/', l)
        if m and m.group(1) not in MAY_INCLUDE[layer] and m.group(1) != layer:
            say(path, i, "%s/ includes %s/: layers only point downwards" % (layer, m.group(1)))
        a = RAW_ALLOC.search(l)
        if (a and layer != "preload" and os.path.relpath(path, TOP) != os.path.join("common", "util.h")
                and not re.match(r"\s*(/\*|\*|//)", l) and "may fail:" not in l
                and not (i > 1 and "may fail:" in lines[i - 2])):
            say(path, i, "%s( outside common/util.h's gt_x* (out of memory aborts: docs/hacking.md)" % a.group(1))
        if (layer == "wrap" and os.path.basename(path) != "launch.c" and PRINTS.search(l)
                and not re.match(r"\s*(/\*|\*|//)", l)):
            say(path, i, "wrap/ prints only in launch.c (gt_say, gt_sayf): docs/hacking.md")
        # a function body: a brace alone under a signature's last line (its first may be lines above)
        if l == "{" and i > 1 and lines[i - 2].rstrip().endswith(")"):
            start = i
        elif l == "}" and start:
            if i - start + 1 > MAX_FUNC:
                say(path, start, "a function of %d lines (at most %d)" % (i - start + 1, MAX_FUNC))
            start = None


for layer in DIRS:
    d = os.path.join(TOP, layer)
    for name in sorted(os.listdir(d)):
        if name.endswith((".c", ".h")):
            check_file(layer, os.path.join(d, name))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
