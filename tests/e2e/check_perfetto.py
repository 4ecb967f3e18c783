#!/usr/bin/env python3
"""The rules a Chrome trace-event file from `gotrace export --perfetto` must
keep for Perfetto and chrome://tracing to draw it as gotrace means: one line
per broken rule on stderr, exit 1 if any."""
import json
import sys
from collections import defaultdict


def main(path):
    bad = []
    doc = json.load(open(path))
    evs = doc.get("traceEvents")
    if not isinstance(evs, list) or not evs:
        print("no traceEvents array", file=sys.stderr)
        return 1
    named = set()
    slices = defaultdict(list)
    flows = defaultdict(dict)
    for i, e in enumerate(evs):
        for k in ("ph", "ts", "pid"):
            if k not in e:
                bad.append(f"event {i} has no {k}: {e}")
        ph = e.get("ph")
        if ph == "M" and e.get("name") == "process_name":
            if not e.get("args", {}).get("name"):
                bad.append(f"event {i}: process_name without a name")
            named.add(e["pid"])
        if ph == "X":
            if not isinstance(e.get("dur"), int) or e["dur"] < 0:
                bad.append(f"event {i}: X without a whole, non-negative dur")
            slices[(e["pid"], e.get("tid"))].append((e["ts"], e["ts"] + e.get("dur", 0), i))
        if ph in ("s", "f"):
            flows[e.get("id")][ph] = e
            if ph == "f" and e.get("bp") != "e":
                bad.append(f"event {i}: flow end without bp=e")
        if ph == "i" and e.get("s") not in ("t", "p", "g"):
            bad.append(f"event {i}: instant without a scope")
    for e in evs:
        if e.get("ph") != "M" and e["pid"] not in named:
            bad.append(f"pid {e['pid']} has no process_name")
            named.add(e["pid"])
    for track, ss in slices.items():
        ss.sort()
        stack = []
        for b, end, i in ss:
            while stack and stack[-1] <= b:
                stack.pop()
            if stack and end > stack[-1]:
                bad.append(f"track {track}: slice {i} overlaps the one before without nesting")
            stack.append(end)
    for fid, pair in flows.items():
        if set(pair) != {"s", "f"}:
            bad.append(f"flow {fid} lacks its {'start' if 's' not in pair else 'end'}")
    for b in bad[:20]:
        print(b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
