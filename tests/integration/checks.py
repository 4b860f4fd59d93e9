#!/usr/bin/env python3
"""checks.py - compare sockview with ss (the oracle) on a live population.

Usage: checks.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside a private network namespace where population.py (main)
holds its sockets. Prints one line per check ("ok - NAME" or "not ok - NAME",
diagnostics as "#" lines), and writes "PASSED FAILED" to COUNTS-FILE. For
the last checks it starts and ends side populations of its own
(population.py bulk: ~3000 sockets; population.py naming: ports for ss's
service-name rules).

How rows are compared. sockview prints ss's columns up to Peer Address:Port,
then Role Class Service; piped, its rows are compact: one space between
columns, Recv-Q and Send-Q as "%-6u", nothing after the last column. ss 6.1
pads piped output to aligned columns instead. So for every ss row of N
whitespace-separated fields:
  - fields: the first N fields of sockview's row equal ss's fields;
  - text: ss's fields rebuilt in compact form, then " ", then sockview's
    three own columns joined by single spaces, equal sockview's whole line;
  - order: rows are compared as ordered lists (ss's order: UDP before TCP,
    IPv4 before IPv6, kernel order within a table). The population does not
    change while the checks run, so any order difference is reported.
"""
import json
import os
import re
import signal
import string
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SV = MANIFEST = COUNTS = None
EXTRA = ["Role", "Class", "Service"]
RESULTS = [0, 0]
ENV = {k: v for k, v in os.environ.items()
       if k not in ("TCPDIAG_FILE", "UDPDIAG_FILE", "PROC_NET_TCP", "PROC_ROOT",
                    "COLUMNS")}
ENV["LC_ALL"] = "C"


# ------------------------------------------------------------------ basics

def run(argv, timeout=20):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def sv(args):
    return run([SV] + args)


def ss(args):
    return run(["ss"] + args)


def report(name, problems):
    """One check: ok when problems is empty."""
    if problems:
        RESULTS[1] += 1
        print("not ok - %s" % name)
        for p in problems[:40]:
            for line in str(p).splitlines():
                print("#   " + line)
        if len(problems) > 40:
            print("#   ... and %d more" % (len(problems) - 40))
    else:
        RESULTS[0] += 1
        print("ok - %s" % name)
    sys.stdout.flush()


def lines_of(text):
    return [l for l in text.split("\n") if l.strip()]


def header_words(line):
    """Words of an ss header without "Process". ss 6.1 glues it to the peer
    column when that column is exactly as wide as its title
    ("Peer Address:PortProcess"), so cut it off a word's end as well."""
    out = []
    for w in line.split():
        if w != "Process" and w.endswith("Process"):
            w = w[:-len("Process")]
        if w != "Process":
            out.append(w)
    return out


def header_cols(words):
    """ss header words -> row columns: "Local Address:Port" and "Peer
    Address:Port" are one column each; "Process" has no field here."""
    words = header_words(" ".join(words))
    cols, i = [], 0
    while i < len(words):
        w = words[i]
        if w in ("Local", "Peer") and i + 1 < len(words) and words[i + 1].startswith("Address:"):
            cols.append(w + " " + words[i + 1])
            i += 2
            continue
        if w != "Process":
            cols.append(w)
        i += 1
    return cols


def compact(fields, cols):
    """ss's fields in sockview's piped form."""
    out = []
    for f, c in zip(fields, cols + [""] * len(fields)):
        out.append(f.ljust(6) if c in ("Recv-Q", "Send-Q") else f)
    return " ".join(out)


def without_H(args):
    """The same arguments with -H dropped (from a flag cluster as well)."""
    out = []
    for a in args:
        if a.startswith("-") and not a.startswith("--") and "H" in a:
            a = a.replace("H", "")
            if a == "-":
                continue
        if a == "--no-header":
            continue
        out.append(a)
    return out


