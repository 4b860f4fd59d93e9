#!/usr/bin/env python3
"""details.py - the socket details (-o -e -m -i --tos --cgroup
--inet-sockopt -O) of live connections that carried traffic, against ss.

Usage: details.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace. It makes its own
sockets on 127.0.0.8 and ::1, ports 7700-7703: a connection that carried a
megabyte each way (keepalive, TOS 0x10, socket options), one half-closed
(FIN-WAIT-2 / CLOSE-WAIT), one with another congestion control (reno) and a
mark (0x2a), one whose client belongs to uid 65534, an IPv6 one (v6only
listener, traffic class 0x20), one whose receiver reads nothing (the
sender's persist timer), a TIME-WAIT entry, a connected UDP socket. Then
ss, sockview, ss again, and each socket's details are compared item by
item: an item ss shows the same twice must be sockview's exactly, one that
moved (lastsnd, a timer's expiry...) must lie between ss's two values;
items that come and go may be either; the persist timer's probe count may
be one more (a probe in flight). Items ss 7.x added and ss 6.1 lacks
(rcv_wnd, rehash, usec_ts) are set aside, after checking that the kernel's
6.18 tcp_info brings rcv_wnd. This for --ss with all the options and with
each alone, for sockview's own layout (details after its columns, timers
as ss 7.x writes them) and -O; the JSON members the same way against ss's
text, converted to ss's units (rtt_us / 1000, rates x 8...), and against
the schema (tests/json/validate.py); and that the kernel is asked only for
what the options need (a -D recording with -e holds no tcp_info).
Writes "PASSED FAILED" to COUNTS-FILE.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import checks as C

A4, A6 = "127.0.0.8", "::1"
P_MAIN, P_V6, P_PERSIST, P_UDP = 7700, 7701, 7702, 7703
FILTER = ["(", "sport", "=", ":7700", "or", "dport", "=", ":7700", "or",
          "sport", "=", ":7701", "or", "dport", "=", ":7701", "or",
          "sport", "=", ":7702", "or", "dport", "=", ":7702", "or",
          "sport", "=", ":7703", ")"]
ALL = ["-e", "-o", "-m", "-i", "--tos", "--cgroup", "--inet-sockopt"]
SS7_ONLY = ("rcv_wnd", "rehash", "usec_ts")
IP_RECVERR = 11
IP_FREEBIND = 15
IP_BIND_ADDRESS_NO_PORT = 24
TCP_CONGESTION = 13
SO_MARK = 36
NOBODY = 65534
MARK = 0x2a
ELAPSED = [1000]


# ------------------------------------------------------------- the sockets

def pair(family, addr, port, listener=None, client_opts=(), cong=None, owner=None):
    """A connected pair to listener (made when None): (listener, client,
    server); the client made with effective uid owner when not None."""
    if listener is None:
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        else:
            listener.setsockopt(socket.IPPROTO_IP, IP_FREEBIND, 1)
        listener.bind((addr, port))
        listener.listen(16)
    if owner is not None:
        os.seteuid(owner)
    try:
        c = socket.socket(family, socket.SOCK_STREAM)
    finally:
        os.seteuid(0)
    for level, opt, val in client_opts:
        c.setsockopt(level, opt, val)
    if cong:
        c.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, cong.encode())
    c.connect((addr, port))
    s, _ = listener.accept()
    return listener, c, s


def traffic(a, b, n=1 << 20):
    """n bytes each way, read to the end."""
    data = b"x" * 65536
    for x, y in ((a, b), (b, a)):
        sent = got = 0
        x.setblocking(False)
        while got < n:
            if sent < n:
                try:
                    sent += x.send(data[:min(len(data), n - sent)])
                except BlockingIOError:
                    pass
            y.settimeout(1)
            got += len(y.recv(1 << 20))
        x.setblocking(True)


def build():
    """Every socket of the checks (kept referenced: they stay open)."""
    keep = []
    l4, c, s = pair(socket.AF_INET, A4, P_MAIN, client_opts=[
        (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1),
        (socket.IPPROTO_IP, socket.IP_TOS, 0x10),
        (socket.IPPROTO_IP, IP_RECVERR, 1)])
    traffic(c, s)
    keep += [l4, c, s]
    _, c2, s2 = pair(socket.AF_INET, A4, P_MAIN, listener=l4)
    traffic(c2, s2, 5000)
    c2.shutdown(socket.SHUT_WR)
    keep += [c2, s2]
    _, c3, s3 = pair(socket.AF_INET, A4, P_MAIN, listener=l4, cong="reno",
                     client_opts=[(socket.SOL_SOCKET, SO_MARK, MARK)])
    traffic(c3, s3, 100000)
    keep += [c3, s3]
    _, c5, s5 = pair(socket.AF_INET, A4, P_MAIN, listener=l4, owner=NOBODY)
    traffic(c5, s5, 3000)
    keep += [c5, s5]
    _, c4, s4 = pair(socket.AF_INET, A4, P_MAIN, listener=l4)
    c4.close()  # the client closes first: TIME-WAIT
    s4.recv(10)
    s4.close()
    l6, c6, s6 = pair(socket.AF_INET6, A6, P_V6, client_opts=[
        (socket.IPPROTO_IPV6, socket.IPV6_TCLASS, 0x20)])
    traffic(c6, s6, 200000)
    keep += [l6, c6, s6]
    # a receiver that reads nothing, with a small buffer: the sender probes
    # a zero window (persist timer)
    lp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lp.bind((A4, P_PERSIST))
    lp.listen(1)
    cp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    cp.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
    cp.connect((A4, P_PERSIST))
    sp, _ = lp.accept()
    cp.setblocking(False)
    for _ in range(2000):
        try:
            cp.send(b"y" * 65536)
        except BlockingIOError:
            break
    keep += [lp, cp, sp]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((A4, P_UDP))
    u.connect((A4, 9))
    keep.append(u)
    time.sleep(0.5)  # acks and timers settle
    return keep


# ------------------------------------------------------------- the texts

def sockets(text):
    """ss's text -> {"local peer": details text} (continuation lines joined
    with their tab), and the order of the keys."""
    out, order, key = {}, [], None
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line.startswith("\t"):
            out[key] += "\n" + line.rstrip(" ")
            continue
        f = line.split()
        if f[0] in ("State", "Netid"):
            continue
        key = f[3] + " " + f[4]
        m = re.search(r" (timer:|uid:|ino:|tos:|cgroup:|inet-sockopt:)", line)
        out[key] = line[m.start():].rstrip(" ") if m else ""
        order.append(key)
    return out, order


def ms_of(t):
    """A timer's expiry text (ss 6.1's or 7.x's) in milliseconds."""
    m = re.fullmatch(r"(?:(\d+)min)?(?:(\d+)(?:\.(\d{3})(?:ms|sec)|sec))?(?:(\d{3})ms)?", t)
    if not m:
        return None
    mins, secs, frac, ms = (int(x) if x else 0 for x in m.groups())
    return mins * 60000 + secs * 1000 + frac + ms


