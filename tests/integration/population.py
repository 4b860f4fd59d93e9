#!/usr/bin/env python3
"""population.py - open real sockets in known states for the integration
tests, write a manifest and a ready-file, then hold them until SIGTERM.

Meant to run inside a private network namespace (run.sh does that) where lo
is up and carries the extra addresses 127.0.0.2/8 and ::2/128.

Usage:
  population.py main READY MANIFEST   the fixed population described below
  population.py bulk READY N          N connections queued on one listener
                                      (2N TCP sockets, N file descriptors)
  population.py naming READY -        sockets for ss's port-naming rules
                                      (see naming_population)

The manifest is JSON: {"range": [lo, hi], "mark": MARK, "marked": [local
addresses of the sockets with SO_MARK MARK], "sockets": [...]}, one entry per
socket whose sockview-only columns (Role, Class, Service) the checks verify,
keyed by the text ss prints with -n: {"netid", "state", "local", "peer"
(null for listeners and unconnected UDP), "role", "class", "service"}.

Only the Python standard library is used. Every socket is kept referenced so
that nothing is closed by the garbage collector; every state is waited for
(TIME-WAIT, FIN-WAIT-2, CLOSE-WAIT, SYN-SENT, queue sizes), never assumed.
"""
import errno
import json
import os
import resource
import signal
import socket
import sys
import time

HOLD = []          # every socket we own, kept alive until exit
MANIFEST = []
MARKED = []        # ss -n text of the local address of every marked socket

# /proc/net/tcp state codes
TCP_ESTABLISHED, TCP_SYN_SENT, TCP_FIN_WAIT2, TCP_TIME_WAIT = 1, 2, 5, 6
TCP_CLOSE_WAIT, TCP_LISTEN = 8, 10

SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)
SO_MARK = getattr(socket, "SO_MARK", 36)

# the fwmark of the marked listener (filters.py: "fwmark = 0x1/0xff")
MARK = 0x1

# IANA names of the service ports used here (the same names Debian's
# /etc/services uses, so ss and sockview agree without -n as well).
SERVICES = {
    ("tcp", 22): "ssh", ("tcp", 443): "https", ("tcp", 8080): "http-alt",
    ("tcp", 5432): "postgresql", ("tcp", 8083): "us-srv",
    ("udp", 53): "domain", ("udp", 67): "bootps", ("udp", 123): "ntp",
    ("udp", 547): "dhcpv6-server", ("udp", 161): "snmp", ("udp", 5353): "mdns",
}


def die(msg):
    sys.stderr.write("population: %s\n" % msg)
    sys.exit(1)


def port_range():
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        lo, hi = f.read().split()
    return int(lo), int(hi)


RANGE = port_range()


def iana_class(port):
    if port < 1024:
        return "well-known"
    if port < 49152:
        return "registered"
    return "dynamic"


def ss_addr(family, addr, port, dualstack=False, dev=None):
    """The text ss -n prints for an address and port."""
    if family == socket.AF_INET6:
        host = "*" if dualstack else "[%s]" % addr
    else:
        host = addr
    if dev:
        host += "%" + dev
    return "%s:%s" % (host, port if port else "*")


def name_of(sock):
    a = sock.getsockname()
    return a[0], a[1]


def peer_of(sock):
    a = sock.getpeername()
    return a[0], a[1]


def note(netid, state, local, peer, role, port, peerport=None):
    """Record what sockview's own columns must say for a socket: its role
    by sockview's rule (sockview(8), ROLE), its class and service."""
    in_range = lambda p: p is not None and RANGE[0] <= p <= RANGE[1]
    if role == "out":
        cls = "ephemeral" if in_range(port) else iana_class(port)
        svc = SERVICES.get((netid, peerport), "-")
    elif role == "unknown":
        cls = iana_class(port)
        svc = "-"
    else:
        cls = iana_class(port)
        svc = SERVICES.get((netid, port), "-")
    MANIFEST.append({"netid": netid, "state": state, "local": local,
                     "peer": peer, "role": role, "class": cls,
                     "service": svc})


# ----------------------------------------------------------------- helpers

