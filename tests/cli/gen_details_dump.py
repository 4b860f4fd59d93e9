#!/usr/bin/env python3
"""gen_details_dump.py - write a synthetic ss -D dump of TCP sockets that
carry every attribute ss prints details from (-o -e -m -i --tos --cgroup
--inet-sockopt), for comparing sockview --ss with ss reading the same file
(TCPDIAG_FILE) byte for byte.

Usage: gen_details_dump.py FILE N SEED MODE [CGROUP-ID]

MODE says how long each struct tcp_info is:
  ss61   232 bytes, ss 6.1's struct (ends at tcpi_snd_wnd): what ss 6.1
         prints can be compared byte for byte
  short  every length from 0 to 232 that ends a field, in turn: ss fills
         the rest with zeros (so prints reordering:0 where sockview prints
         no reordering, wscale:0,0 where the options came without the
         scales, rtt:X/0 and retrans:X/0 where sockview prints no
         item of which a part was not sent; the generator never sends those
         zeros here)
  full   280 bytes, Linux 6.18's struct (rcv_wnd, rehash... that ss 7.x
         prints and ss 6.1 does not)
Values are random (seeded), zero half of the time, so both the printed and
the omitted paths are taken; the timer is never 5 (delack: ss 6.1 says
"unknown") and the options never carry usec_ts (ss 6.1 does not know it),
except in mode full. CGROUP-ID is a cgroup v2 id that exists (the cgroup2
mount's root, say); the others are ids no cgroup has."""
import random
import struct
import sys

INET_DIAG = dict(MEMINFO=1, INFO=2, VEGASINFO=3, CONG=4, TOS=5, TCLASS=6,
                 SKMEMINFO=7, SHUTDOWN=8, DCTCPINFO=9, SKV6ONLY=11, MARK=15,
                 BBRINFO=16, CLASS_ID=17, CGROUP_ID=21, SOCKOPT=22)
STATES = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]  # TIME-WAIT separately (no attrs)

# struct tcp_info of Linux 6.18 after its 8 leading bytes: (name, format)
TCP_INFO = [
    ("rto", "I"), ("ato", "I"), ("snd_mss", "I"), ("rcv_mss", "I"),
    ("unacked", "I"), ("sacked", "I"), ("lost", "I"), ("retrans", "I"),
    ("fackets", "I"), ("last_data_sent", "I"), ("last_ack_sent", "I"),
    ("last_data_recv", "I"), ("last_ack_recv", "I"), ("pmtu", "I"),
    ("rcv_ssthresh", "I"), ("rtt", "I"), ("rttvar", "I"),
    ("snd_ssthresh", "I"), ("snd_cwnd", "I"), ("advmss", "I"),
    ("reordering", "I"), ("rcv_rtt", "I"), ("rcv_space", "I"),
    ("total_retrans", "I"), ("pacing_rate", "Q"), ("max_pacing_rate", "Q"),
    ("bytes_acked", "Q"), ("bytes_received", "Q"), ("segs_out", "I"),
    ("segs_in", "I"), ("notsent_bytes", "I"), ("min_rtt", "I"),
    ("data_segs_in", "I"), ("data_segs_out", "I"), ("delivery_rate", "Q"),
    ("busy_time", "Q"), ("rwnd_limited", "Q"), ("sndbuf_limited", "Q"),
    ("delivered", "I"), ("delivered_ce", "I"), ("bytes_sent", "Q"),
    ("bytes_retrans", "Q"), ("dsack_dups", "I"), ("reord_seen", "I"),
    ("rcv_ooopack", "I"), ("snd_wnd", "I"), ("rcv_wnd", "I"),
    ("rehash", "I"), ("total_rto", "H"), ("total_rto_recoveries", "H"),
    ("total_rto_time", "I"), ("received_ce", "I"),
    ("delivered_e1_bytes", "I"), ("delivered_e0_bytes", "I"),
    ("delivered_ce_bytes", "I"), ("received_e1_bytes", "I"),
    ("received_e0_bytes", "I"), ("received_ce_bytes", "I"), ("ecn", "I"),
]