def items(text):
    """A socket's details -> {item: value text}."""
    d = {}
    m = re.search(r"inet-sockopt: \(([^)]*)\)", text)
    if m:
        d["inet-sockopt"] = m.group(1).strip()
        text = text[:m.start()] + text[m.end():]
    words = text.split()
    i = 0
    while i < len(words):
        w = words[i]
        i += 1
        if w in ("send", "pacing_rate", "delivery_rate") and i < len(words):
            d[w] = words[i]
            i += 1
            continue
        if w in ("<->", "-->", "<--", "---"):
            d["shutdown"] = w
            continue
        k, sep, v = w.partition(":")
        if not sep:
            d["word:" + w] = ""
            continue
        if v.startswith("(") and v.endswith(")"):
            parts = v[1:-1].split(",")
            if k == "timer":
                d["timer.name"], d["timer.expires"], d["timer.retrans"] = parts
            else:
                for p in parts:
                    pk, psep, pv = p.partition(":")
                    if not psep:  # skmem: r0, rb131072
                        mm = re.fullmatch(r"([a-z]+)(\d+)", p)
                        pk, pv = (mm.group(1), mm.group(2)) if mm else (p, "")
                    d["%s.%s" % (k, pk)] = pv
            continue
        if k == "cgroup" and k in d:
            k = "cgroup2"
        if k == "rtt" and "/" in v:
            d["rttvar"] = v.split("/", 1)[1]
        d[k] = v
    return d


