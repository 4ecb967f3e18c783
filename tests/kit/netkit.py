#!/usr/bin/env python3
"""Servers for gotrace's network tests, all on 127.0.0.1, started and
stopped by the test that needs them.

  netkit.py mkmod DIR MODULE VERSION [VARIANT]
      write MODULE@VERSION into DIR in the GOPROXY layout (list, .info,
      .mod, .zip; upper case in paths written !x), so DIR can be served as
      a module proxy; VARIANT gives the zip other content (a re-tag)
  netkit.py serve MODE PORTFILE [DIR] [--tls CERT KEY] [--auth USER:PASS] [--port N]
      MODE static: serve DIR (the GOPROXY protocol is static files, and so
      is git's "dumb" HTTP protocol; a missing file is 404); 404: answer
      404 to everything; 403: answer 403 with the body a filtering proxy
      gives ("This module version is not available"); 403-empty: 403 with
      no body; 410: answer 410 Gone to everything; 500: answer 500 to
      everything; silent: accept connections, read the request, never
      answer; stall-body: answer 200 with a Content-Length of 100000, send
      100 bytes of it, then nothing. The h-* modes serve DIR but lie:
      h-zip-stall sends half of a zip then nothing; h-zip-huge announces a
      600 MB zip; h-zip-endless sends a zip without end; h-notzip sends
      text as the zip; h-redirect-loop redirects every request to itself;
      h-redirect-http redirects to plain http; h-escape answers 404 with
      terminal escapes in the reason phrase and the body; h-401-echo
      answers 401 quoting the credential it was sent;
      zip-notzip, zip-overlimit, zip-endless:
      serve DIR as static does, except each .zip: zip-notzip answers 200
      with a body that is not a zip; zip-overlimit announces a
      Content-Length of 600 MiB (over go's 500 MiB for a module zip), sends
      64 KiB of it and closes the connection; zip-endless answers 200 with
      no length and sends bytes until the client hangs up (about 25 MB a
      second, so a client's timeout comes long before a disk fills). In
      static mode a request with
      ?go-get=1 for PATH gets the go-import meta tag whose content is the
      file DIR/PATH.go-import (404 without it). With --auth, a request
      without that Basic credential gets 401. HTTP/1.1: connections are
      kept open between requests. Writes the port to PORTFILE once
      listening, one line per request to PORTFILE.log ("401 PATH" for a
      refused one) and "OPEN" per connection accepted. --port N listens on
      port N instead of a free one (80 for a test's own network namespace).
  netkit.py connect-proxy PORTFILE TARGET_PORT
      an HTTP CONNECT proxy that relays every tunnel to 127.0.0.1:TARGET_PORT,
      whatever host was asked for; logs "CONNECT host:port" lines
  netkit.py dns PORTFILE [PORT]
      a DNS server on 127.0.0.1:PORT (default 53) answering every A query
      with 127.0.0.1 and every other query with no records, except names
      whose first label starts with "nx-": NXDOMAIN; logs each name
  netkit.py closed-port
      print a loopback port nothing listens on
"""
import base64
import http.server
import json
import os
import select
import socket
import socketserver
import ssl
import sys
import threading
import time
import zipfile


def escape(path):
    """A module path as proxies and the module cache write it: upper-case X as !x."""
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def mkmod(root, module, version, variant=None):
    d = os.path.join(root, escape(module), "@v")
    os.makedirs(d, exist_ok=True)
    gomod = "module %s\n\ngo 1.21\n" % module
    with open(os.path.join(d, "list"), "a") as f:
        f.write(version + "\n")
    with open(os.path.join(d, escape(version) + ".info"), "w") as f:
        json.dump({"Version": version, "Time": "2026-01-01T00:00:00Z"}, f)
    with open(os.path.join(d, escape(version) + ".mod"), "w") as f:
        f.write(gomod)
    prefix = "%s@%s/" % (module, version)
    with zipfile.ZipFile(os.path.join(d, escape(version) + ".zip"), "w") as z:
        z.writestr(prefix + "go.mod", gomod)
        body = "package m\n\n// V is the version.\nconst V = %s\n" % json.dumps(version)
        if variant:
            body += "\n// %s\n" % variant  # the same version, other content: a re-tag
        z.writestr(prefix + "m.go", body)


def write_port(portfile, port):
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, portfile)


def log_line(portfile, line):
    with open(portfile + ".log", "a") as f:
        f.write(line + "\n")


