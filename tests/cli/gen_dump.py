#!/usr/bin/env python3
"""gen_dump.py - write a synthetic ss -D dump file: one TCP IPv4 part
(seq 123456, as ss writes) of N socket messages and NLMSG_DONE, for
comparing sockview's --ss layout with ss reading the same file
(TCPDIAG_FILE). The first 70% have short cells, the rest wider ones, so
that the widths of ss's print batches differ.

Usage: gen_dump.py FILE N"""
import struct
import sys

STATES = [1, 2, 4, 5, 6, 8, 9, 10, 11]  # no SYN-RECV and CLOSE (never listed)


def msg(i, n):
    wide = i >= n * 7 // 10
    state = STATES[i % len(STATES)]
    if wide:
        src = bytes([192, 168, 100 + i % 100, 100 + i % 156])
        dst = bytes([172, 16, i % 256, (i // 256) % 256])
        sport, dport = 1024 + i % 60000, 40000 + i % 20000
        rq, wq = (i * 7919) % 10_000_000, (i * 104729) % 100_000
    else:
        src, dst = bytes([10, 0, 0, 1 + i % 9]), bytes([10, 0, 1, 1 + i % 9])
        sport, dport = 22 + i % 9, 30000 + i % 9
        rq = wq = i % 10
    idmsg = struct.pack("=BBBB", 2, state, 0, 0)
    sockid = struct.pack(">HH", sport, dport) + src + bytes(12) + dst + bytes(12)
    sockid += struct.pack("=III", 0, i & 0xffffffff, 0)
    body = idmsg + sockid + struct.pack("=IIIII", 0, rq, wq, 0, 1000 + i)
    hdr = struct.pack("=IHHII", 16 + len(body), 20, 2, 123456, 0)
    return hdr + body


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    with open(path, "wb") as f:
        for i in range(n):
            f.write(msg(i, n))
        f.write(struct.pack("=IHHIIi", 20, 3, 2, 123456, 0, 0))


main()
