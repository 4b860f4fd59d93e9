#!/usr/bin/env python3
"""allnetns.py - --all-netns: every network namespace of the host, each row
labelled with its namespace, one process map for all.

Usage: allnetns.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh (as root). Re-executes itself in a mount and a network
namespace of its own (unshare -m -n), where /run/netns is a tmpfs of its
own: the namespaces it names there are the test's, never the host's. It
makes two named namespaces, sv-a (listeners on 127.0.0.1:4401 and
[::1]:4406, a UDP socket on 127.0.0.1:4405) and sv-b (a listener on [::1]:4402); an unnamed
one whose holder lives in a Docker-style cgroup it makes (a listener on
127.0.0.1:4403); a listener of its own on 127.0.0.1:4404; and a stale name
(a plain file) under /run/netns. ss inside each namespace (nsenter --net)
is the oracle.

The checks:
  rows      -Htuan: each named namespace's rows, label sv-a / sv-b, are
            ss's rows there; the unnamed one's is docker:<12 hex>; this
            process's own is labelled with its inode
  stale     the stale name: "sv-stale under /run/netns is not a network
            namespace" on stderr, the others listed, exit 0 (nothing is
            missing); without it nothing is said
  JSON      -tuanj: validate.py accepts it; netns.inode is the namespace
            file's inode, netns.name the name, netns.container the owner
  -p        one process map for all: each listener's holder is the pid
            that made it (in every namespace)
  filter    a filter applies in every namespace (sport = :4402: one row)
  nobody    as nobody: exit 3, its own namespace still listed, the named
            ones "could not be entered ... it needs root"
  churn     while namespaces come and go (unnamed ones made and ended,
            named ones added and deleted), 12 runs: each exits 0 or 3 (3
            only with a "went away" note), sv-a and sv-b always there, and
            nothing crashes (ip netns add makes the file before it mounts
            the namespace: a name seen in between is said, not failed)
  usage     --all-netns with -N, -s, --ss, --replay, -D: exit 2
  one dump  under strace, -tan asks each namespace for TCP's two families
            in one dump (TCPDIAG_GETSOCK), never one per family
            (SOCK_DIAG_BY_FAMILY with IPPROTO_TCP), and --count -tan gives
            every namespace's ss -tan rows (IPv4 and IPv6) counted
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns as common  # noqa: E402  (report, run, cgroup2_mount)

HOLDER = r"""
import socket, subprocess, sys
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
keep = []
for spec in sys.argv[1:]:
    kind, addr, port = spec.split(",")
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    if kind == "tcp":
        s.listen(8)
    keep.append(s)