def compare_rows(ss_lines, sv_lines, cols):
    """Problems found comparing ss's rows (oracle) with sockview's."""
    problems = []
    ssr = [l.split() for l in ss_lines]
    n_cols = len(cols)
    for r, l in zip(ssr, ss_lines):
        if len(r) != n_cols:
            problems.append("ss row has %d fields, its header %d: %r" % (len(r), n_cols, l))
    if problems:
        return problems
    svr = [l.split() for l in sv_lines]
    key_ss = [tuple(r) for r in ssr]
    key_sv = [tuple(r[:n_cols]) for r in svr]
    if key_ss != key_sv:
        if sorted(key_ss) == sorted(key_sv):
            i = next(i for i, (a, b) in enumerate(zip(key_ss, key_sv)) if a != b)
            problems.append("same rows, different order; first difference at row %d:" % (i + 1))
            problems.append("  ss: " + " ".join(key_ss[i]))
            problems.append("  sv: " + " ".join(key_sv[i]))
        else:
            from collections import Counter
            cs, cv = Counter(key_ss), Counter(key_sv)
            miss = list((cs - cv).elements())
            extra = list((cv - cs).elements())
            problems.append("%d rows from ss, %d from sockview; %d only in ss, %d only in sockview"
                            % (len(key_ss), len(key_sv), len(miss), len(extra)))
            for r in miss[:12]:
                problems.append("  only ss: " + " ".join(r))
            for r in extra[:12]:
                problems.append("  only sv: " + " ".join(r))
            # field-level view of rows that differ in one field only
            for a in miss[:6]:
                for b in extra:
                    d = [i for i in range(n_cols) if a[i] != b[i]]
                    if len(d) == 1:
                        problems.append("  field %s: ss %r, sockview %r (row %s)"
                                        % (cols[d[0]], a[d[0]], b[d[0]], " ".join(a)))
                        break
    # exact text of every row that matches field by field
    bad = 0
    for r, sl in zip(ssr, sv_lines):
        f = sl.split()
        if tuple(f[:n_cols]) != tuple(r):
            continue
        extra = f[n_cols:]
        want = compact(r, cols) + " " + " ".join(extra)
        why = None
        if len(extra) != 3:
            why = "%d sockview columns after the peer, expected 3 (Role Class Service)" % len(extra)
        elif sl != want:
            why = "text differs from ss's fields in compact form"
        if why:
            bad += 1
            if bad <= 8:
                problems.append("%s:\n  want: %r\n  got:  %r" % (why, want, sl))
    if bad > 8:
        problems.append("... %d rows with text problems in all" % bad)
    return problems


def layout(ss_args):
    """ss's columns for these arguments, read from its header."""
    rc, out, err = ss(without_H(ss_args))
    ls = lines_of(out)
    if rc != 0 or not ls:
        return None
    return header_cols(ls[0].split())


# Each tool's own sock_diag socket: a netlink row of protocol 4 whose port
# id is the tool's pid (ss's and sockview's differ by nature). The kernel's
# own (port id 0, "kernel") stays.
OWN_DIAG = re.compile(r"^nl\s+(UNCONN\s+)?\d+\s+\d+\s+(4|tcpdiag):(?!0\s|kernel\s)\S+")


# The kernel's own sock_diag socket (port id 0) stays, but its Recv-Q is the
# dump requests in flight at that instant (both tools' and any other's): it
# moves between two runs, so it is compared as 0 (seen in CI: 832 and 1664).
KERNEL_DIAG_RQ = re.compile(r"^(nl\s+(?:UNCONN\s+)?)\d+\s+(?=\d+\s+(?:4|tcpdiag):(?:0|kernel)\s)")


def without_own_diag(lines):
    return [KERNEL_DIAG_RQ.sub(lambda m: m.group(1) + "0" + " " * 6, ln)
            for ln in lines if not OWN_DIAG.match(ln)]


