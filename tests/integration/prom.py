#!/usr/bin/env python3
"""prom.py - --format=prom and -s -j on real sockets, in a network namespace
of its own (unshare -n): the same sockets give the same numbers in the
table, the JSON and the Prometheus output, and -s -j agrees with -s.

Usage: prom.py SOCKVIEW MANIFEST COUNTS-FILE

The namespace: ip_local_port_range 40000-40199 with 40100-40109 reserved
(190 ports); on loopback a listener on 127.0.0.1:7100 (backlog 8) with 3
clients accepted, one of them closed by its client (TIME-WAIT); one on
7200 (backlog 1) that never accepts, with 2 clients waiting (its queue
full); two on [::1]:7300 sharing the port (SO_REUSEPORT); 20 clients of a
listener on 7400; a UDP server on 127.0.0.1:5353 and a connected client.

The checks:
  same numbers  -tuan --format=prom --prom-ports=7200,7300 against -tuan -j
                and -Htuan: sockets by netid, state and class, listeners by
                netid and class, each asked listener's queue, backlog and
                fill (the two on 7300 summed), the full listeners and the
                fullest fill, the range's ports, the ports in use, the
                fullest destination (7400's 20) and its ratio; each series
                once, none per socket
  promtool      promtool check metrics accepts the output (missing promtool:
                a failure with CI=true, a visible skip otherwise)
  counters      the six counters of `sockview why`, each between the
                kernel's values read before and after
  -s -j         valid (validate.py --summary), ss's numbers as -s prints
                them (but Total:, which counts the netlink sockets of the
                run before until the kernel frees them), sockview's own as
                its text after them and as a -tuan -j listing counts them
  --ss -s       exactly ss -s
"""
import collections
import json
import os
import re
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns as common  # noqa: E402  (report, run, write_counts, main_in_namespace)

VALIDATE = os.path.join(HERE, "..", "json", "validate.py")
LO, HI, RESERVED = 40000, 40199, (40100, 40109)
COUNTERS = {
    "sockview_tcp_listen_overflows_total": "TcpExt.ListenOverflows",
    "sockview_tcp_listen_drops_total": "TcpExt.ListenDrops",
    "sockview_tcp_syn_queue_full_drops_total": "TcpExt.TCPReqQFullDrop",
    "sockview_tcp_syn_queue_full_syncookies_total": "TcpExt.TCPReqQFullDoCookies",
    "sockview_tcp_out_resets_total": "Tcp.OutRsts",
    "sockview_tcp_attempt_fails_total": "Tcp.AttemptFails",
}


def sysctl(name, value):
    with open("/proc/sys/net/ipv4/" + name, "w") as f:
        f.write(value)


def listener(fam, addr, port, backlog, reuse=False):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def population(keep):
    """The sockets of the docstring, kept open in keep."""
    a = listener(socket.AF_INET, "127.0.0.1", 7100, 8)
    keep.append(a)
    for i in range(3):
        c = socket.create_connection(("127.0.0.1", 7100))
        s, _ = a.accept()
        if i == 0:
            c.close()  # the client closes first: its end in TIME-WAIT
            s.close()
        else:
            keep += [c, s]
    b = listener(socket.AF_INET, "127.0.0.1", 7200, 1)
    keep.append(b)
    keep += [socket.create_connection(("127.0.0.1", 7200)) for _ in range(2)]
    keep += [listener(socket.AF_INET6, "::1", 7300, 16, reuse=True) for _ in range(2)]
    d = listener(socket.AF_INET, "127.0.0.1", 7400, 64)
    keep.append(d)
    for _ in range(20):
        keep.append(socket.create_connection(("127.0.0.1", 7400)))
        keep.append(d.accept()[0])
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 5353))
    uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    uc.connect(("127.0.0.1", 5353))
    keep += [u, uc]


def netstat():
    """TcpExt.* and Tcp.* of /proc/net/netstat and snmp."""
    out = {}
    for path in ("/proc/net/netstat", "/proc/net/snmp"):
        lines = open(path).read().splitlines()
        for names, values in zip(lines[::2], lines[1::2]):
            key = names.split(":")[0]
            for n, v in zip(names.split()[1:], values.split()[1:]):
                out[key + "." + n] = int(v)
    return out