def proc_tcp():
    """{(local port, remote port): (state, txq, rxq)} over tcp and tcp6."""
    out = {}
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(name) as f:
            next(f)
            for line in f:
                w = line.split()
                lport = int(w[1].rsplit(":", 1)[1], 16)
                rport = int(w[2].rsplit(":", 1)[1], 16)
                tx, rx = (int(x, 16) for x in w[4].split(":"))
                out.setdefault((lport, rport), []).append((int(w[3], 16), tx, rx))
    return out


def wait_for(what, pred, timeout=10.0):
    end = time.monotonic() + timeout
    delay = 0.001
    while True:
        if pred():
            return
        if time.monotonic() > end:
            die("timed out waiting for " + what)
        time.sleep(delay)
        delay = min(delay * 2, 0.02)


def tcp_state_is(lport, rport, state):
    return lambda: any(e[0] == state for e in proc_tcp().get((lport, rport), []))


def bound(family, type_, addr, port=0):
    """A socket bound to addr:port (port 0: kernel-chosen, inside
    ip_local_port_range, where ss never prints service names)."""
    s = socket.socket(family, type_)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port))
    return s


def listener(family, addr, port, backlog=128, v6only=None, rcvbuf=None, dev=None,
             mark=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if mark is not None:
        s.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    if dev:
        s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, dev.encode() + b"\0")
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((addr, port))
    s.listen(backlog)
    HOLD.append(s)
    return s


def connect_pair(lst, family, dst, src="", accept=True):
    """Connect a client (bound to src, kernel-chosen port) to dst; accept it
    on lst when asked. Returns (client, server or None)."""
    c = bound(family, socket.SOCK_STREAM, src or ("::" if family == socket.AF_INET6 else "0.0.0.0"))
    c.connect(dst)
    HOLD.append(c)
    srv = None
    if accept:
        srv, _ = lst.accept()
        HOLD.append(srv)
    return c, srv


def note_pair(c, srv):
    """Manifest entries for both ends of an established TCP pair."""
    cl, cp = name_of(c), peer_of(c)
    ltxt = ss_addr(c.family, cl[0], cl[1])
    ptxt = ss_addr(c.family, cp[0], cp[1])
    note("tcp", "ESTAB", ltxt, ptxt, "out", cl[1], cp[1])
    if srv is not None:
        sl, sp = name_of(srv), peer_of(srv)
        note("tcp", "ESTAB", ss_addr(srv.family, sl[0], sl[1]),
             ss_addr(srv.family, sp[0], sp[1]), "in", sl[1])


# ------------------------------------------------------------- populations

