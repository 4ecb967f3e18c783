#!/usr/bin/env python3
"""cmp_opens.py SHIM_TRACE TRAP_TRACE [MISSING_OK]

The opens of two runs of one deterministic program, one with the shim
recording opens itself (gotrace's default) and one with every open trapped
(--no-shim-opens), must be the same events: the same dirfd, flags, result
and errno, and the same path. Paths are compared where both layers can
record them whole: not for EFAULT (the shim records an unreadable path as
a fault, the tracer the bytes it could read) nor beyond 1000 bytes or in
an event cut to size.
MISSING_OK (default 0) successful opens may be missing from the shim trace:
one that took the process's last descriptor leaves none to send the event
with (docs/trace-format.md). With a fourth argument "abs" the absolute
path gotrace gives a relative one must be the same too (the in-kernel
recorder against the tracer). Prints the differences; exit 1 if any.
"""
import collections
import json
import re
import sys


def opens(path, with_abs=False):
    out = collections.Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            ev = json.loads(line)
            if ev.get("ev") != "open":
                continue
            p = ev.get("path", "")
            err = ev.get("err")
            if err == "EFAULT" or len(p) > 1000 or ev.get("trunc"):
                p = "*"
            key = (p, ev.get("dirfd"), tuple(ev.get("flags", [])), ev.get("ret"), err)
            if with_abs:
                # a pipe's or socket's inode number differs from run to run
                a = ev.get("abs")
                key += (re.sub(r":\[\d+\]", ":[N]", a) if a and p != "*" else None,)
            out[key] += 1
    return out


def main():
    with_abs = len(sys.argv) > 4 and sys.argv[4] == "abs"
    a, b = opens(sys.argv[1], with_abs), opens(sys.argv[2], with_abs)
    missing_ok = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    extra = a - b      # in the shim trace only: never allowed
    missing = b - a    # in the trapped trace only
    bad = 0
    shown = 0

    def show(what, k, n):
        nonlocal shown
        if shown < 10:
            print("%s: %d x %s" % (what, n, json.dumps(k)[:200]))
        shown += 1
    for k, n in extra.items():
        show("only with the shim", k, n)
        bad += n
    lost = sum(n for k, n in missing.items() if k[3] is not None and k[3] >= 0)
    for k, n in missing.items():
        if k[3] is None or k[3] < 0:
            show("missing with the shim", k, n)
            bad += n
    if lost > missing_ok:
        print("%d successful opens missing with the shim (at most %d allowed)" % (lost, missing_ok))
        bad += lost
    print("%d opens compared, %d differences" % (sum(b.values()), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