def number(v):
    m = re.match(r"-?[\d.]+(?:e[+-]\d+)?", v or "")
    return float(m.group(0)) if m else None


# Items that can go down as well as up between two runs: the times since
# the last segment (an ACK of a window probe resets them), a timer's expiry
# (a persist timer backs off)
RESETS = ("lastsnd", "lastrcv", "lastack", "timer.expires")


def moved_ok(k, v, a, b, elapsed_ms):
    """Is v (sockview's) right for an item ss showed as a, then b?"""
    lo, hi = sorted((a, b))
    if None in (lo, hi, v):
        return False
    if k == "timer.expires":
        return 0 <= v <= 2 * hi + 1000
    if k in RESETS:
        return 0 <= v <= hi + elapsed_ms
    return lo <= v <= hi


def probe_ok(k, v, a, b):
    """A persist timer's count of zero window probes includes the one in
    flight: on loopback its ACK comes back within microseconds and the
    count falls back, so a run can see one more than ss's two runs did
    (the sending side of the connection that never reads: the only
    socket not quiet during the comparisons)."""
    if k != "timer.retrans" or a.get("timer.name") != "persist":
        return False
    x, y = number(a[k]), number(b[k])
    return None not in (v, x, y) and min(x, y) <= v <= max(x, y) + 1


def compare(name, ss1, sv, ss2, fixed_timer=False, elapsed_ms=1000):
    """Every socket of ss's first run, item by item (see the module's
    doc). Returns the problems."""
    probs = []
    for key in ss1:
        if key not in sv or key not in ss2:
            if key in ss2:
                probs.append("%s: %s missing" % (name, key))
            continue
        a, b, s = items(ss1[key]), items(ss2[key]), items(sv[key])
        for k in SS7_ONLY:
            s.pop(k, None)
            s.pop("word:" + k, None)
        for k in set(a) | set(b) | set(s):
            if k in a and k in b and k not in s:
                probs.append("%s %s: no %s (ss: %s)" % (name, key, k, a[k]))
            elif k in s and k not in a and k not in b:
                probs.append("%s %s: %s:%s, ss has none" % (name, key, k, s[k]))
            elif k in s and k in a and k in b:
                if a[k] == b[k] == s[k] or probe_ok(k, number(s[k]), a, b):
                    continue
                if k == "timer.expires" and a[k] == b[k] and fixed_timer:
                    ok = ms_of(s[k]) == ms_of(a[k]) # 1.500sec for 1.500ms
                elif a[k] == b[k]:
                    ok = False
                elif k == "timer.expires":
                    ok = moved_ok(k, ms_of(s[k]), ms_of(a[k]), ms_of(b[k]), elapsed_ms)
                else:
                    ok = moved_ok(k, number(s[k]), number(a[k]), number(b[k]), elapsed_ms)
                if not ok:
                    probs.append("%s %s: %s %s, ss %s then %s" % (name, key, k, s[k], a[k], b[k]))
    return probs


def three(sv_args, ss_args):
    """ss, sockview, ss (and how long that took, in ELAPSED[0])."""
    t0 = time.monotonic()
    r1, o1, e1 = C.ss(ss_args + FILTER)
    r2, o2, e2 = C.sv(sv_args + FILTER)
    r3, o3, e3 = C.ss(ss_args + FILTER)
    ELAPSED[0] = int((time.monotonic() - t0) * 1000) + 1
    probs = []
    if r1 or r3:
        probs.append("ss failed: %s" % (e1 or e3).strip())
    if r2 or e2:
        probs.append("sockview: exit %d, stderr %r" % (r2, e2.strip()))
    return o1, o2, o3, probs


# ------------------------------------------------------------- the checks

