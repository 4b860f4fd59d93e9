#!/usr/bin/env python3
"""resolve.py - -r (host names) against ss -r, with a resolver that never
answers.

Usage: resolve.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh (as root). Re-executes itself in a mount and network
namespace of its own (unshare -m -n), where it bind-mounts over
/etc/hosts (naming 127.0.0.1, 127.0.0.2, ::2 and fe80::1),
/etc/resolv.conf (nameserver 127.0.0.1) and /etc/nsswitch.conf ("hosts:
files dns", so that ss's glibc and sockview's c-ares read the same
sources), and runs a DNS server on 127.0.0.1:53 that reads every query
and never answers. Its sockets: TCP listeners on each named address (the
link-local one bound to a veth device), on 0.0.0.0, 10.9.9.9 (no name:
DNS), [::] dual-stack and v6-only; connections 127.0.0.1 -> 127.0.0.2
and an IPv4-mapped one through the dual-stack listener; a UDP socket.

The checks:
  budget        sockview -r --resolve-timeout=1 with resolv.conf's own
                timeout at 30 s (c-ares alone would wait minutes) completes
                (a 60 s guard against a hang; no time is asserted), exit 0,
                one note on stderr naming the addresses that stayed numbers
  vs ss -r      the rows equal ss -r's on ss's columns (ss run with a 1 s
                resolver timeout so that it ends), and --ss -r equals ss -r
                byte for byte: the hosts file's names, the link-local name
                with %dev, "*" and "[::]" for the wildcards, numbers for
                the addresses DNS never answered
  names         the expected cells, independently of ss
  one lookup    the server saw one query per distinct address that is not
  per address   in the hosts file (0.0.0.0, 10.9.9.9), none for the hosts
                file's, none for the IPv6 wildcard
  budget 0      --resolve-timeout=0: the numeric listing, and no query
  JSON          -rj: local.host / peer.host where a name was found, absent
                elsewhere; validate.py accepts it
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = [0, 0]
ENV = {k: v for k, v in os.environ.items() if k not in ("TCPDIAG_FILE", "COLUMNS")}
ENV["LC_ALL"] = "C"

HOSTS = """127.0.0.1 localhost
127.0.0.2 two.svtest two
::2 six.svtest
fe80::1 ll.svtest
"""
SLOW = "nameserver 127.0.0.1\noptions timeout:30 attempts:3\n"
QUICK = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"


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


def run(argv, timeout=60):
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=ENV, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", "still running after %d s" % timeout
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Silent:
    """A DNS server on 127.0.0.1:53 that reads every query and never
    answers; it remembers the names asked."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 53))
        self.sock.settimeout(0.05)
        self.names = []
        self.lock = threading.Lock()
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            try:
                m = self.sock.recv(4096)
            except socket.timeout:
                continue
            labels, i = [], 12
            while i < len(m) and m[i]:
                labels.append(m[i + 1:i + 1 + m[i]].decode("ascii", "replace"))
                i += 1 + m[i]
            with self.lock:
                self.names.append(".".join(labels))

    def take(self):
        time.sleep(0.2)  # what is in the socket's buffer is read
        with self.lock:
            names, self.names = self.names, []
        return names


def ptr4(addr):
    return ".".join(reversed(addr.split("."))) + ".in-addr.arpa"


def bind_file(path, text, tmp):
    f = os.path.join(tmp, os.path.basename(path))
    with open(f, "w") as fh:
        fh.write(text)
    subprocess.run(["mount", "--bind", f, path], check=True)


def setup_net():
    for cmd in (["ip", "link", "set", "lo", "up"],
                ["ip", "-6", "addr", "add", "::2/128", "dev", "lo", "nodad"],
                ["ip", "link", "add", "svr0", "type", "veth", "peer", "name", "svr1"],
                ["ip", "link", "set", "svr0", "up"], ["ip", "link", "set", "svr1", "up"],
                ["ip", "addr", "add", "fe80::1/64", "dev", "svr0", "nodad"],
                ["ip", "addr", "add", "10.9.9.9/24", "dev", "svr0"]):
        subprocess.run(cmd, check=True)