def check_rows(name, ss_args, sv_args=None):
    """Rows of `sockview ARGS` against `ss ARGS` (both with -H)."""
    sv_args = ss_args if sv_args is None else sv_args
    cols = layout(ss_args)
    rc1, o1, e1 = ss(ss_args)
    rc2, o2, e2 = sv(sv_args)
    problems = []
    if rc1 != 0 or cols is None:
        problems.append("ss %s failed (exit %d): %s" % (" ".join(ss_args), rc1, e1.strip()))
    if rc2 != 0:
        problems.append("sockview exit status %d, expected 0" % rc2)
    if e2:
        problems.append("sockview wrote to stderr: %r" % e2.strip())
    if not problems:
        problems += compare_rows(without_own_diag(lines_of(o1)),
                                 without_own_diag(o2.rstrip("\n").split("\n") if o2 else []),
                                 cols)
        if o2 and not o2.endswith("\n"):
            problems.append("sockview output does not end with a newline")
    label = "sockview %s vs ss %s" % (" ".join(sv_args), " ".join(ss_args)) \
        if sv_args != ss_args else "sockview %s == ss %s" % (" ".join(sv_args), " ".join(ss_args))
    report("%s: %s" % (name, label), problems)
    return o2


def check_header(name, ss_args, sv_args=None, want_netid=None, want_state=None):
    """Header and rows of `sockview ARGS` against `ss ARGS` (no -H)."""
    sv_args = ss_args if sv_args is None else sv_args
    rc1, o1, e1 = ss(ss_args)
    rc2, o2, e2 = sv(sv_args)
    problems = []
    if rc1 != 0 or not lines_of(o1):
        problems.append("ss %s failed (exit %d): %s" % (" ".join(ss_args), rc1, e1.strip()))
    if rc2 != 0:
        problems.append("sockview exit status %d, expected 0" % rc2)
    if e2:
        problems.append("sockview wrote to stderr: %r" % e2.strip())
    svl = o2.rstrip("\n").split("\n") if o2 else []
    if not problems:
        ssl = lines_of(o1)
        ssw = ssl[0].split()
        cut = header_words(ssl[0])
        want = " ".join(cut + EXTRA)
        if not svl:
            problems.append("sockview printed nothing; ss's header: %r" % ssl[0])
        else:
            svw = svl[0].split()
            if svw[:len(cut)] != cut:
                problems.append("header words differ:\n  ss: %s\n  sv: %s" % (" ".join(cut), " ".join(svw)))
            elif svl[0] != want:
                problems.append("header text:\n  want: %r\n  got:  %r" % (want, svl[0]))
            for flag, col in ((want_netid, "Netid"), (want_state, "State")):
                if flag is None:
                    continue
                if (col in ssw) != flag:
                    problems.append("ss's header %s %s" % ("lacks" if flag else "has", col))
                if (col in svw) != flag:
                    problems.append("sockview's header %s %s: %r" % ("lacks" if flag else "has", col, svl[0]))
            problems += compare_rows(without_own_diag(ssl[1:]), without_own_diag(svl[1:]),
                                     header_cols(ssw))
    report("%s: sockview %s header vs ss %s" % (name, " ".join(sv_args), " ".join(ss_args)), problems)


# ---------------------------------------------------------- sockview's own

def sv_table(args):
    """{(netid, local, peer): [fields...]} of a sockview listing with Netid
    and State columns (args must show both)."""
    rc, out, err = sv(args)
    rows = {}
    for l in lines_of(out):
        f = l.split()
        rows[(f[0], f[4], f[5])] = f
        rows.setdefault((f[0], f[4], None), f)
    return rc, rows, out


def tw_alive(m):
    """Does ss still list the TIME-WAIT socket of manifest entry m? (The
    kernel lets it go after 60 s; a slow run can outlast it.)"""
    rc, out, _ = ss(["-Htan", "state", "time-wait"])
    return any(l.split()[2:4] == [m["local"], m["peer"]] for l in lines_of(out))