def check_ss_layout(args, label, want_items):
    o1, o2, o3, probs = three(["--ss"] + args, args)
    ss1, order1 = sockets(o1)
    sv, order = sockets(o2)
    ss2, _ = sockets(o3)
    probs += compare("--ss", ss1, sv, ss2, elapsed_ms=ELAPSED[0])
    everything = "\n".join(sv.values())
    for w in want_items:
        if w not in everything:
            probs.append("no %r anywhere: the sockets do not show what the check is for" % w)
    if len(ss1) < 10:
        probs.append("only %d sockets" % len(ss1))
    C.report("%s: %d sockets, item by item as ss (%s)" % (label, len(ss1), " ".join(args)),
             probs)
    return sv


def check_own_layout(args):
    o1, o2, o3, probs = three(args, args)
    ss1, _ = sockets(o1)
    ss2, _ = sockets(o3)
    lines = o2.rstrip("\n").split("\n")[1:]
    sv = {}
    key = None
    for line in lines:
        if line.startswith("\t"):
            sv[key] += "\n" + line
            continue
        f = line.split()
        key = f[3] + " " + f[4]
        # the details start after Service: the 8th field (State, Recv-Q,
        # Send-Q, local, peer, Role, Class, Service)
        m = re.match(r"(\S+\s+){8}", line)
        sv[key] = " " + line[m.end():] if m and len(f) > 8 else ""
        if len(f) < 8:
            probs.append("a row of %d fields: %r" % (len(f), line))
    probs += compare("sockview", ss1, sv, ss2, fixed_timer=True, elapsed_ms=ELAPSED[0])
    C.report("sockview's layout (%s): %d sockets, the details after the Service column, "
             "item by item as ss" % (" ".join(args), len(ss1)), probs)


def check_oneline():
    r, out, err = C.sv(["-tnaO"] + ALL + FILTER)
    r2, plain, _ = C.sv(["-tna"] + FILTER)
    probs = []
    if r or err:
        probs.append("exit %d %r" % (r, err))
    if len(C.lines_of(out)) != len(C.lines_of(plain)):
        probs.append("%d lines with -O, %d rows without details" %
                     (len(C.lines_of(out)), len(C.lines_of(plain))))
    if "\t" in out:
        probs.append("a tab with -O")
    C.report("-O: one line per socket (%d)" % (len(C.lines_of(plain)) - 1), probs)


def timer_gran(t):
    """How much ss 6.1's text of a timer's expiry leaves out, in ms (it
    drops the seconds past 9 minutes, the milliseconds past 9 seconds)."""
    m = re.match(r"(?:(\d+)min)?(?:(\d+)(?:\.|sec))?", t)
    mins, secs = (int(x) if x else 0 for x in m.groups())
    if mins > 9:
        return 60000
    return 1000 if mins or secs > 9 else 1


SOCKOPT_WORDS = {"bind_address_no_port": "bind_addr_no_port"}


def ti(name, scale=1, floor=False):
    """A tcp_info member in ss's unit (scale: how many of the member's units
    make one of ss's; floor: ss drops the fraction)."""
    def get(r):
        v = r["tcp_info"][name]
        return v // scale if floor else v / scale
    return get