def parse_prom(text):
    """{(name, ((label, value), ...)): value}, and problems: a sample before
    its TYPE, a series twice."""
    samples, probs, typed = {}, [], None
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            typed = line.split()[2]
            continue
        if line.startswith("#"):
            continue
        m = re.fullmatch(r'([a-z_]+)(?:\{(.*)\})? (\S+)', line)
        if not m or m.group(1) != typed:
            probs.append("a sample without its TYPE line: %r" % line)
            continue
        key = (m.group(1), tuple(re.findall(r'(\w+)="([^"]*)"', m.group(2) or "")))
        if key in samples:
            probs.append("a series twice: %r" % line)
        samples[key] = float(m.group(3))
    return samples, probs


def family(samples, name, *labels):
    """name's samples by the values of labels."""
    return {tuple(dict(l).get(k, "") for k in labels): v
            for (n, l), v in samples.items() if n == name}


def cls(r):
    return "ephemeral" if r.get("ephemeral") else r["port_class"]


def in_range(p):
    return LO <= p <= HI and not RESERVED[0] <= p <= RESERVED[1]


def same_numbers(sv):
    """The prom output against the JSON and the table of the same sockets."""
    before = netstat()
    rc, text, err = common.run([sv, "-tuan", "--format=prom", "--prom-ports=7200,7300"])
    after = netstat()
    rc2, js, err2 = common.run([sv, "-tuan", "-j"])
    rc3, table, err3 = common.run([sv, "-Htuan"])
    probs = ["exit %d %d %d, stderr %r %r %r" % (rc, rc2, rc3, err, err2, err3)
             ] if rc or rc2 or rc3 or err or err2 or err3 else []
    if probs:
        common.report("--format=prom, -j and the table of the same sockets", probs)
        return text, before, after
    samples, probs = parse_prom(text)
    rows = json.loads(js)
    want = collections.Counter((r["netid"], r["state"], cls(r)) for r in rows)
    got = family(samples, "sockview_sockets", "netid", "state", "class")
    if got != want:
        probs.append("sockets: prom %r, JSON %r" % (got, dict(want)))
    tab = collections.Counter((f[0], f[1], f[7]) for f in (l.split() for l in table.splitlines()))
    if tab != want:
        probs.append("sockets: table %r, JSON %r" % (dict(tab), dict(want)))
    lst = collections.Counter((r["netid"], cls(r)) for r in rows if r["role"] == "listen")
    got = family(samples, "sockview_listeners", "netid", "class")
    if got != lst:
        probs.append("listeners: prom %r, JSON %r" % (got, dict(lst)))
    # the asked listeners: 7200 (2 waiting of 1: full) and 7300 (two, summed)
    groups = collections.defaultdict(lambda: [0, 0, 0.0])
    for r in rows:
        if r["state"] == "LISTEN" and r["local"]["port"] in (7200, 7300):
            g = groups[(r["netid"], r["local"]["address"], str(r["local"]["port"]))]
            g[0] += r["recv_q"]
            g[1] += r["send_q"]
            g[2] = max(g[2], r["recv_q"] / max(r["send_q"], 1))
    for i, name in enumerate(("sockview_accept_queue_length", "sockview_accept_queue_backlog",
                              "sockview_accept_queue_fill_ratio")):
        got = family(samples, name, "netid", "address", "port")
        exp = {k: v[i] for k, v in groups.items()}
        if set(got) != set(exp) or any(abs(got[k] - exp[k]) > 1e-9 for k in exp):
            probs.append("%s: prom %r, JSON %r" % (name, got, exp))
    if groups.get(("tcp", "127.0.0.1", "7200"), [0])[0] != 2:
        probs.append("7200's queue is not 2: %r" % dict(groups))
    tl = [r for r in rows if r["netid"] == "tcp" and r["state"] == "LISTEN"]
    full = sum(r["recv_q"] >= max(r["send_q"], 1) for r in tl)
    fullest = max(r["recv_q"] / max(r["send_q"], 1) for r in tl)
    if family(samples, "sockview_accept_queue_full_listeners", "netid") != {("tcp",): full}:
        probs.append("full listeners: %r, JSON %d" % (
            family(samples, "sockview_accept_queue_full_listeners", "netid"), full))
    got = family(samples, "sockview_accept_queue_fullest_fill_ratio", "netid")
    if abs(got.get(("tcp",), -1) - fullest) > 1e-9:
        probs.append("fullest fill: %r, JSON %r" % (got, fullest))
    size = (HI - LO + 1) - (RESERVED[1] - RESERVED[0] + 1)
    if samples.get(("sockview_ephemeral_range_ports", ())) != size:
        probs.append("range: %r, want %d" % (samples.get(("sockview_ephemeral_range_ports", ())),
                                             size))
    for t in ("tcp", "udp"):
        used = {r["local"]["port"] for r in rows if r["netid"] == t and in_range(r["local"]["port"])}
        dests = collections.Counter((r["peer"]["address"], r["peer"]["port"]) for r in rows
                                    if r["netid"] == t and r["state"] != "LISTEN"
                                    and r["role"] not in ("listen", "in")
                                    and r["peer"]["port"]
                                    and in_range(r["local"]["port"]))
        top = max(dests.values()) if dests else 0
        got = (family(samples, "sockview_ephemeral_ports_in_use", "netid").get((t,)),
               family(samples, "sockview_ephemeral_fullest_destination_connections",
                      "netid").get((t,)),
               family(samples, "sockview_ephemeral_fullest_destination_ratio", "netid").get((t,)))
        if got[0] != len(used) or got[1] != top or abs(got[2] - top / size) > 1e-9:
            probs.append("%s range: prom (in use, fullest, ratio) %r, JSON %r"
                         % (t, got, (len(used), top, top / size)))
        if t == "tcp" and top != 20:
            probs.append("the fullest destination is not 7400's 20: %r" % dests.most_common(2))
    if len(samples) > 60:
        probs.append("%d series for %d sockets" % (len(samples), len(rows)))
    common.report("--format=prom, -j and the table of the same sockets: the same numbers "
                  "(%d series, %d sockets)" % (len(samples), len(rows)), probs)
    return text, before, after


