#!/usr/bin/env python3
"""A unix-socket relay that counts the bytes each client sends to the engine.

Usage: byte-relay.py LISTEN_SOCKET ENGINE_SOCKET COUNTER_FILE
Every connection is relayed both ways; after each chunk the total of client-to-engine bytes over
all connections is written to COUNTER_FILE. The benchmark reads it before and after a build to
count what the build sent (context, session traffic, request headers). Stops when killed.
"""
import os
import socket
import sys
import threading

listen_path, engine_path, counter_path = sys.argv[1:4]
lock = threading.Lock()
total = [0]


def record(n):
    with lock:
        total[0] += n
        tmp = counter_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(total[0]))
        os.replace(tmp, counter_path)


def pump(src, dst, counted):
    try:
        while True:
            data = src.recv(262144)
            if not data:
                break
            dst.sendall(data)
            if counted:
                record(len(data))
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    engine = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    engine.connect(engine_path)
    threading.Thread(target=pump, args=(client, engine, True), daemon=True).start()
    threading.Thread(target=pump, args=(engine, client, False), daemon=True).start()


record(0)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
if os.path.exists(listen_path):
    os.unlink(listen_path)
server.bind(listen_path)
server.listen(64)
while True:
    conn, _ = server.accept()
    serve(conn)
