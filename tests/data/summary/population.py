#!/usr/bin/env python3
"""population.py - build a socket population in the current (private) network
namespace for comparing sockview -s with ss -s; prints "ready", then holds
the sockets until stdin closes.  Usage: population.py NAME"""
import os
import socket
import struct
import sys
import time

HOLD = []


def pairs(family, addr, n):
    """n established pairs on one listener."""
    lst = socket.socket(family, socket.SOCK_STREAM)
    lst.bind((addr, 0))
    lst.listen(n + 8)
    HOLD.append(lst)
    for _ in range(n):
        c = socket.socket(family, socket.SOCK_STREAM)
        c.connect(lst.getsockname()[:2])
        s, _ = lst.accept()
        HOLD.extend((c, s))
    return lst


def timewait(family, addr, n):
    """n TIME-WAIT sockets: the client closes first, the server follows."""
    lst = socket.socket(family, socket.SOCK_STREAM)
    lst.bind((addr, 0))
    lst.listen(n + 8)
    for _ in range(n):
        c = socket.socket(family, socket.SOCK_STREAM)
        c.connect(lst.getsockname()[:2])
        s, _ = lst.accept()
        c.close()
        s.recv(1)
        s.close()
    lst.close()


def closewait(family, addr, n):
    """n CLOSE-WAIT (counted in CurrEstab) + n FIN-WAIT-2 sockets."""
    lst = pairs(family, addr, 0)
    for _ in range(n):
        c = socket.socket(family, socket.SOCK_STREAM)
        c.connect(lst.getsockname()[:2])
        s, _ = lst.accept()
        c.shutdown(socket.SHUT_WR)
        HOLD.extend((c, s))


def orphans(n):
    """n orphaned sockets: closed with unsent data to a peer that does not read."""
    lst = pairs(socket.AF_INET, "127.0.0.1", 0)
    for _ in range(n):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.connect(lst.getsockname()[:2])
        s, _ = lst.accept()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        c.setblocking(False)
        try:
            while True:
                c.send(b"x" * 65536)
        except BlockingIOError:
            pass
        c.close()
        HOLD.append(s)


def unbound_tcp(family, n):
    for _ in range(n):
        HOLD.append(socket.socket(family, socket.SOCK_STREAM))


def udp(family, addr, n):
    for _ in range(n):
        u = socket.socket(family, socket.SOCK_DGRAM)
        u.bind((addr, 0))
        HOLD.append(u)


def raw(family, proto, n):
    for _ in range(n):
        HOLD.append(socket.socket(family, socket.SOCK_RAW, proto))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def frag4(n):
    """n IPv4 reassembly queues: first fragments (MF set) to 127.0.0.1."""
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for i in range(n):
        payload = b"\0" * 64
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload),
                          0x1000 + i, 0x2000, 64, socket.IPPROTO_UDP, 0,
                          socket.inet_aton("127.0.0.1"),
                          socket.inet_aton("127.0.0.1"))
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
        r.sendto(hdr + payload, ("127.0.0.1", 0))
    r.close()


def frag6(n):
    """n IPv6 reassembly queues: first fragments (M set) to ::1."""
    r = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    lo = socket.inet_pton(socket.AF_INET6, "::1")
    for i in range(n):
        payload = b"\0" * 64
        fh = struct.pack("!BBHI", socket.IPPROTO_UDP, 0, 1, 0x5000 + i)
        ip6 = struct.pack("!IHBB16s16s", 6 << 28, len(fh) + len(payload),
                          44, 64, lo, lo)
        r.sendto(ip6 + fh + payload, ("::1", 0))
    r.close()


def basic():
    pairs(socket.AF_INET, "127.0.0.1", 3)
    pairs(socket.AF_INET6, "::1", 1)
    timewait(socket.AF_INET, "127.0.0.1", 2)
    unbound_tcp(socket.AF_INET, 2)
    unbound_tcp(socket.AF_INET6, 1)
    udp(socket.AF_INET, "127.0.0.1", 2)
    udp(socket.AF_INET6, "::1", 1)
    raw(socket.AF_INET, socket.IPPROTO_ICMP, 1)
    raw(socket.AF_INET6, socket.IPPROTO_ICMPV6, 1)


def mixed():
    pairs(socket.AF_INET, "127.0.0.1", 40)
    pairs(socket.AF_INET6, "::1", 25)
    timewait(socket.AF_INET, "127.0.0.1", 30)
    timewait(socket.AF_INET6, "::1", 12)
    closewait(socket.AF_INET, "127.0.0.1", 5)
    orphans(3)
    unbound_tcp(socket.AF_INET6, 4)
    udp(socket.AF_INET, "0.0.0.0", 17)
    udp(socket.AF_INET6, "::", 9)
    raw(socket.AF_INET, socket.IPPROTO_UDP, 3)
    raw(socket.AF_INET6, socket.IPPROTO_UDP, 2)
    frag4(4)
    frag6(3)


def big():
    for i in range(1, 9):
        pairs(socket.AF_INET, "127.0.0.%d" % i, 250)
    pairs(socket.AF_INET6, "::1", 1500)
    timewait(socket.AF_INET, "127.0.0.1", 1200)
    udp(socket.AF_INET, "127.0.0.1", 300)
    udp(socket.AF_INET6, "::1", 120)
    unbound_tcp(socket.AF_INET, 50)


def v6only():
    pairs(socket.AF_INET6, "::1", 10)
    udp(socket.AF_INET6, "::1", 5)
    raw(socket.AF_INET6, socket.IPPROTO_ICMPV6, 2)
    frag6(2)


POPS = {"empty": None, "basic": basic, "mixed": mixed, "big": big,
        "v6only": v6only}


def main():
    name = sys.argv[1]
    if POPS[name]:
        os.system("ip link set lo up")
        time.sleep(0.2)  # lo up: let ::1 leave tentative state
        POPS[name]()
    time.sleep(0.3)  # let FINs and ACKs settle
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
