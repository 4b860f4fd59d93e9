#!/usr/bin/env python3
"""shape.py - the output options on live sockets, with ss as the oracle:
--count, --sort, --columns (table and JSON), -q and --color.

Usage: shape.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh (as root). Re-executes itself in a network namespace of its
own (unshare -n), where it opens listeners on 127.0.0.1:6101-6104 and
[::1]:6105, and 1, 2, 3 and 4 connections to the first four (and one to
the fifth), so that every group has its own size; two forked holders named
zz-holder and aa-holder hold a listener each (6106, 6107).

The checks:
  --count       by local.port over the established connections, alone, and
                by peer.address and state in JSON: ss's rows counted
  --sort        -local.port then peer: ss's rows in that order (numbers as
                numbers, IPv4 before IPv6)
  --columns     the table's chosen cells and JSON's chosen members are ss's
  -p --sort     by process: aa-holder's listener before zz-holder's
  -q            0 for a listener ss lists, 1 for a port nobody listens on;
                with --all-netns it stops at the first match (strace: no
                setns), where --count enters every namespace
  --color       always: the same text as without, once the colours go
"""
import collections
import ctypes
import ipaddress
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns as common  # noqa: E402  (report, run, write_counts, main_in_namespace)

# --color=always must colour: no NO_COLOR from the caller
ENV = {k: v for k, v in common.ENV.items() if k != "NO_COLOR"}
report = common.report


def run(argv):
    return common.run(argv, ENV)


def endpoint(text):
    """ss's "addr:port" into (address, port): "*" is 0 (a listener's peer),
    as sockview's peer.port has it; "*" as an address is "::"."""
    addr, _, port = text.rpartition(":")
    addr = addr.strip("[]").split("%")[0]
    return ("::" if addr == "*" else addr), (0 if port == "*" else int(port))


def ss_rows(args):
    """ss -H ARGS (with a State column): (state, (laddr, lport), (raddr,
    rport)) per row."""
    rc, out, _ = run(["ss", "-H"] + args)
    rows = []
    for line in out.splitlines():
        f = line.split()
        rows.append((f[0], endpoint(f[3]), endpoint(f[4])))
    return rows