# The lengths of a tcp_info cut between two fields, up to ss 6.1's 232: a
# field cut in two is absent to sockview and half there to ss.
BOUNDS = [0, 1, 2, 3, 4, 5, 6, 7, 8]
for _name, _fmt in TCP_INFO:
    BOUNDS.append(BOUNDS[-1] + struct.calcsize(_fmt))
BOUNDS = [b for b in BOUNDS if b <= 232]


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, INET_DIAG[kind]) + payload + bytes(-n % 4)


def maybe(r, value):
    """value half of the time, else 0."""
    return value if r.random() < 0.5 else 0


def number(r, fmt):
    big = r.choice([10, 1000, 100000, 10**7, 2**31, 2**32 - 1])
    if fmt == "Q":
        big = r.choice([10, 10**6, 10**10, 2**53, 2**64 - 1])
    elif fmt == "H":
        big = 65535
    return maybe(r, r.randint(1, big))


def tcp_info(r, mode):
    options = r.choice([0, 1, 2, 3, 4, 7, 15, 31, 63, 0x9f])
    if mode == "full" and r.random() < 0.3:
        options |= 0x40
    head = struct.pack("=8B", r.randint(1, 11), r.randint(0, 4),
                       maybe(r, r.randint(1, 9)), maybe(r, r.randint(1, 9)),
                       maybe(r, r.randint(1, 9)), options,
                       # (never 0,0 in mode short: there "wscale:0,0" means
                       # "options sent, scales not")
                       r.randint(mode == "short", 14) | r.randint(0, 14) << 4,
                       r.randint(0, 1) | r.randint(0, 3) << 1)
    vals = {name: number(r, fmt) for name, fmt in TCP_INFO}
    # values ss treats specially, and realistic ones
    vals["rto"] = r.choice([0, 3000000, 201000, 1234567, vals["rto"]])
    vals["rtt"] = r.choice([0, 14, 5401, 999999, 1000000, 1234567, vals["rtt"]])
    vals["rttvar"] = r.choice([10, 10731, vals["rttvar"] or 1] + ([] if mode == "short" else [0]))
    if mode == "short":  # so that ss's "retrans:R/0" means "not sent"
        vals["total_retrans"] = vals["total_retrans"] or 1
    # (never 0 in mode short: there "reordering:0" means "not sent")
    vals["reordering"] = r.choice([3, 3, 4, 300] + ([] if mode == "short" else [0]))
    vals["snd_ssthresh"] = r.choice([0, 7, 0xFFFE, 0xFFFF, 0x7FFFFFFF])
    vals["min_rtt"] = r.choice([0, 14, 0xFFFFFFFF, vals["min_rtt"]])
    vals["pacing_rate"] = r.choice([0, 2**64 - 1, 125000, vals["pacing_rate"]])
    vals["max_pacing_rate"] = r.choice([0, 2**64 - 1, vals["max_pacing_rate"]])
    vals["snd_mss"] = r.choice([0, 1448, 65483, 2**31 + 5, vals["snd_mss"]])
    vals["snd_cwnd"] = r.choice([0, 10, vals["snd_cwnd"]])
    if vals["busy_time"]:
        vals["rwnd_limited"] = maybe(r, r.randint(1, vals["busy_time"]))
    body = b"".join(struct.pack("=" + fmt, vals[name]) for name, fmt in TCP_INFO)
    info = head + body
    assert len(info) == 280
    return info


def ca_block(r):
    kind = r.choice(["none", "bbr", "dctcp", "vegas"])
    if kind == "bbr":
        bw = r.choice([0, 1, 999, 125000, 10**9, 2**40, 2**63])
        return attr("BBRINFO", struct.pack("=5I", bw & 0xFFFFFFFF, bw >> 32,
                                           r.choice([0, 14, 1234567]),
                                           r.choice([0, 256, 739, 192, 320]),
                                           r.choice([0, 512, 739])))
    if kind == "dctcp":
        return attr("DCTCPINFO", struct.pack("=HHIII", r.randint(0, 1),
                                             r.randint(0, 1), r.randint(0, 1024),
                                             number(r, "I"), number(r, "I")))
    if kind == "vegas":
        return attr("VEGASINFO", struct.pack("=4I", r.randint(0, 1), number(r, "I"),
                                             r.choice([0, 0x7FFFFFFF, 3000, 7]),
                                             number(r, "I")))
    return b""