def population():
    keep = []

    def listen(fam, addr, dev=None, v6only=None):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if dev:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
        s.bind(addr)
        s.listen(16)
        keep.append(s)
        return s

    listen(socket.AF_INET, ("127.0.0.1", 22))
    two = listen(socket.AF_INET, ("127.0.0.2", 80))
    listen(socket.AF_INET, ("0.0.0.0", 8080))
    listen(socket.AF_INET, ("10.9.9.9", 8084))
    listen(socket.AF_INET6, ("::2", 8443), v6only=1)
    dual = listen(socket.AF_INET6, ("::", 8081), v6only=0)
    listen(socket.AF_INET6, ("::", 8082), v6only=1)
    listen(socket.AF_INET6, ("fe80::1", 8083, 0, socket.if_nametoindex("svr0")), dev="svr0")
    c = socket.create_connection(("127.0.0.2", 80))
    keep += [c, two.accept()[0]]
    m = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    m.connect(("::ffff:127.0.0.2", 8081))
    keep += [m, dual.accept()[0]]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.2", 5353))
    keep.append(u)
    return keep


def rows(text):
    return [l.split() for l in text.splitlines() if l.strip()]


def check_budget(sv, dns):
    rc, out, err = run([sv, "-Htuanr", "--resolve-timeout=1"])
    probs = []
    if rc is None:
        probs.append("sockview -Htuanr --resolve-timeout=1: %s (resolv.conf's own "
                     "timeout is 30 s: the budget did not end the lookups)" % err)
    elif rc != 0:
        probs.append("exit %d, stderr %r" % (rc, err))
    elif "had no name within the 1.000 s budget" not in err:
        probs.append("no note about the budget on stderr: %r" % err)
    elif "2 addresses" not in err:
        probs.append("the note should count 2 addresses (0.0.0.0, 10.9.9.9): %r" % err)
    report("-r --resolve-timeout=1 with a resolver that never answers completes, "
           "exit 0, a note on stderr", probs)
    names = dns.take()
    want = sorted([ptr4("0.0.0.0"), ptr4("10.9.9.9")])
    probs = []
    if sorted(names) != want:
        probs.append("queries %s, want each of %s once" % (sorted(names), want))
    report("one query per distinct address not in the hosts file; none for the hosts "
           "file's names or the IPv6 wildcard", probs)
    return out


def check_names(out):
    have = set()
    for r in rows(out):
        have.update(r[4:6])
    want = ["localhost:22", "two.svtest:80", "six.svtest:8443", "ll.svtest%svr0:8083",
            "*:8081", "[::]:8082", "0.0.0.0:8080", "10.9.9.9:8084", "two.svtest:5353"]
    probs = ["no cell %r in:\n%s" % (w, out) for w in want if w not in have]
    conn = [r for r in rows(out) if r[1] == "ESTAB"]
    if not any(r[4].startswith("localhost:") and r[5] == "two.svtest:8081" for r in conn):
        probs.append("the IPv4-mapped connection is not localhost -> two.svtest:8081")
    report("names: hosts file (IPv4, IPv6, link-local with %dev, IPv4-mapped), "
           "wildcards, numbers where DNS never answered", probs)