def check_own_columns():
    with open(MANIFEST) as fh:
        man = json.load(fh)
    rc, rows, out = sv_table(["-Htuan"])
    groups = {}
    for m in man["sockets"]:
        kind = "%s %s" % (m["netid"], m["role"])
        key = (m["netid"], m["local"], m["peer"])
        probs = groups.setdefault(kind, [])
        f = rows.get(key)
        what = "%s %s %s" % (m["netid"], m["local"], m["peer"] or "")
        if f is None and m["state"] == "TIME-WAIT" and not tw_alive(m):
            print("# note: %s left TIME-WAIT (60 s) before this check" % what)
            continue
        if f is None:
            probs.append("no sockview row for %s" % what)
            continue
        if len(f) != 9:
            probs.append("row has %d fields, expected 9: %s" % (len(f), " ".join(f)))
            continue
        got = {"state": f[1], "role": f[6], "class": f[7], "service": f[8]}
        for k in ("state", "role", "class", "service"):
            if got[k] != m[k]:
                probs.append("%s: %s %r, expected %r  (row: %s)" % (what, k, got[k], m[k], " ".join(f)))
    for kind in sorted(groups):
        n = sum(1 for m in man["sockets"] if "%s %s" % (m["netid"], m["role"]) == kind)
        report("own columns, %s rows (%d sockets; Role Class Service in sockview -Htuan)"
               % (kind, n), groups[kind])

    # the named cases of the brief, one check each
    def one(name, key, role, cls, svc):
        f = rows.get(key)
        if f is None:
            report(name, ["no row for %s" % (key,)])
        else:
            report(name, [] if f[6:9] == [role, cls, svc] else
                   ["expected %s %s %s, got: %s" % (role, cls, svc, " ".join(f))])
    one("own columns: 0.0.0.0:22 listener is listen well-known ssh (-n)",
        ("tcp", "0.0.0.0:22", None), "listen", "well-known", "ssh")
    one("own columns: dual-stack *:8080 listener is listen registered http-alt",
        ("tcp", "*:8080", None), "listen", "registered", "http-alt")
    one("own columns: udp 0.0.0.0%lo:67 is listen well-known bootps",
        ("udp", "0.0.0.0%lo:67", None), "listen", "well-known", "bootps")
    lo, hi = man["range"]
    outs = [m for m in man["sockets"] if m["role"] == "out" and m["netid"] == "tcp"
            and m["state"] == "ESTAB"]
    probs = []
    for m in outs:
        port = int(m["local"].rsplit(":", 1)[1])
        f = rows.get(("tcp", m["local"], m["peer"]))
        if f and lo <= port <= hi and f[7] != "ephemeral":
            probs.append("port %d is in %d-%d but class is %r: %s" % (port, lo, hi, f[7], " ".join(f)))
        if f and not lo <= port <= hi and f[7] == "ephemeral":
            probs.append("port %d is outside %d-%d but class is ephemeral: %s" % (port, lo, hi, " ".join(f)))
    report("own columns: client ports inside ip_local_port_range %d-%d are ephemeral, others not"
           % (lo, hi), probs if outs else ["no client sockets in the manifest"])

    # a filtered listing must classify like the full one (listeners learnt
    # even when they are not listed)
    for args in (["-Htn"], ["-Htan", "state", "established"], ["-Htn", "-4"],
                 ["-Htn", "-6"], ["-Hun"], ["-Htan", "state", "time-wait"],
                 ["-Htan", "exclude", "listening"], ["-Htuln"]):
        rc2, out2, err2 = sv(args)
        cols = layout(args)
        probs = []
        if rc2 != 0 or cols is None:
            probs.append("exit %d: %s" % (rc2, err2.strip()))
        else:
            ni = cols.index("Local Address:Port")
            for l in lines_of(out2):
                f = l.split()
                netid = f[0] if "Netid" in cols else ("udp" if "-Hun" in args else "tcp")
                full = rows.get((netid, f[ni], f[ni + 1]))
                if full is None:
                    probs.append("row not in the full listing: %s" % l)
                elif f[-3:] != full[6:9]:
                    probs.append("sockview %s says %s, the full listing %s for %s %s"
                                 % (" ".join(args), " ".join(f[-3:]), " ".join(full[6:9]),
                                    f[ni], f[ni + 1]))
        report("own columns of sockview %s match the unfiltered listing" % " ".join(args), probs)


# ----------------------------------------------------------------- errors

