#!/usr/bin/env python3
"""why.py - `sockview why`: each finding built for real in a network
namespace of its own (unshare -n), named first with exit status 1; a
healthy port gives exit 0 and no finding.

Usage: why.py SOCKVIEW MANIFEST COUNTS-FILE

The situations (ports 5101-5110 on loopback, and a veth sv0, 10.99.0.1/24,
whose peer stays down, so what is sent to 10.99.0.2 goes nowhere):
  healthy      a dual-stack listener on [::]:5101: exit 0, no finding,
               JSON status "ok"
  no listener  UDP bound on 5102, nothing listening: no-listener first,
               the UDP socket as evidence
  loopback     a listener on 127.0.0.1:5103 only: loopback-only first
  accept queue a listener on 5104 (backlog 2) that never accepts, clients
               connecting while why samples the counters: accept-queue
               first (critical), and listen-drops (ListenOverflows rose)
  time-wait    a server on 5105 that closed its connection first and then
               stopped: no-listener first, time-wait says nothing to kill
  port taken   a client connection whose local port is 5106: port-taken
  close-wait   a server on 5107 (named with an escape sequence) that never
               closes what its clients closed: close-wait first, the name
               escaped
  ephemeral    ip_local_port_range narrowed to 40000-40019, 15 connections
               to 127.0.0.1:5108: --to names ephemeral-ports first
  stalled      a server on 5109 that never reads, a client that fills its
               send buffer: --to names stalled first (the peer's window)
  syn-sent     attempts to 10.99.0.2:5110 (nothing answers there): --to
               names syn-sent first
  other netns  a listener on 5111 in a child namespace only: no-listener
               first, other-namespace names that namespace (its inode) and
               the holder's pid
  forwarded    listeners held by processes whose command lines read as
               socat's (to 127.0.0.1:5113, where nothing listens: critical)
               and docker-proxy's (to 127.0.0.1:5115, which answers: info)
  unix         a socket file left by a closed server: no-listener, "stale"
  replay       a recorded dump (-D) of the loopback listener: loopback-only
               with "live": false
  baseline     a dump recorded (-D) while listeners were on 127.0.0.1:5116
               and [::]:5116 (v6only), both closed since: no-listener first,
               naming both from the baseline, baseline_listeners 2; a file
               that is no dump: exit 3, said; --baseline with --to: exit 2
  nat          an nftables table of the test's namespace: tcp dport 5117
               dnat to 10.99.0.2:5119, tcp dport 5120 redirect to :5121:
               why 5117 names forwarded first (critical, the rule and where
               it goes, nothing listening there), then info once 5119
               listens; why 5120 with 5121 listening: forwarded, exit 0; as
               nobody: no-listener says the rules could not be read, and
               nothing of libnftables' reaches stderr; an iptables-nft rule
               (Docker's kind on Debian 12: -j DNAT --to-destination
               10.99.0.2:5123 for 5122), whose target the JSON hides: its
               destination from the text listing
  usage        no target, a bad one, two, a bad --sample, --to unix:
               exit 2
"""
import ctypes
import json
import re
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns as common  # noqa: E402  (report, run)


def why(sv, *args):
    rc, out, err = common.run([sv, "why"] + list(args))
    return rc, out, err


def why_json(sv, *args):
    rc, out, err = why(sv, "-j", *args)
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, {"unparsable": out}, err


def codes(doc):
    return [f["code"] for f in doc.get("findings", [])]


def expect_first(name, sv, code, *args, also=None, check=None):
    rc, doc, err = why_json(sv, *args)
    probs = []
    if rc != 1 or not codes(doc) or codes(doc)[0] != code:
        probs.append("exit %d, findings %r, stderr %r (want %s first)" %
                     (rc, codes(doc), err, code))
    for c in also or []:
        if c not in codes(doc):
            probs.append("no %s among %r" % (c, codes(doc)))
    if check and not probs:
        probs += check(doc)
    rc2, text, _ = why(sv, *args)
    if rc2 != rc or "1. [" not in text:
        probs.append("the text form: exit %d %r" % (rc2, text[:300]))
    common.report("why %s: %s first, exit 1" % (" ".join(args), code), probs)
    return doc


