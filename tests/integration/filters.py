#!/usr/bin/env python3
"""filters.py - filter expressions, kernel bytecode and record/replay
(issue 3) on the live population, with ss (iproute2) as the oracle.

Usage: filters.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace while population.py
(main) holds its sockets, before checks.py. Prints "ok - NAME" / "not ok -
NAME" lines (diagnostics as "#" lines) and writes "PASSED FAILED" to
COUNTS-FILE. It reuses checks.py's helpers (run, report, row comparison).

The checks, in order:
  filter vs ss      for each expression, the rows of `sockview -H.. EXPR`
                    equal the rows of `ss -H.. EXPR` (ss's fields, in order,
                    and the compact text), as checks.py compares listings.
                    Forms ss 6.1 cannot parse (attached parentheses, a '#'
                    comment after a condition in -F FILE) are compared with
                    ss's rows for the same expression spelt the way ss reads
                    it. Each expression must match at least one row and not
                    every row, so that no comparison is empty.
  kernel == user    the same expressions with --no-kernel-filter print
                    exactly the same text as with the kernel's bytecode.
  ss's forms        neq/geq/leq, family prefixes (inet:, inet6:), addresses
                    pasted back with %DEV (compared with ss's rows for the
                    same address and `dev`), port names of the system
                    database (http-alt is 8080) against ss; every printed
                    address pasted back finds its row.
  system names      in a private mount namespace (unshare -m) whose
                    /etc/services adds myapp (10002/tcp, 10003/udp) to the
                    host's, sockview and ss list the same rows for
                    :myapp and Debian's aliases.
  precedence        expressions that mix and/or without parentheses: ss reads
                    them left to right, sockview with not > and > or, so they
                    are checked against an evaluator here (EXPR below), whose
                    conditions are first checked against ss one by one; and
                    sockview's note on stderr gives both readings.
  own keywords      class, role, service (sockview's own, user space), alone
                    and with ss conditions, against the Role/Class/Service
                    columns of the unfiltered listing.
  kernel filtered   `sockview -D FILE ... EXPR` records only what the kernel
                    sent: replaying FILE without a filter lists only
                    matching sockets (dport, dev), or, for an expression with
                    user-space keywords, a superset (the kernel's prefilter).
  record/replay     -D / --replay / TCPDIAG_FILE round trips, in both
                    directions with ss -D and TCPDIAG_FILE=... ss.
  errors            syntax errors, unknown names, deep nesting, autobound
                    without the kernel: exit 2, message on stderr only.
  fwmark            as nobody (no CAP_NET_ADMIN: the kernel refuses a mark
                    condition) and as root, on the population's marked
                    listener.
"""
import ipaddress
import json
import os
import pwd
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import checks as C

SV = MANIFEST = COUNTS = None
TMP = None
MAN = None

# service names used as ports in the expressions: the names on which IANA
# (sockview) and /etc/services (ss) agree, plus http-alt (IANA also gives
# that name to 591 and 8008; ss's /etc/services only to 8080)
SERVICE_PORTS = {"ssh": 22, "https": 443, "domain": 53, "postgresql": 5432,
                 "http-alt": 8080}
with open("/proc/sys/net/ipv4/ip_local_port_range") as _f:
    EPH = tuple(int(x) for x in _f.read().split())


def W(expr):
    """Shell-like words of an expression: "'(dport = 22)'" is one word."""
    return shlex.split(expr)


def show(argv, limit=110):
    """argv as a shell would quote it, for a check's name: the temporary
    directory as $TMP, long word lists cut short."""
    text = " ".join(shlex.quote(a) for a in argv)
    if TMP:
        text = text.replace(TMP, "$TMP")
    if len(text) > limit:
        text = text[:limit - 40] + "... (%d words, %d characters)" % (
            len(argv), sum(len(a) for a in argv))
    return text


def body(out):
    """Lines of a -H listing (no empty last line)."""
    return out.rstrip("\n").split("\n") if out else []


def run_env(argv, env=None, timeout=20, stdin=None):
    e = dict(C.ENV)
    if env:
        e.update(env)
    p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=e, timeout=timeout)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


LAYOUTS = {}


def layout(args):
    key = tuple(args)
    if key not in LAYOUTS:
        LAYOUTS[key] = C.layout(list(args))
    return LAYOUTS[key]


def row_diff(want, got, label_want="expected", label_got="sockview"):
    """Problems comparing two ordered lists of field tuples."""
    want = [tuple(r) for r in want]
    got = [tuple(r) for r in got]
    if want == got:
        return []
    if sorted(want) == sorted(got):
        i = next(i for i, (a, b) in enumerate(zip(want, got)) if a != b)
        return ["same rows, different order; first difference at row %d:" % (i + 1),
                "  %s: %s" % (label_want, " ".join(want[i])),
                "  %s: %s" % (label_got, " ".join(got[i]))]
    from collections import Counter
    cw, cg = Counter(want), Counter(got)
    miss = list((cw - cg).elements())
    extra = list((cg - cw).elements())
    out = ["%d rows %s, %d from %s; %d only %s, %d only from %s"
           % (len(want), label_want, len(got), label_got, len(miss), label_want,
              len(extra), label_got)]
    out += ["  only %s: %s" % (label_want, " ".join(r)) for r in miss[:15]]
    out += ["  only %s: %s" % (label_got, " ".join(r)) for r in extra[:15]]
    return out


# ------------------------------------------------------- the row evaluator

def endpoint(text):
    """'127.0.0.5%lo:5432', '[::1]:22', '*:8080', '0.0.0.0:*' ->
    (address, port, device)."""
    host, port = text.rsplit(":", 1)
    dev = None
    if "%" in host:
        host, dev = host.split("%", 1)
    if host == "*":
        addr = ipaddress.ip_address("::")
    elif host.startswith("["):
        addr = ipaddress.ip_address(host[1:-1])
    else:
        addr = ipaddress.ip_address(host)
    return addr, 0 if port == "*" else int(port), dev


class Row:
    """One row of `sockview -Htuan`: netid state recvq sendq local peer role
    class service."""

    def __init__(self, line):
        self.line = line
        self.f = line.split()
        if len(self.f) != 9:
            raise ValueError("expected 9 fields: %r" % line)
        self.netid, self.state = self.f[0], self.f[1]
        self.local = endpoint(self.f[4])
        self.peer = endpoint(self.f[5])
        self.role, self.cls, self.service = self.f[6:9]


CMP = {"=": "eq", "==": "eq", "eq": "eq", "!=": "ne", "ne": "ne", ">": "gt",
       "gt": "gt", "<": "lt", "lt": "lt", ">=": "ge", "ge": "ge", "<=": "le",
       "le": "le"}
OPS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
       "gt": lambda a, b: a > b, "lt": lambda a, b: a < b,
       "ge": lambda a, b: a >= b, "le": lambda a, b: a <= b}


def port_value(w):
    w = w[1:] if w.startswith(":") else w
    return int(w) if w.isdigit() else SERVICE_PORTS[w]


def host_cond(w):
    """'127.0.0.0/8', '[::1]:443', '*:443', '127.0.0.1:22' -> predicate on
    an endpoint. An IPv4 prefix also matches IPv4-mapped IPv6 addresses."""
    port = None
    if w.startswith("["):
        end = w.index("]")
        host, rest = w[1:end], w[end + 1:]
        if rest.startswith(":"):
            port = int(rest[1:])
        elif rest.startswith("/"):
            host += rest
    elif w.count(":") == 1:
        host, p = w.split(":")
        port = int(p)
    else:
        host = w
    net = None if host == "*" else ipaddress.ip_network(host, strict=False)

    def pred(ep):
        addr, p, _ = ep
        if port is not None and p != port:
            return False
        if net is None:
            return True
        if addr.version != net.version:
            if net.version == 4 and addr.version == 6 and addr.ipv4_mapped:
                return addr.ipv4_mapped in net
            return False
        return addr in net
    return pred