def hostile(h, mode, root):
    """The h-* modes: a proxy that serves DIR's files but lies about the zip
    (or everything) in one way. True when the request was answered here."""
    path = h.path.partition("?")[0]
    if mode == "h-redirect-loop":
        h.send_response(302)
        h.send_header("Location", path)  # to itself: go stops after 10
        h.send_header("Content-Length", "0")
        h.end_headers()
        return True
    if mode == "h-redirect-http":
        h.send_response(302)
        h.send_header("Location", "http://127.0.0.1:9" + path)  # https to http: go refuses
        h.send_header("Content-Length", "0")
        h.end_headers()
        return True
    if mode == "h-escape":
        # a reason phrase and a text body with ESC, DEL, a C1 CSI and a stray byte
        body = b"no \x1b[2Jsuch \x7fmodule \xc2\x9b31m here \xff\n"
        h.send_response(404, "Not \x1b]0;pwned\x07Found \x7f\u009b")
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return True
    if mode == "h-401-echo":
        # the server quotes back the credential it was sent, decoded
        got = h.headers.get("Authorization", "")
        try:
            said = base64.b64decode(got.split(" ", 1)[1]).decode("latin-1")
        except Exception:
            said = got
        body = ("wrong credential %s (header %s)\n" % (said, got)).encode("latin-1")
        h.send_response(401, "Unauthorized " + said)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return True
    if not path.endswith(".zip"):
        return False
    f = os.path.join(root or ".", path.strip("/"))
    data = open(f, "rb").read() if os.path.isfile(f) else b""
    h.send_response(200)
    h.send_header("Content-Type", "application/zip")
    if mode == "h-zip-stall":  # half the zip, then nothing: go waits for ever
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(data[:len(data) // 2])
            h.wfile.flush()
            threading.Event().wait()
    elif mode == "h-zip-huge":  # 600 MB announced, sent until the client stops
        h.send_header("Content-Length", str(600 << 20))
        h.end_headers()
        chunk = b"\0" * (1 << 20)
        try:
            for _ in range(600) if h.command != "HEAD" else ():
                h.wfile.write(chunk)
        except OSError:
            pass
    elif mode == "h-zip-endless":  # no length, never ends: go stops reading after 500 MB
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"\0" * (1 << 20)
        try:
            while h.command != "HEAD":
                h.wfile.write(chunk)
        except OSError:
            pass
        h.close_connection = True
    else:  # h-notzip
        body = b"this is not a zip file\n"
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)
    return True


def serve(mode, portfile, root, tls, auth=None, listen_port=0):
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *a, **k):
            super().__init__(*a, directory=root or ".", **k)

        def setup(self):
            super().setup()
            # headers and body go out in separate writes: without this, Nagle's
            # algorithm and the client's delayed ACK add 40 ms to each answer
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            log_line(portfile, "OPEN")

        def log_message(self, fmt, *args):
            log_line(portfile, "%s %s" % (self.command, self.path))

        def answer(self, code, body, ctype="text/plain; charset=utf-8"):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def gate(self):
            """True when the request was answered here, not as a file."""
            want = "Basic " + base64.b64encode(auth.encode()).decode() if auth else None
            if want and self.headers.get("Authorization") != want:
                log_line(portfile, "401 %s" % self.path)
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="gotrace-test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return True
            if mode.startswith("h-") and hostile(self, mode, root):
                return True  # send_response logged it
            if mode == "404":
                self.log_message("")
                self.send_error(404, "not here")
                return True
            if mode in ("403", "403-empty", "410", "500"):
                self.log_message("")
                body = b"This module version is not available\n" if mode == "403" else b""
                self.answer(int(mode[:3]), body)
                return True
            if mode == "stall-body":
                self.log_message("")
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b"x" * 100)
                self.wfile.flush()
                threading.Event().wait()
                return True
            path, _, query = self.path.partition("?")
            if mode.startswith("zip-") and path.endswith(".zip") and self.command == "GET":
                self.bad_zip()
                return True
            if "go-get=1" in query.split("&"):
                self.log_message("")
                f = os.path.join(root or ".", path.strip("/") + ".go-import")
                if not os.path.isfile(f):
                    self.answer(404, b"no go-import here\n")
                    return True
                with open(f) as fh:
                    content = fh.read().strip()
                page = '<html><head><meta name="go-import" content="%s"></head><body>go get</body></html>\n' % content
                self.answer(200, page.encode(), "text/html; charset=utf-8")
                return True
            return False

        def bad_zip(self):
            """A .zip answered as MODE says (zip-notzip, zip-overlimit, zip-endless)."""
            self.log_message("")
            if mode == "zip-notzip":
                self.answer(200, b"<html><body>this is not a zip</body></html>\n", "application/zip")
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            if mode == "zip-overlimit":
                self.send_header("Content-Length", str(600 << 20))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"PK\x03\x04" + b"z" * (256 * 1024 - 4)
            try:
                if mode == "zip-overlimit":
                    self.wfile.write(chunk[:64 * 1024])
                    self.wfile.flush()
                    return
                while True:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    time.sleep(0.01)
            except OSError:
                pass

        def do_GET(self):
            if not self.gate():
                super().do_GET()

        def do_HEAD(self):
            if not self.gate():
                super().do_HEAD()

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 64  # socketserver's 5 drops a burst of connects: a 1 s SYN retry each

    if mode == "silent":
        ls = socket.socket()
        ls.bind(("127.0.0.1", 0))
        ls.listen(16)
        write_port(portfile, ls.getsockname()[1])
        held = []
        while True:
            c, _ = ls.accept()
            held.append(c)  # never answered, never closed
            log_line(portfile, "ACCEPT")
    srv = Server(("127.0.0.1", listen_port), Handler)
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls[0], tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    write_port(portfile, srv.server_address[1])
    srv.serve_forever()


