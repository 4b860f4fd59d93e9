#!/usr/bin/env python3
"""events.py - -K (close the matching sockets, as ss -K) and -E (the sockets
the kernel destroys, as ss -E), with ss as the oracle of what is open.

Usage: events.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh (as root). Re-executes itself in a network namespace of its
own (unshare -n): every socket it opens, closes or watches is there, on
127.0.0.1 and ::1; the host's are never touched.

The checks:
  -K refused    without a filter: exit 2, says why, closes nothing
  -K nobody     as nobody, with a filter: exit 3, stderr says how many could
                not be closed and that it needs CAP_NET_ADMIN, nothing closed
  -K tcp        -Htn -K dport = :7101 prints exactly the rows that
                -Htan dport = :7101 lists (and ss lists), IPv4 and IPv6;
                afterwards ss lists none of them, the connections on 7102
                are untouched and still carry data, the closed sockets'
                peers get a reset (ECONNRESET) and their owners an abort
                (ECONNABORTED)
  -K udp        -Hun -K dport = :7103 closes the connected UDP socket (its
                owner gets ECONNABORTED), not the server's
  -E JSON       -E --json-lines, started in the background and waited for
                until its socket has joined the four groups (its row of
                /proc/PID/net/netlink): closing a TCP connection and its
                listener on 127.0.0.1:7201, a UDP socket on [::1]:7202 and a
                TCP listener on [::1]:7203 prints exactly those five
                sockets; validate.py --events accepts the lines; each
                event_time lies within the run; SIGTERM: exit 0
  -E -4 -t      joins the IPv4 TCP group alone; a table with --timestamp and
                a filter (sport = :7201 or dport = :7201): the three sockets
                of 7201, each with its Time; SIGINT: exit 0
  -E lost       with the reader stopped (SIGSTOP) while 40,000 UDP sockets
                close, the kernel drops events: stderr says so and the run
                goes on (a socket closed after SIGCONT is printed); SIGTERM:
                exit 3, stderr says the list is incomplete
"""
import grp
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns as common  # noqa: E402  (report, skip, run, RESULTS)