def cond_at(toks, i):
    """A condition at toks[i] -> (predicate on Row, next index)."""
    w = toks[i]
    if w in ("dport", "sport"):
        op = "eq"
        if toks[i + 1] in CMP:
            op = CMP[toks[i + 1]]
            i += 1
        n = port_value(toks[i + 1])
        side = "peer" if w == "dport" else "local"
        return (lambda r, f=OPS[op], s=side, n=n: f(getattr(r, s)[1], n)), i + 2
    if w in ("dst", "src"):
        p = host_cond(toks[i + 1])
        side = "peer" if w == "dst" else "local"
        return (lambda r, p=p, s=side: p(getattr(r, s))), i + 2
    if w == "service":
        # the Service column, or, when the role is unknown, either port
        # outside the ephemeral range (a port inside may be the client's)
        v = toks[i + 1]

        def svc(r, v=v):
            if r.service == v:
                return True
            return r.role == "unknown" and any(
                p == SERVICE_PORTS.get(v) and not EPH[0] <= p <= EPH[1]
                for p in (r.local[1], r.peer[1]))
        return svc, i + 2
    if w in ("class", "role"):
        attr = {"class": "cls"}.get(w, w)
        v = toks[i + 1]
        return (lambda r, a=attr, v=v: getattr(r, a) == v), i + 2
    raise ValueError("the evaluator does not know %r" % w)


OR = ("or", "|", "||")
AND = ("and", "&", "&&")
NOT = ("not", "!")


def tokens(expr):
    out = []
    for w in W(expr):
        for part in re.split(r"([()])", " ".join(w.split())):
            out += [t for t in part.split(" ") if t]
    return out


def parse_conventional(toks):
    """not > and > or, implicit and: the precedence sockview documents."""
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def p_or():
        left = p_and()
        while peek() in OR:
            pos[0] += 1
            right = p_and()
            left = (lambda r, a=left, b=right: a(r) or b(r))
        return left

    def p_and():
        left = p_not()
        while peek() is not None and peek() not in OR and peek() != ")":
            if peek() in AND:
                pos[0] += 1
            right = p_not()
            left = (lambda r, a=left, b=right: a(r) and b(r))
        return left

    def p_not():
        t = peek()
        if t in NOT:
            pos[0] += 1
            e = p_not()
            return lambda r, e=e: not e(r)
        if t == "(":
            pos[0] += 1
            e = p_or()
            assert peek() == ")", "missing )"
            pos[0] += 1
            return e
        f, pos[0] = cond_at(toks, pos[0])
        return f

    e = p_or()
    assert pos[0] == len(toks), "trailing words"
    return e


def parse_left_to_right(toks):
    """ss 6.1's parser: a chain of and/or folds from the left; '!' takes
    the next condition or parenthesised group."""
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def item():
        t = peek()
        if t in NOT:
            pos[0] += 1
            e = item()
            return lambda r, e=e: not e(r)
        if t == "(":
            pos[0] += 1
            e = chain()
            assert peek() == ")", "missing )"
            pos[0] += 1
            return e
        f, pos[0] = cond_at(toks, pos[0])
        return f

    def chain():
        left = item()
        while peek() is not None and peek() != ")":
            t = peek()
            if t in OR or t in AND:
                pos[0] += 1
            right = item()
            if t in OR:
                left = (lambda r, a=left, b=right: a(r) or b(r))
            else:
                left = (lambda r, a=left, b=right: a(r) and b(r))
        return left

    e = chain()
    assert pos[0] == len(toks), "trailing words"
    return e


def operands(toks):
    """The top-level operands of an expression: [(join, words)], join None
    for the first, "" for an implicit and; a parenthesised group is one
    operand (the checks' groups do not mix and/or themselves)."""
    out, i, join = [], 0, None
    while i < len(toks):
        if toks[i] in OR or toks[i] in AND:
            join, i = toks[i], i + 1
            continue
        start = i
        while toks[i] in NOT:
            i += 1
        if toks[i] == "(":
            depth = 0
            while True:
                depth += {"(": 1, ")": -1}.get(toks[i], 0)
                i += 1
                if depth == 0:
                    break
        else:
            _, i = cond_at(toks, i)
        out.append((join if join is not None else (None if not out else ""), toks[start:i]))
        join = None
    return out


def note_for(expr):
    """The note sockview must print for EXPR (no parentheses) when an and
    follows an or, else None: both readings, rebuilt from the words."""
    ops = operands(tokens(expr))
    joins = [j for j, _ in ops[1:]]
    if not any(j not in OR and any(k in OR for k in joins[:n]) for n, j in enumerate(joins)):
        return None
    runs = []
    for j, ws in ops:
        if j is None or j in OR:
            runs.append((j, [ws], []))
        else:
            runs[-1][1].append(ws)
            runs[-1][2].append(j)
    parts = []
    for j, items, js in runs:
        words = list(items[0])
        for k, ws in zip(js, items[1:]):
            words += ([k] if k else []) + ws
        t = " ".join(words)
        parts.append((j + " " if j else "") + ("(%s)" % t if len(items) > 1 else t))
    acc, prev = " ".join(ops[0][1]), None
    for j, ws in ops[1:]:
        if prev is not None and (j in OR) != prev:
            acc = "(%s)" % acc
        acc += (" " + j if j else "") + " " + " ".join(ws)
        prev = j in OR
    note = ("sockview: note: '%s' mixes and/or: sockview reads it as '%s', ss left to "
            "right as '%s'; add parentheses to choose" % (" ".join(tokens(expr)),
                                                          " ".join(parts), acc))
    return note.replace("( ", "(").replace(" )", ")")


BASE = []      # Row of every socket in the unfiltered `sockview -Htuan`


def base_rows(tables):
    """BASE rows of the tables in a -H.. flag cluster ('-Htan': tcp)."""
    want = set()
    if "t" in tables:
        want.add("tcp")
    if "u" in tables:
        want.add("udp")
    return [r for r in BASE if r.netid in want]


def expected(tables, expr, mode=parse_conventional):
    """Field tuples that `sockview TABLES EXPR` must print, from BASE."""
    pred = mode(tokens(expr))
    multi = "t" in tables and "u" in tables
    return [tuple(r.f if multi else r.f[1:]) for r in base_rows(tables) if pred(r)]


# ----------------------------------------------------- 1 + 2: vs ss, vs user

def kernel_vs_user(flags, words, out, rc, err, wrap=()):
    """check 2: --no-kernel-filter prints exactly what the bytecode run did."""
    argv = ["--no-kernel-filter"] + flags + words
    rc2, out2, err2 = run_env(list(wrap) + [SV] + argv, stdin=b"")
    p = [] if rc == 0 else ["the listing with the kernel failed (exit %d): nothing to compare"
                            % rc]
    if (rc2, err2) != (rc, err):
        p.append("exit %d / stderr %r with the kernel; exit %d / stderr %r without"
                 % (rc, err.strip(), rc2, err2.strip()))
    if out2 != out:
        p += row_diff([l.split() for l in body(out)], [l.split() for l in body(out2)],
                      "kernel bytecode", "user space")
        if not p:
            p.append("same rows, different text")
    C.report("kernel == user space: sockview %s prints the same with --no-kernel-filter"
             % show(flags + words), p)


