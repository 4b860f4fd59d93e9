#!/usr/bin/env python3
"""churn.py - listings while connections open and close as fast as helper
processes can make them.

Usage: churn.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace (loopback only). A
listener on 127.0.0.9:7000 accepts and closes; four client processes connect
and close in a loop, most with a reset (SO_LINGER 0: no TIME-WAIT to run
out of ports), every eighth one gracefully (it leaves TIME-WAIT and
FIN-WAIT rows). While they run, sockview lists again and again: -tan, -tanp
(processes and sockets vanish mid-scan), -tanj and --json-lines, and a
filtered -tan. Every listing must exit 0 with nothing on stderr (as root:
at most sockview's one line about processes root cannot inspect), list no
row twice (no cookie twice in JSON), and its JSON must parse. Writes
"PASSED FAILED" to COUNTS-FILE.
"""
import json
import multiprocessing
import os
import signal
import socket
import struct
import sys
import time

import checks as C

ADDR = ("127.0.0.9", 7000)
DURATION = 8.0


def server(ready):
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(ADDR)
    lst.listen(4096)
    ready.set()
    while True:
        c, _ = lst.accept()
        c.close()


def client(k, stop):
    n = 0
    rst = struct.pack("ii", 1, 0)
    while not stop.is_set():
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.connect(ADDR)
            if n % 8:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, rst)
        except OSError:
            pass
        s.close()
        n += 1


def listing(args):
    rc, out, err = C.sv(args)
    probs = []
    if rc != 0:
        probs.append("exit status %d" % rc)
    lines = [l for l in err.strip().split("\n") if l]
    if lines and not (len(lines) == 1 and "could not be inspected" in lines[0]):
        probs.append("stderr: %r" % err[:300])
    return out, probs


def dup_rows(out):
    rows = [l for l in out.split("\n")[1:] if l]
    seen, dups = set(), []
    for r in rows:
        key = tuple(r.split())
        if key in seen:
            dups.append(r)
        seen.add(key)
    return len(rows), dups


def dup_cookies(objs):
    seen, dups = set(), []
    for o in objs:
        if o["cookie"] in seen:
            dups.append(o["cookie"])
        seen.add(o["cookie"])
    return dups


def main():
    C.SV = sys.argv[1]
    counts = sys.argv[3]
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    srv = multiprocessing.Process(target=server, args=(ready,), daemon=True)
    srv.start()
    if not ready.wait(10):
        C.report("churn: the listener started", ["not ready after 10 s"])
        open(counts, "w").write("%d %d\n" % tuple(C.RESULTS))
        return
    clients = [multiprocessing.Process(target=client, args=(k, stop), daemon=True)
               for k in range(4)]
    for c in clients:
        c.start()
    stats = {name: [0, 0, []] for name in ("tan", "tanp", "filter", "json", "lines")}
    t0 = time.monotonic()
    while time.monotonic() - t0 < DURATION:
        for name, args in (("tan", ["-tan"]), ("tanp", ["-tanp"]),
                           ("filter", ["-tan", "dport", "=", "7000", "or", "sport", "=", "7000"]),
                           ("json", ["-tanj"]), ("lines", ["-tan", "--json-lines"])):
            out, probs = listing(args)
            st = stats[name]
            st[0] += 1
            if name in ("json", "lines"):
                try:
                    objs = json.loads(out) if name == "json" else \
                        [json.loads(l) for l in out.split("\n") if l]
                    st[1] += len(objs)
                    probs += ["cookie %s twice" % c for c in dup_cookies(objs)]
                except ValueError as e:
                    probs.append("the JSON does not parse: %s" % e)
            else:
                n, dups = dup_rows(out)
                st[1] += n
                probs += ["row twice: %s" % d for d in dups]
            st[2] += probs
    stop.set()
    for c in clients:
        c.join(5)
    srv.terminate()
    for name, (runs, rows, probs) in stats.items():
        C.report("churn: %d listings (%s) while connections come and go: exit 0, no row "
                 "twice, JSON parses (%d rows in all)" % (runs, name, rows),
                 probs + ([] if runs >= 3 else ["only %d listings" % runs]))
    with open(counts, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()
