#!/usr/bin/env python3
"""misc.py - the tables beyond tcp, udp, unix, packet and netlink, live.

Usage: misc.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace (never in the host's:
it sets net.mptcp.enabled=1 there, and refuses to run without run.sh's
SV_INTEGRATION_NETNS=1). Checks:
  - mptcp: a listener on 127.0.0.1 and one on ::1, a connection over
    loopback: `sockview -M ... --ss` gives ss's bytes (also with -n, -l,
    and with tcp listed before, which changes how ss names mptcp's ports);
    sockview's own layout row by row against ss's fields (checks.py's
    rules), its Role column, and its JSON row by row against ss -n's rows;
    a recording (-D) of the live table replays to ss's bytes;
  - the tables this kernel cannot dump (sctp, dccp, tipc, xdp, vsock): with
    none of their sockets in the namespace, as /proc/net/protocols counts
    them, an empty listing, nothing on stderr, status 0; with XDP and vsock
    sockets open (the only ones that can exist here without loading a
    module), "N sockets of X cannot be listed" on stderr and status 3, N
    being /proc/net/protocols' count for xdp, and the sockets this script
    opened for vsock (the kernel counts none of them there); -D then
    writes no recording;
  - raw sockets are not checked here: this kernel has no raw_diag, and
    their /proc/net/raw source is another branch's work (the line parser
    is unit-tested).
Writes "PASSED FAILED" to COUNTS-FILE.
"""
import json
import os
import re
import socket
import sys
import tempfile

import checks as C

IPPROTO_MPTCP = 262
AF_VSOCK, AF_XDP = 40, 44


def lines(text):
    return [l for l in text.split("\n") if l.strip()]


def protocols_count(names):
    """Sockets /proc/net/protocols counts for these rows (absent rows: 0)."""
    n = 0
    with open("/proc/net/protocols") as f:
        for l in f.read().split("\n")[1:]:
            w = l.split()
            if len(w) > 2 and w[0] in names:
                n += int(w[2])
    return n


# ------------------------------------------------------------------ mptcp

def mptcp_sockets():
    """A listener on 127.0.0.1 and one on ::1 (ports with and without a
    name, see t_misc.sh), a connection to the first. Returns (sockets,
    port, port6)."""
    socks = []
    l4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    l4.bind(("127.0.0.1", 5555))
    l4.listen(8)
    l6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, IPPROTO_MPTCP)
    l6.bind(("::1", 5556))
    l6.listen(8)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    c.connect(("127.0.0.1", 5555))
    a, _ = l4.accept()
    socks += [l4, l6, c, a]
    return socks, 5555, c.getsockname()[1]


def same_bytes(name, sv_args, ss_args):
    rc1, o1, e1 = C.ss(ss_args)
    rc2, o2, e2 = C.sv(sv_args)
    probs = []
    if rc1 != 0 or not o1:
        probs.append("ss %s failed (exit %d): %r" % (" ".join(ss_args), rc1, e1))
    if rc2 != 0 or e2:
        probs.append("sockview exit %d, stderr %r" % (rc2, e2))
    if not probs and o1 != o2:
        probs.append("ss:\n" + o1 + "sockview:\n" + o2)
    if not probs and len(lines(o1)) < 2:
        probs.append("ss printed no rows: nothing proved")
    C.report("%s: sockview %s == ss %s, byte for byte" % (name, " ".join(sv_args),
                                                          " ".join(ss_args)), probs)


def own_roles(port, cport):
    """sockview's Role column on the mptcp rows: the listeners 'listen',
    the accepted end 'in', the client 'out'."""
    rc, out, err = C.sv(["-HMa"])
    probs = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err)]
    seen = {}
    for l in lines(out):
        f = l.split()
        if len(f) != 8:
            probs.append("not 8 fields: %r" % l)
            continue
        local, role = f[3], f[5]
        if f[0] == "LISTEN":
            want = "listen"
        elif local.endswith(":%d" % cport):
            want = "out"
        else:
            want = "in"
        seen[want] = seen.get(want, 0) + 1
        if role != want:
            probs.append("role %r, expected %r: %r" % (role, want, l))
    if seen != {"listen": 2, "in": 1, "out": 1}:
        probs.append("rows by role: %r, expected 2 listen, 1 in, 1 out" % seen)
    C.report("mptcp: sockview's Role column (listeners, the accepted end, the client)", probs)