TOTALS = {}


def unfiltered_count(flags):
    """Rows of `ss FLAGS` without a filter."""
    key = tuple(flags)
    if key not in TOTALS:
        TOTALS[key] = len(C.lines_of(C.ss(list(flags))[1]))
    return TOTALS[key]


def vs_ss(name, flags, sv_expr, ss_expr=None, env_stdin=None, sv_extra=None,
          ss_extra=None, allow_all=False, wrap=(), note=None):
    """check 1 (and 2): rows of sockview FLAGS SV_EXPR == ss FLAGS SS_EXPR.
    wrap: a command both run under (a private mount namespace); note: the
    one line sockview must write on stderr (else nothing)."""
    sv_words = sv_extra if sv_extra is not None else W(sv_expr)
    ss_words = ss_extra if ss_extra is not None else W(ss_expr if ss_expr is not None else sv_expr)
    # ss's header for the flags and state words (a state filter can drop the
    # State column; the expression changes nothing in it)
    state = []
    while len(ss_words) >= len(state) + 2 and ss_words[len(state)] in ("state", "exclude"):
        state = ss_words[:len(state) + 2]
    cols = layout(C.without_H(flags + state))
    rc1, o1, e1 = run_env(list(wrap) + ["ss"] + flags + ss_words)
    rc2, o2, e2 = run_env(list(wrap) + [SV] + flags + sv_words,
                          stdin=env_stdin if env_stdin is not None else b"")
    p = []
    if rc1 != 0 or e1.strip() or cols is None:
        p.append("ss %s failed (exit %d): %s" % (show(flags + ss_words), rc1, e1.strip()))
    if rc2 != 0:
        p.append("sockview exit status %d, expected 0" % rc2)
    if e2 != (note + "\n" if note else ""):
        p.append("sockview wrote to stderr: %r%s" % (e2.strip(), "; expected the note %r"
                                                      % note if note else ""))
    if not p:
        ssl = C.lines_of(o1)
        total = unfiltered_count(flags)
        if not ssl:
            p.append("ss lists no rows: the comparison would prove nothing")
        elif len(ssl) == total and not allow_all:
            p.append("ss lists every row (%d): the expression filters nothing" % total)
        p += C.compare_rows(ssl, body(o2), cols)
        if o2 and not o2.endswith("\n"):
            p.append("sockview output does not end with a newline")
    label = "sockview %s" % show(flags + sv_words)
    label += " == ss %s" % show(flags + ss_words) if ss_words != sv_words else " == ss"
    C.report("filter vs ss, %s: %s (%d rows)" % (name, label, len(C.lines_of(o1))), p)
    if env_stdin is None:
        kernel_vs_user(flags, sv_words, o2, rc2, e2, wrap)


def filters_vs_ss():
    T, TU, U = ["-Htan"], ["-Htuan"], ["-Huan"]
    cases = [
        # ports: every comparison spelling, service names
        ("dport = :ssh", T, "dport = :ssh"),
        ("port without an operator", T, "dport 22"),
        ("==", T, "dport == 22"),
        ("eq", T, "dport eq 22"),
        ("!=", T, "dport != 22"),
        ("ne", TU, "dport ne 22"),
        ("> with a colon", T, "sport > :1024"),
        ("gt", TU, "sport gt 1023"),
        (">=", T, "sport >= 1024"),
        ("ge", TU, "sport ge 5353"),
        ("<", T, "sport < 1024"),
        ("lt", TU, "sport lt 100"),
        ("le", T, "sport le 1023"),
        ("<=", TU, "sport <= 1023"),
        ("dport > on udp", TU, "dport > 5000"),
        ("service name https", T, "dport = :https"),
        ("service name postgresql", T, "sport = :postgresql"),
        ("service name domain (udp)", U, "sport = :domain"),
        ("service name http-alt (ss: 8080 from /etc/services)", T, "dport = :http-alt"),
        # addresses
        ("dst IPv4", T, "dst 127.0.0.2"),
        ("src IPv4 prefix", T, "src 127.0.0.0/8"),
        ("src IPv4 /32", TU, "src 127.0.0.2/32"),
        ("dst IPv6", T, "dst [::1]"),
        ("src IPv6 (tcp and udp)", TU, "src [::1]"),
        ("src IPv6 address and port", T, "src [::1]:443"),
        ("src IPv4 address and port", T, "src 127.0.0.1:22"),
        ("dst any address, port 443", T, "dst *:443"),
        ("src any address, port 22", TU, "src *:22"),
        ("dst address:port", T, "dst 127.0.0.3:51000"),
        ("dst IPv4-mapped IPv6", T, "dst [::ffff:127.0.0.1]"),
        ("src wildcard 0.0.0.0", TU, "src 0.0.0.0"),
        ("src wildcard [::]", TU, "src [::]"),
        ("dst host name localhost", T, "dst localhost"),
        ("src host name localhost (tcp and udp)", TU, "src localhost"),
        # devices
        ("dev NAME", TU, "dev lo"),
        ("dev = INDEX", T, "dev = %d" % socket_if_index("lo")),
        ("dev != NAME", T, "dev != lo"),
        ("sport and not dev", TU, "sport = 5432 and not dev lo"),
        # boolean operators
        ("not", T, "not dport = 22"),
        ("!", T, "! sport = 22"),
        ("or", T, "dport = 22 or dport = 8080"),
        ("|", T, "dport = 22 | dport = 443"),
        ("||", TU, "dport = 22 || dport = 443"),
        ("and", T, "sport = 22 and dst 127.0.0.2"),
        ("&", T, "src 127.0.0.1 & dport = 22"),
        ("&&", TU, "src 127.0.0.1 && dport = 22"),
        ("implicit and", T, "src 127.0.0.1 dport 22"),
        ("parentheses", T, "( dport = 22 or dport = 443 )"),
        ("not (...)", T, "not ( sport = 22 or dport = 22 )"),
        ("and (... or ...)", T, "dport = :ssh and ( src 127.0.0.2 or src [::ffff:127.0.0.1] )"),
        ("one word, as ss's manual quotes it", T, "'dport = 22 or dport = 443'"),
        ("with a state filter", T, "state established '( dport = :ssh or sport = :ssh )'"),
        ("udp: or", U, "sport = 53 or sport = 123"),
    ]
    import socket
    print("# localhost resolves to: %s" % " ".join(sorted(set(
        a[4][0] for a in socket.getaddrinfo("localhost", None)))))
    for name, flags, expr in cases:
        vs_ss(name, flags, expr)
    # attached parentheses: ss 6.1 takes "(dport" for an address; compare with
    # ss's rows for the same expression with free-standing parentheses
    vs_ss("attached parentheses (ss 6.1 needs them free-standing)", T,
          "'(dport = 22)'", "( dport = 22 )")
    vs_ss("attached parentheses and more", T,
          "'(sport = 22 or sport = 8080)' and dst 127.0.0.1",
          "( sport = 22 or sport = 8080 ) and dst 127.0.0.1")
    vs_ss("attached parentheses, separate words", T,
          "'(sport' = 22 or sport = '8080)'", "( sport = 22 or sport = 8080 )")

    # -F FILE: '#' comments. ss 6.1 skips a comment line, but takes a '#'
    # after a condition for a word; compare that one with ss's rows for the
    # expression without the comment.
    f1 = os.path.join(TMP, "filter1")
    with open(f1, "w") as f:
        f.write("# peers on the ssh port\ndport = 22\n  and src 127.0.0.1\n")
    vs_ss("-F FILE with a comment line", ["-Htan"], None, sv_extra=["-F", f1],
          ss_extra=["-F", f1])
    f2 = os.path.join(TMP, "filter2")
    with open(f2, "w") as f:
        f.write("# peers on the ssh port\ndport = :ssh   # the ssh port\n"
                "  or sport = :ssh # and the server side\n\n# end\n")
    vs_ss("-F FILE with comments after conditions", ["-Htan"], None,
          sv_extra=["-F", f2], ss_extra=W("dport = :ssh or sport = :ssh"))
    with open(f2, "rb") as f:
        data = f.read()
    vs_ss("-F - (standard input) with comments", ["-Htan"], None,
          sv_extra=["-F", "-"], ss_extra=W("dport = :ssh or sport = :ssh"), env_stdin=data)