VALIDATE = os.path.join(HERE, "..", "json", "validate.py")
TIME_RE = re.compile(r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\Z")
# sock_diag's destroy groups 1-4 (tcp, udp; IPv4, IPv6) in /proc/net/netlink
ALL_GROUPS = 0xf
TCP4_GROUP = 0x1


def pair(row):
    """(local, peer) of a row of ss's or sockview's -H output: its first two
    ADDRESS:PORT fields, whichever of Netid, State and the queues it has."""
    f = [w for w in row.split() if ":" in w]
    return (f[0], f[1]) if len(f) >= 2 else None


def endpoints(text):
    return sorted(p for p in map(pair, text.splitlines()) if p)


def ss(*words):
    rc, out, err = common.run(["ss", "-Hn"] + list(words))
    if rc != 0:
        raise RuntimeError("ss %s: exit %d: %s" % (" ".join(words), rc, err))
    return endpoints(out)


def listener(fam, addr, port, kind=socket.SOCK_STREAM):
    s = socket.socket(fam, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    if kind == socket.SOCK_STREAM:
        s.listen(16)
    return s


def connect(lst):
    c = socket.socket(lst.family, socket.SOCK_STREAM)
    c.connect(lst.getsockname()[:2])
    a, _ = lst.accept()
    return c, a


def error_of(s):
    """The error a socket's next receive gives (None: data or EOF)."""
    s.settimeout(3)
    try:
        s.recv(16)
    except OSError as e:
        return e.errno
    return None


def as_nobody(sv, d):
    """The argv prefix that runs a copy of sockview (in d) as nobody."""
    pw = pwd.getpwnam("nobody")
    exe = os.path.join(d, "sockview")
    shutil.copy2(sv, exe)
    os.chmod(exe, 0o755)
    return ["setpriv", "--reuid=nobody", "--regid=%s" % grp.getgrgid(pw.pw_gid).gr_name,
            "--clear-groups", exe]


def check_kill(sv, nobody):
    keep = []
    l4 = listener(socket.AF_INET, "127.0.0.1", 7101)
    l6 = listener(socket.AF_INET6, "::1", 7101)
    l2 = listener(socket.AF_INET, "127.0.0.1", 7102)
    doomed = [connect(l4), connect(l4), connect(l6)]
    spared = [connect(l2), connect(l2)]
    us = listener(socket.AF_INET, "127.0.0.1", 7103, socket.SOCK_DGRAM)
    uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    uc.connect(("127.0.0.1", 7103))
    keep += [l4, l6, l2, us, uc] + [s for p in doomed + spared for s in p]

    before = ss("-tua")
    rc, out, err = common.run([sv, "-tK"])
    probs = []
    if rc != 2 or out or "neither a filter nor state words" not in err:
        probs.append("exit %d, stdout %r, stderr %r" % (rc, out, err))
    if ss("-tua") != before:
        probs.append("sockets changed")
    common.report("-K without a filter: exit 2, says why, closes nothing", probs)

    if nobody:
        rc, out, err = common.run(nobody + ["-Htn", "-K", "dport", "=", ":7102"])
        probs = []
        if rc != 3 or out or ("2 sockets could not be closed: closing a socket needs "
                              "CAP_NET_ADMIN") not in err:
            probs.append("exit %d, stdout %r, stderr %r" % (rc, out, err))
        if ss("-tua") != before:
            probs.append("sockets changed")
        common.report("-K as nobody: exit 3, says how many could not be closed and why, "
                      "closes nothing", probs)
    else:
        common.skip("-K as nobody", "no user 'nobody'")

    rc, out, _ = common.run([sv, "-Htan", "dport", "=", ":7101"])
    listed = endpoints(out)
    oracle = ss("-ta", "dport", "=", ":7101")
    common.report("-Htan dport = :7101 lists what ss lists (3 connections)",
                  [] if rc == 0 and listed == oracle and len(listed) == 3 else
                  ["sockview %r" % listed, "ss %r" % oracle])
    rc, out, err = common.run([sv, "-Htn", "-K", "dport", "=", ":7101"])
    closed = endpoints(out)
    probs = []
    if rc != 0 or err or closed != listed:
        probs.append("exit %d, stderr %r, closed %r, want %r" % (rc, err, closed, listed))
    left = ss("-t", "state", "established", "(", "dport", "=", ":7101", "or", "sport", "=",
              ":7101", ")")
    if left:
        probs.append("still established on 7101: %r" % left)
    want_others = [e for e in before if ":7101" not in e[0] and ":7101" not in e[1]]
    others = [e for e in ss("-tua") if ":7101" not in e[0] and ":7101" not in e[1]]
    if others != want_others:
        probs.append("other sockets changed: %r, want %r" % (others, want_others))
    common.report("-K dport = :7101 closes and prints exactly those rows, no others", probs)

    probs = []
    for c, a in doomed:
        if error_of(a) != 104:  # ECONNRESET
            probs.append("peer %r: %r, want ECONNRESET" % (a.getsockname(), error_of(a)))
        if error_of(c) != 103:  # ECONNABORTED
            probs.append("closed %r: %r, want ECONNABORTED" % (c.getsockname(), error_of(c)))
    for c, a in spared:
        c.sendall(b"x")
        a.settimeout(3)
        if a.recv(1) != b"x":
            probs.append("7102 connection %r carries no data" % (c.getsockname(),))
    common.report("-K: the closed sockets' peers got a reset, their owners an abort; the "
                  "others still carry data", probs)

    uport = uc.getsockname()[1]  # the kernel unbinds it when it closes it
    rc, out, err = common.run([sv, "-Hun", "-K", "dport", "=", ":7103"])
    probs = []
    if rc != 0 or err or endpoints(out) != [("127.0.0.1:%d" % uport, "127.0.0.1:7103")]:
        probs.append("exit %d, stdout %r, stderr %r" % (rc, out, err))
    if ss("-u", "dport", "=", ":7103"):
        probs.append("still listed: %r" % ss("-u", "dport", "=", ":7103"))
    if error_of(uc) != 103:
        probs.append("its owner got %r, want ECONNABORTED" % error_of(uc))
    if len(ss("-ul", "sport", "=", ":7103")) != 1:
        probs.append("the server's socket was closed too")
    common.report("-K dport = :7103 closes the connected UDP socket alone", probs)
    for s in keep:
        s.close()


def joined(pid, mask):
    """Has process pid a sock_diag socket that joined exactly these groups?"""
    try:
        inodes = set()
        for fd in os.listdir("/proc/%d/fd" % pid):
            link = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            if link.startswith("socket:["):
                inodes.add(int(link[8:-1]))
        with open("/proc/%d/net/netlink" % pid) as f:
            rows = [l.split() for l in f.readlines()[1:]]
    except OSError:
        return False
    return any(len(r) >= 10 and r[1] == "4" and int(r[3], 16) == mask and int(r[9]) in inodes
               for r in rows)


def start_events(argv, out, mask, err=subprocess.PIPE):
    """sockview -E ... in the background, once its groups are joined."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                         env=common.ENV)
    deadline = time.time() + 10
    while not joined(p.pid, mask):
        if p.poll() is not None or time.time() > deadline:
            p.kill()
            _, e = p.communicate()
            raise RuntimeError("%s did not join groups %#x: exit %s, %r"
                               % (" ".join(argv), mask, p.returncode, e))
        time.sleep(0.02)
    return p


def stop(p, sig=signal.SIGTERM):
    p.send_signal(sig)
    _, err = p.communicate(timeout=20)
    return p.returncode, (err or b"").decode("utf-8", "replace")


def wait_lines(path, n, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(path) as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        if len(lines) >= n:
            return lines
        time.sleep(0.05)
    with open(path) as f:
        return [l for l in f.read().splitlines() if l.strip()]


def close_some():
    """Close a TCP connection and its listener on 7201, a UDP socket on
    [::1]:7202, a TCP listener on [::1]:7203. Returns the sockets expected
    as (netid, local address, local port, peer port)."""
    l = listener(socket.AF_INET, "127.0.0.1", 7201)
    c, a = connect(l)
    eph = c.getsockname()[1]
    u = listener(socket.AF_INET6, "::1", 7202, socket.SOCK_DGRAM)
    l6 = listener(socket.AF_INET6, "::1", 7203)
    for s in (c, a, l, u, l6):
        s.close()
    return sorted([("tcp", "127.0.0.1", eph, 7201), ("tcp", "127.0.0.1", 7201, eph),
                   ("tcp", "127.0.0.1", 7201, 0), ("udp", "::1", 7202, 0),
                   ("tcp", "::1", 7203, 0)])


def check_events(sv, tmp):
    jpath, tpath = os.path.join(tmp, "events.json"), os.path.join(tmp, "events.txt")
    with open(jpath, "w") as jf, open(tpath, "w") as tf:
        pj = start_events([sv, "-E", "--json-lines"], jf, ALL_GROUPS)
        pt = start_events([sv, "-E", "-4", "-t", "-Hn", "--timestamp", "sport", "=", ":7201",
                           "or", "dport", "=", ":7201"], tf, TCP4_GROUP)
        t0 = time.time()
        want = close_some()
        lines = wait_lines(jpath, len(want))
        time.sleep(0.3)  # and nothing more
        t1 = time.time()
        rcj, errj = stop(pj)
        rct, errt = stop(pt, signal.SIGINT)
    with open(jpath) as f:
        text = f.read()
    probs = []
    if rcj != 0 or errj:
        probs.append("exit %d, stderr %r" % (rcj, errj))
    try:
        objs = [json.loads(l) for l in text.splitlines()]
        got = sorted((o["netid"], o["local"]["address"], o["local"]["port"], o["peer"]["port"])
                     for o in objs)
        if got != want:
            probs.append("events %r, want %r" % (got, want))
        for o in objs:
            when = o.get("event_time", "")
            if not TIME_RE.match(when):
                probs.append("event_time %r" % when)
                continue
            secs = time.mktime(time.strptime(when[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
            if not t0 - 1 <= secs <= t1 + 1:
                probs.append("event_time %r outside the run (%f-%f)" % (when, t0, t1))
    except (ValueError, KeyError) as e:
        probs.append("not JSON lines: %s: %r" % (e, lines))
    v = subprocess.run([sys.executable, VALIDATE, "--lines", "--events"], input=text.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if v.returncode != 0:
        probs.append("validate.py: %s" % v.stdout.decode())
    common.report("-E --json-lines: exactly the five sockets closed, each with its "
                  "event_time; valid; SIGTERM: exit 0", probs)

    with open(tpath) as f:
        rows = [l.split() for l in f.read().splitlines() if l.strip()]
    want4 = sorted(("127.0.0.1:%d" % w[2], "%s:%s" % ("127.0.0.1" if w[3] else "0.0.0.0",
                                                        w[3] or "*"))
                   for w in want if w[0] == "tcp" and w[1] == "127.0.0.1")
    got4 = sorted(p for p in (pair(" ".join(r)) for r in rows) if p)
    probs = []
    if rct != 0 or errt:
        probs.append("exit %d, stderr %r" % (rct, errt))
    if got4 != want4:
        probs.append("rows %r, want %r" % (got4, want4))
    if not all(TIME_RE.match(r[-1]) for r in rows):
        probs.append("a row's last field is no time: %r" % rows)
    common.report("-E -4 -t --timestamp with a filter: the IPv4 TCP group alone, the three "
                  "sockets of 7201 with their Time; SIGINT: exit 0", probs)


def check_lost(sv, tmp):
    path = os.path.join(tmp, "lost.txt")
    with open(path, "w") as f:
        p = start_events([sv, "-E", "-Hn", "sport", "=", ":7299"], f, ALL_GROUPS)
        os.kill(p.pid, signal.SIGSTOP)
        for _ in range(40000):
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
        time.sleep(0.5)  # the kernel announces them from a work queue
        os.kill(p.pid, signal.SIGCONT)
        time.sleep(1.0)
        listener(socket.AF_INET, "127.0.0.1", 7299, socket.SOCK_DGRAM).close()
        rows = wait_lines(path, 1)
        rc, err = stop(p)
    probs = []
    if rc != 3:
        probs.append("exit %d, want 3" % rc)
    if "destroy event" not in err or "lost" not in err or "going on" not in err:
        probs.append("stderr says no loss: %r" % err)
    if "the list is incomplete" not in err:
        probs.append("stderr has no final word: %r" % err)
    if len(rows) != 1 or not (pair(rows[0]) or ("",))[0].endswith(":7299"):
        probs.append("after the loss: %r, want the socket of 7299" % rows)
    common.report("-E: events the kernel dropped are said at once, the run goes on, "
                  "exit 3", probs)


def inner(sv, counts):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    tmp = tempfile.mkdtemp(prefix="sockview-events.")
    try:
        os.chmod(tmp, 0o755)
        try:
            nobody = as_nobody(sv, tmp)
        except KeyError:
            nobody = None
        for check in (lambda: check_kill(sv, nobody), lambda: check_events(sv, tmp),
                      lambda: check_lost(sv, tmp)):
            try:
                check()
            except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                common.report("events.py: a check could not run", [str(e)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        common.write_counts(counts)


def main():
    if os.geteuid() != 0 and not (len(sys.argv) > 4 and sys.argv[4] == "inner"):
        common.skip("events.py (-K, -E)", "needs root (a network namespace, CAP_NET_ADMIN)")
        common.write_counts(sys.argv[3])
        return 1 if common.RESULTS[1] else 0
    return common.main_in_namespace(__file__, inner)


if __name__ == "__main__":
    sys.exit(main())