def listen(addr, port, backlog=16, family=socket.AF_INET):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def healthy(sv, keep):
    keep.append(listen("::", 5101, family=socket.AF_INET6))
    rc, doc, err = why_json(sv, "--sample=0", "5101")
    probs = [] if rc == 0 and doc.get("status") == "ok" and codes(doc) == [] and \
        doc.get("listeners") == 1 else ["exit %d, %r, stderr %r" % (rc, doc, err)]
    rc, text, _ = why(sv, "--sample=0", ":5101")
    if rc != 0 or "Nothing wrong found" not in text:
        probs.append("text: exit %d %r" % (rc, text))
    common.report("why on a healthy dual-stack listener: exit 0, no finding", probs)


def server_side(sv, keep):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("0.0.0.0", 5102))
    keep.append(u)
    expect_first("no listener", sv, "no-listener", "--sample=0", "5102",
                 check=lambda d: [] if any(e["netid"] == "udp" for e in d["findings"][0]["evidence"])
                 else ["no UDP evidence: %r" % d["findings"][0]])
    keep.append(listen("127.0.0.1", 5103))
    expect_first("loopback", sv, "loopback-only", "--sample=0", "5103")


def accept_queue(sv, keep):
    keep.append(listen("127.0.0.1", 5104, backlog=2))
    clients = []
    for _ in range(6):
        c = socket.socket()
        c.setblocking(False)
        c.connect_ex(("127.0.0.1", 5104))
        clients.append(c)
    keep.extend(clients)
    stop = threading.Event()

    def knock():
        while not stop.is_set():
            c = socket.socket()
            c.setblocking(False)
            c.connect_ex(("127.0.0.1", 5104))
            keep.append(c)
            time.sleep(0.02)
    t = threading.Thread(target=knock)
    t.start()
    time.sleep(0.3)
    try:
        expect_first("accept queue", sv, "accept-queue", "--sample=0.6", "5104",
                     also=["listen-drops"],
                     check=lambda d: [] if d["findings"][0]["severity"] == "critical"
                     else ["severity %r" % d["findings"][0]["severity"]])
    finally:
        stop.set()
        t.join()


def time_wait(sv):
    srv = listen("127.0.0.1", 5105)
    c = socket.create_connection(("127.0.0.1", 5105))
    a, _ = srv.accept()
    a.close()  # the server closes first: its side ends in TIME-WAIT
    c.recv(1)
    c.close()
    srv.close()
    time.sleep(0.1)
    expect_first("time-wait", sv, "no-listener", "--sample=0", "5105", also=["time-wait"],
                 check=lambda d: [] if any("nothing needs killing" in f["text"]
                                           for f in d["findings"]) else ["%r" % d])


def port_taken(sv, keep):
    srv = listen("127.0.0.1", 5199)
    c = socket.socket()
    c.bind(("127.0.0.1", 5106))
    c.connect(("127.0.0.1", 5199))
    keep += [srv, c, srv.accept()[0]]
    expect_first("port taken", sv, "no-listener", "--sample=0", "5106", also=["port-taken"])


def close_wait(sv):
    code = r"""
import ctypes, socket, sys
ctypes.CDLL(None).prctl(15, b"\x1b[31mleaky", 0, 0, 0)
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 5107)); s.listen(32)
print("ready", flush=True)
held = [s.accept()[0] for _ in range(10)]
print("held", flush=True)
sys.stdin.read()
"""
    p = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    try:
        p.stdout.readline()
        cs = [socket.create_connection(("127.0.0.1", 5107)) for _ in range(10)]
        p.stdout.readline()
        t0 = time.monotonic()
        for c in cs:
            c.close()
        time.sleep(1.2)

        def aged(doc):
            """the age: since the FINs, by tcp_info; said in the text"""
            f = doc["findings"][0]
            n, took = f.get("numbers", {}), (time.monotonic() - t0) * 1000
            if not (1000 <= n.get("close_wait_newest_ms", -1) <=
                    n.get("close_wait_oldest_ms", -1) <= took + 50) or \
                    not re.search(r"The oldest has waited [1-9][0-9]?\.[0-9] s since", f["text"]) or \
                    "(the leak goes on)" not in f["text"]:
                return ["age: numbers %r (%.0f ms since the FINs), text %r" % (n, took, f["text"])]
            return []
        doc = expect_first("close-wait", sv, "close-wait", "--sample=0", "5107", check=aged)
        rc, text, _ = why(sv, "--sample=0", "5107")
        common.report("why: a hostile process name comes out escaped",
                      [] if "\x1b" not in text and "\\x1b[31mleaky" in text and
                      "\x1b" not in json.dumps(doc, ensure_ascii=False)
                      else [repr(text)])
    finally:
        p.stdin.close()
        p.wait(timeout=10)