def socket_if_index(name):
    import socket
    return socket.if_nametoindex(name)


# --------------------------------------------------- issue 7: ss's forms

def ss_forms():
    """ss's operator words, family prefixes, addresses pasted with %DEV
    (ss cannot read those: compared with the same address and `dev`), and
    port names as the system database gives them, against ss."""
    T, TU, U = ["-Htan"], ["-Htuan"], ["-Huan"]
    cases = [
        ("neq", T, "dport neq 22", None),
        ("geq", TU, "sport geq 5353", None),
        ("leq", T, "sport leq 1023", None),
        ("neq on udp", U, "dport neq 0", None),
        ("sport > :http-alt (8080, as ss; IANA's first port is 591)", T,
         "sport > :http-alt", None),
        ("sport < :http-alt", T, "sport < :http-alt", None),
        ("family prefix inet:", T, "dst inet:127.0.0.1", None),
        ("inet: leaves out IPv4-mapped addresses", T, "dst inet:127.0.0.1:22", None),
        ("inet6:", T, "src inet6:[::1]", None),
        ("inet6: with a port", T, "src inet6:[::1]:443", None),
        ("inet6: an IPv4-mapped address", T, "src inet6:[::ffff:127.0.0.1]", None),
        ("inet:* (tcp and udp)", TU, "dst inet:*", None),
        ("inet6:*:8080", T, "src inet6:*:8080", None),
        ("inet6: on udp", U, "src inet6:[::1]", None),
        ("pasted 127.0.0.5%lo:5432", T, "src 127.0.0.5%lo:5432", "src 127.0.0.5:5432 dev lo"),
        ("pasted [::1]%lo:5432", T, "src [::1]%lo:5432", "src [::1]:5432 dev lo"),
        ("pasted 127.0.0.54%lo:53 (udp)", U, "src 127.0.0.54%lo:53",
         "src 127.0.0.54:53 dev lo"),
        ("pasted 0.0.0.0%lo:67 (udp)", U, "src 0.0.0.0%lo:67", "src 0.0.0.0:67 dev lo"),
        ("pasted [::1]%lo:161 (udp)", U, "src [::1]%lo:161", "src [::1]:161 dev lo"),
        ("pasted with a prefix: inet:127.0.0.5%lo", T, "src inet:127.0.0.5%lo",
         "src inet:127.0.0.5 dev lo"),
        ("pasted %lo, negated", T, "not src 127.0.0.5%lo:5432",
         "not ( src 127.0.0.5:5432 dev lo )"),
    ]
    for name, flags, expr, ss_expr in cases:
        vs_ss(name, flags, expr, ss_expr)
    # the family prefix is local to its condition (ss narrows the listing)
    rc, out, err = C.sv(["-Htan", "dst", "inet:127.0.0.2", "or", "src", "inet6:[::1]"])
    want = body(C.sv(["-Htan", "dst", "inet:127.0.0.2"])[1])
    want6 = body(C.sv(["-Htan", "src", "inet6:[::1]"])[1])
    p = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err.strip())]
    if sorted(body(out)) != sorted(want + want6) or not want or not want6:
        p.append("%d rows; %d + %d expected" % (len(body(out)), len(want), len(want6)))
    C.report("family prefix local to its condition: dst inet:127.0.0.2 or src inet6:[::1] "
             "lists both families' rows (%d + %d)" % (len(want), len(want6)), p)


def pasted_round_trip():
    """Every address sockview prints can be pasted back into a filter: for
    each row of the unfiltered listing, src LOCAL dst PEER lists it."""
    p, devs, n = [], 0, 0
    for r in BASE:
        if r.state in ("TIME-WAIT", "SYN-SENT"):  # they may go away meanwhile
            continue
        local, peer = r.f[4], r.f[5]
        flags = "-Htan" if r.netid == "tcp" else "-Huan"
        rc, out, err = C.sv([flags, "src", local, "dst", peer])
        n += 1
        devs += "%" in local
        if rc or err or [local, peer] not in [l.split()[3:5] for l in body(out)]:
            p.append("sockview %s src %s dst %s: exit %d, stderr %r, rows %r"
                     % (flags, local, peer, rc, err.strip(), body(out)[:3]))
    if not devs:
        p.append("test problem: no address with %DEV in the population")
    C.report("pasted back: for each of %d rows, sockview src LOCAL dst PEER (as printed, "
             "%d with %%DEV) lists it" % (n, devs), p)


def system_names():
    """Port names from the system services database (NSS), as ss reads it:
    in a private mount namespace whose /etc/services adds a local name
    (myapp: 10002/tcp, 10003/udp) to the host's entries, sockview and ss
    list the same rows; the host's /etc/services is never touched."""
    if not os.path.exists("/etc/services") or shutil.which("unshare") is None:
        C.report("system names: /etc/services and unshare(1) exist", ["missing"])
        return
    svc = os.path.join(TMP, "services")
    with open("/etc/services") as f:
        host = f.read()
    with open(svc, "w") as f:
        f.write(host + "\nmyapp\t\t10002/tcp\nmyapp\t\t10003/udp\n")
    wrap = ["unshare", "-m", "--", "sh", "-c", 'mount --bind "$0" /etc/services && exec "$@"',
            svc]
    import socket
    held = []
    try:
        for port in (10002, 10003):
            t = socket.socket()
            t.bind(("127.0.0.1", port))
            t.listen(1)
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.bind(("127.0.0.1", port))
            held += [t, u]
        rc, out, err = run_env(wrap + ["getent", "services", "myapp/tcp"])
        if rc != 0 or "10002" not in out:
            C.report("system names: the private mount namespace's /etc/services has myapp",
                     ["exit %d %r %r" % (rc, out, err)])
            return
        vs_ss("system name myapp, tcp (10002)", ["-Htan"], "sport = :myapp", wrap=wrap)
        vs_ss("system name myapp, udp (10003)", ["-Huan"], "sport = :myapp", wrap=wrap)
        vs_ss("Debian alias :postgres", ["-Htan"], "sport = :postgres", wrap=wrap)
        vs_ss("Debian alias :webcache", ["-Htan"], "dport = :webcache", wrap=wrap)
        # both tables, a name whose ports differ: sockview filters each
        # table with its own protocol's port (ss 6.1 means to refuse the
        # name as ambiguous, but its two getservbyname results share one
        # buffer, so it applies the tcp port to udp as well)
        rc, out, err = run_env(wrap + [SV, "-Htuan", "sport", "=", ":myapp"])
        got = sorted((l.split()[0], l.split()[4]) for l in body(out))
        want = [("tcp", "127.0.0.1:10002"), ("udp", "127.0.0.1:10003")]
        p = [] if rc == 0 and not err and got == want else [
            "exit %d, stderr %r, rows %r" % (rc, err.strip(), got)]
        with open("/etc/services") as f:
            if f.read() != host:
                p.append("the host's /etc/services changed")
        C.report("system name myapp with -tu: each table its own port %s; the host's "
                 "/etc/services untouched" % want, p)
        rcs, outs, errs = run_env(wrap + ["ss", "-Htuan", "sport", "=", ":myapp"])
        print("#   for reference: ss -Htuan sport = :myapp: exit %d, %s, rows: %s"
              % (rcs, errs.strip()[:100] or "nothing on stderr",
                 "; ".join(" ".join(l.split()[:1] + l.split()[4:5]) for l in C.lines_of(outs))))
    finally:
        for h in held:
            h.close()