# Numeric items: (ss's item, the JSON value in ss's unit). ss's text of an
# item that did not move between its two runs must be sockview's value as
# ss writes numbers (%g: 6 significant digits); one that moved must lie
# between (the times since the last segment and the timers: see moved_ok)
NUMERIC = [
    ("ino", lambda r: r["inode"]), ("uid", lambda r: r["uid"]),
    ("mss", ti("snd_mss_bytes")), ("advmss", ti("advmss_bytes")),
    ("rcvmss", ti("rcv_mss_bytes")), ("pmtu", ti("pmtu_bytes")),
    ("cwnd", ti("snd_cwnd")), ("rto", ti("rto_us", 1000)),
    ("ato", ti("ato_us", 1000)), ("rtt", ti("rtt_us", 1000)),
    ("rttvar", ti("rttvar_us", 1000)),
    ("minrtt", ti("min_rtt_us", 1000)), ("rcv_rtt", ti("rcv_rtt_us", 1000)),
    ("backoff", ti("backoff")),
    ("bytes_sent", ti("bytes_sent")), ("bytes_acked", ti("bytes_acked")),
    ("bytes_received", ti("bytes_received")), ("segs_out", ti("segs_out")),
    ("segs_in", ti("segs_in")), ("data_segs_out", ti("data_segs_out")),
    ("data_segs_in", ti("data_segs_in")), ("delivered", ti("delivered")),
    ("notsent", ti("notsent_bytes")), ("rcv_space", ti("rcv_space_bytes")),
    ("rcv_ssthresh", ti("rcv_ssthresh_bytes")), ("snd_wnd", ti("snd_wnd_bytes")),
    ("lastsnd", ti("last_data_sent_ms")), ("lastrcv", ti("last_data_recv_ms")),
    ("lastack", ti("last_ack_recv_ms")), ("busy", ti("busy_time_us", 1000, True)),
    ("pacing_rate", lambda r: r["tcp_info"]["pacing_rate_bytes_per_sec"] * 8),
    ("delivery_rate", lambda r: r["tcp_info"]["delivery_rate_bytes_per_sec"] * 8),
    ("skmem.r", lambda r: r["skmem"]["rmem_alloc"]),
    ("skmem.rb", lambda r: r["skmem"]["rcvbuf"]),
    ("skmem.t", lambda r: r["skmem"]["wmem_alloc"]),
    ("skmem.tb", lambda r: r["skmem"]["sndbuf"]),
    ("skmem.f", lambda r: r["skmem"]["fwd_alloc"]),
    ("skmem.w", lambda r: r["skmem"]["wmem_queued"]),
    ("skmem.o", lambda r: r["skmem"]["optmem"]),
    ("skmem.bl", lambda r: r["skmem"]["backlog"]),
    ("skmem.d", lambda r: r["skmem"]["drops"]),
    ("timer.expires", lambda r: r["timer"]["expires_ms"]),
    ("timer.retrans", lambda r: r["timer"]["retrans"]),
]

# Items as text: (ss's item, sockview's JSON value as ss writes it)
TEXTUAL = [
    ("sk", lambda r: r["cookie"]),
    ("tos", lambda r: "0" if r["tos"] == 0 else hex(r["tos"])),
    ("tclass", lambda r: "0" if r["tclass"] == 0 else hex(r["tclass"])),
    ("class_id", lambda r: "0" if r["class_id"] == 0 else hex(r["class_id"])),
    ("fwmark", lambda r: hex(r["mark"])),
    ("v6only", lambda r: "1" if r["v6only"] else "0"),
    ("wscale", lambda r: "%d,%d" % (r["tcp_info"]["snd_wscale"],
                                    r["tcp_info"]["rcv_wscale"])),
    ("timer.name", lambda r: r["timer"]["name"]),
    ("shutdown", lambda r: "%s-%s" % ("-" if r["shutdown"]["read"] else "<",
                                      "-" if r["shutdown"]["write"] else ">")),
    ("cgroup", lambda r: r["cgroup"]),
    ("inet-sockopt", lambda r: " ".join(SOCKOPT_WORDS.get(k, k)
                                        for k, on in r["sockopt"].items() if on)),
]


def json_value_ok(k, v, a, b, elapsed_ms):
    """Is v (a JSON number in ss's unit) right for ss's texts a, then b?"""
    if k == "timer.expires":
        lo, hi = ms_of(a), ms_of(b)
        if a == b:
            return lo <= v <= lo + timer_gran(a)
        return moved_ok(k, v, lo, hi, elapsed_ms)
    x, y = number(a), number(b)
    if a == b:
        # ss writes %g (6 significant digits) or an integer
        return abs(v - x) <= max(1e-9, 5e-6 * abs(x))
    return moved_ok(k, v, x, y, elapsed_ms)


def json_key(r):
    la, pa = r["local"]["address"], r["peer"]["address"]
    fmt = "[%s]:%s" if r["family"] == "inet6" else "%s:%s"
    return (fmt % (la, r["local"]["port"] or "*")) + " " + \
        (fmt % (pa, r["peer"]["port"] or "*"))


