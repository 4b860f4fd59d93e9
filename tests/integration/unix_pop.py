#!/usr/bin/env python3
"""unix_pop.py - a population of unix sockets for unix.py and for the
recording tests/data/unix.dump (tests/data/gen_unix.sh).

Usage: unix_pop.py DIR READY-FILE MANIFEST

Run inside a private network namespace (unix sockets are per namespace).
Makes, under DIR (which must exist, at most 60 bytes long): stream,
seqpacket and datagram sockets with a path, abstract names (one with a NUL
inside), an autobound name, socketpairs, a listener with connections
still in its accept queue and one accepted, a 108-byte path (sun_path
without its NUL, bound through libc) and a path holding a newline and an
escape sequence. Writes MANIFEST (JSON: name -> {table, state, name bytes
as a list of ints, inode}) and then READY-FILE, and holds the sockets
until killed."""
import ctypes
import json
import os
import socket
import sys
import time

STR, DGR, SEQ = socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET
libc = ctypes.CDLL(None, use_errno=True)


def bind_raw(sock, name):
    """bind(2) with exactly len(name) bytes of sun_path (Python refuses a
    108-byte path)."""
    sa = (ctypes.c_ubyte * 110)()
    sa[0] = socket.AF_UNIX
    for i, b in enumerate(name):
        sa[2 + i] = b
    if libc.bind(sock.fileno(), sa, 2 + len(name)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def main():
    d, ready, manifest = sys.argv[1:4]
    d = d.encode()
    if len(d) > 60:
        sys.exit("unix_pop.py: DIR longer than 60 bytes")
    keep, man = [], {}

    def note(key, s, name=b""):
        keep.append(s)
        man[key] = {"inode": os.fstat(s.fileno()).st_ino, "name": list(name),
                    "type": s.type}

    def listener(key, typ, name, backlog=5):
        s = socket.socket(socket.AF_UNIX, typ)
        bind_raw(s, name)
        s.listen(backlog)
        note(key, s, name)
        return s

    def client(key, typ, name):
        c = socket.socket(socket.AF_UNIX, typ)
        c.connect(name)
        note(key, c)
        return c

    ls = listener("str_listen", STR, d + b"/str.sock")
    client("str_client_acc", STR, d + b"/str.sock")
    client("str_client_q", STR, d + b"/str.sock")
    a, _ = ls.accept()
    note("str_accepted", a, d + b"/str.sock")
    listener("abs_listen", STR, b"\0sv-abstract")
    client("abs_client", STR, b"\0sv-abstract")
    listener("abs_nul", STR, b"\0sv\0nul")
    listener("seq_listen", SEQ, d + b"/seq.sock")
    client("seq_client", SEQ, d + b"/seq.sock")
    for typ, k in ((STR, "pair_str"), (DGR, "pair_dgr"), (SEQ, "pair_seq")):
        p, q = socket.socketpair(socket.AF_UNIX, typ)
        note(k + "_a", p)
        note(k + "_b", q)
    g = socket.socket(socket.AF_UNIX, DGR)
    bind_raw(g, d + b"/dgram.sock")
    note("dgr_bound", g, d + b"/dgram.sock")
    client("dgr_client", DGR, d + b"/dgram.sock")
    g2 = socket.socket(socket.AF_UNIX, DGR)
    bind_raw(g2, d + b"/dgram2.sock")
    note("dgr_unconn", g2, d + b"/dgram2.sock")
    ab = socket.socket(socket.AF_UNIX, DGR)
    ab.bind("")  # autobind: five hex digits in the abstract namespace
    note("dgr_autobound", ab, ab.getsockname().encode()
         if isinstance(ab.getsockname(), str) else ab.getsockname())
    n108 = d + b"/" + b"L" * (108 - len(d) - 1)
    listener("path108", STR, n108)
    listener("path_esc", STR, d + b"/nl\nx\x1b[31mred")
    with open(manifest, "w") as f:
        json.dump(man, f)
    open(ready, "w").close()
    while True:
        time.sleep(3600)


main()