# ------------------------------------------------------------ precedence

def precedence():
    cases = [
        "dport = 22 or sport = 5432 and dst 127.0.0.1",
        "dport = 443 or dport = 8080 and src [::1]",
        "sport = 22 or sport = 443 and dst [::1] or dport = 5432",
        "not sport = 22 and dport = 22 or dport = 443 and src [::2]",
        "dport = 22 || dport = 443 && src 127.0.0.2",
        "sport = 5432 or src 127.0.0.1 dport = 22",
        "sport = 22 or not dst 127.0.0.1 and dport > 1024",
    ]
    # the evaluator's conditions against ss, one by one
    atoms = set()
    for e in cases:
        toks = tokens(e)
        i = 0
        while i < len(toks):
            if toks[i] in ("dport", "sport", "dst", "src"):
                j = i + 2 + (1 if toks[i + 1] in CMP else 0)
                atoms.add(" ".join(toks[i:j]))
                i = j
            else:
                i += 1
    p = []
    for a in sorted(atoms):
        rc, out, err = C.ss(["-Htan"] + W(a))
        got = [tuple(l.split()) for l in C.lines_of(out)]
        want = [r[:5] for r in expected("-Htan", a)]
        if rc or err.strip():
            p.append("ss -Htan %s: exit %d %s" % (a, rc, err.strip()))
        elif got != want:
            p += ["%s:" % a] + row_diff(want, got, "evaluator", "ss")
    C.report("precedence: the test's evaluator agrees with ss on each of its %d conditions"
             % len(atoms), p)

    for e in cases:
        conv = expected("-Htan", e)
        ltr = expected("-Htan", e, parse_left_to_right)
        rc, out, err = C.sv(["-Htan"] + W(e))
        note = note_for(e)
        p = []
        if conv == ltr:
            p.append("test problem: not > and > or and left-to-right give the same rows")
        if rc != 0 or err != "%s\n" % note:
            p.append("sockview exit %d, stderr %r; expected exit 0 and the note %r"
                     % (rc, err.strip(), note))
        else:
            p += row_diff(conv, [tuple(l.split()) for l in body(out)])
        rcs, outs, _ = C.ss(["-Htan"] + W(e))
        sst = [tuple(l.split()) for l in C.lines_of(outs)]
        note = "ss (left to right) lists %d rows, %s the left-to-right evaluation" % (
            len(sst), "equal to" if sst == [r[:5] for r in ltr] else "NOT equal to")
        C.report("precedence (not > and > or): sockview -Htan %s == %d rows of the evaluator"
                 " (left to right: %d), and a note on stderr gives both readings"
                 % (e, len(conv), len(ltr)), p)
        print("#   " + note)
        kernel_vs_user(["-Htan"], W(e), out, rc, err)


# ---------------------------------------------------------- own keywords

def own_keywords():
    cases = [
        ("-Htuan", "class ephemeral"), ("-Htuan", "class well-known"),
        ("-Htuan", "class registered"), ("-Htuan", "class dynamic"),
        ("-Htuan", "role in"), ("-Htuan", "role out"), ("-Htuan", "role listen"),
        ("-Htuan", "service ssh"), ("-Htuan", "service domain"),
        ("-Htan", "service http-alt"),
        ("-Htan", "role out and dport = 22"),
        ("-Htuan", "role in or role listen"),
        ("-Htuan", "not role out"),
        ("-Htan", "service ssh and role in"),
        ("-Htan", "class ephemeral and dst 127.0.0.2"),
        ("-Htuan", "class well-known and not role listen"),
        ("-Htuan", "( role listen or role in ) and sport < 1024"),
        ("-Htan", "role listen or class ephemeral and dst 127.0.0.2"),
        ("-Htan", "state established role out dport = :postgresql"),
    ]
    for flags, expr in cases:
        words = W(expr)
        state = []
        if words[0] == "state":
            state, words = words[:2], words[2:]
        want = expected(flags, " ".join(shlex.quote(w) for w in words))
        if state:
            want = [r for r in want if r[0] == "ESTAB"]
            want = [r[1:] for r in want]
        rc, out, err = C.sv([flags] + state + words)
        note = note_for(" ".join(shlex.quote(w) for w in words))
        p = []
        if not want or len(want) == len(base_rows(flags)):
            p.append("test problem: the expression selects %d of %d rows"
                     % (len(want), len(base_rows(flags))))
        if rc != 0 or err != ("%s\n" % note if note else ""):
            p.append("sockview exit %d, stderr %r (note expected: %r)"
                     % (rc, err.strip(), note))
        else:
            p += row_diff(want, [tuple(l.split()) for l in body(out)],
                          "expected (unfiltered listing)")
        C.report("own keywords: sockview %s %s lists the %d rows of the unfiltered listing "
                 "that match" % (flags, expr, len(want)), p)
        kernel_vs_user([flags], state + words, out, rc, err)
    # service NAME: either port of the connection is NAME's
    rc1, o1, _ = C.sv(["-Htuan", "service", "ssh"])
    rc2, o2, _ = C.sv(["-Htuan", "sport", "=", ":ssh", "or", "dport", "=", ":ssh"])
    C.report("own keywords: service ssh == sport = :ssh or dport = :ssh",
             [] if (rc1, o1) == (rc2, o2) and o1 else
             row_diff([l.split() for l in body(o2)], [l.split() for l in body(o1)],
                      "sport/dport", "service"))


# ------------------------------------------------------- kernel filtered

def sv_record(path, args):
    """sockview -D PATH ARGS (which shows nothing, as ss -D), then the live
    listing ARGS: (status, live output, stderr of both)."""
    rc, out, err = C.sv(["-D", path] + args)
    if out:
        err += "\n-D showed %d bytes (it shows nothing)" % len(out)
    rcl, live, errl = C.sv(args)
    return rc or rcl, live, err + errl