def check_json_row(r, a, b, elapsed_ms, probs):
    """One socket's members against ss's two texts a, b; returns how many
    values were compared."""
    key, n = json_key(r), 0
    for k, get in TEXTUAL + NUMERIC:
        if k not in a or k not in b:
            continue
        if (k, get) in TEXTUAL and a[k] != b[k]:
            continue
        try:
            v = get(r)
        except (KeyError, TypeError) as e:
            probs.append("%s: no %s for ss's %s:%s" % (key, e, k, a[k]))
            continue
        n += 1
        if (k, get) in TEXTUAL:
            ok = v == a[k]
        elif probe_ok(k, v, a, b):
            ok = True
        else:
            ok = type(v) in (int, float) and json_value_ok(k, v, a[k], b[k], elapsed_ms)
        if not ok:
            probs.append("%s: %s %r in JSON, ss %s then %s" % (key, k, v, a[k], b[k]))
    cong = r.get("congestion")
    if cong is not None or any(w in a for w in ("word:reno", "word:cubic", "word:bbr")):
        n += 1
        if "word:%s" % cong not in a:
            probs.append("%s: congestion %r, ss %s" % (key, cong, ss_words(a)))
    if "fwmark" not in a and r.get("mark"):
        probs.append("%s: mark %r in JSON, ss shows no fwmark" % (key, r["mark"]))
    return n


def ss_words(a):
    return " ".join(k[5:] for k in a if k.startswith("word:"))


