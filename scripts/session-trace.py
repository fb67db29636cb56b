#!/usr/bin/env python3
"""A unix-socket relay that timestamps what a build client and the engine say to each other.

Usage: session-trace.py LISTEN_SOCKET ENGINE_SOCKET LOG_FILE   (stops when killed)

For each connection it logs the HTTP request line and, once the engine answers 101 (a BuildKit
session), every HTTP/2 frame both ways: seconds since the first connection, wall-clock seconds,
connection and direction (> client to engine, < engine to client), frame type, stream, length and
flags; a DATA frame's first bytes (the gRPC message header and the start of the message), a
WINDOW_UPDATE's increment, a SETTINGS frame's values. Run a client with
DOCKER_HOST=unix://LISTEN_SOCKET to see when the engine asks for what and how long each answer
takes: the oracle for comparing dmsb's session with the docker CLI's.
"""
import socket, sys, threading, time, os

listen_path, engine_path, log_path = sys.argv[1:4]
lock = threading.Lock()
T0 = [None]
logf = open(log_path, "a", buffering=1)
conn_no = [0]
TYPES = {0: "DATA", 1: "HEADERS", 2: "PRIORITY", 3: "RST", 4: "SETTINGS", 5: "PUSH", 6: "PING", 7: "GOAWAY", 8: "WINUPD", 9: "CONT"}


def log(msg):
    with lock:
        now = time.monotonic()
        if T0[0] is None:
            T0[0] = now
        logf.write("%9.4f %.4f %s\n" % (now - T0[0], time.time() % 1000, msg))


class H2:
    def __init__(self, name):
        self.buf = b""
        self.name = name
        self.active = False

    def feed(self, data):
        if not self.active:
            return
        self.buf += data
        if self.buf.startswith(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"):
            self.buf = self.buf[24:]
        while len(self.buf) >= 9:
            ln = int.from_bytes(self.buf[0:3], "big")
            if len(self.buf) < 9 + ln:
                break
            typ, flags = self.buf[3], self.buf[4]
            sid = int.from_bytes(self.buf[5:9], "big") & 0x7FFFFFFF
            payload = self.buf[9:9 + ln]
            self.buf = self.buf[9 + ln:]
            extra = ""
            if typ == 0:
                extra = " msg=" + payload[:8].hex()
            elif typ == 8:
                extra = " inc=%d" % int.from_bytes(payload[:4], "big")
            elif typ == 4 and not flags & 1:
                s = []
                for i in range(0, len(payload), 6):
                    s.append("%d=%d" % (int.from_bytes(payload[i:i + 2], "big"), int.from_bytes(payload[i + 2:i + 6], "big")))
                extra = " " + ",".join(s)
            log("%s %s s%d len=%d fl=%x%s" % (self.name, TYPES.get(typ, typ), sid, ln, flags, extra))


def pump(src, dst, n, direction, h2, peer_h2):
    first = True
    try:
        while True:
            data = src.recv(262144)
            if not data:
                break
            if first and direction == ">":
                line = data.split(b"\r\n", 1)[0].decode("latin1")
                log("c%d > %s (%d B)" % (n, line[:160], len(data)))
                first = False
            elif not h2.active:
                if direction == "<" and data.startswith(b"HTTP/1.1 101"):
                    end = data.index(b"\r\n\r\n") + 4
                    log("c%d < 101" % n)
                    h2.active = True
                    peer_h2.active = True
                    h2.feed(data[end:])
                else:
                    if first:
                        log("c%d %s first %d B: %r" % (n, direction, len(data), data[:60]))
                        first = False
            else:
                h2.feed(data)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        log("c%d %s closed" % (n, direction))
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    with lock:
        conn_no[0] += 1
        n = conn_no[0]
    engine = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    engine.connect(engine_path)
    up = H2("c%d >" % n)
    down = H2("c%d <" % n)
    threading.Thread(target=pump, args=(client, engine, n, ">", up, down), daemon=True).start()
    threading.Thread(target=pump, args=(engine, client, n, "<", down, up), daemon=True).start()


if os.path.exists(listen_path):
    os.unlink(listen_path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(listen_path)
srv.listen(16)
while True:
    c, _ = srv.accept()
    serve(c)