def kernel_filtered():
    # control: an unfiltered dump holds every row
    d0 = os.path.join(TMP, "all.dump")
    rc0, out0, err0 = sv_record(d0, ["-Htuan"])
    rcr, outr, errr = C.sv(["--replay", d0, "-Htuan"])
    p = []
    if rc0 or err0 or rcr or errr:
        p.append("exit %d/%d, stderr %r %r" % (rc0, rcr, err0.strip(), errr.strip()))
    elif outr != out0:
        p += row_diff([l.split() for l in body(out0)], [l.split() for l in body(outr)],
                      "live", "replay")
    C.report("kernel filtered (control): sockview -D FILE -Htuan records every row "
             "(replay lists the %d live rows)" % len(body(out0)), p)
    total = len(body(out0))
    n = [0]

    def proof(name, flags, expr, row_ok, exact=True):
        n[0] += 1
        d = os.path.join(TMP, "k%d.dump" % n[0])
        total = len(body(C.sv(flags)[1]))
        words = W(expr)
        rc, out, err = sv_record(d, flags + words)
        rc2, out2, err2 = C.sv(["--replay", d] + flags)
        p = []
        if rc or err or rc2 or err2:
            p.append("sockview -D: exit %d %r; --replay: exit %d %r"
                     % (rc, err.strip(), rc2, err2.strip()))
        else:
            live = [tuple(l.split()) for l in body(out)]
            rec = [tuple(l.split()) for l in body(out2)]
            if not live:
                p.append("the filtered listing is empty: nothing proved")
            bad = [r for r in rec if not row_ok(r)]
            if exact:
                p += ["recorded, but does not match the filter: %s" % " ".join(r)
                      for r in bad[:15]]
                if len(bad) > 15:
                    p.append("... %d such rows" % len(bad))
                if not bad:
                    p += row_diff([r[:-3] for r in live], [r[:-3] for r in rec],
                                  "listed", "recorded")
            else:
                missing = set(r[:-3] for r in live) - set(r[:-3] for r in rec)
                p += ["listed but not recorded: %s" % " ".join(r) for r in sorted(missing)]
                rc3, out3, _ = C.sv(["--replay", d] + flags + words)
                if rc3 != 0 or out3 != out:
                    p.append("--replay FILE %s differs from the live listing" % expr)
                    p += row_diff(live, [tuple(l.split()) for l in body(out3)], "live", "replay")
                print("#   the dump holds %d sockets for %d listed (unfiltered: %d)"
                      % (len(rec), len(live), total))
            if len(rec) >= total and exact:
                p.append("the dump holds %d rows, as many as the unfiltered one" % len(rec))
        C.report("kernel filtered: %s: sockview -D FILE %s %s, then sockview --replay FILE %s"
                 % (name, show(flags), expr, show(flags)), p)

    proof("only peer port 22 recorded", ["-Htan"], "dport = :22",
          lambda r: r[4].rsplit(":", 1)[1] == "22")
    proof("only sockets bound to lo recorded (dev is compiled; ss never does that)",
          ["-Htuan"], "dev lo", lambda r: "%lo:" in r[4])
    proof("udp: only peer port 53 recorded", ["-Huan"], "dport = :domain",
          lambda r: r[4].rsplit(":", 1)[1] == "53")
    proof("an address and a port", ["-Htan"], "src 127.0.0.1 and sport = 22",
          lambda r: r[3] == "127.0.0.1:22")
    proof("role out and dport = 22: a prefilter, the listing exact", ["-Htan"],
          "role out and dport = 22", lambda r: True, exact=False)
    # and the listing of that one is exact; TIME-WAIT rows of the live
    # population come and go between two listings: up to 3 tries
    for attempt in range(3):
        want = expected("-Htan", "role out and dport = 22")
        rc, out, err = C.sv(["-Htan", "role", "out", "and", "dport", "=", "22"])
        p = (row_diff(want, [tuple(l.split()) for l in body(out)]) if want else
             ["no outbound rows to port 22 in the population"])
        if not p:
            break
    C.report("kernel filtered: role out and dport = 22 lists exactly the outbound rows to port 22",
             p)


# ---------------------------------------------------------- record/replay

def record_replay():
    f = os.path.join(TMP, "rr.dump")
    rc1, out1, e1 = sv_record(f, ["-tuan"])
    rc2, out2, e2 = C.sv(["--replay", f, "-tuan"])
    rc3, out3, e3 = run_env([SV, "-tuan"], env={"TCPDIAG_FILE": f})
    p = []
    if rc1 or rc2 or rc3 or e1 or e2 or e3:
        p.append("exit %d/%d/%d stderr %r %r %r" % (rc1, rc2, rc3, e1, e2, e3))
    if out1 != out2:
        p.append("--replay output differs")
        p += row_diff([l.split() for l in body(out1)], [l.split() for l in body(out2)],
                      "live (-D)", "replay")
    if out1 != out3:
        p.append("TCPDIAG_FILE output differs")
        p += row_diff([l.split() for l in body(out1)], [l.split() for l in body(out3)],
                      "live (-D)", "TCPDIAG_FILE")
    if not out1 or len(body(out1)) < 10:
        p.append("the live listing has %d lines" % len(body(out1)))
    C.report("record/replay: sockview -D F -tuan, then --replay F -tuan and TCPDIAG_FILE=F "
             "sockview -tuan: identical output (%d lines)" % len(body(out1)), p)

    for expr in ("state established dport = 22", "dport = 22 or sport = 5432",
                 "dev lo", "role in and class well-known", "src [::1]"):
        w = W(expr)
        rcl, live, el = C.sv(["-tuan"] + w)
        rcr, rep, er = C.sv(["--replay", f, "-tuan"] + w)
        p = []
        if rcl or rcr or el or er:
            p.append("exit %d/%d stderr %r %r" % (rcl, rcr, el, er))
        elif live != rep:
            p += row_diff([l.split() for l in body(live)], [l.split() for l in body(rep)],
                          "live", "replay")
        if len(body(live)) < 2:
            p.append("the live listing has no rows")
        C.report("record/replay: sockview --replay F -tuan %s == live sockview -tuan %s "
                 "(%d rows)" % (expr, expr, len(body(live)) - 1), p)

    # sockview's file (one TCP IPv4 part) read by ss
    f4 = os.path.join(TMP, "sv4.dump")
    rc, out, err = sv_record(f4, ["-H", "-4", "-tan"])
    rcs, outs, errs = run_env(["ss", "-Htan"], env={"TCPDIAG_FILE": f4})
    p = []
    if rc or err or rcs or errs.strip():
        p.append("sockview exit %d %r; ss exit %d %r" % (rc, err.strip(), rcs, errs.strip()))
    else:
        if not C.lines_of(outs):
            p.append("ss read no rows from the file")
        p += C.compare_rows(C.lines_of(outs), body(out), layout(["-tan"]))
    C.report("record/replay: TCPDIAG_FILE=F ss -Htan reads sockview -D F -H -4 -tan: the rows "
             "sockview listed live (%d)" % len(body(out)), p)

    # ss's file read by sockview. ss -D writes the TCP table, IPv4 then
    # IPv6 (two parts); ss itself reads back only the first part.
    f2 = os.path.join(TMP, "ss.dump")
    rcd, _, ed = C.ss(["-D", f2, "-tan"])
    rcl, live, el = C.ss(["-Htan"])
    rcr, rep, er = C.sv(["--replay", f2, "-Htan"])
    p = []
    if rcd or ed.strip() or rcr or er:
        p.append("ss -D exit %d %r; sockview --replay exit %d %r"
                 % (rcd, ed.strip(), rcr, er.strip()))
    else:
        p += C.compare_rows(C.lines_of(live), body(rep), layout(["-tan"]))
    C.report("record/replay: sockview --replay F2 -Htan, F2 written by ss -D F2 -tan "
             "(both families): ss -Htan's rows (%d)" % len(C.lines_of(live)), p)
    for expr in ("", "dport = 22", "src 0.0.0.0",
                 "src 127.0.0.1 and sport = 22 and dport = %d" % MAN["range"][0],
                 "( src 0.0.0.0 or src 127.0.0.1 ) and dst 127.0.0.2"):
        w = W(expr)
        rcs, outs, errs = run_env(["ss", "-Htan"] + w, env={"TCPDIAG_FILE": f2})
        rcr, rep, er = C.sv(["--replay", f2, "-4", "-Htan"] + w)
        p = []
        if rcs or errs.strip() or rcr or er:
            p.append("ss exit %d %r; sockview exit %d %r" % (rcs, errs.strip(), rcr, er.strip()))
        else:
            if not C.lines_of(outs):
                p.append("ss lists no rows from its file")
            p += C.compare_rows(C.lines_of(outs), body(rep), layout(["-tan"]))
        C.report("record/replay: sockview --replay F2 -4 -Htan %s == TCPDIAG_FILE=F2 ss -Htan %s "
                 "(ss's file; ss reads its first part, IPv4) (%d rows)"
                 % (expr, expr, len(C.lines_of(outs))), p)