def attrs(r, i, family, mode, cgroup):
    a = b""
    if family == 10:
        a += attr("SKV6ONLY", bytes([r.randint(0, 1)]))
    a += attr("SHUTDOWN", bytes([r.randint(0, 3)]))
    if r.random() < 0.3:
        a += attr("MARK", struct.pack("=I", r.choice([1, 0xdead, 2**32 - 1])))
    a += attr("CGROUP_ID", struct.pack("=Q", r.choice([cgroup, cgroup, 0, 0x1234567])))
    a += attr("SOCKOPT", struct.pack("=BB", r.randint(0, 255), r.randint(0, 7)))
    a += attr("TOS", bytes([r.choice([0, 0x10, 0xb8])]))
    if family == 10:
        a += attr("TCLASS", bytes([r.choice([0, 0x20])]))
    a += attr("CLASS_ID", struct.pack("=I", r.choice([0, 0x10001, 7])))
    words = r.choice([7, 8, 9, 9, 9])
    a += attr("SKMEMINFO", struct.pack("=%dI" % words,
                                       *[number(r, "I") for _ in range(words)]))
    if mode == "short":
        info = tcp_info(r, mode)[:BOUNDS[i % len(BOUNDS)]]
    else:
        info = tcp_info(r, mode)[:232 if mode == "ss61" else 280]
    a += attr("INFO", info)
    cong = r.choice([b"cubic\0", b"bbr\0", b"reno\0", b"dctcp\0", b"x" * 15 + b"\0"])
    a += attr("CONG", cong)
    return a + ca_block(r)


def msg(r, i, mode, cgroup):
    family = 10 if i % 4 == 3 else 2
    state = STATES[i % len(STATES)]
    timer = r.choice([0, 0, 1, 2, 3, 4])
    if mode == "full" and r.random() < 0.2:
        timer = r.choice([5, 6, 200])
    expires = r.choice([0, 3, 999, 1000, 1500, 9373, 10000, 10500, 59999, 60000,
                        61500, 599999, 600000, 7199832, 2**32 - 1])
    if family == 2:
        src = bytes([10, 0, i % 250, 1 + i % 200]) + bytes(12)
        dst = bytes([10, 1, i % 250, 1 + i % 200]) + bytes(12)
    else:
        src = bytes([0xfd, 0] + [0] * 12 + [i % 256, 1])
        dst = bytes([0xfd, 1] + [0] * 12 + [i % 256, 2])
    idmsg = struct.pack("=BBBB", family, state, timer, r.randint(0, 255))
    sockid = struct.pack(">HH", 1024 + i % 60000, 40000 + i % 20000) + src + dst
    sockid += struct.pack("=III", 0, r.randint(0, 2**32 - 1), r.randint(0, 2**32 - 1))
    body = idmsg + sockid + struct.pack("=IIIII", expires, r.randint(0, 5000),
                                        r.randint(0, 5000),
                                        r.choice([0, 0, 1000, 65534]),
                                        r.randint(1, 2**32 - 1))
    body += attrs(r, i, family, mode, cgroup)
    return struct.pack("=IHHII", 16 + len(body), 20, 2, 123456, 0) + body


def main():
    path, n, seed, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    cgroup = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    if mode not in ("ss61", "short", "full"):
        sys.exit("mode: ss61, short or full")
    r = random.Random(seed)
    with open(path, "wb") as f:
        for i in range(n):
            f.write(msg(r, i, mode, cgroup))
        f.write(struct.pack("=IHHIIi", 20, 3, 2, 123456, 0, 0))


main()