def check_errors():
    rc, out, err = sv(["-K"])  # an ss option sockview does not support yet
    p = []
    if rc != 2:
        p.append("exit status %d, expected 2" % rc)
    if out:
        p.append("stdout not empty: %r" % out[:200])
    if "-K" not in err:
        p.append("stderr does not name '-K': %r" % err)
    report("sockview -K: exit 2, a message naming -K on stderr, nothing on stdout", p)

    for args, word in ((["state", "bogus"], "bogus"), (["-t", "exclude", "bogus"], "bogus"),
                       (["-t", "state"], "state"), (["--bogus-option"], "--bogus-option")):
        rc, out, err = sv(args)
        p = []
        if rc != 2:
            p.append("exit status %d, expected 2" % rc)
        if out:
            p.append("stdout not empty: %r" % out[:200])
        if word not in err:
            p.append("stderr does not name %r: %r" % (word, err))
        report("sockview %s: exit 2, message names %r" % (" ".join(args), word), p)

    script = '"$0" -tan | head -1; echo "status=${PIPESTATUS[0]},${PIPESTATUS[1]}"'
    check_head("sockview -tan | head -1: exit 0, nothing on stderr", script, 1)

    rc, out, err = sv(["-V"])
    rc2, out2, err2 = sv(["--version"])
    p = []
    if rc != 0 or not re.search(r"\b\d+\.\d+(\.\d+)?\b", out):
        p.append("-V: exit %d, output %r" % (rc, out))
    if rc2 != 0 or out2 != out:
        p.append("--version: exit %d, output %r (-V: %r)" % (rc2, out2, out))
    if err or err2:
        p.append("stderr: %r %r" % (err, err2))
    report("sockview -V / --version print a version and exit 0", p)

    check_help()


def check_head(name, script, want_lines, full=None):
    p = subprocess.run(["bash", "-c", script, SV], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=ENV, timeout=30)
    out = p.stdout.decode("utf-8", "replace").split("\n")
    err = p.stderr.decode("utf-8", "replace")
    probs = []
    status = [l for l in out if l.startswith("status=")]
    body = [l for l in out if l and not l.startswith("status=")]
    if status != ["status=0,0"]:
        probs.append("PIPESTATUS (sockview, head): %s, expected 0,0" % (status or "?"))
    if err:
        probs.append("stderr: %r" % err[:300])
    if len(body) != want_lines:
        probs.append("%d lines through head, expected %d" % (len(body), want_lines))
    if full is not None and body and body[0] != full:
        probs.append("first line %r, expected %r" % (body[0], full))
    report(name, probs)


def check_help():
    rc, out, err = sv(["--help"])
    rc2, out2, err2 = sv(["-h"])
    p = []
    if rc != 0 or not out.strip():
        p.append("--help: exit %d, %d bytes on stdout" % (rc, len(out)))
    if err:
        p.append("--help wrote to stderr: %r" % err[:200])
    if rc2 != 0 or out2 != out:
        p.append("-h: exit %d, output differs from --help" % rc2)
    # options of the issue (short and long forms)
    for s, l in (("-t", "--tcp"), ("-u", "--udp"), ("-l", "--listening"), ("-a", "--all"),
                 ("-n", "--numeric"), ("-4", "--ipv4"), ("-6", "--ipv6"),
                 ("-H", "--no-header"), ("-h", "--help"), ("-V", "--version")):
        for o in (s, l):
            if not re.search(r"(^|[\s,\[|])%s\b" % re.escape(o), out):
                p.append("--help does not mention %s" % o)
    for w in ("state", "exclude"):
        if w not in out:
            p.append("--help does not mention %r" % w)
    # every short option sockview accepts must be in --help: probe each
    # letter behind -h (parsing only; -h makes sockview print help and exit)
    known = []
    for ch in string.ascii_letters + string.digits:
        r, o, e = sv(["-h", "-" + ch])
        if r == 0 or (r == 2 and "argument" in e):
            known.append(ch)
    for ch in known:
        if not re.search(r"(^|[\s,\[|])-%s\b" % re.escape(ch), out):
            p.append("sockview accepts -%s but --help does not mention it" % ch)
    # and every option --help documents must be accepted
    for m in re.finditer(r"^\s+(-[A-Za-z0-9])(?:,\s*(--[a-z][a-z0-9-]*))?", out, re.M):
        for o in m.groups():
            if not o:
                continue
            r, _, e = sv(["-h", o])
            if not (r == 0 or (r == 2 and "argument" in e)):
                p.append("--help documents %s but sockview rejects it: %s" % (o, e.strip()))
    report("sockview --help exits 0 and mentions every option (accepted: %s)"
           % " ".join("-" + c for c in known), p)