def check_json():
    """The members against ss's text (exactly where ss showed the same twice,
    between its two values where they moved), and the schema."""
    o1, o2, o3, probs = three(["-tna", "-j"] + ALL, ["-tna"] + ALL)
    elapsed = ELAPSED[0]
    ss1, _ = sockets(o1)
    ss2, _ = sockets(o3)
    try:
        rows = json.loads(o2)
    except ValueError as e:
        rows = []
        probs.append("not JSON: %s" % e)
    compared = rows_seen = 0
    for r in rows:
        key = json_key(r)
        if key not in ss1 or key not in ss2:
            continue
        rows_seen += 1
        compared += check_json_row(r, items(ss1[key]), items(ss2[key]), elapsed, probs)
    if rows_seen < 10 or compared < 300:
        probs.append("only %d values of %d sockets compared" % (compared, rows_seen))
    marks = [r for r in rows if r.get("mark") == MARK]
    if len(marks) != 1:
        probs.append("%d sockets with mark %d in JSON, want 1" % (len(marks), MARK))
    p = subprocess.run([sys.executable, os.path.join(C.HERE, "..", "json", "validate.py"),
                        "--details", "eomi,tos,cgroup,sockopt"], input=o2.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode:
        probs.append(p.stdout.decode().strip())
    C.report("JSON -eomi --tos --cgroup --inet-sockopt: %d values of %d sockets as ss "
             "shows them (units in the keys), schema 3" % (compared, rows_seen), probs)


def check_requests(tmp):
    """A recording holds the blocks its options asked for, and no other."""
    probs = []
    want = {"-e": ["ino:"], "-m": ["skmem:"], "-i": ["rtt:", "cwnd:"], "--tos": ["tos:"]}
    never = {"-e": ["skmem:", "rtt:", "tos:"], "-m": ["rtt:", "tos:"],
             "-i": ["skmem:", "tos:"], "--tos": ["skmem:", "rtt:"]}
    for opt in ("-e", "-m", "-i", "--tos"):
        f = os.path.join(tmp, "details%s.dump" % opt)
        r, out, err = C.sv(["-D", f, "-tna", opt] + FILTER)
        if r:
            probs.append("-D %s: exit %d %r" % (opt, r, err))
            continue
        r, out, err = C.sv(["--replay", f, "--ss", "-tna"] + ALL + FILTER)
        for w in want[opt]:
            if w not in out:
                probs.append("recorded with %s: no %s" % (opt, w))
        for w in never[opt]:
            if w in out:
                probs.append("recorded with %s: %s too (not asked for)" % (opt, w))
    C.report("the kernel is asked only for what the options need (-D with -e, -m, -i, "
             "--tos, replayed with every detail)", probs)


def check_udp():
    o1, o2, o3, probs = three(["--ss", "-una"] + ALL, ["-una"] + ALL)
    ss1, _ = sockets(o1)
    sv, _ = sockets(o2)
    ss2, _ = sockets(o3)
    probs += compare("udp", ss1, sv, ss2, elapsed_ms=ELAPSED[0])
    if len(ss1) != 1 or "skmem:" not in o2 or "\n\t skmem" not in o2:
        probs.append("want one UDP socket with skmem on its line: %r" % o2[-300:])
    if "rtt:" in o2:
        probs.append("-i gave UDP a line of TCP internals")
    # the same in JSON: the members against ss's text, no TCP members
    o1, o2, o3, jprobs = three(["-una", "-j"] + ALL, ["-una"] + ALL)
    probs += jprobs
    ss1, _ = sockets(o1)
    ss2, _ = sockets(o3)
    try:
        rows = json.loads(o2)
    except ValueError as e:
        rows = []
        probs.append("not JSON: %s" % e)
    compared = 0
    for r in rows:
        key = json_key(r)
        if key in ss1 and key in ss2:
            compared += check_json_row(r, items(ss1[key]), items(ss2[key]), ELAPSED[0], probs)
        for k in ("tcp_info", "congestion", "timer"):
            if k in r:
                probs.append("%s: %s in JSON for UDP" % (key, k))
    if len(rows) != 1 or compared < 15:
        probs.append("%d UDP rows in JSON, %d values compared" % (len(rows), compared))
    C.report("UDP -eomi --tos --cgroup --inet-sockopt: as ss, text and JSON (%d values)"
             % compared, probs)


def main():
    C.SV = sys.argv[1]
    C.COUNTS = sys.argv[3]
    tmp = tempfile.mkdtemp(prefix="sockview-details.")
    keep = build()
    sv = check_ss_layout(["-tna"] + ALL, "--ss -tna -eomi --tos --cgroup --inet-sockopt",
                         ["timer:(keepalive,", "timer:(persist,", "timer:(timewait,",
                          "<->", "-->", "<--", "v6only:1", "tos:0x10", "tclass:0x20",
                          "class_id:", "cgroup:/", "recverr", "freebind",
                          "fwmark:0x%x" % MARK, "uid:%d" % NOBODY,
                          "bind_addr_no_port", "skmem:(", " reno ", "rtt:",
                          "bytes_acked:", "delivery_rate", "pacing_rate"])
    # tcpi_rcv_wnd came with Linux 6.2: sent by it and later, never before
    rcv_wnd = sum("rcv_wnd:" in t for t in sv.values())
    release = tuple(int(x) for x in re.findall(r"\d+", os.uname().release)[:2])
    has = release >= (6, 2)
    C.report("Linux %s's tcp_info %s ss 7.x's rcv_wnd (%d sockets)" %
             (os.uname().release, "brings" if has else "lacks", rcv_wnd),
             [] if (rcv_wnd >= 6 if has else rcv_wnd == 0) else
             ["rcv_wnd on %d sockets" % rcv_wnd])
    for opt, want in (("-e", ["uid:%d" % NOBODY, "ino:", "sk:", "v6only:1", "-->",
                              "fwmark:0x%x" % MARK, "timer:(keepalive,"]),
                      ("-o", ["timer:(keepalive,", "timer:(timewait,", "timer:(persist,"]),
                      ("-m", ["skmem:("]), ("-i", ["rtt:", "bytes_acked:", " reno "]),
                      ("--tos", ["tos:0x10", "tclass:0x20"]), ("--cgroup", ["cgroup:/"]),
                      ("--inet-sockopt", ["recverr", "freebind", "bind_addr_no_port"])):
        check_ss_layout(["-tna", opt], "--ss -tna %s" % opt, want)
    check_ss_layout(["-tnaO"] + ALL, "--ss -tnaO", ["inet-sockopt: ("])
    check_own_layout(["-tna"] + ALL)
    check_oneline()
    check_json()
    check_requests(tmp)
    check_udp()
    for s in keep:
        s.close()
    subprocess.run(["rm", "-rf", tmp])
    with open(C.COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


if __name__ == "__main__":
    main()
