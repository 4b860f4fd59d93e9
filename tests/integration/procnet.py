#!/usr/bin/env python3
"""procnet.py - the /proc/net fallback against sock_diag and against ss
reading the same files, on the live population.

Usage: procnet.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace, while population.py
(main) holds its sockets (listeners v4/v6, a v6only and a dual-stack
wildcard, listeners bound to lo, a marked listener, queued bytes, TIME-WAIT,
FIN-WAIT-2, CLOSE-WAIT, SYN-SENT, UDP). Checks:
  - text: sockview --ss --source=proc ARGS is, byte for byte, what
    PROC_ROOT=/proc ss ARGS prints (ss then reads /proc/net too), for
    several option sets and filters;
  - rows: sockview -j --source=proc and --source=netlink list the same
    sockets (keyed by table, family, addresses, ports and state), with the
    same values for every field /proc/net has (queues but a listener's
    backlog, uid, inode, processes with -p, role, class, service); the
    /proc rows lack exactly what /proc/net lacks (cookie, v6only, bound
    device, mark, cgroup id, a listener's backlog) and say "source":"proc";
    a role /proc/net cannot decide (the kernel's bind flag) is "unknown"
    where sock_diag says "out", and only there;
  - a kernel that refuses sock_diag (tests/cli/nodiag.py, a seccomp
    filter): the default source falls back to /proc/net, says so once on
    stderr, exits 0 and prints ss's /proc text; --source=netlink fails;
  - a fwmark filter from /proc/net: the rows cannot be decided (exit 3,
    the reason names /proc/net);
  - raw, unix, packet and netlink sockets of its own (procnet_tables.py):
    the /proc rows against sock_diag's on the fields /proc/net has, and
    --ss against PROC_ROOT=/proc ss's text.
Writes "PASSED FAILED" to COUNTS-FILE.
"""
import json
import os
import subprocess
import sys
from collections import Counter

import checks as C
import procnet_tables

HERE = os.path.dirname(os.path.abspath(__file__))
NODIAG = os.path.join(HERE, "..", "cli", "nodiag.py")


def run_env(argv, **env):
    e = dict(C.ENV)
    e.update(env)
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=e, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def diff(a, b, la="sockview", lb="ss"):
    import difflib
    return list(difflib.unified_diff(a.splitlines(), b.splitlines(), la, lb, lineterm=""))[:30]


def same_text(name, sv_argv, ss_args, **env):
    """sockview's output equals PROC_ROOT=/proc ss's. The population is
    still, but a TIME-WAIT entry may end between the two reads: up to three
    tries, each a fresh pair."""
    probs = []
    for _ in range(3):
        rc, out, err = run_env(sv_argv, **env)
        rcs, want, errs = run_env(["ss"] + ss_args, PROC_ROOT="/proc")
        probs = []
        if rc != 0 or rcs != 0:
            probs.append("exit %d (ss %d): %s %s" % (rc, rcs, err.strip(), errs.strip()))
        elif out != want:
            probs = diff(out, want)
        elif len(C.lines_of(out)) < 3:
            probs.append("only %d lines: the population is not there" % len(C.lines_of(out)))
        if not probs:
            break
    C.report(name, probs)
    return rc, err


def text_checks():
    for args in (["-tuan"], ["-tua"], ["-tuln"], ["-Htan"], ["-tan", "state", "time-wait"],
                 ["-tuan", "sport", "=", ":5432", "or", "dport", "=", ":5432"],
                 ["-tan", "dst", "127.0.0.0/8", "and", "not", "src", "127.0.0.1"],
                 ["-tan6"], ["-tuanp"]):
        same_text("--ss --source=proc %s: PROC_ROOT=/proc ss's text" % " ".join(args),
                  [C.SV, "--ss", "--source=proc"] + args, args)


def key(s):
    return (s["netid"], s["family"], s["local"]["address"], s["local"]["port"],
            s["peer"]["address"], s["peer"]["port"], s["state"])


# what /proc/net shows of a socket: compared with sock_diag's
SHARED = ("recv_q", "uid", "inode", "port_class", "users")
# what it does not: never in a /proc row
LACKING = ("cookie", "v6only", "mark", "cgroup_id")


def both_ephemeral(s, lo, hi):
    return all(lo <= p <= hi for p in (s["local"]["port"], s["peer"]["port"]))


def json_rows(source):
    rc, out, err = run_env([C.SV, "-tuanpj", "--source=" + source])
    if rc != 0:
        return None, "--source=%s: exit %d %s" % (source, rc, err.strip())
    rows = json.loads(out)
    return rows, None


