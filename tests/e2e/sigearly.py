#!/usr/bin/env python3
"""sigearly.py N SIG GOTRACE TRACE CMD [ARG...]: run `GOTRACE -q -o TRACE CMD`
N times and send it SIG (HUP, TERM...) as soon as its handler is in (the SigCgt
of /proc/PID/status), or up to 5 ms later: while gotrace forks, seizes and
hands the command over, the racy moments of its start. Each run must end
with 128+SIG within 3 s, its trace recording the command's death by SIG.
Prints one line per failed run and a count; exits 1 if any failed."""
import json
import os
import random
import signal
import subprocess
import sys
import time

n, name, gotrace, trace, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
sig = getattr(signal, "SIG" + name)
bad = runs = 0


def handler_in(pid, deadline):
    while time.time() < deadline:
        try:
            with open("/proc/%d/status" % pid) as f:
                cgt = [l for l in f if l.startswith("SigCgt:")][0].split()[1]
        except (OSError, IndexError):
            return False
        if int(cgt, 16) >> (sig - 1) & 1:
            return True
    return False


def killed_by_sig(path):
    with open(path) as f:
        for line in f:
            ev = json.loads(line)
            if ev.get("ev") == "exit" and ev.get("signal") == "SIG" + name:
                return True
    return False


for i in range(n):
    if bad >= 3:
        break  # each costs 3 s: enough to tell
    runs += 1
    # the signal at its default for gotrace, whatever this test inherited (nohup ignores SIGHUP)
    p = subprocess.Popen([gotrace, "-q", "-o", trace] + cmd,
                         preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
    if not handler_in(p.pid, time.time() + 10):
        print("run %d: gotrace never took SIG%s" % (i, name))
        bad += 1
        p.kill()
        p.wait()
        continue
    if i % 2:
        time.sleep(random.uniform(0, 0.005))
    os.kill(p.pid, sig)
    try:
        rc = p.wait(timeout=3)
    except subprocess.TimeoutExpired:
        print("run %d: no exit 3 s after SIG%s (gotrace stuck, or the signal lost)" % (i, name))
        bad += 1
        p.kill()
        p.wait()
        continue
    if rc != 128 + sig:
        print("run %d: status %d, not %d" % (i, rc, 128 + sig))
        bad += 1
    elif not killed_by_sig(trace):
        print("run %d: the trace has no exit by SIG%s" % (i, name))
        bad += 1
if bad:
    print("%d runs, %d failed" % (runs, bad))
sys.exit(1 if bad else 0)