def main_population():
    """TCP: listeners on 0.0.0.0:22, [::]:8080 (dual-stack: "*:8080"),
    [::]:443 (IPV6_V6ONLY), 127.0.0.1:5432 (backlog 7), 127.0.0.2:5432
    (small receive buffer), 127.0.0.1:50000 (inside the ephemeral range),
    127.0.0.3:51000 (backlog 0, full), 127.0.0.5%lo:5432 and [::1]%lo:5432
    (SO_BINDTODEVICE), 127.0.0.6:5432 (SO_MARK 0x1, the only marked
    socket); established pairs over IPv4 and IPv6, one IPv4 client
    of the dual-stack listener and one IPv6 socket connected to an IPv4
    address (both "[::ffff:127.0.0.1]"), clients on ports 32768 and 61500;
    Recv-Q 1234 (unread data); a full window (Send-Q and Recv-Q stuck);
    FIN-WAIT-2/CLOSE-WAIT pairs (IPv4, IPv6); one SYN-SENT; four TIME-WAIT
    (IPv4, IPv6: the client closed first).
    UDP: 127.0.0.53:53, 0.0.0.0:123 (one unread datagram), [::]:5353
    (dual-stack), [::]:547 (v6-only), 0.0.0.0%lo:67, 127.0.0.54%lo:53,
    [::1]%lo:161, and four connected sockets (IPv4, IPv6)."""
    v4, v6 = socket.AF_INET, socket.AF_INET6
    lo_hi = RANGE

    # Explicit client ports first, so that no kernel-chosen port takes them:
    # 32768 (the range's usual first port; IANA names it, ss does not) and a
    # port above the range (not ephemeral: class "dynamic").
    low_client = bound(v4, socket.SOCK_STREAM, "127.0.0.1", lo_hi[0])
    high_port = 61500 if lo_hi[1] < 61500 else None
    high_client = bound(v4, socket.SOCK_STREAM, "127.0.0.1", high_port) if high_port else None

    # --- TCP listeners
    l22 = listener(v4, "0.0.0.0", 22)
    note("tcp", "LISTEN", "0.0.0.0:22", None, "listen", 22)
    l8080 = listener(v6, "::", 8080, v6only=False)
    note("tcp", "LISTEN", "*:8080", None, "listen", 8080)
    l443 = listener(v6, "::", 443, v6only=True)
    note("tcp", "LISTEN", "[::]:443", None, "listen", 443)
    l5432 = listener(v4, "127.0.0.1", 5432, backlog=7)
    note("tcp", "LISTEN", "127.0.0.1:5432", None, "listen", 5432)
    # a listener on a port inside the ephemeral range: a service, not
    # ephemeral (class by number: dynamic)
    inr = 50000 if lo_hi[0] <= 50000 <= lo_hi[1] else lo_hi[0] + 100
    linr = listener(v4, "127.0.0.1", inr)
    note("tcp", "LISTEN", "127.0.0.1:%d" % inr, None, "listen", inr)
    # small receive buffer (inherited by accepted sockets): fills up fast
    lsmall = listener(v4, "127.0.0.2", 5432, rcvbuf=4096)
    note("tcp", "LISTEN", "127.0.0.2:5432", None, "listen", 5432)
    # backlog 0: one queued connection fills the accept queue, so a second
    # SYN is dropped and its client stays in SYN-SENT (retries for ~2 min)
    lfull = listener(v4, "127.0.0.3", 51000, backlog=0)

    # listeners bound to a device (SO_BINDTODEVICE): "127.0.0.5%lo:5432";
    # accepted sockets inherit the device
    ldev4 = listener(v4, "127.0.0.5", 5432, dev="lo")
    note("tcp", "LISTEN", "127.0.0.5%lo:5432", None, "listen", 5432)
    ldev6 = listener(v6, "::1", 5432, v6only=True, dev="lo")
    note("tcp", "LISTEN", "[::1]%lo:5432", None, "listen", 5432)

    # the only socket with a mark (SO_MARK needs CAP_NET_ADMIN: run.sh is
    # root), for fwmark filters; nothing connects to it
    listener(v4, "127.0.0.6", 5432, mark=MARK)
    MARKED.append("127.0.0.6:5432")
    note("tcp", "LISTEN", "127.0.0.6:5432", None, "listen", 5432)

    # --- established pairs, IPv4
    for _ in range(3):
        note_pair(*connect_pair(l22, v4, ("127.0.0.1", 22)))
    note_pair(*connect_pair(l22, v4, ("127.0.0.2", 22), src="127.0.0.2"))
    note_pair(*connect_pair(l22, v4, ("127.0.0.2", 22), src="127.0.0.1"))
    note_pair(*connect_pair(l5432, v4, ("127.0.0.1", 5432)))
    note_pair(*connect_pair(linr, v4, ("127.0.0.1", inr)))
    for c in (low_client, high_client):
        if c is None:
            continue
        c.connect(("127.0.0.1", 22))
        srv, _ = l22.accept()
        HOLD.extend((c, srv))
        note_pair(c, srv)
    # --- established pairs, IPv6
    note_pair(*connect_pair(l443, v6, ("::1", 443)))
    note_pair(*connect_pair(l443, v6, ("::1", 443), src="::2"))
    note_pair(*connect_pair(l8080, v6, ("::1", 8080)))
    note_pair(*connect_pair(l8080, v6, ("::2", 8080), src="::1"))
    # an IPv4 client of the dual-stack listener: [::ffff:127.0.0.1] server side
    note_pair(*connect_pair(l8080, v4, ("127.0.0.1", 8080)))
    # an IPv6 socket (not v6-only) connecting to an IPv4 address: the client
    # side is [::ffff:127.0.0.1] too
    c = socket.socket(v6, socket.SOCK_STREAM)
    c.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    c.connect(("::ffff:127.0.0.1", 22))
    srv, _ = l22.accept()
    HOLD.extend((c, srv))
    note_pair(c, srv)
    # through the device-bound listeners
    for lst, fam, dst, dev in ((ldev4, v4, ("127.0.0.5", 5432), "lo"),
                               (ldev6, v6, ("::1", 5432), "lo")):
        c, srv = connect_pair(lst, fam, dst)
        cl, cp = name_of(c), peer_of(c)
        note("tcp", "ESTAB", ss_addr(fam, *cl[:2]), ss_addr(fam, *cp[:2]), "out", cl[1], cp[1])
        sl, sp = name_of(srv), peer_of(srv)
        note("tcp", "ESTAB", ss_addr(fam, *sl[:2], dev=dev), ss_addr(fam, *sp[:2]), "in", sl[1])

    # --- listeners that closed while their connections stay (draining):
    # a client on a kernel-chosen port is told apart by the ephemeral range
    # (the server end "in", the client "out"); two ports bound outside the
    # range leave nothing to decide by ("unknown" at both ends)
    for src, sport, dport, roles in (("0.0.0.0", 0, 8083, ("in", "out")),
                                     ("127.0.0.8", 6666, 7777, ("unknown", "unknown"))):
        lst = listener(v4, "127.0.0.8", dport)
        c = bound(v4, socket.SOCK_STREAM, src, sport)
        c.connect(("127.0.0.8", dport))
        srv, _ = lst.accept()
        lst.close()
        HOLD.extend((c, srv))
        sl, sp, cl, cp = name_of(srv), peer_of(srv), name_of(c), peer_of(c)
        note("tcp", "ESTAB", ss_addr(v4, *sl[:2]), ss_addr(v4, *sp[:2]), roles[0], sl[1], sp[1])
        note("tcp", "ESTAB", ss_addr(v4, *cl[:2]), ss_addr(v4, *cp[:2]), roles[1], cl[1], cp[1])

    # --- unread data: Recv-Q 1234 on the client
    c, srv = connect_pair(l5432, v4, ("127.0.0.1", 5432))
    srv.sendall(b"x" * 1234)
    cport, sport = name_of(c)[1], name_of(srv)[1]
    wait_for("Recv-Q 1234", lambda: any(e[2] == 1234 for e in proc_tcp().get((cport, 5432), [])))
    note_pair(c, srv)

    # --- a full window: the receiver never reads, the sender's Send-Q holds
    # what could not be sent; both stop changing once the window is zero
    c, srv = connect_pair(lsmall, v4, ("127.0.0.2", 5432))
    c.setblocking(False)
    try:
        while True:
            c.send(b"y" * 65536)
    except BlockingIOError:
        pass
    cport = name_of(c)[1]

    def queues():
        e = proc_tcp().get((cport, 5432), [(0, 0, 0)])[0]
        f = proc_tcp().get((5432, cport), [(0, 0, 0)])[0]
        return (e[1], f[2])
    last = [None, 0]

    def stable():
        q = queues()
        if q == last[0] and q[0] > 0 and q[1] > 0:
            last[1] += 1
        else:
            last[0], last[1] = q, 0
        return last[1] >= 5
    wait_for("a stable Send-Q", lambda: (time.sleep(0.02), stable())[1])
    note_pair(c, srv)

    # --- FIN-WAIT-2 / CLOSE-WAIT: the client half-closes, the server never
    # closes; neither end is orphaned, so both states last
    c, srv = connect_pair(l22, v4, ("127.0.0.1", 22))
    c.shutdown(socket.SHUT_WR)
    cport = name_of(c)[1]
    wait_for("FIN-WAIT-2", tcp_state_is(cport, 22, TCP_FIN_WAIT2))
    wait_for("CLOSE-WAIT", tcp_state_is(22, cport, TCP_CLOSE_WAIT))
    cl, cp = name_of(c), peer_of(c)
    note("tcp", "FIN-WAIT-2", ss_addr(v4, *cl), ss_addr(v4, *cp), "out", cl[1], cp[1])
    sl, sp = name_of(srv), peer_of(srv)
    note("tcp", "CLOSE-WAIT", ss_addr(v4, *sl), ss_addr(v4, *sp), "in", sl[1])
    c6, srv6 = connect_pair(l443, v6, ("::1", 443))
    c6.shutdown(socket.SHUT_WR)
    c6port = name_of(c6)[1]
    wait_for("FIN-WAIT-2 (v6)", tcp_state_is(c6port, 443, TCP_FIN_WAIT2))
    wait_for("CLOSE-WAIT (v6)", tcp_state_is(443, c6port, TCP_CLOSE_WAIT))
    cl, cp = name_of(c6), peer_of(c6)
    note("tcp", "FIN-WAIT-2", ss_addr(v6, *cl[:2]), ss_addr(v6, *cp[:2]), "out", cl[1], cp[1])
    sl, sp = name_of(srv6), peer_of(srv6)
    note("tcp", "CLOSE-WAIT", ss_addr(v6, *sl[:2]), ss_addr(v6, *sp[:2]), "in", sl[1])

    # --- SYN-SENT
    q1, _ = connect_pair(lfull, v4, ("127.0.0.3", 51000), accept=False)
    wait_for("the queued connection", lambda: any(
        e[0] == TCP_ESTABLISHED for e in proc_tcp().get((51000, name_of(q1)[1]), [])))
    ss_ = bound(v4, socket.SOCK_STREAM, "127.0.0.1")
    ss_.setblocking(False)
    err = ss_.connect_ex(("127.0.0.3", 51000))
    if err not in (errno.EINPROGRESS, 0):
        die("SYN-SENT connect: %s" % os.strerror(err))
    HOLD.append(ss_)
    sport = name_of(ss_)[1]
    wait_for("SYN-SENT", tcp_state_is(sport, 51000, TCP_SYN_SENT))
    note("tcp", "SYN-SENT", "127.0.0.1:%d" % sport, "127.0.0.3:51000", "out", sport, 51000)

    # --- TIME-WAIT: the client closes first, the server then closes too
    tw = [(l22, v4, ("127.0.0.1", 22)), (l22, v4, ("127.0.0.2", 22)),
          (l443, v6, ("::1", 443)), (l8080, v6, ("::1", 8080))]
    for lst, fam, dst in tw:
        c = bound(fam, socket.SOCK_STREAM, "::" if fam == v6 else "0.0.0.0")
        c.connect(dst)
        srv, _ = lst.accept()
        cl, cp = name_of(c), peer_of(c)
        c.close()
        if srv.recv(1) != b"":
            die("expected EOF")
        srv.close()
        wait_for("TIME-WAIT", tcp_state_is(cl[1], cp[1], TCP_TIME_WAIT))
        wait_for("the server side to go", lambda: not any(
            True for e in proc_tcp().get((cp[1], cl[1]), [])))
        # Role/class of a TIME-WAIT row: nothing serves the client port.
        note("tcp", "TIME-WAIT", ss_addr(fam, *cl[:2]), ss_addr(fam, *cp[:2]),
             "out", cl[1], cp[1])

    # --- UDP
    def udp(family, addr, port, v6only=None, dev=None):
        s = socket.socket(family, socket.SOCK_DGRAM)
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
        if dev:
            s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, dev.encode() + b"\0")
        s.bind((addr, port))
        HOLD.append(s)
        return s

    udp(v4, "127.0.0.53", 53)
    note("udp", "UNCONN", "127.0.0.53:53", None, "listen", 53)
    ntp = udp(v4, "0.0.0.0", 123)
    note("udp", "UNCONN", "0.0.0.0:123", None, "listen", 123)
    udp(v6, "::", 5353, v6only=False)
    note("udp", "UNCONN", "*:5353", None, "listen", 5353)
    udp(v6, "::", 547, v6only=True)
    note("udp", "UNCONN", "[::]:547", None, "listen", 547)
    udp(v4, "0.0.0.0", 67, dev="lo")
    note("udp", "UNCONN", "0.0.0.0%lo:67", None, "listen", 67)
    udp(v4, "127.0.0.54", 53, dev="lo")
    note("udp", "UNCONN", "127.0.0.54%lo:53", None, "listen", 53)
    udp(v6, "::1", 161, v6only=True, dev="lo")
    note("udp", "UNCONN", "[::1]%lo:161", None, "listen", 161)
    # connected UDP sockets
    for fam, src, dst in ((v4, "127.0.0.1", ("127.0.0.53", 53)),
                          (v4, "127.0.0.2", ("127.0.0.1", 123)),
                          (v6, "::1", ("::1", 5353)),
                          (v6, "::2", ("::1", 547))):
        s = bound(fam, socket.SOCK_DGRAM, src)
        s.connect(dst)
        HOLD.append(s)
        sl, sp = name_of(s), peer_of(s)
        note("udp", "ESTAB", ss_addr(fam, *sl[:2]), ss_addr(fam, *sp[:2]),
             "out", sl[1], sp[1])
    # an unread datagram: non-zero Recv-Q on 0.0.0.0:123
    tx = bound(v4, socket.SOCK_DGRAM, "127.0.0.1")
    tx.sendto(b"ping", ("127.0.0.1", 123))
    tx.close()
    def queued():
        try:
            return bool(ntp.recv(16, socket.MSG_PEEK | socket.MSG_DONTWAIT))
        except BlockingIOError:
            return False
    wait_for("the datagram", queued)