def pipe(a, b):
    socks = [a, b]
    try:
        while True:
            r, _, _ = select.select(socks, [], [])
            for s in r:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        pass
    finally:
        a.close()
        b.close()


def connect_proxy(portfile, target_port):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    write_port(portfile, ls.getsockname()[1])

    def handle(c):
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = c.recv(4096)
            if not d:
                c.close()
                return
            buf += d
        first = buf.split(b"\r\n", 1)[0].decode("latin-1")
        log_line(portfile, first)
        parts = first.split()
        if len(parts) < 2 or parts[0] != "CONNECT":
            c.sendall(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            c.close()
            return
        up = socket.create_connection(("127.0.0.1", target_port))
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        pipe(c, up)

    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


def dns(portfile, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    write_port(portfile, s.getsockname()[1])
    while True:
        q, peer = s.recvfrom(1500)
        if len(q) < 12:
            continue
        # the question: labels up to the zero byte, then type and class
        i, labels = 12, []
        while i < len(q) and q[i]:
            labels.append(q[i + 1:i + 1 + q[i]].decode("ascii", "replace"))
            i += 1 + q[i]
        qend = i + 5
        qtype = int.from_bytes(q[i + 1:i + 3], "big")
        log_line(portfile, "%s %d" % (".".join(labels), qtype))
        answers = b""
        nx = bool(labels) and labels[0].startswith("nx-")
        if qtype == 1 and not nx:
            answers = b"\xc0\x0c" + (1).to_bytes(2, "big") + (1).to_bytes(2, "big") + \
                (60).to_bytes(4, "big") + (4).to_bytes(2, "big") + bytes([127, 0, 0, 1])
        head = q[0:2] + (b"\x81\x83" if nx else b"\x81\x80") + q[4:6] + (1 if answers else 0).to_bytes(2, "big") + b"\x00\x00\x00\x00"
        s.sendto(head + q[12:qend] + answers, peer)


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    print(port)


def main(argv):
    if len(argv) >= 4 and argv[0] == "mkmod":
        mkmod(argv[1], argv[2], argv[3], argv[4] if len(argv) > 4 else None)
    elif len(argv) >= 3 and argv[0] == "serve":
        tls = None
        auth = None
        rest = argv[3:]
        if "--auth" in rest:
            i = rest.index("--auth")
            auth = rest[i + 1]
            rest = rest[:i] + rest[i + 2:]
        listen_port = 0
        if "--port" in rest:
            i = rest.index("--port")
            listen_port = int(rest[i + 1])
            rest = rest[:i] + rest[i + 2:]
        if "--tls" in rest:
            i = rest.index("--tls")
            tls = rest[i + 1:i + 3]
            rest = rest[:i]
        serve(argv[1], argv[2], rest[0] if rest else None, tls, auth, listen_port)
    elif len(argv) == 3 and argv[0] == "connect-proxy":
        connect_proxy(argv[1], int(argv[2]))
    elif len(argv) >= 2 and argv[0] == "dns":
        dns(argv[1], int(argv[2]) if len(argv) > 2 else 53)
    elif argv == ["closed-port"]:
        closed_port()
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