# ---------------------------------------------------------- side populations

class Side:
    """A population.py run for a few checks, ended afterwards."""

    def __init__(self, mode, arg):
        self.ready = os.path.join(os.path.dirname(COUNTS), mode + ".ready")
        self.mode = mode
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "population.py"),
                                      mode, self.ready, arg], env=ENV)

    def wait(self, timeout=20):
        end = time.monotonic() + timeout
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None or time.monotonic() > end:
                report("population.py %s started" % self.mode,
                       ["population.py %s exited with %s" % (self.mode, self.proc.returncode)
                        if self.proc.poll() is not None else "not ready after %d s" % timeout])
                return False
            time.sleep(0.02)
        return True

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def check_rows_subset(name, args, pick):
    """Compare only the rows whose numeric form (ss -n, same order) passes
    pick(fields): used where names differ and the rest is checked elsewhere."""
    cols = layout(args)
    rcn, outn, _ = ss(args + ["-n"])
    rc1, o1, e1 = ss(args)
    rc2, o2, e2 = sv(args)
    problems = []
    if rc1 or rcn or cols is None:
        problems.append("ss failed: %s" % e1.strip())
    if rc2 or e2:
        problems.append("sockview exit %d, stderr %r" % (rc2, e2.strip()))
    ln, l1, l2 = lines_of(outn), lines_of(o1), o2.rstrip("\n").split("\n") if o2 else []
    if not problems and not (len(ln) == len(l1) == len(l2)):
        problems.append("row counts differ: ss -n %d, ss %d, sockview %d" % (len(ln), len(l1), len(l2)))
    if not problems:
        idx = [i for i, l in enumerate(ln) if pick(l.split())]
        if not idx:
            problems.append("no rows picked: the side population is missing")
        problems += compare_rows([l1[i] for i in idx], [l2[i] for i in idx], cols)
    report(name, problems)


def naming_phase():
    side = Side("naming", "-")
    try:
        if not side.wait():
            return
        lo, hi = json.load(open(MANIFEST))["range"]
        p = lo + 1
        check_rows_subset("without -n, a listener's port inside ip_local_port_range %d-%d "
                          "is a number, as in ss (TCP 127.0.0.4:%d, UDP 127.0.0.4:33434)"
                          % (lo, hi, p), ["-Htua"],
                          lambda f: any(x in ("127.0.0.4:%d" % p, "127.0.0.4:33434") for x in f))
        check_rows_subset("without -n, a client port outside the range that the services "
                          "file names is a name on both rows, as in ss (127.0.0.4:3306 -> :5432)",
                          ["-Hta"], lambda f: "127.0.0.4:3306" in f)
    finally:
        side.stop()


# ------------------------------------------------------------------- bulk

def bulk_phase(n=1500):
    """About 3000 more TCP sockets: a dump that takes many netlink reads, and
    more output than a pipe holds, so that `| head -1` really closes the
    pipe under sockview (EPIPE / SIGPIPE)."""
    side = Side("bulk", str(n))
    try:
        if not side.wait():
            return
        with open(side.ready) as f:
            n = int(f.read().split()[1])
        out = check_rows("large dump (%d extra sockets, several netlink reads)" % (2 * n + 1),
                         ["-Htan"])
        first = out.split("\n", 1)[0] if out else None
        check_head("sockview -Htan | head -1 with %d sockets (EPIPE): exit 0, nothing on stderr"
                   % (2 * n), '"$0" -Htan | head -1; echo "status=${PIPESTATUS[0]},${PIPESTATUS[1]}"',
                   1, first)
        check_head("sockview -tan | head -1 with %d sockets: header only, exit 0" % (2 * n),
                   '"$0" -tan | head -1; echo "status=${PIPESTATUS[0]},${PIPESTATUS[1]}"', 1,
                   " ".join(header_words(lines_of(ss(["-tan"])[1])[0]) + EXTRA))
    finally:
        side.stop()


# ------------------------------------------------------------------- main