# ----------------------------------------------------------------- errors

def expect_error(name, argv, words=(), env=None, stdin=None, timeout=10, need=(),
                 status=2):
    t0 = time.monotonic()
    try:
        rc, out, err = run_env([SV] + argv, env=env, stdin=stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        C.report(name, ["no answer after %d s" % timeout])
        return
    dt = time.monotonic() - t0
    p = []
    if rc != status:
        p.append("exit status %d, expected %d" % (rc, status))
    if out:
        p.append("stdout not empty: %r" % out[:300])
    for w in words:
        if w not in err:
            p.append("stderr does not name %r: %r" % (w, err[:300]))
    for rx in need:
        if not re.search(rx, err):
            p.append("stderr does not match /%s/: %r" % (rx, err[:300]))
    if dt > 2:
        p.append("took %.1f s" % dt)
    if "\x1b" in err:
        p.append("stderr holds an ESC byte: %r" % err[:300])
    C.report("%s: sockview %s exits %d%s" % (name, show(argv), status,
             ", naming %s" % ", ".join(map(repr, words)) if words else ""), p)


def errors():
    expect_error("nothing after '='", ["-tan", "dport", "="], ["filter:"], need=[r"word 3\b"])
    expect_error("nothing after '=' (an empty word)", ["-tan", "dport", "=", ""], ["filter:"],
                 need=[r"word \d+"])
    expect_error("unknown service", ["-tan", "dport", "=", ":nosuch"], ["filter:", "nosuch"],
                 need=[r"word 3\b"])
    expect_error("bad IPv4 address", ["-tan", "src", "999.1.1.1"], ["filter:", "999.1.1.1"])
    expect_error("bad IPv6 address", ["-tan", "dst", "[::1::2]"], ["filter:", "::1::2"])
    expect_error("port above 65535", ["-tan", "sport", "=", "65536"], ["65536"])
    expect_error("unbalanced '('", ["-tan", "(", "dport", "=", "22"], ["filter:", "("])
    expect_error("unbalanced ')'", ["-tan", "dport", "=", "22", ")"], ["filter:", ")"],
                 need=[r"word 4\b"])
    expect_error("dangling 'and'", ["-tan", "dport", "=", "22", "and"], ["filter:", "and"])
    expect_error("unknown class", ["-tan", "class", "bogus"], ["bogus"])
    expect_error("unknown role", ["-tan", "role", "bogus"], ["bogus"])
    expect_error("unknown service keyword", ["-tan", "service", "nosuch"], ["nosuch"])
    expect_error("unknown device", ["-tan", "dev", "nosuchdev0"], ["nosuchdev0"])
    expect_error("-F and filter words", ["-tan", "-F", "/dev/null", "dport", "=", "22"])
    expect_error("a prefix of a table not listed yet", ["-tan", "src", "vsock:1:22"],
                 ["vsock:1:22"])
    expect_error("keywords are lower-case", ["-tan", "DPORT", "=", "22"],
                 ["'DPORT'", "did you mean 'dport'"])
    expect_error("a state name without state", ["-tan", "established"],
                 ["did you mean 'state established'"])
    expect_error("an escape sequence in a word is escaped",
                 ["-tan", "dport", "=", ":\x1b[31mRED"], ["\\x1b[31mRED"])
    expect_error("%DEV of an unknown device", ["-tan", "src", "127.0.0.1%nosuchdev0:22"],
                 ["127.0.0.1%nosuchdev0:22"])
    fn = os.path.join(TMP, "nul.filter")
    with open(fn, "wb") as f:
        f.write(b"dport = 22\nor\0 sport = 22\n")
    expect_error("a NUL byte in -F FILE", ["-tan", "-F", fn], ["NUL byte at byte 13 (line 2)"])
    expect_error("-F with a missing file (a file that cannot be read: 3)",
                 ["-tan", "-F", os.path.join(TMP, "no-such-file")], ["no-such-file"], status=3)
    fb = os.path.join(TMP, "bad.filter")
    with open(fb, "w") as f:
        f.write("# a comment\ndport = 22\nor sport =\n")
    expect_error("syntax error in -F FILE", ["-tan", "-F", fb], ["filter:"])
    deep = "(" * 10000 + "dport = 22" + ")" * 10000
    fd = os.path.join(TMP, "deep.filter")
    with open(fd, "w") as f:
        f.write(deep + "\n")
    expect_error("10,000 nested parentheses (-F FILE)", ["-tan", "-F", fd], ["filter:"],
                 need=[r"(?i)nest|deep|depth"], timeout=5)
    expect_error("10,000 nested parentheses (one word)", ["-tan", deep], ["filter:"],
                 need=[r"(?i)nest|deep|depth"], timeout=5)
    expect_error("10,000 nested parentheses (separate words)",
                 ["-tan"] + ["("] * 10000 + ["dport", "=", "22"] + [")"] * 10000,
                 ["filter:"], need=[r"(?i)nest|deep|depth"], timeout=5)
    # 10,000 'not's are no nesting error: they cancel out, in the kernel's
    # program and in user space alike
    for n, base in ((10000, ["dport", "=", "22"]), (10001, ["not", "dport", "=", "22"])):
        rc, out, err = C.sv(["-Htan"] + ["not"] * n + ["dport", "=", "22"])
        rcb, outb, errb = C.sv(["-Htan"] + base)
        p = []
        if rc != 0 or err:
            p.append("exit %d, stderr %r" % (rc, err.strip()[:300]))
        else:
            p += row_diff([l.split() for l in body(outb)], [l.split() for l in body(out)],
                          show(base))
        C.report("%d x 'not' before dport = 22: the rows of %s (%d)"
                 % (n, show(base), len(body(outb))), p)
        if not p:
            kernel_vs_user(["-Htan"], ["not"] * n + ["dport", "=", "22"], out, rc, err)

    # autobound: live it runs in the kernel; it cannot be decided from a
    # recorded dump or in user space
    rc, out, err = C.sv(["-Htan", "autobound"])
    C.report("autobound: live sockview -Htan autobound exits 0 with rows, nothing on stderr",
             [] if rc == 0 and not err and body(out) else
             ["exit %d, stderr %r, %d rows" % (rc, err.strip(), len(body(out)))])
    d = os.path.join(TMP, "auto.dump")
    C.sv(["-D", d, "-tan"])
    expect_error("autobound with --replay", ["--replay", d, "-tan", "autobound"], ["autobound"])
    expect_error("autobound with TCPDIAG_FILE", ["-tan", "autobound"], ["autobound"],
                 env={"TCPDIAG_FILE": d})
    expect_error("autobound with --no-kernel-filter", ["--no-kernel-filter", "-tan", "autobound"],
                 ["autobound"])
    expect_error("not autobound with --no-kernel-filter",
                 ["--no-kernel-filter", "-tan", "dport", "=", "22", "or", "not", "autobound"],
                 ["autobound"])


def autobound_meaning():
    """autobound, as ss defines it: the kernel chose the port (no explicit
    bind: INET_DIAG_BC_AUTO) and it lies in ip_local_port_range. The range
    keeps out accepted sockets of listeners outside it, which the kernel also
    counts as autobound; accepted sockets of a listener inside the range are
    in, as with ss. So: exactly ss's rows; every outbound client that did not
    bind explicitly; no listener; and `not autobound` is the complement."""
    lo, hi = MAN["range"]
    explicit = {lo, 61500}
    # TIME-WAIT rows of the live population come and go between listings:
    # the base listing and the autobound one again (up to 3 tries) until
    # every client of the first is in the second
    for attempt in range(3):
        rows = base_rows("-Htan")
        base = [tuple(r.f[1:]) for r in rows]
        rc, out, err = C.sv(["-Htan", "autobound"])
        got = [tuple(l.split()[:5]) for l in body(out)]
        clients = [tuple(r.f[1:6]) for r in rows
                   if r.role == "out" and r.local[1] not in explicit]
        if all(c in got for c in clients):
            break
    rcs, outs, _ = C.ss(["-Htan", "autobound"])
    want = [tuple(l.split()[:5]) for l in C.lines_of(outs)]
    p = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err.strip())]
    p += row_diff(want, got, "ss")
    C.report("autobound lists the same rows as ss -Htan autobound (%d)" % len(want), p)

    missing = [c for c in clients if c not in got]
    listeners = [g for g in got if g[0] == "LISTEN"]
    C.report("autobound holds every kernel-bound client (%d) and no listener"
             % len(clients),
             ["missing: " + " ".join(m) for m in missing] +
             ["listener: " + " ".join(l) for l in listeners])

    rc, out, err = C.sv(["-Htan", "not", "autobound"])
    got_not = [tuple(l.split()[:5]) for l in body(out)]
    want_not = [b[:5] for b in base if b[:5] not in got]
    p = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err.strip())]
    p += row_diff(want_not, got_not, "complement of autobound")
    C.report("not autobound is the complement of autobound (%d)" % len(want_not), p)
    print("#   for reference: ss -Htan not autobound lists %d rows (ss's negation "
          "of its own autobound program differs), sockview %d"
          % (len(C.lines_of(C.ss(["-Htan", "not", "autobound"])[1])), len(got_not)))


