#!/usr/bin/env python3
"""bound.py - -B / --bound-inactive and the bound-inactive state (ss 7.x,
kernel 6.8+): TCP sockets bound but neither listening nor connected.

Usage: bound.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh (as root). Re-executes itself in a network namespace of its
own (unshare -n), where it makes TCP sockets bound and left inactive
(127.0.0.1:5555, [::]:5556 v6-only, [::]:5557 dual-stack, 127.0.0.2 on a
port the kernel picks), a listener with one connection, and a bound UDP
socket. ss 6.1 has no -B, so the oracle of which sockets are bound-inactive
is the kernel itself, asked by this script over its own sock_diag socket
(state bit 13); ss -tan remains the oracle of the other rows.

The checks:
  -B            sockview -HtBn lists exactly the kernel's bound-inactive
                sockets (the test's four), as ss 7.x prints them: no State
                column (one state), the addresses as ss writes them
  same words    -HBn (no table option: TCP only has them, Netid shown),
                -Htn state bound-inactive, --bound-inactive: the same rows
  all states    -Htan state all state bound-inactive lists them as UNCONN
                after ss's own rows are taken out, and the rest equals
                ss -Htan (which does not ask the kernel for them)
  not asked     -Htn (the default), -Htln, -Htan (as ss 6.x: asking costs a
                walk of the kernel's bind table), state all, state big,
                state connected, state synchronized: none of them
  JSON          -tBj: validate.py accepts it; state "UNCONN"
"""
import json
import os
import socket
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = [0, 0]
ENV = {k: v for k, v in os.environ.items() if k not in ("TCPDIAG_FILE", "COLUMNS")}
ENV["LC_ALL"] = "C"
BOUND_INACTIVE = 13
SOCK_DIAG_BY_FAMILY = 20


def report(name, problems):
    if problems:
        RESULTS[1] += 1
        print("not ok - %s" % name)
        for p in problems[:30]:
            for line in str(p).splitlines():
                print("#   " + line)
    else:
        RESULTS[0] += 1
        print("ok - %s" % name)
    sys.stdout.flush()


def run(argv):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=ENV, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def kernel_bound_inactive():
    """(local cell, state) of the TCP sockets the kernel dumps for state
    bit 13, asked directly: ss's address forms."""
    got = []
    for fam in (socket.AF_INET, socket.AF_INET6):
        nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4)  # NETLINK_SOCK_DIAG
        req = struct.pack("=BBBBI", fam, socket.IPPROTO_TCP, 0, 0, 1 << BOUND_INACTIVE)
        req += b"\0" * 48
        nl.send(struct.pack("=IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY, 0x301, 1, 0) + req)
        done = False
        while not done:
            buf = nl.recv(65536)
            off = 0
            while off + 16 <= len(buf):
                ln, typ = struct.unpack_from("=IH", buf, off)
                if typ == 3 or typ == 2:  # NLMSG_DONE, NLMSG_ERROR
                    done = True
                    break
                m = buf[off + 16:off + ln]
                family, state = m[0], m[1]
                sport = struct.unpack_from("!H", m, 4)[0]
                src = m[8:8 + (4 if family == socket.AF_INET else 16)]
                got.append((family, socket.inet_ntop(family, src), sport, state))
                off += (ln + 3) & ~3
        nl.close()
    return got


def cell(family, addr, port, v6only):
    if family == socket.AF_INET:
        return "%s:%d" % (addr, port)
    if addr == "::" and not v6only:
        return "*:%d" % port
    return "[%s]:%d" % (addr, port)


def rows(text):
    return [l.split() for l in text.splitlines() if l.strip()]


def population():
    keep = []

    def bound(fam, addr, v6only=None):
        s = socket.socket(fam, socket.SOCK_STREAM)
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
        s.bind(addr)
        keep.append(s)
        return s

    bound(socket.AF_INET, ("127.0.0.1", 5555))
    bound(socket.AF_INET6, ("::", 5556), v6only=1)
    bound(socket.AF_INET6, ("::", 5557), v6only=0)
    eph = bound(socket.AF_INET, ("127.0.0.2", 0))
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 80))
    srv.listen(4)
    c = socket.create_connection(("127.0.0.1", 80))
    keep += [srv, c, srv.accept()[0]]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 5558))
    keep.append(u)
    want = {"127.0.0.1:5555", "[::]:5556", "*:5557", "127.0.0.2:%d" % eph.getsockname()[1]}
    return keep, want


