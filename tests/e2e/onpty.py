#!/usr/bin/env python3
"""onpty.py [--interrupt-after WORD] CMD [ARG...]: run CMD on a new pseudo
terminal (so it is on a terminal, as a user's command is) and copy what it
prints to stdout. With --interrupt-after, type Ctrl-C once WORD has been
printed, as a user at that terminal would."""
import os
import pty
import sys
import time

args = sys.argv[1:]
word = None
if args[:1] == ["--interrupt-after"]:
    word, args = args[1].encode(), args[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(args[0], args)
out = b""
if word:
    deadline = time.time() + 20
    while word not in out and time.time() < deadline:
        out += os.read(fd, 4096)
    time.sleep(0.3)
    os.write(fd, b"\x03")
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