print("ready", flush=True)
sys.stdin.read()
"""


def holder(prefix, specs, cgroup=None):
    """A process holding sockets, started with prefix (nsenter, unshare)."""
    argv = prefix + [sys.executable, "-c", HOLDER] + specs
    if cgroup:
        argv = ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup] + argv
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    if p.stdout.readline().strip() != b"ready":
        raise RuntimeError("holder %r did not start" % specs)
    return p


def by_label(out):
    """Rows of the table (-H) by their last column, the Netns label."""
    got = {}
    for line in out.splitlines():
        w = line.split()
        if w:
            got.setdefault(w[-1], []).append(w)
    return got


def ss_rows(ns):
    p = subprocess.run(["nsenter", "--net=/run/netns/" + ns, "ss", "-Htuan"],
                       stdout=subprocess.PIPE, check=True)
    return sorted(" ".join(l.split()[:6]) for l in p.stdout.decode().splitlines() if l.strip())


def mine(rows):
    """sockview's rows as ss's first six columns (Netid State Recv-Q Send-Q
    Local Peer)."""
    return sorted(" ".join(w[:6]) for w in rows)


def check_rows(sv, ident, own):
    rc, out, err = common.run([sv, "--all-netns", "-Htuan"])
    got = by_label(out)
    probs = []
    for ns in ("sv-a", "sv-b"):
        if mine(got.get(ns, [])) != ss_rows(ns):
            probs.append("%s: %r, ss: %r" % (ns, mine(got.get(ns, [])), ss_rows(ns)))
    dock = got.get("docker:" + ident[:12], [])
    if [w[4] for w in dock] != ["127.0.0.1:4403"]:
        probs.append("the docker-owned namespace: %r" % dock)
    if not any(w[4] == "127.0.0.1:4404" for w in got.get(str(own), [])):
        probs.append("this process's namespace (%d): %r" % (own, got.get(str(own))))
    if rc != 0 or "sv-stale under /run/netns is not a network namespace" not in err:
        probs.append("with a stale name: exit %d, stderr %r" % (rc, err))
    common.report("--all-netns -Htuan: each namespace's rows as ss's there, labelled "
                  "with its name, its container or its inode; a stale name is said "
                  "(nothing is missing: exit 0) and the rest listed", probs)
    os.unlink("/run/netns/sv-stale")
    rc, out2, err = common.run([sv, "--all-netns", "-Htuan"])
    unexpected = [l for l in err.splitlines() if "could not be read" not in l]
    common.report("--all-netns without the stale name: exit 0, nothing said", [] if rc == 0
                  and not unexpected else ["exit %d, stderr %r" % (rc, err)])


def check_json(sv, ident, own, pids):
    rc, js, err = common.run([sv, "--all-netns", "-tuanpj"])
    v = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py"),
                        "--processes"], input=js.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    probs = [] if rc == 0 and v.returncode == 0 else \
        ["exit %d, stderr %r; validate.py: %s" % (rc, err, v.stdout.decode())]
    want = {4401: {"inode": os.stat("/run/netns/sv-a").st_ino, "name": "sv-a"},
            4405: {"inode": os.stat("/run/netns/sv-a").st_ino, "name": "sv-a"},
            4402: {"inode": os.stat("/run/netns/sv-b").st_ino, "name": "sv-b"},
            4403: {"inode": os.stat("/proc/%d/ns/net" % pids[4403]).st_ino,
                   "container": "docker:" + ident[:12]},
            4404: {"inode": own}}
    try:
        objs = json.loads(js)
    except ValueError:
        objs = []
    for port, ns in want.items():
        rows = [o for o in objs if o.get("local", {}).get("port") == port]
        if len(rows) != 1 or rows[0].get("netns") != ns:
            probs.append("port %d: netns %r, want %r" % (port, [r.get("netns") for r in rows], ns))
        elif [u["pid"] for u in rows[0].get("users", [])] != [pids[port]]:
            probs.append("port %d: users %r, want pid %d" % (port, rows[0].get("users"),
                                                            pids[port]))
    common.report("--all-netns -tuanpj: valid; netns.inode, .name, .container; the "
                  "holder's pid in every namespace (one process map)", probs)


def check_filter_and_nobody(sv, own):
    rc, out, err = common.run([sv, "--all-netns", "-Htln", "sport", "=", ":4402"])
    w = [l.split() for l in out.splitlines() if l.strip()]
    common.report("--all-netns with a filter: it applies in every namespace",
                  [] if rc == 0 and len(w) == 1 and w[0][-1] == "sv-b" else
                  ["exit %d, rows %r" % (rc, w)])
    rc, out, err = common.run(["setpriv", "--reuid=nobody", "--regid=nogroup",
                               "--clear-groups", "--inh-caps=-all", sv, "--all-netns",
                               "-Htln"])
    probs = []
    if rc != 3 or "could not be entered" not in err or "needs root" not in err:
        probs.append("exit %d, stderr %r" % (rc, err))
    if not any(l.split()[-1] == str(own) and "4404" in l for l in out.splitlines()):
        probs.append("its own namespace not listed: %r" % out)
    common.report("--all-netns as nobody: its own namespace, the others reported "
                  "(it needs root), exit 3", probs)


def check_one_dump(sv):
    """Each namespace's TCP sockets of both families in one dump: the
    kernel's legacy request, and the rows of both families still there."""
    probs = []
    tmp = tempfile.mkdtemp(prefix="sockview-strace.")
    trace = os.path.join(tmp, "trace")
    env = dict(common.ENV, ASAN_OPTIONS=(common.ENV.get("ASAN_OPTIONS", "") +
                                         ":detect_leaks=0").lstrip(":"))
    st = subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e", "trace=sendto",
                         "-xx", "-e", "abbrev=none", sv, "--all-netns", "-tan", "--verbose"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    with open(trace) as f:
        calls = f.read().splitlines()
    shutil.rmtree(tmp, ignore_errors=True)
    err = st.stderr.decode("utf-8", "replace")
    listed = [l for l in err.splitlines() if "--all-netns:" in l and "listed" in l]
    try:
        nns = int(listed[0].split("--all-netns:")[1].split()[0])
    except (IndexError, ValueError):
        nns = 0
        probs.append("no count of namespaces listed in --verbose's notes: %r" % err)
    # strace names the types where it knows the socket's protocol (not in
    # another namespace): 0x12 is TCPDIAG_GETSOCK, 0x14 SOCK_DIAG_BY_FAMILY
    # (its body: the family, then the protocol, 6 for TCP)
    both = [c for c in calls if re.search(r"nlmsg_type=(TCPDIAG_GETSOCK|0x12\b)", c)]
    per_family = [c for c in calls if ("SOCK_DIAG_BY_FAMILY" in c and "IPPROTO_TCP" in c) or
                  re.search(r'nlmsg_type=0x14\b.*?\}, "\\x(02|0a)\\x06', c)]
    if st.returncode != 0:
        probs.append("strace sockview: exit %d %r" % (st.returncode, err))
    if nns < 4 or len(both) < nns:
        probs.append("%d namespaces listed, %d TCPDIAG_GETSOCK requests" % (nns, len(both)))
    if per_family:
        probs.append("TCP asked per family: %r" % per_family[:2])
    # the test's ports only: other namespaces of the host have their own
    rc, out, err = common.run([sv, "--all-netns", "-Htan", "--count=netns,state,local.address",
                               "sport", ">=", ":4401", "and", "sport", "<=", ":4406"])
    got = {tuple(l.split()[1:]): int(l.split()[0]) for l in out.splitlines() if l.strip()}
    want = {}
    for ns in ("sv-a", "sv-b"):  # ss's rows there, counted the same way
        for r in ss_rows(ns):
            w = r.split()
            if w[0] == "tcp" and 4401 <= int(w[4].rsplit(":", 1)[1]) <= 4406:
                key = (ns, {"LISTEN": "LISTEN"}.get(w[1], w[1]), w[4].rsplit(":", 1)[0].strip("[]"))
                want[key] = want.get(key, 0) + 1
    if rc != 0 or len(want) != 3 or any(got.get(k) != n for k, n in want.items()):
        probs.append("--count: exit %d, %r; want %r (from ss)" % (rc, got, want))
    common.report("--all-netns -tan: each namespace's TCP sockets of both families in "
                  "one dump (TCPDIAG_GETSOCK, none per family); --count of both", probs)