def inner(sv, counts):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    keep, want = population()
    kern = kernel_bound_inactive()
    dual = {5557}
    kcells = {cell(f, a, p, p not in dual) for f, a, p, st in kern}
    probs = []
    if kcells != want:
        probs.append("the kernel's bound-inactive sockets %s, the test made %s" %
                     (sorted(kcells), sorted(want)))
    if any(st != 7 for f, a, p, st in kern):
        probs.append("the kernel reports them in a state other than CLOSE: %s" % kern)
    report("oracle: the kernel dumps the test's bound sockets for state 13, as CLOSE", probs)

    rc, out, err = run([sv, "-HtBn"])
    got = rows(out)
    probs = []
    if rc != 0 or err:
        probs.append("exit %d, stderr %r" % (rc, err))
    if {r[2] for r in got} != kcells or len(got) != len(kcells):
        probs.append("local cells %s, the kernel's %s" % ([r[2] for r in got], sorted(kcells)))
    for r in got:
        if r[0:2] != ["0", "0"] or r[4] != "unknown" or r[3] not in ("0.0.0.0:*", "[::]:*", "*:*"):
            probs.append("row %s: want queues 0 0, no State column, peer *, role unknown" % r)
    report("-HtBn: exactly the bound-inactive sockets, ss 7.x's columns (no State)", probs)

    rc, hdr, err = run([sv, "-tBn"])
    probs = []
    if not hdr.startswith("Recv-Q Send-Q Local Address:Port Peer Address:Port"):
        probs.append("header %r" % hdr.splitlines()[:1])
    report("-tBn header: one state, so no State column (as ss 7.x)", probs)

    for args in (["-HBn"], ["-Htn", "state", "bound-inactive"], ["-Htn", "--bound-inactive"]):
        rc, o2, err = run([sv] + args)
        probs = []
        want_rows = [["tcp"] + r for r in got] if args == ["-HBn"] else got
        if rc != 0 or rows(o2) != want_rows:
            probs.append("exit %d:\n%s\nwant:\n%s" % (rc, o2, "\n".join(" ".join(r) for r in want_rows)))
        report("%s lists the same rows as -HtBn" % " ".join(args), probs)

    rc, allrows, err = run([sv, "-Htn", "state", "all", "state", "bound-inactive"])
    rc2, ssrows, err2 = run(["ss", "-Htan"])
    probs = []
    mine = [r for r in rows(allrows) if r[3] in kcells and r[0] == "UNCONN"]
    if len(mine) != len(kcells):
        probs.append("-Htan shows %d of the %d as UNCONN:\n%s" % (len(mine), len(kcells), allrows))
    rest = [r for r in rows(allrows) if not (r[3] in kcells and r[0] == "UNCONN")]
    ss = rows(ssrows)
    if len(rest) != len(ss) or any(b[:len(a)] != a for a, b in zip(ss, rest)):
        probs.append("the other rows differ from ss -Htan:\n%s\nss:\n%s" % (allrows, ssrows))
    report("-Htn state all state bound-inactive: the bound-inactive sockets as UNCONN, "
           "the rest as ss -Htan", probs)

    for args in (["-Htn"], ["-Htln"], ["-Htan"], ["-Htn", "state", "all"], ["-Htn", "state", "big"],
                 ["-Htn", "state", "connected"], ["-Htn", "state", "synchronized"]):
        rc, o3, err = run([sv] + args)
        cells = {r[3] if len(r) > 3 and r[0] in ("UNCONN", "LISTEN", "ESTAB") else r[2]
                 for r in rows(o3) if r}
        probs = ["%s lists %s" % (" ".join(args), c) for c in cells & kcells]
        if rc != 0:
            probs.append("exit %d %r" % (rc, err))
        report("%s: no bound-inactive socket" % " ".join(args), probs)

    rc, js, err = run([sv, "-tBj"])
    probs = []
    v = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py")],
                       input=js.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if rc != 0 or v.returncode != 0:
        probs.append("exit %d; validate.py: %s" % (rc, v.stdout.decode()))
    else:
        objs = json.loads(js)
        if len(objs) != len(kcells) or any(o["state"] != "UNCONN" for o in objs):
            probs.append("%d objects, states %s" % (len(objs), [o["state"] for o in objs]))
    report("-tBj: valid JSON, state UNCONN", probs)
    for s in keep:
        s.close()
    with open(counts, "w") as f:
        f.write("%d %d\n" % tuple(RESULTS))


def main():
    sv, counts = sys.argv[1], sys.argv[3]
    if len(sys.argv) > 4 and sys.argv[4] == "inner":
        inner(sv, counts)
        return 0
    p = subprocess.run(["unshare", "-n", "--", sys.executable, os.path.abspath(__file__),
                        sv, sys.argv[2], counts, "inner"], timeout=600)
    if p.returncode != 0 or not os.path.exists(counts):
        report("bound.py in its own network namespace (exit %d)" % p.returncode,
               ["unshare -n or the checks failed"])
        with open(counts, "w") as f:
            f.write("%d %d\n" % tuple(RESULTS))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