# ----------------------------------------------------------------- fwmark

def fwmark():
    marked = MAN.get("marked") or []
    mark = MAN.get("mark", 1)
    expr = "fwmark = 0x%x/0xff" % mark
    # as root: the kernel runs the mark condition
    vs_ss("fwmark as root (the marked listener)", ["-Htan"], shlex.quote(expr))
    rc, out, err = C.sv(["-Htan", expr])
    locs = sorted(l.split()[3] for l in body(out))
    C.report("fwmark as root: sockview -Htan '%s' lists exactly the marked sockets %s"
             % (expr, " ".join(marked)),
             [] if locs == sorted(marked) and marked else
             ["listed: %s; marked: %s" % (" ".join(locs) or "nothing", " ".join(marked))])
    vs_ss("fwmark without a mask", ["-Htan"], "fwmark = 0x%x" % mark)
    vs_ss("not fwmark", ["-Htan"], "not fwmark = 0x%x/0xff" % mark)

    # as nobody: copy the binary where nobody can run it
    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:
        C.report("fwmark as nobody", ["no user 'nobody'"])
        return
    d = tempfile.mkdtemp(prefix="sockview-nobody.")
    try:
        os.chmod(d, 0o755)
        exe = os.path.join(d, "sockview")
        shutil.copy2(SV, exe)
        os.chmod(exe, 0o755)
        as_nobody = ["setpriv", "--reuid=%d" % pw.pw_uid, "--regid=%d" % pw.pw_gid,
                     "--clear-groups"]
        # every row hangs on a mark nobody cannot get: none is shown, each
        # is counted as undecided, and the answer is incomplete (status 3);
        # TIME-WAIT rows of the live population come and go between the
        # listings: the count is taken again around the run, up to 3 times
        for e, sport22 in ((expr, False), ("sport = 22 or " + expr, True)):
            for attempt in range(3):
                total = len(body(C.sv(["-Htan"])[1]))
                shown = [l for l in body(C.sv(["-Htan", "sport", "=", "22"])[1])] \
                    if sport22 else []
                rc, out, err = run_env(as_nobody + [exe, "-tan"] + W(e))
                after = len(body(C.sv(["-Htan"])[1]))
                if after == total and ("%d rows could not be decided" % (total - len(shown))) in err:
                    break
            rows = C.lines_of(out)[1:]
            p = []
            if rc != 3:
                p.append("exit status %d, expected 3 (an incomplete answer)" % rc)
            if not re.search(r"(?i)refus", err) or not re.search(r"CAP_NET_ADMIN", err):
                p.append("no note on stderr that the kernel refused the program "
                         "(needs CAP_NET_ADMIN): %r" % err.strip())
            want = "%d rows could not be decided" % (total - len(shown))
            if want not in err:
                p.append("stderr does not say %r: %r" % (want, err.strip()))
            if not C.lines_of(out) or not C.lines_of(out)[0].startswith("State"):
                p.append("no header on stdout: %r" % out[:200])
            p += row_diff([l.split() for l in shown], [l.split() for l in rows],
                          "root's sport = 22", "nobody")
            C.report("fwmark as nobody: setpriv --reuid=nobody ... sockview -tan '%s' lists "
                     "the %d rows it can decide, says %d could not be decided and why, exits 3"
                     % (e, len(shown), total - len(shown)), p)
        # an unprivileged run of a program the kernel accepts: as root's
        for e in ("dport = 22", "dev lo or sport = 5432"):
            rcn, outn, errn = run_env(as_nobody + [exe, "-Htan"] + W(e))
            rcr, outr, errr = C.sv(["-Htan"] + W(e))
            p = []
            if rcn or errn:
                p.append("as nobody: exit %d, stderr %r" % (rcn, errn.strip()))
            p += row_diff([l.split() for l in body(outr)], [l.split() for l in body(outn)],
                          "root", "nobody")
            C.report("unprivileged: sockview -Htan %s as nobody lists root's rows (%d), "
                     "nothing on stderr" % (e, len(body(outr))), p)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ------------------------------------------------------------------- main

def main():
    global SV, MANIFEST, COUNTS, TMP, MAN
    SV, MANIFEST, COUNTS = sys.argv[1:4]
    C.SV, C.MANIFEST, C.COUNTS = SV, MANIFEST, COUNTS
    with open(MANIFEST) as f:
        MAN = json.load(f)
    TMP = tempfile.mkdtemp(prefix="filters.", dir=os.path.dirname(os.path.abspath(COUNTS)))
    t0 = time.monotonic()
    try:
        rc, out, err = C.sv(["-Htuan"])
        try:
            BASE[:] = [Row(l) for l in body(out)]
        except ValueError as e:
            C.report("filters: the unfiltered sockview -Htuan parses", [str(e)])
        if rc != 0 or not BASE:
            C.report("filters: the unfiltered sockview -Htuan lists the population",
                     ["exit %d, stderr %r, %d rows" % (rc, err.strip(), len(BASE))])
        else:
            for part in (filters_vs_ss, ss_forms, pasted_round_trip, system_names,
                         precedence, own_keywords, kernel_filtered, record_replay, errors,
                         autobound_meaning, fwmark):
                try:
                    part()
                except Exception:
                    import traceback
                    C.report("filters.py: %s ran to the end" % part.__name__,
                             traceback.format_exc().splitlines())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
        print("# filters.py: %.1f s" % (time.monotonic() - t0))
        with open(COUNTS, "w") as f:
            f.write("%d %d\n" % tuple(C.RESULTS))
    return 1 if C.RESULTS[1] else 0


if __name__ == "__main__":
    sys.exit(main())