def promtool(text):
    name = "promtool check metrics accepts the live output"
    try:
        p = subprocess.run(["promtool", "check", "metrics"], input=text.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    except FileNotFoundError:
        if os.environ.get("CI") == "true":
            common.report(name, ["promtool is missing (tools/deps.sh installs it; CI=true: "
                                 "a skipped check is a failure)"])
        else:
            print("ok - %s # SKIP promtool not installed" % name)
        return
    common.report(name, [] if p.returncode == 0 else [p.stdout.decode("utf-8", "replace")])


def counters(text, before, after):
    samples, _ = parse_prom(text)
    probs = []
    for name, key in COUNTERS.items():
        v = samples.get((name, ()))
        if key not in before:
            continue  # this kernel lacks it: sockview leaves it out
        if v is None or not before[key] <= v <= after[key]:
            probs.append("%s: %r, the kernel's %s went from %d to %d"
                         % (name, v, key, before[key], after[key]))
    common.report("the counters of sockview why, each between the kernel's readings", probs)


def own_text(out):
    """sockview's part of -s: {(class): (total, tcp, udp, listening)},
    the busiest ports' words, the in-use line, the fullest lines."""
    part = out.split("\nPort class  Total", 1)[1] if "\nPort class  Total" in out else ""
    classes = {}
    for l in part.splitlines()[1:5]:
        f = l.split()
        classes[f[0]] = tuple(int(x) for x in f[1:])
    m = re.search(r"in use: tcp (\d+) \([^)]*\), udp (\d+)", part)
    dest = dict(re.findall(r"Fullest destination \((\w+)\): \S+, (\d+) connection", part))
    busy = re.search(r"Busiest local ports: (.*)", part)
    return classes, m and (int(m.group(1)), int(m.group(2))), dest, busy and busy.group(1)


def summary(sv):
    """-s -j against -s. "Total:" is left out: it counts every socket of
    the namespace, the netlink sockets of the sockview run before too until
    the kernel has freed them (after an RCU grace period)."""
    rc, js, err = common.run([sv, "-s", "-j"])
    rc2, text, err2 = common.run([sv, "-s"])
    ss_part = text.split("\nPort class", 1)[0]
    try:
        obj = json.loads(js)
    except ValueError:
        obj = None
    v = subprocess.run([sys.executable, VALIDATE, "--summary"], input=js.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    probs = [] if rc == 0 and rc2 == 0 and not err and not err2 and v.returncode == 0 else [
        "exit %d %d, stderr %r %r, validate.py: %s" % (rc, rc2, err, err2, v.stdout.decode())]
    if probs or obj is None:
        common.report("-s -j is valid and agrees with -s", probs or ["not JSON"])
        return
    ss, own = obj["ss"], obj["sockview"]
    tcp = ss["tcp"]
    want = ("\nTCP:   %d (estab %d, closed %d, orphaned %d, timewait %d)\n"
            % (tcp["total"], tcp["estab"], tcp["closed"], tcp["orphaned"], tcp["timewait"]))
    if not re.match(r"Total: \d+\n", ss_part) or want not in ss_part:
        probs.append("ss's part: -s %r, -s -j %r" % (ss_part[:200], want))
    for row in ("raw", "udp", "tcp", "inet", "frag"):
        t = ss["transport"][row]
        line = "%s\t  %-9d %-9d %-9d" % (row.upper(), t["total"], t["ip"], t["ipv6"])
        if line not in ss_part:
            probs.append("-s lacks %r" % line)
    classes, in_use, dest, busy = own_text(text)
    for c in ("well-known", "registered", "dynamic", "ephemeral"):
        j = own["classes"]
        exp = (j["tcp"][c]["sockets"] + j["udp"][c]["sockets"], j["tcp"][c]["sockets"],
               j["udp"][c]["sockets"], j["tcp"][c]["listeners"] + j["udp"][c]["listeners"])
        if classes.get(c) != exp:
            probs.append("class %s: -s %r, -s -j %r" % (c, classes.get(c), exp))
    if in_use != (own["ephemeral"]["in_use"]["tcp"], own["ephemeral"]["in_use"]["udp"]):
        probs.append("in use: -s %r, -s -j %r" % (in_use, own["ephemeral"]["in_use"]))
    for t, d in own["ephemeral"]["fullest_destination"].items():
        if (d and int(dest.get(t, -1)) != d["connections"]) or (not d and t in dest):
            probs.append("fullest %s: -s %r, -s -j %r" % (t, dest.get(t), d))
    words = ["%d/%s" % (p["port"], p["netid"]) for p in own["busiest_local_ports"]]
    if not busy or [w.split()[0] for w in busy.split(", ")] != words:
        probs.append("busiest: -s %r, -s -j %r" % (busy, words))
    # and a listing of the same tables in every state
    rc, js, err = common.run([sv, "-tuan", "-j"])
    rows = json.loads(js) if rc == 0 else []
    for t in ("tcp", "udp"):
        for c in ("well-known", "registered", "dynamic", "ephemeral"):
            n = sum(1 for r in rows if r["netid"] == t and cls(r) == c)
            if own["classes"][t][c]["sockets"] != n:
                probs.append("%s %s: -s -j %d, -tuan -j %d"
                             % (t, c, own["classes"][t][c]["sockets"], n))
    if own["ephemeral"]["ports"] != 190 or own["ephemeral"]["low"] != LO:
        probs.append("range: %r" % own["ephemeral"])
    if (own["ephemeral"]["fullest_destination"]["tcp"] or {}).get("port") != 7400:
        probs.append("fullest destination: %r" % own["ephemeral"]["fullest_destination"])
    common.report("-s -j is valid and agrees with -s and with -tuan -j", probs)
    for _ in range(5):  # the netlink sockets of the runs above go away
        rc, out, err = common.run([sv, "--ss", "-s"])
        rc2, want, _ = common.run(["ss", "-s"])
        if out == want:
            break
    common.report("--ss -s is ss -s", [] if rc == 0 and out == want and not err else
                  ["sockview:\n" + out, "ss:\n" + want, err])


def inner(sv, counts):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    keep = []
    try:
        sysctl("ip_local_port_range", "%d %d" % (LO, HI))
        sysctl("ip_local_reserved_ports", "%d-%d" % RESERVED)
        population(keep)
        text, before, after = same_numbers(sv)
        promtool(text)
        counters(text, before, after)
        summary(sv)
    finally:
        for s in keep:
            s.close()
        common.write_counts(counts)


def main():
    return common.main_in_namespace(__file__, inner)


if __name__ == "__main__":
    sys.exit(main())