def json_rows():
    """sockview -Ma -j, row by row, against ss -HMna's fields."""
    rc1, o1, e1 = C.ss(["-HMna"])
    rc2, o2, e2 = C.sv(["-Ma", "-j"])
    probs = []
    if rc1 != 0 or rc2 != 0 or e2:
        probs.append("ss exit %d; sockview exit %d, stderr %r" % (rc1, rc2, e2))
    try:
        rows = json.loads(o2)
    except ValueError as e:
        rows = []
        probs.append("sockview's JSON does not parse: %s" % e)
    want = []
    for l in lines(o1):
        f = l.split()
        la, lp = f[3].rsplit(":", 1)
        pa, pp = f[4].rsplit(":", 1)
        want.append((f[0], int(f[1]), int(f[2]), la.strip("[]"), int(lp),
                     "::" if pa == "*" and ":" in la else "0.0.0.0" if pa == "*" else
                     pa.strip("[]"), 0 if pp == "*" else int(pp)))
    got = []
    for r in rows:
        if r.get("netid") != "mptcp":
            probs.append("netid %r, expected 'mptcp'" % r.get("netid"))
        got.append((r["state"], r["recv_q"], r["send_q"], r["local"]["address"],
                    r["local"]["port"], r["peer"]["address"], r["peer"]["port"]))
    if got != want:
        probs.append("ss -HMna:  %r\nsockview -j: %r" % (want, got))
    if len(want) != 4:
        probs.append("ss lists %d mptcp rows, expected 4" % len(want))
    C.report("mptcp: sockview -Ma -j row by row against ss -HMna", probs)


def recorded(tmp):
    f = os.path.join(tmp, "mptcp.dump")
    rc, out, err = C.sv(["-D", f, "-Ma"])
    probs = [] if rc == 0 and not err else ["-D: exit %d, stderr %r" % (rc, err)]
    rc1, o1, _ = C.ss(["-Ma"])
    rc2, o2, e2 = C.sv(["--replay", f, "--ss", "-Ma"])
    if rc2 != 0 or e2:
        probs.append("--replay: exit %d, stderr %r" % (rc2, e2))
    elif o1 != o2:
        probs.append("ss -Ma:\n" + o1 + "sockview --replay --ss -Ma:\n" + o2)
    C.report("mptcp: a recording (-D) of the live table replays to ss's bytes", probs)


def mptcp_phase(tmp):
    path = "/proc/sys/net/mptcp/enabled"
    if not os.path.exists(path):
        C.report("mptcp: this kernel has net.mptcp", ["no %s" % path])
        return
    with open(path, "w") as f:
        f.write("1\n")
    try:
        socks, port, cport = mptcp_sockets()
    except OSError as e:
        C.report("mptcp: sockets can be made", [str(e)])
        return
    try:
        for args in (["-Ma"], ["-Mna"], ["-Ml"], ["-M"], ["-MHa"]):
            same_bytes("mptcp", args + ["--ss"], args)
        flt = ["(", "sport", "=", ":%d" % port, "or", "dport", "=", ":%d" % port, ")"]
        same_bytes("mptcp after tcp", ["-Mta", "--ss"] + flt, ["-Mta"] + flt)
        C.check_rows("mptcp", ["-HMa"])
        C.check_rows("mptcp", ["-HMna"])
        C.check_header("mptcp", ["-Ma"], want_netid=False)
        own_roles(port, cport)
        json_rows()
        recorded(tmp)
    finally:
        for s in socks:
            s.close()


# --------------------------------------------------- tables with no dump

MSG = re.compile(r"^sockview: (at least )?(\d+) sockets? of ([a-z_, ]+) cannot be listed")