def ephemeral(sv, keep):
    path = "/proc/sys/net/ipv4/ip_local_port_range"
    old = open(path).read()
    with open(path, "w") as f:
        f.write("40000 40019")
    try:
        srv = listen("127.0.0.1", 5108, backlog=64)
        keep.append(srv)
        for _ in range(15):
            keep.append(socket.create_connection(("127.0.0.1", 5108)))
        expect_first("ephemeral", sv, "ephemeral-ports", "--sample=0", "--to",
                     "127.0.0.1:5108")
    finally:
        with open(path, "w") as f:
            f.write(old)


def stalled(sv, keep):
    srv = listen("127.0.0.1", 5109)
    c = socket.create_connection(("127.0.0.1", 5109))
    keep += [srv, c, srv.accept()[0]]
    c.setblocking(False)
    try:
        while True:
            c.send(b"x" * 65536)
    except BlockingIOError:
        pass
    time.sleep(0.3)
    expect_first("stalled", sv, "stalled", "--sample=0", "--to", "127.0.0.1:5109")


def syn_sent(sv, keep):
    # a veth whose peer stays down: what is sent to 10.99.0.2 goes nowhere
    subprocess.run(["ip", "link", "add", "sv0", "type", "veth", "peer", "name", "sv1"],
                   check=True)
    subprocess.run(["ip", "addr", "add", "10.99.0.1/24", "dev", "sv0"], check=True)
    subprocess.run(["ip", "link", "set", "sv0", "up"], check=True)
    for _ in range(2):
        c = socket.socket()
        c.setblocking(False)
        c.connect_ex(("10.99.0.2", 5110))
        keep.append(c)
    expect_first("syn-sent", sv, "syn-sent", "--sample=0", "--to", "10.99.0.2:5110")