def churn(stop):
    """Namespaces that come and go: unnamed ones held for a moment, and a
    named one added and deleted."""
    i = 0
    while not stop.is_set():
        p = subprocess.Popen(["unshare", "-n", "sleep", "0.05"])
        subprocess.run(["ip", "netns", "add", "sv-tmp%d" % (i % 3)], stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "del", "sv-tmp%d" % ((i + 1) % 3)],
                       stderr=subprocess.DEVNULL)
        p.wait()
        i += 1
    for j in range(3):
        subprocess.run(["ip", "netns", "del", "sv-tmp%d" % j], stderr=subprocess.DEVNULL)


def check_churn(sv):
    stop = threading.Event()
    t = threading.Thread(target=churn, args=(stop,))
    t.start()
    probs = []
    try:
        for _ in range(12):
            rc, out, err = common.run([sv, "--all-netns", "-Htln"])
            got = by_label(out)
            bad = [l for l in err.splitlines() if "could not be read" not in l and
                   "went away" not in l and "not a network namespace" not in l]
            if rc not in (0, 3) or bad or (rc == 3 and not err):
                probs.append("exit %d, stderr %r" % (rc, err))
            if "sv-a" not in got or "sv-b" not in got:
                probs.append("sv-a or sv-b missing: %r" % sorted(got))
            time.sleep(0.05)
    finally:
        stop.set()
        t.join()
    common.report("--all-netns while namespaces come and go: every run exits 0 or 3 "
                  "(a namespace that went away), the others listed", probs)


def check_usage(sv):
    probs = []
    for extra in (["-N", "sv-a"], ["-s"], ["--ss"], ["--replay", "/dev/null"],
                  ["-D", "/dev/null"]):
        rc, out, err = common.run([sv, "--all-netns"] + extra)
        if rc != 2 or out or "--all-netns" not in err:
            probs.append("%r: exit %d, stderr %r" % (extra, rc, err))
    common.report("--all-netns with -N, -s, --ss, --replay or -D: exit 2, said why", probs)


def inner(sv, counts):
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)
    os.makedirs("/run/netns", exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "sv-test", "/run/netns"], check=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for ns in ("sv-a", "sv-b"):
        subprocess.run(["ip", "netns", "add", ns], check=True)
    open("/run/netns/sv-stale", "w").close()
    mnt = common.cgroup2_mount()
    ident = ("%064x" % (0x5e1f << 200 | os.getpid()))[-64:]
    top = os.path.join(mnt, "sv-allns-%d.slice" % os.getpid()) if mnt else None
    scope = os.path.join(top, "docker-%s.scope" % ident) if top else None
    kids = []
    try:
        if scope:
            os.makedirs(scope)
        kids.append(holder(["nsenter", "--net=/run/netns/sv-a"],
                           ["tcp,127.0.0.1,4401", "udp,127.0.0.1,4405", "tcp,::1,4406"]))
        kids.append(holder(["nsenter", "--net=/run/netns/sv-b"], ["tcp,::1,4402"]))
        kids.append(holder(["unshare", "-n"], ["tcp,127.0.0.1,4403"], scope))
        kids.append(holder([], ["tcp,127.0.0.1,4404"]))
        pids = {4401: kids[0].pid, 4405: kids[0].pid, 4406: kids[0].pid, 4402: kids[1].pid,
                4403: kids[2].pid, 4404: kids[3].pid}
        own = os.stat("/proc/self/ns/net").st_ino
        if not scope:
            common.report("--all-netns: a cgroup2 mount", ["none in /proc/self/mounts"])
        check_rows(sv, ident, own)
        check_json(sv, ident, own, pids)
        check_filter_and_nobody(sv, own)
        check_churn(sv)
        check_usage(sv)
        check_one_dump(sv)
    finally:
        for kid in kids:
            kid.stdin.close()
            kid.wait(timeout=10)
        for path in (scope, top):
            if path:
                try:
                    os.rmdir(path)
                except OSError:
                    pass
        common.write_counts(counts)


def main():
    return common.main_in_namespace(__file__, inner, flags=("-m", "-n"))


if __name__ == "__main__":
    sys.exit(main())
