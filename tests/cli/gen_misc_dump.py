#!/usr/bin/env python3
"""gen_misc_dump.py - write a sockview dump file (tagged parts, end marker)
holding the tables this kernel cannot produce here: raw (raw_diag), sctp
(an endpoint, its two associations, a listener), dccp, vsock (stream and
dgram), tipc (connected and not) and xdp (bound and not), so that their
cells can be checked against ss's formats with --replay.

Usage: gen_misc_dump.py FILE"""
import socket
import struct
import sys

TAG = 0x53000000
ROWS = ord("V")
# enum sv_table
RAW, MPTCP, SCTP, DCCP, V_STR, TIPC, XDP = 2, 9, 10, 11, 12, 14, 15
AF_TIPC, AF_VSOCK, AF_XDP = 30, 40, 44


def seq(table_byte, family):
    return TAG | (ROWS << 16) | (table_byte << 8) | family


def msg(body, s, mtype=20, flags=2):
    return struct.pack("=IHHII", 16 + len(body), mtype, flags, s, 0) + pad(body)


def pad(b):
    return b + bytes(-len(b) % 4)


def attr(t, payload):
    return pad(struct.pack("=HH", 4 + len(payload), t) + payload)


def done(s):
    return struct.pack("=IHHIIi", 20, 3, 2, s, 0, 0)


def inet(fam, state, sport, dport, src, dst, ino, rq=0, wq=0, uid=0, attrs=b""):
    a = socket.inet_pton(fam, src).ljust(16, b"\0")
    b = socket.inet_pton(fam, dst).ljust(16, b"\0")
    body = struct.pack("=BBBB", fam, state, 0, 0)
    body += struct.pack(">HH", sport, dport) + a + b
    body += struct.pack("=III", 0, ino, 0)
    body += struct.pack("=IIIII", 0, rq, wq, uid, ino)
    return body + attrs


def sockaddr(fam, addr):
    if fam == socket.AF_INET:
        sa = struct.pack("=H", fam) + bytes(2) + socket.inet_pton(fam, addr)
    else:
        sa = struct.pack("=H", fam) + bytes(6) + socket.inet_pton(fam, addr)
    return sa.ljust(128, b"\0")


def vsock(typ, state, scid, sport, dcid, dport, ino):
    return struct.pack("=BBBBIIIIIII", AF_VSOCK, typ, state, 0, scid, sport,
                       dcid, dport, ino, ino, 0)


def tipc(typ, state, node, ref, ino, peer=None, rq=0, wq=0):
    sock = attr(1, struct.pack("=I", node)) + attr(2, struct.pack("=I", ref))
    if peer:
        sock += attr(3, attr(2, struct.pack("=I", peer[0])) +
                     attr(3, struct.pack("=I", peer[1])))
    sock += attr(5, attr(0, struct.pack("=I", rq)) + attr(1, struct.pack("=I", wq)))
    sock += attr(6, struct.pack("=I", typ)) + attr(7, struct.pack("=I", ino))
    sock += attr(8, struct.pack("=I", 0)) + attr(9, struct.pack("=I", state))
    sock += attr(10, struct.pack("=Q", ino))
    return attr(2, sock)


def xdp(ino, ifindex=None, queue=0, rmem=0):
    body = struct.pack("=BBHIII", AF_XDP, socket.SOCK_RAW, 0, ino, ino, 0)
    if ifindex is not None:
        body += attr(1, struct.pack("=II", ifindex, queue))
    body += attr(2, struct.pack("=I", 0))
    body += attr(8, struct.pack("=9I", rmem, 0, 0, 0, 0, 0, 0, 0, 0))
    return body


def part(table_byte, family, bodies):
    s = seq(table_byte, family)
    return b"".join(msg(b, s) for b in bodies) + done(s)


def main():
    v4, v6 = socket.AF_INET, socket.AF_INET6
    parts = [
        part(0x80 | RAW, v4, [
            inet(v4, 7, 1, 0, "127.0.0.1", "0.0.0.0", 501,
                 attrs=attr(10, b"\x01")),
            inet(v4, 1, 255, 0, "127.0.0.1", "127.0.0.1", 502,
                 attrs=attr(10, b"\xff")),
        ]),
        part(0x80 | RAW, v6, [
            inet(v6, 7, 58, 0, "::", "::", 503, attrs=attr(10, b"\x3a")),
        ]),
        part(0x80 | SCTP, v4, [
            inet(v4, 10, 9000, 0, "0.0.0.0", "0.0.0.0", 600,
                 attrs=attr(12, sockaddr(v4, "10.0.0.1"))),
            inet(v4, 1, 9001, 0, "10.0.0.1", "0.0.0.0", 601),
            inet(v4, 3, 9001, 40000, "10.0.0.1", "10.0.0.2", 601,
                 attrs=attr(12, sockaddr(v4, "10.0.0.1") + sockaddr(v4, "10.0.1.1")) +
                 attr(13, sockaddr(v4, "10.0.0.2"))),
            inet(v4, 1, 9001, 40001, "10.0.0.1", "10.0.0.3", 601),
        ]),
        part(DCCP := 33, v4, [
            inet(v4, 10, 5001, 0, "0.0.0.0", "0.0.0.0", 700, wq=8),
            # a port whose name is udp's only (rplay): ss names dccp's, sctp's
            # and mptcp's ports after the last of raw, udp, tcp it listed
            inet(v4, 10, 5555, 0, "0.0.0.0", "0.0.0.0", 701),
        ]),
        part(0x80 | V_STR, AF_VSOCK, [
            vsock(socket.SOCK_STREAM, 10, 0xffffffff, 1234, 0xffffffff, 0xffffffff, 800),
            vsock(socket.SOCK_STREAM, 1, 3, 1234, 2, 49999, 801),
            vsock(socket.SOCK_DGRAM, 7, 2, 0xffffffff, 0xffffffff, 0xffffffff, 802),
        ]),
        part(0x80 | TIPC, AF_TIPC, [
            tipc(socket.SOCK_RDM, 7, 16781313, 3141592653, 900),
            tipc(socket.SOCK_STREAM, 1, 16781313, 42, 901, peer=(16781314, 43), rq=5),
            tipc(socket.SOCK_SEQPACKET, 10, 16781313, 44, 902),
        ]),
        part(0x80 | XDP, AF_XDP, [
            xdp(1000, ifindex=1, queue=3, rmem=256),
            xdp(1001),
        ]),
    ]
    body = b"".join(parts)
    end = b"sockview" + struct.pack("=IIQHHI", 1, len(parts), len(body), 32768, 60999, 0)
    with open(sys.argv[1], "wb") as f:
        f.write(body + msg(end, 0, mtype=0x5356, flags=0))


main()