def other_namespace(sv):
    code = ("import socket, subprocess, sys; subprocess.run(['ip', 'link', 'set', 'lo', 'up']); "
            "s = socket.socket(); s.bind(('0.0.0.0', 5111)); s.listen(); "
            "print('ready', flush=True); sys.stdin.read()")
    p = subprocess.Popen(["unshare", "-n", sys.executable, "-c", code], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    try:
        p.stdout.readline()
        ino = str(os.stat("/proc/%d/ns/net" % p.pid).st_ino)

        def where(d):
            f = [x for x in d["findings"] if x["code"] == "other-namespace"]
            ev = f[0]["evidence"] if f else []
            return [] if len(ev) == 1 and ev[0].get("netns") == ino and \
                ev[0].get("pid") == p.pid else ["other-namespace: %r (want netns %s, pid %d)" %
                                                (f, ino, p.pid)]
        expect_first("other namespace", sv, "no-listener", "--sample=0", "5111",
                     also=["other-namespace"], check=where)
    finally:
        p.stdin.close()
        p.wait(timeout=10)


FORWARDER = r"""
import os, socket, sys
# a listener held by a process whose command line reads as a forwarder's:
# sh, named argv[2], its other words the forwarder's
port, argv = int(sys.argv[1]), sys.argv[2:]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port)); s.listen()
os.dup2(s.fileno(), 9)
os.execv("/bin/sh", [argv[0], "-c", "echo ready; read x 9>&-; exit 0"] + argv[1:])
"""


def forwarded(sv, keep):
    kids = [subprocess.Popen([sys.executable, "-c", FORWARDER, str(port)] + words,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for port, words in ((5112, ["socat", "TCP-LISTEN:5112,fork", "TCP:127.0.0.1:5113"]),
                                (5114, ["/usr/bin/docker-proxy", "-proto", "tcp", "-host-ip",
                                        "0.0.0.0", "-host-port", "5114", "-container-ip",
                                        "127.0.0.1", "-container-port", "5115"]))]
    try:
        for k in kids:
            k.stdout.readline()
        keep.append(listen("127.0.0.1", 5115))
        expect_first("forwarded", sv, "forwarded", "--sample=0", "5112",
                     check=lambda d: [] if d["findings"][0]["severity"] == "critical" and
                     "127.0.0.1 port 5113" in d["findings"][0]["text"] and
                     "Nothing listens on port 5113" in d["findings"][0]["text"]
                     else ["%r" % d["findings"][0]])
        rc, doc, err = why_json(sv, "--sample=0", "5114")
        f = [x for x in doc.get("findings", []) if x["code"] == "forwarded"]
        common.report("why 5114 (docker-proxy to a port that answers): forwarded, as "
                      "information, exit 0",
                      [] if rc == 0 and f and f[0]["severity"] == "info" and
                      "A listener on port 5115 answers" in f[0]["text"] else
                      ["exit %d, %r" % (rc, doc)])
    finally:
        for k in kids:
            k.stdin.close()
            k.wait(timeout=10)


def unix_stale(sv, tmp):
    path = os.path.join(tmp, "gone.sock")
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.listen(1)
    s.close()  # the file stays
    expect_first("unix", sv, "no-listener", "unix:" + path,
                 check=lambda d: [] if "stale" in d["findings"][0]["text"] else ["%r" % d])


def replay(sv, tmp):
    dump = os.path.join(tmp, "why.dump")
    rc, _, err = common.run([sv, "-tuan", "-D", dump])
    if rc != 0:
        common.report("why --replay: a recording", ["-D: exit %d %r" % (rc, err)])
        return
    expect_first("replay", sv, "loopback-only", "--replay", dump, "5103",
                 check=lambda d: [] if d.get("live") is False else ["live: %r" % d.get("live")])


def baseline(sv, tmp):
    dump = os.path.join(tmp, "base.dump")
    a = listen("127.0.0.1", 5116)
    b = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    b.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    b.bind(("::", 5116))
    b.listen(4)
    rc, _, err = common.run([sv, "-tln", "-D", dump])
    a.close()
    b.close()
    if rc != 0:
        common.report("why --baseline: a recording", ["-D: exit %d %r" % (rc, err)])
        return

    def named(doc):
        f = doc["findings"][0]
        if "it listened on 127.0.0.1:5116, [::]:5116: the service has stopped" not in \
                f["text"] or f.get("numbers", {}).get("baseline_listeners") != 2 or \
                "written 0 s ago" not in f["text"] and "written 1 s ago" not in f["text"]:
            return ["baseline not named: %r" % f]
        return []
    expect_first("baseline", sv, "no-listener", "--sample=0", "--baseline", dump, "5116",
                 check=named)
    bad = os.path.join(tmp, "not-a-dump")
    with open(bad, "w") as f:
        f.write("hello\n")
    rc, out, err = why(sv, "--sample=0", "--baseline", bad, "5116")
    rc2, out2, err2 = why(sv, "--to", "--baseline", dump, "5116")
    common.report("why --baseline: a file that is no dump exits 3 naming it; with --to, 2",
                  [] if rc == 3 and "not-a-dump" in err and rc2 == 2 and "--baseline" in err2
                  else ["exit %d %r; --to: exit %d %r" % (rc, err, rc2, err2)])


NAT_RULES = """table ip svwhy {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 5117 dnat to 10.99.0.2:5119
    tcp dport 5120 redirect to :5121
  }
}
"""


def nat(sv, keep):
    subprocess.run(["nft", "-f", "-"], input=NAT_RULES.encode(), check=True)
    try:
        def dead(doc):
            f = doc["findings"][0]
            if "a DNAT rule (nftables ip svwhy pre) sends it to 10.99.0.2 port 5119" not in \
                    f["text"] or f.get("numbers", {}).get("destination_listeners") != 0 or \
                    "nft list chain ip svwhy pre" not in f["next"]:
                return ["%r" % f]
            return [] if "no-listener" not in codes(doc) else ["no-listener too: %r" % doc]
        expect_first("nat", sv, "forwarded", "--sample=0", "5117", check=dead)
        keep.append(listen("0.0.0.0", 5119))
        keep.append(listen("0.0.0.0", 5121))
        probs = []
        for port, what in (("5117", "sends it to 10.99.0.2 port 5119"),
                           ("5120", "REDIRECT rule (nftables ip svwhy pre) sends it to port 5121")):
            rc, doc, err = why_json(sv, "--sample=0", port)
            f = (doc.get("findings") or [{}])[0]
            if rc != 0 or f.get("code") != "forwarded" or f.get("severity") != "info" or \
                    what not in f.get("text", "") or "answers there" not in f.get("text", ""):
                probs.append("%s: exit %d, %r, stderr %r" % (port, rc, f, err))
        common.report("why: a DNAT or REDIRECT target that listens: forwarded (info), exit 0",
                      probs)
        rc, out, err = common.run(["setpriv", "--reuid=nobody", "--regid=nogroup",
                                   "--clear-groups", "--inh-caps=-all", sv, "why", "--sample=0",
                                   "5117"])
        noise = [l for l in err.splitlines() if not l.startswith("sockview: ")]
        common.report("why as nobody: the NAT rules could not be read (CAP_NET_ADMIN), "
                      "said in no-listener; nothing else on stderr",
                      [] if rc == 1 and "could not be read (it needs CAP_NET_ADMIN)" in out and
                      not noise else ["exit %d, %r, stderr %r" % (rc, out, err)])
        subprocess.run(["iptables-nft", "-t", "nat", "-N", "SVDOCKER"], check=True)
        subprocess.run(["iptables-nft", "-t", "nat", "-A", "SVDOCKER", "!", "-i", "docker0", "-p",
                        "tcp", "-m", "tcp", "--dport", "5122", "-j", "DNAT",
                        "--to-destination", "10.99.0.2:5123"], check=True)
        expect_first("iptables-nft", sv, "forwarded", "--sample=0", "5122",
                     check=lambda d: [] if "a DNAT rule (nftables ip nat SVDOCKER) sends it to "
                     "10.99.0.2 port 5123" in d["findings"][0]["text"] else
                     ["%r" % d["findings"][0]])
        # libxtables' own complaints ("XT target DNAT not found") stay off
        # stderr: an ip6 rule too, which it cannot show as text
        subprocess.run(["ip6tables-nft", "-t", "nat", "-N", "SVDOCKER"], check=True)
        subprocess.run(["ip6tables-nft", "-t", "nat", "-A", "SVDOCKER", "-p", "tcp", "--dport",
                        "5124", "-j", "DNAT", "--to-destination", "[fd00::9]:5125"], check=True)
        probs = []
        for port in ("5122", "5124"):
            rc, out, err = why(sv, "--sample=0", port)
            noise = [l for l in err.splitlines() if not l.startswith("sockview: ")]
            if rc not in (0, 1) or "forwarded" not in out and "forwarded by the kernel" not in \
                    out or noise:
                probs.append("%s: exit %d, %r, stderr %r" % (port, rc, out, err))
        common.report("why with iptables-nft's rules: nothing of libnftables' or libxtables' "
                      "on stderr", probs)
    finally:
        subprocess.run(["nft", "delete", "table", "ip", "svwhy"])
        subprocess.run(["iptables-nft", "-t", "nat", "-F", "SVDOCKER"])
        subprocess.run(["iptables-nft", "-t", "nat", "-X", "SVDOCKER"])
        subprocess.run(["ip6tables-nft", "-t", "nat", "-F", "SVDOCKER"])
        subprocess.run(["ip6tables-nft", "-t", "nat", "-X", "SVDOCKER"])


def usage(sv):
    probs = []
    for args in ([], ["0"], ["80", "81"], ["--sample=99", "80"], ["--to", "unix:/x"],
                 ["--bogus", "80"], ["\x1b[2J"]):
        rc, out, err = why(sv, *args)
        if rc != 2 or out or "why" not in err or "\x1b" in err:
            probs.append("%r: exit %d, stdout %r, stderr %r" % (args, rc, out, err))
    rc, out, _ = why(sv, "--help")
    if rc != 0 or "Usage: sockview why" not in out:
        probs.append("--help: exit %d" % rc)
    common.report("why: bad usage exits 2 and says why (escaped); --help", probs)


def inner(sv, counts):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    keep = []
    tmp = tempfile.mkdtemp(prefix="sv-why-")
    try:
        healthy(sv, keep)
        server_side(sv, keep)
        accept_queue(sv, keep)
        time_wait(sv)
        port_taken(sv, keep)
        close_wait(sv)
        ephemeral(sv, keep)
        stalled(sv, keep)
        syn_sent(sv, keep)
        other_namespace(sv)
        forwarded(sv, keep)
        unix_stale(sv, tmp)
        replay(sv, tmp)
        baseline(sv, tmp)
        nat(sv, keep)
        usage(sv)
    finally:
        for s in keep:
            s.close()
        subprocess.run(["rm", "-rf", tmp])
        common.write_counts(counts)


def main():
    return common.main_in_namespace(__file__, inner)


if __name__ == "__main__":
    sys.exit(main())