def row_problems(nl, pr, lo, hi):
    probs = []
    for k in SHARED:
        if nl.get(k) != pr.get(k):
            probs.append("%s: netlink %r, proc %r" % (k, nl.get(k), pr.get(k)))
    if nl["state"] != "LISTEN" and nl["send_q"] != pr.get("send_q"):
        probs.append("send_q: netlink %r, proc %r" % (nl["send_q"], pr.get("send_q")))
    for k in LACKING + (("send_q",) if nl["state"] == "LISTEN" else ()):
        if k in pr:
            probs.append("%s in a /proc row: %r" % (k, pr[k]))
    if "interface" in pr["local"] or pr.get("source") != "proc" or "source" in nl:
        probs.append("local.interface or source wrong")
    if nl["role"] != pr["role"]:
        # only the kernel's bind flag (rule 2) is lost: out becomes unknown
        if not (nl["role"] == "out" and pr["role"] == "unknown" and both_ephemeral(nl, lo, hi)):
            probs.append("role: netlink %r, proc %r" % (nl["role"], pr["role"]))
    elif (nl["service"], nl["ephemeral"]) != (pr["service"], pr["ephemeral"]):
        probs.append("service/ephemeral: netlink %r, proc %r"
                     % ((nl["service"], nl["ephemeral"]), (pr["service"], pr["ephemeral"])))
    return probs


def rows_check():
    lo, hi = (int(x) for x in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
    probs = []
    for _ in range(3):
        nl, e1 = json_rows("netlink")
        pr, e2 = json_rows("proc")
        probs = [e for e in (e1, e2) if e]
        if probs:
            break
        kn, kp = Counter(key(s) for s in nl), Counter(key(s) for s in pr)
        if kn != kp:
            probs.append("%d rows from netlink, %d from /proc" % (len(nl), len(pr)))
            probs += ["only netlink: %r" % (k,) for k in (kn - kp)][:10]
            probs += ["only proc: %r" % (k,) for k in (kp - kn)][:10]
            continue  # a TIME-WAIT entry ended between the reads: again
        bykey = {key(s): s for s in pr}
        unknown = 0
        for s in nl:
            p = bykey[key(s)]
            unknown += s["role"] != p["role"]
            for pb in row_problems(s, p, lo, hi):
                probs.append("%s %s:%s %s:%s: %s" % (s["netid"], s["local"]["address"],
                             s["local"]["port"], s["peer"]["address"], s["peer"]["port"], pb))
        break
    rows = len(nl) if nl else 0
    C.report("-tuanpj: /proc/net and sock_diag, the same %d rows and the same values where "
             "/proc/net has them" % rows, probs)
    for src, data in (("proc", pr), ("netlink", nl)):
        if data is None:
            continue
        p = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py"),
                            "--processes"], input=json.dumps(data).encode() + b"\n",
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        C.report("-tuanpj --source=%s: valid JSON (doc/json-schema.md)" % src,
                 [] if p.returncode == 0 else [p.stdout.decode() + p.stderr.decode()])


def refused_checks():
    rc, out, err = run_env([sys.executable, NODIAG, "EPERM", "true"])
    if rc != 0:
        print("# skip: nodiag.py cannot install a seccomp filter (exit %d)" % rc)
        return
    note = ("sockview: cannot open a sock_diag netlink socket (Operation not permitted): "
            "listing from /proc/net, which lacks some details (sockview(8), SOURCES)\n")
    rc, err = same_text("sock_diag refused (seccomp EPERM): --ss -tuan falls back to "
                        "/proc/net, PROC_ROOT=/proc ss's text",
                        [sys.executable, NODIAG, "EPERM", C.SV, "--ss", "-tuan"], ["-tuan"])
    C.report("sock_diag refused: exit 0 and one note on stderr",
             [] if rc == 0 and err == note else ["exit %d, stderr %r" % (rc, err)])
    rc, out, err = run_env([sys.executable, NODIAG, "EACCES", C.SV, "--source=netlink", "-tuan"])
    C.report("sock_diag refused, --source=netlink: exit 3, nothing listed",
             [] if rc == 3 and out == "" and "Permission denied" in err
             else ["exit %d, stdout %r, stderr %r" % (rc, out[:200], err)])


def mark_check():
    rc, out, err = run_env([C.SV, "--source=proc", "-tan", "fwmark", "=", "0x1/0xff"])
    C.report("fwmark from /proc/net: undecided rows, exit 3, /proc/net named",
             [] if rc == 3 and "could not be decided" in err and
             "/proc/net shows neither marks nor cgroups" in err
             else ["exit %d, stderr %r" % (rc, err)])


def main():
    C.SV = sys.argv[1]
    C.COUNTS = sys.argv[3]
    text_checks()
    rows_check()
    refused_checks()
    mark_check()
    procnet_tables.run_all()
    with open(C.COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


if __name__ == "__main__":
    main()