def holder(name, port):
    """A forked process named name holding a listener on port."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(8)
        os.write(w, b"x")
        signal.pause()
        os._exit(0)
    os.read(r, 1)
    return pid


def population():
    keep = []
    for i, port in enumerate(range(6101, 6105)):
        ls = socket.socket()
        ls.bind(("127.0.0.1", port))
        ls.listen(64)
        keep.append(ls)
        for _ in range(i + 1):
            c = socket.create_connection(("127.0.0.1", port))
            keep += [c, ls.accept()[0]]
    l6 = socket.socket(socket.AF_INET6)
    l6.bind(("::1", 6105))
    l6.listen(8)
    c6 = socket.create_connection(("::1", 6105))
    keep += [l6, c6, l6.accept()[0]]
    pids = [holder("zz-holder", 6106), holder("aa-holder", 6107)]
    return keep, pids


def check_count(sv):
    est = [r for r in ss_rows(["-tan"]) if r[0] == "ESTAB"]
    want = collections.Counter(r[1][1] for r in est)
    rc, out, err = run([sv, "-Htn", "state", "established", "--count=local.port"])
    got = collections.Counter({int(f[1]): int(f[0]) for f in (l.split() for l in out.splitlines())})
    order = [int(l.split()[0]) for l in out.splitlines()]
    report("--count=local.port over the established connections: ss's rows counted, "
           "biggest first", [] if rc == 0 and got == want and order == sorted(order, reverse=True)
           else ["exit %d %s" % (rc, err), "want %s" % sorted(want.items()),
                 "got %s" % sorted(got.items())])
    rc, out, err = run([sv, "-tn", "state", "established", "--count"])
    total = out.split()[-1] if out.split() else ""
    report("--count alone: as many as ss lists (%d)" % len(est),
           [] if rc == 0 and total == str(len(est)) else ["exit %d, got %r" % (rc, out)])
    rows = ss_rows(["-tan"])
    want = collections.Counter((r[2][0], r[0]) for r in rows)
    rc, out, err = run([sv, "-tan", "-j", "--count=peer.address,state"])
    try:
        got = collections.Counter({(o["peer.address"], o["state"]): o["count"]
                                   for o in json.loads(out)})
    except (ValueError, KeyError) as e:
        got = "%s: %r" % (e, out[:200])
    report("-j --count=peer.address,state: ss's rows counted",
           [] if got == want else ["want %s" % sorted(want.items()), "got %s" % got])


def sort_key(row):
    _, (la, lp), (ra, rp) = row
    ip = ipaddress.ip_address(ra)
    return (-lp, ip.version, ip, rp)


def check_sort(sv):
    rows = ss_rows(["-tan"])
    want = [(r[1][1], r[2][0], r[2][1]) for r in sorted(rows, key=sort_key)]
    rc, out, err = run([sv, "-Htan", "--sort=-local.port,peer",
                        "--columns=local.port,peer.address,peer.port"])
    got = [(int(a), b, int(c)) for a, b, c in (l.split() for l in out.splitlines())]
    report("--sort=-local.port,peer: ss's rows in that order",
           [] if rc == 0 and got == want else ["exit %d %s" % (rc, err),
                                               "want %s" % want[:8], "got %s" % got[:8]])
    rc, out, err = run([sv, "-Htlnp", "--sort=process", "--columns=process,lport",
                        "sport", ">", ":6105"])
    names = re.findall(r'\(\("([^"]+)"', out)
    report("-p --sort=process: aa-holder's listener before zz-holder's",
           [] if rc == 0 and names == ["aa-holder", "zz-holder"] else
           ["exit %d %s" % (rc, err), out])


def check_columns(sv):
    rows = ss_rows(["-tan"])
    want = sorted((r[0], r[1]) for r in rows)
    rc, out, err = run([sv, "-tan", "-j", "--columns=state,local"])
    try:
        objs = json.loads(out)
        got = sorted((o["state"], (o["local"]["address"], o["local"]["port"])) for o in objs)
        keys = {tuple(o) for o in objs}
    except (ValueError, KeyError) as e:
        got, keys = "%s: %r" % (e, out[:200]), None
    report("-j --columns=state,local: exactly those members, ss's values",
           [] if got == want and keys == {("state", "local")} else
           ["want %s" % want[:5], "got %s" % str(got)[:300], "keys %s" % keys])
    rc, out, err = run([sv, "-Htan", "--columns=local,state"])
    got = sorted((f[1], endpoint(f[0])) for f in (l.split() for l in out.splitlines()))
    report("--columns=local,state: ss's cells, in that order",
           [] if rc == 0 and got == want else ["got %s" % got[:5], "want %s" % want[:5]])


def check_quiet_color(sv):
    rc1, out1, _ = run([sv, "-q", "-tl", "sport", "=", ":6103"])
    rc2, out2, _ = run([sv, "-q", "-tl", "sport", "=", ":6199"])
    report("-q: 0 for a listener ss lists, 1 for a port nobody listens on, silent",
           [] if (rc1, rc2, out1, out2) == (0, 1, "", "") else
           ["exits %d %d, output %r %r" % (rc1, rc2, out1, out2)])
    # the answer is known at the first match: the listing stops there
    # (--all-netns lists this namespace first: no other is entered)
    probs = []
    calls = {}
    for name, args in (("-q", ["-q"]), ("--count", ["--count"])):
        trace = "/tmp/sv-shape-strace.%d" % os.getpid()
        st = subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e", "trace=setns", sv,
                             "--all-netns"] + args + ["-tl", "sport", "=", ":6103"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=dict(ENV, ASAN_OPTIONS=(ENV.get("ASAN_OPTIONS", "") +
                                                        ":detect_leaks=0").lstrip(":")))
        with open(trace) as f:
            calls[name] = sum(1 for l in f if "setns(" in l)
        os.unlink(trace)
        if st.returncode != 0:
            probs.append("%s: exit %d" % (name, st.returncode))
    if calls["-q"] != 0 or calls["--count"] < 2:
        probs.append("setns calls: %r (want none with -q; --count enters the others)" % calls)
    report("-q --all-netns: stops at the first match (no other namespace entered)", probs)
    _, plain, _ = run([sv, "-tan", "sport", "<", ":6110"])
    _, colour, _ = run([sv, "-tan", "--color=always", "sport", "<", ":6110"])
    report("--color=always: colours on the live listing, the same text without them",
           [] if "\033[" in colour and re.sub("\033\\[[0-9;]*m", "", colour) == plain else
           [colour[:300]])


def inner(sv, counts):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    keep, pids = population()
    time.sleep(0.2)
    try:
        check_count(sv)
        check_sort(sv)
        check_columns(sv)
        check_quiet_color(sv)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for s in keep:
            s.close()
    common.write_counts(counts)


if __name__ == "__main__":
    sys.exit(common.main_in_namespace(__file__, inner))