def unlisted(name, args, want_n, want_table, at_least=False):
    """sockview ARGS: with want_n == 0 an empty listing (header only),
    status 0 and nothing on stderr; else its message and status 3."""
    rc, out, err = C.sv(args)
    probs = []
    body = lines(out)[1:]
    if body:
        probs.append("rows listed: %r" % body)
    if want_n == 0:
        if rc != 0 or err:
            probs.append("exit %d, stderr %r; expected 0 and nothing" % (rc, err))
    else:
        m = [MSG.match(l) for l in err.split("\n") if l]
        m = [x for x in m if x]
        if rc != 3:
            probs.append("exit %d, expected 3" % rc)
        if len(m) != 1:
            probs.append("stderr %r: expected one 'N sockets of %s cannot be listed'" %
                         (err, want_table))
        else:
            n, table = int(m[0].group(2)), m[0].group(3)
            if n != want_n or table != want_table or bool(m[0].group(1)) != at_least:
                probs.append("stderr %r: expected %s%d sockets of %s" %
                             (err, "at least " if at_least else "", want_n, want_table))
    C.report("%s: sockview %s: %s" % (name, " ".join(args),
                                      "empty, status 0" if want_n == 0 else
                                      "%d cannot be listed, status 3" % want_n), probs)


def unlistable_phase(tmp):
    # no module is loaded for these here, and making their sockets would
    # load one into the host's kernel: they are checked as /proc counts them
    for name, args, rows, table in (("sctp", ["-Sa"], ("SCTP", "SCTPv6"), "sctp"),
                                    ("dccp", ["-da"], ("DCCP", "DCCPv6"), "dccp"),
                                    ("tipc", ["--tipc", "-a"], ("TIPC",), "tipc"),
                                    ("xdp", ["--xdp", "-a"], ("XDP",), "xdp")):
        unlisted(name, args, protocols_count(rows), table)
    unlisted("vsock", ["--vsock", "-a"], 0, "v_str, v_dgr")
    xdp = []
    try:
        xdp = [socket.socket(AF_XDP, socket.SOCK_RAW, 0) for _ in range(2)]
    except OSError as e:
        C.report("xdp: AF_XDP sockets can be made", [str(e)])
    if xdp:
        n = protocols_count(("XDP",))
        if n != 2:
            C.report("xdp: /proc/net/protocols counts the 2 AF_XDP sockets", ["it counts %d" % n])
        unlisted("xdp", ["--xdp", "-a"], n, "xdp")
        unlisted("xdp", ["--xdp"], n, "xdp")
        rc, out, err = C.sv(["--xdp", "-a", "-j"])
        probs = [] if rc == 3 and json.loads(out or "null") == [] else \
            ["exit %d, stdout %r" % (rc, out)]
        C.report("xdp: -j lists [] with status 3 when XDP sockets exist", probs)
        rec = os.path.join(tmp, "xdp.dump")
        rc, out, err = C.sv(["-D", rec, "--xdp", "-a"])
        probs = [] if rc == 3 and MSG.match(err) else ["exit %d, stderr %r" % (rc, err)]
        if os.path.exists(rec):
            probs.append("a recording was written: a replay would list no XDP socket")
        C.report("xdp: -D with XDP sockets that cannot be listed: status 3, no recording "
                 "(a recording never lies)", probs)
        for s in xdp:
            s.close()
        unlisted("xdp", ["--xdp", "-a"], protocols_count(("XDP",)), "xdp")
    vs = []
    try:
        vs = [socket.socket(AF_VSOCK, socket.SOCK_STREAM, 0) for _ in range(2)]
    except OSError as e:
        print("# vsock sockets cannot be made here (%s): the empty case only" % e)
    if vs:
        n = protocols_count(("AF_VSOCK",))
        C.report("vsock: /proc/net/protocols counts none of them (so sockview counts "
                 "them from the processes)", [] if n == 0 else ["it counts %d" % n])
        unlisted("vsock", ["--vsock", "-a"], 2, "v_str, v_dgr", at_least=True)
        for s in vs:
            s.close()
        unlisted("vsock", ["--vsock", "-a"], 0, "v_str, v_dgr")


def main():
    C.SV = sys.argv[1]
    C.COUNTS = sys.argv[3]
    if os.environ.get("SV_INTEGRATION_NETNS") != "1":
        print("not ok - misc.py runs in run.sh's private network namespace "
              "(SV_INTEGRATION_NETNS=1): it changes a sysctl")
        C.RESULTS[1] += 1
    else:
        with tempfile.TemporaryDirectory() as tmp:
            mptcp_phase(tmp)
            unlistable_phase(tmp)
    with open(C.COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


if __name__ == "__main__":
    main()