def main():
    global SV, MANIFEST, COUNTS
    SV, MANIFEST, COUNTS = sys.argv[1:4]

    # rows, compared with ss; each also run without -H (header and rows)
    cases = [
        ("tcp all, numeric", ["-Htan"], None),
        ("tcp+udp listening, numeric", ["-Htuln"], None),
        ("tcp established, names", ["-Hta", "state", "established"], None),
        ("tcp+udp all, names", ["-Htua"], None),
        ("udp all, names", ["-Hua"], None),
        ("tcp listening IPv4", ["-Htln", "-4"], None),
        ("tcp listening IPv6", ["-Htln", "-6"], None),
        ("tcp time-wait", ["-Hta", "state", "time-wait"], None),
        ("tcp all but established", ["-Hta", "exclude", "established"], None),
        ("tcp state listening", ["-Ht", "state", "listening"], None),
        ("tcp state listen (alias)", ["-Ht", "state", "listening"], ["-Ht", "state", "listen"]),
        # more of ss's behaviour
        ("tcp default states, numeric", ["-Htn"], None),
        ("udp default (connected), numeric", ["-Hun"], None),
        ("tcp+udp all IPv6, numeric", ["-Htuan", "-6"], None),
        ("tcp+udp all IPv4, numeric", ["-Htuan", "-4"], None),
        ("udp all, numeric", ["-Huan"], None),
        ("tcp+udp listening, names", ["-Htul"], None),
        ("tcp fin-wait-2", ["-Htan", "state", "fin-wait-2"], None),
        ("tcp close-wait", ["-Htan", "state", "close-wait"], None),
        ("tcp syn-sent", ["-Htan", "state", "syn-sent"], None),
        ("tcp two states", ["-Htan", "state", "established", "state", "time-wait"], None),
        ("tcp group connected", ["-Htan", "state", "connected"], None),
        ("tcp group synchronized", ["-Htan", "state", "synchronized"], None),
        ("tcp group bucket", ["-Htan", "state", "bucket"], None),
        ("tcp group big", ["-Htan", "state", "big"], None),
        ("tcp exclude two", ["-Htan", "exclude", "listening", "exclude", "time-wait"], None),
        ("udp state listening (none)", ["-Hun", "state", "listening"], None),
        ("udp state closed", ["-Hun", "state", "closed"], None),
        ("-l then -a: all", ["-Htlan"], None),
        ("-a then -l: listening", ["-Htaln"], None),
        ("-H after the state filter", ["-tan", "state", "established", "-H"], None),
        ("separate flags", ["-H", "-t", "-a", "-n"], None),
        ("long options", ["--no-header", "--tcp", "--udp", "--all", "--numeric"], None),
        # (each tool's own sock_diag socket is left out: OWN_DIAG)
        ("no table flag: every table ss lists by default", ["-Han"], ["-Han"]),
    ]
    for name, ss_args, sv_args in cases:
        check_rows(name, ss_args, sv_args)
        check_header(name, without_H(ss_args), without_H(sv_args) if sv_args else None)
    # ss's other spellings of state names (ss compares them case-insensitively)
    for name, ss_args in (("state name in capitals", ["-Htan", "state", "ESTABLISHED"]),
                          ("state alias close", ["-Htan", "state", "close"]),
                          ("state alias syn-rcv", ["-Htan", "state", "syn-rcv"]),
                          ("state unconnected", ["-Huan", "state", "unconnected"]),
                          ("exclude alias excl", ["-Htan", "excl", "time-wait"])):
        check_rows(name, ss_args)

    # header shapes named by the brief
    check_header("-tln header", ["-tln"], want_netid=False, want_state=True)
    check_header("-tuln header has Netid", ["-tuln"], want_netid=True, want_state=True)
    check_header("-t state established has no State column", ["-t", "state", "established"],
                 want_netid=False, want_state=False)
    check_header("-tu state established: Netid, no State", ["-tun", "state", "established"],
                 want_netid=True, want_state=False)

    check_own_columns()
    check_errors()
    bulk_phase()
    naming_phase()

    with open(COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(RESULTS))
    return 1 if RESULTS[1] else 0


if __name__ == "__main__":
    sys.exit(main())