def bulk_population(n):
    """n client sockets (file descriptors) whose connections stay queued on
    one listener: 2n TCP sockets. n shrinks to fit RLIMIT_NOFILE."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n + 64
    if hard != resource.RLIM_INFINITY and want > hard:
        n, want = hard - 64, hard
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    lst = listener(socket.AF_INET, "127.0.0.9", 50001, backlog=n + 16)
    for _ in range(n):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.connect(("127.0.0.9", 50001))
        HOLD.append(c)
    wait_for("%d queued connections" % n, lambda: sum(
        1 for k, v in proc_tcp().items() if k[0] == 50001 and v[0][0] == TCP_ESTABLISHED) >= n)
    return n


def naming_population():
    """Sockets for the port-naming rules of ss (without -n):
    - ss never names a port inside ip_local_port_range, not even a
      listener's: a TCP listener on the range's second port (IANA names
      32769 "filenet-rpc") with one connection, and UDP 33434
      ("traceroute" in IANA) when inside the range;
    - ss names any other port its services file knows, on either side:
      a client bound to 3306 ("mysql" in IANA and /etc/services) connected
      to 127.0.0.4:5432 (the peer of the "in" row)."""
    v4 = socket.AF_INET
    port = RANGE[0] + 1
    lst = listener(v4, "127.0.0.4", port)
    connect_pair(lst, v4, ("127.0.0.4", port), src="127.0.0.4")
    if RANGE[0] <= 33434 <= RANGE[1]:
        u = socket.socket(v4, socket.SOCK_DGRAM)
        u.bind(("127.0.0.4", 33434))
        HOLD.append(u)
    pg = listener(v4, "127.0.0.4", 5432)
    c = socket.socket(v4, socket.SOCK_STREAM)
    c.bind(("127.0.0.4", 3306))
    c.connect(("127.0.0.4", 5432))
    HOLD.extend((c, pg.accept()[0]))


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("main", "bulk", "naming"):
        die("usage: population.py main READY MANIFEST | bulk READY N | naming READY -")
    got = []
    signal.signal(signal.SIGTERM, lambda *a: got.append(1))
    signal.signal(signal.SIGINT, lambda *a: got.append(1))
    # never outlive a test run that lost track of us
    signal.signal(signal.SIGALRM, lambda *a: got.append(1))
    signal.alarm(1200)  # a slow (sanitized, loaded) run takes minutes
    ready = sys.argv[2]
    count = 0
    if sys.argv[1] == "main":
        main_population()
        with open(sys.argv[3] + ".tmp", "w") as f:
            json.dump({"range": list(RANGE), "sockets": MANIFEST,
                       "mark": MARK, "marked": MARKED}, f, indent=1)
        os.rename(sys.argv[3] + ".tmp", sys.argv[3])
    elif sys.argv[1] == "naming":
        naming_population()
    else:
        count = bulk_population(int(sys.argv[3]))
    # the ready-file: "PID COUNT" (COUNT: bulk connections, else 0)
    with open(ready + ".tmp", "w") as f:
        f.write("%d %d\n" % (os.getpid(), count))
    os.rename(ready + ".tmp", ready)
    while not got:
        signal.pause()


if __name__ == "__main__":
    main()
