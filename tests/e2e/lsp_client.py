#!/usr/bin/env python3
"""A small LSP client for the editor tests: what an editor does to gopls.

lsp_client.py [--hold SECONDS] [--ready FILE] ROOT FILE -- SERVER [ARG...]

Starts SERVER (gopls, or gotrace-gopls) on stdio, initializes it with the
workspace ROOT, opens FILE (relative to ROOT), waits until the server has
published its diagnostics for it and has been quiet for a second, then
prints them, one "line:col: message" per line, sorted. With --hold it
writes FILE "ready" (--ready) and keeps the session open SECONDS more
before shutting the server down, so that a test can look at a session
that is still going. Exits with the server's status, or 3 when the
server did not answer in time.
"""
import json
import os
import select
import subprocess
import sys
import time


class Server:
    def __init__(self, argv, cwd):
        self.p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.buf = b""
        self.next_id = 1

    def send(self, obj):
        data = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.p.stdin.flush()

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return i

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self, timeout):
        """The next message, or None after TIMEOUT seconds without one."""
        end = time.monotonic() + timeout
        fd = self.p.stdout.fileno()
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = 0
                for line in head.split(b"\r\n"):
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        n = int(v)
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                raise EOFError("the server closed its output")
            self.buf += chunk

    def answer(self, msg):
        """Answer the server's own requests as a plain editor would."""
        if "id" in msg and "method" in msg:
            result = None
            if msg["method"] == "workspace/configuration":
                result = [{} for _ in msg["params"].get("items", [])]
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def wait_for(self, want_id, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg = self.read(end - time.monotonic())
            if msg is None:
                break
            self.answer(msg)
            if msg.get("id") == want_id and "method" not in msg:
                return msg
        return None


def main():
    args = sys.argv[1:]
    hold, ready = 0.0, None
    while args and args[0].startswith("--"):
        if args[0] == "--hold":
            hold, args = float(args[1]), args[2:]
        elif args[0] == "--ready":
            ready, args = args[1], args[2:]
        else:
            break
    if len(args) < 4 or args[2] != "--":
        sys.exit("usage: lsp_client.py [--hold S] [--ready FILE] ROOT FILE -- SERVER [ARG...]")
    root, rel, argv = os.path.abspath(args[0]), args[1], args[3:]
    s = Server(argv, root)
    uri = "file://" + os.path.join(root, rel)
    i = s.request("initialize", {
        "processId": os.getpid(), "rootUri": "file://" + root,
        "workspaceFolders": [{"uri": "file://" + root, "name": "w"}],
        "capabilities": {"textDocument": {"publishDiagnostics": {}},
                         "workspace": {"configuration": True, "workspaceFolders": True}}})
    if s.wait_for(i, 60) is None:
        print("lsp_client: no answer to initialize", file=sys.stderr)
        s.p.kill()
        sys.exit(3)
    s.notify("initialized", {})
    with open(os.path.join(root, rel)) as f:
        text = f.read()
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "go", "version": 1, "text": text}})
    diags, seen, end = None, False, time.monotonic() + 90
    while time.monotonic() < end:
        msg = s.read(1.5 if seen else end - time.monotonic())
        if msg is None:
            if seen:
                break
            continue
        s.answer(msg)
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            diags = msg["params"]["diagnostics"]
            seen = bool(diags) or seen
            if not diags:
                seen = True
    if diags is None:
        print("lsp_client: no diagnostics for %s" % rel, file=sys.stderr)
        s.p.kill()
        sys.exit(3)
    for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"], d["message"])):
        st = d["range"]["start"]
        print("%d:%d: %s" % (st["line"] + 1, st["character"] + 1, d["message"]))
    sys.stdout.flush()
    if ready:
        with open(ready, "w") as f:
            f.write("ready\n")
    if hold:
        stop = time.monotonic() + hold
        while time.monotonic() < stop:
            msg = s.read(stop - time.monotonic())
            if msg:
                s.answer(msg)
    i = s.request("shutdown", None)
    s.wait_for(i, 30)
    s.notify("exit", None)
    s.p.stdin.close()
    try:
        rc = s.p.wait(30)
    except subprocess.TimeoutExpired:
        s.p.kill()
        rc = 3
    sys.exit(rc)


if __name__ == "__main__":
    try:
        main()
    except (EOFError, BrokenPipeError) as e:
        print("lsp_client: %s" % e, file=sys.stderr)
        sys.exit(3)