def check_vs_ss(sv, tmp, sv_out):
    subprocess.run(["mount", "--bind", os.path.join(tmp, "quick.conf"),
                    "/etc/resolv.conf"], check=True)
    try:
        rc, ss_out, err = run(["ss", "-Htuanr"], timeout=120)
        rc2, ss_full, err2 = run(["ss", "-tuanr"], timeout=120)
    finally:
        subprocess.run(["umount", "/etc/resolv.conf"], check=True)
    probs = []
    if rc != 0 or rc2 != 0:
        probs.append("ss -r: exit %s %r" % (rc, err))
    sr, vr = rows(ss_out), rows(sv_out)
    if len(sr) != len(vr):
        probs.append("%d rows, ss has %d" % (len(vr), len(sr)))
    for a, b in zip(sr, vr):
        if b[:len(a)] != a:
            probs.append("ss:       %s\nsockview: %s" % (" ".join(a), " ".join(b)))
    report("-Htuanr: the rows equal ss -r's on ss's columns", probs)
    rc, out, err = run([sv, "--ss", "-tuanr", "--resolve-timeout=1"])
    probs = []
    if rc != 0 or out != ss_full:
        probs.append("exit %s; sockview --ss -tuanr:\n%s\nss -tuanr:\n%s" % (rc, out, ss_full))
    report("--ss -tuanr equals ss -tuanr byte for byte", probs)


def check_zero(sv, dns):
    rc, out, err = run([sv, "-Htuanr", "--resolve-timeout=0"])
    rc2, plain, err2 = run([sv, "-Htuan"])
    probs = []
    if rc != 0 or out != plain or err:
        probs.append("exit %s, stderr %r; differs from -Htuan: %s" % (rc, err, out != plain))
    names = dns.take()
    if names:
        probs.append("queries were sent: %s" % names)
    report("--resolve-timeout=0: numeric, no lookup", probs)


def check_json(sv, dns):
    rc, out, err = run([sv, "-tanrj", "--resolve-timeout=1"])
    probs = []
    if rc != 0:
        probs.append("exit %s %r" % (rc, err))
    else:
        v = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py")],
                           input=out.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if v.returncode != 0:
            probs.append("validate.py: %s" % v.stdout.decode())
        for s in json.loads(out):
            want = {"127.0.0.1": "localhost", "127.0.0.2": "two.svtest", "::2": "six.svtest",
                    "fe80::1": "ll.svtest", "::ffff:127.0.0.1": "localhost",
                    "::ffff:127.0.0.2": "two.svtest"}
            for end in ("local", "peer"):
                ep = s[end]
                if ep.get("host") != want.get(ep["address"]):
                    probs.append("%s %s: host %r, want %r" % (end, ep["address"],
                                                              ep.get("host"),
                                                              want.get(ep["address"])))
    rc, out, err = run([sv, "-tanj"])
    if rc != 0 or '"host"' in out:
        probs.append("without -r: exit %s, a host member: %s" % (rc, '"host"' in out))
    dns.take()
    report("-rj: local.host and peer.host where a name was found, nowhere else", probs)


def inner(sv, counts):
    tmp = tempfile.mkdtemp(prefix="sockview-resolve.")
    with open(os.path.join(tmp, "quick.conf"), "w") as f:
        f.write(QUICK)
    bind_file("/etc/hosts", HOSTS, tmp)
    bind_file("/etc/resolv.conf", SLOW, tmp)
    bind_file("/etc/nsswitch.conf", "hosts: files dns\nservices: files\n", tmp)
    setup_net()
    dns = Silent()
    keep = population()
    out = check_budget(sv, dns)
    check_names(out)
    check_vs_ss(sv, tmp, out)
    dns.take()
    check_zero(sv, dns)
    check_json(sv, dns)
    for s in keep:
        s.close()
    with open(counts, "w") as f:
        f.write("%d %d\n" % tuple(RESULTS))


def main():
    sv, counts = sys.argv[1], sys.argv[3]
    if len(sys.argv) > 4 and sys.argv[4] == "inner":
        inner(sv, counts)
        return 0
    p = subprocess.run(["unshare", "-m", "-n", "--", sys.executable, os.path.abspath(__file__),
                        sv, sys.argv[2], counts, "inner"], timeout=900)
    if p.returncode != 0 or not os.path.exists(counts):
        report("resolve.py in its own mount and network namespace (exit %d)" % p.returncode,
               ["unshare -m -n or the checks failed"])
        with open(counts, "w") as f:
            f.write("%d %d\n" % tuple(RESULTS))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
