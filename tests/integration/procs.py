#!/usr/bin/env python3
"""procs.py - processes (-p), JSON (-j, --json-lines) and totals (-s) on the
live population, with ss (iproute2) as the oracle where it has an answer.

Usage: procs.py SOCKVIEW MANIFEST COUNTS-FILE     the checks
       procs.py holder READY                       the holder population

Run by run.sh inside the private network namespace, after checks.py, while
population.py (main) holds its sockets. Prints "ok - NAME" / "not ok - NAME"
lines (diagnostics as "#" lines) and writes "PASSED FAILED" to COUNTS-FILE.
It reuses checks.py's helpers (report, layout, compact form).

The holder population (`procs.py holder`), on 127.0.0.7 and [::1], made
for -p:
  sv-holder   (root) a TCP listener [::1]:22 (v6-only) and a UDP socket
              127.0.0.7:53, both created before the forks below, so that
              they are shared; the accepted ends of the connections below;
              one connection of its own (both ends), one TIME-WAIT client
              socket (no holder) and one connection it never accepts (the
              server end, in the accept queue, has no holder).
  W1          (root, forked) comm 'a b"c\\d<LF>e<ESC>f': holds the listener
              twice (its inherited fd and a dup at fd 100) and the UDP
              socket, a TCP client of [::1]:22 and a connected UDP socket.
  W2          (root, forked) comm 'u<C3 A9>v<FF>w<DEL>' (UTF-8 e-acute, a
              byte that is not UTF-8, DEL): the UDP socket only.
  W3          (root, forked) comm of 15 bytes that all need escaping
              ('<01>"\\<FF><DEL>' three times): the UDP socket only.
  sv-nobody   (forked, then setuid nobody, dumpable again) a listener
              127.0.0.7:8081 with one connection (both ends) and a client
              of [::1]:22.
The children end when the holder does (they block reading a pipe whose
write end only the holder keeps).

The checks, in order:
  -p vs ss      -Htanp, -Htulnp, -Huanp, -Htanp dport = :22: ss's rows in
                ss's order, the compact text (Process where ss has it,
                "-" without a holder, then Role Class Service), and for
                every row the set of (comm, pid, fd) holders equals ss's
                (ss lists them in reverse scan order, so sets). sockview's
                names are unescaped (\\xHH, \\\\, \\") before comparing with
                ss's raw names. Then the named cases: the shared sockets,
                the hostile names (escaped in the table, no raw control
                byte anywhere, decoded back in JSON), rows without holders,
                and the header.
  -T            -HtanpT, -HtlnpT against ss -T (tid= in every holder); a
                listener of this process whose second thread has a name of
                its own is held by both threads; -T with
                --process-source=bpf: exit 2.
  holders       filter words pid, comm (wildcards), user: the rows of
                -Htuanp whose holders match, with and without -p (no
                Process column then); user nobody: the rows -e gives uid.
  sources       -Htanp and -Huanp with --process-source=bpf and =proc each
                against ss as above; -Htuanp, -Htuanpj, -Htlnp: the two
                sources print the same bytes.
  -p, replay    -p with --replay or TCPDIAG_FILE: exit 2, names -p.
  unprivileged  setpriv --reuid=nobody ... sockview -tanp (and -tanpj):
                exit 0, root's rows, Process text only for nobody's own
                processes, one line on stderr that suggests root; with
                --process-source=bpf, exit 3 and a message that says why.
  JSON          -tanj, -tuanj, -tuanpj, --json-lines -tuan, -tuan state
                established --json-lines, and filtered forms: validate.py
                accepts them, and every object agrees field by field with
                the row of the same invocation's table; [] for no rows;
                a closed pipe (head -c 100) is not an error.
  -s            sockview --ss -s == ss -s (counters move: up to 3 tries).
"""
import ctypes
import json
import os
import pwd
import grp
import re
import signal
import socket
import subprocess
import sys
import time
import traceback
# imported now: after setuid(nobody) the child may not read Python's library
import encodings.idna  # noqa: F401

import checks as C

HERE = os.path.dirname(os.path.abspath(__file__))
SV = MANIFEST = COUNTS = None
INFO = None        # the holder's ready-file (JSON)

ADDR = "127.0.0.7"
ADDR6 = "::1"
DUPFD = 100
NAME_W1 = b'a b"c\\d\ne\x1bf'          # space, quote, backslash, LF, ESC
NAME_W2 = b"u\xc3\xa9v\xffw\x7f"         # UTF-8, a non-UTF-8 byte, DEL
# what sockview's table must print for them (escape.c: \xHH, \\, \")
ESC_W1 = 'a\\x20b\\"c\\\\d\\x0ae\\x1bf'
ESC_W2 = "u\\xc3\\xa9v\\xffw\\x7f"
# what the JSON "name" must decode to (doc/json-schema.md: valid UTF-8 kept,
# other bytes >= 0x80 as U+00XX)
JSON_W2 = "u\u00e9v\u00ffw\x7f"
# the longest escapes: 15 bytes (comm's limit), every one escaped: 48
# characters in the table, 66 in JSON ("\u0001\"\\\u00ff\u007f" x 3)
NAME_W3 = b'\x01"\\\xff\x7f' * 3
ESC_W3 = '\\x01\\"\\\\\\xff\\x7f' * 3
JSON_W3 = '\x01"\\\u00ff\x7f' * 3

STATES = {"ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
          "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
          "UNKNOWN"}
STARTS = STATES | {"tcp", "udp"}
PR_SET_NAME, PR_SET_DUMPABLE = 15, 4


# ===================================================== the holder population

def set_comm(name):
    """prctl(PR_SET_NAME), or /proc/self/comm; then read it back."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NAME, ctypes.c_char_p(name), 0, 0, 0) != 0:
        with open("/proc/self/comm", "wb") as f:
            f.write(name)
    got = read_comm(os.getpid())
    if got != name:
        raise RuntimeError("comm is %r, wanted %r" % (got, name))


def read_comm(pid):
    """comm from /proc/PID/stat (the bytes between the first '(' and the
    last ')'), as ss and sockview read it."""
    with open("/proc/%d/stat" % pid, "rb") as f:
        st = f.read()
    return st[st.index(b"(") + 1:st.rindex(b")")]


def holder(ready):
    sys.path.insert(0, HERE)
    import population as P

    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *a: sys.exit(0))
    signal.signal(signal.SIGALRM, lambda *a: sys.exit(0))
    signal.alarm(300)
    set_comm(b"sv-holder")
    keep = []
    life_r, life_w = os.pipe()

    # [::1]:22, v6-only: population.py's 0.0.0.0:22 has the IPv4 side
    L = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    L.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    L.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    L.bind((ADDR6, 22))
    L.listen(16)
    U = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    U.bind((ADDR, 53))

    def child(body):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.alarm(0)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.close(life_w)
                os.close(r)
                body()
                os.write(w, b"1")
                os.close(w)
                while os.read(life_r, 1):
                    pass
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        os.close(w)
        ok = os.read(r, 1)
        os.close(r)
        if ok != b"1":
            P.die("a holder child (pid %d) failed" % pid)
        return pid

    def w2():
        L.close()
        set_comm(NAME_W2)

    def w3():
        L.close()
        set_comm(NAME_W3)

    def w1():
        os.dup2(L.fileno(), DUPFD)
        set_comm(NAME_W1)
        keep.append(socket.create_connection((ADDR6, 22)))
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind((ADDR, 0))
        u.connect((ADDR, 53))
        keep.append(u)

    def nobody():
        L.close()
        U.close()
        pw = pwd.getpwnam("nobody")
        os.setgroups([])
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)
        # a process that changed its uid is not dumpable: its /proc/PID/fd
        # would stay root's. Make it an ordinary process of nobody again.
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
        set_comm(b"sv-nobody")
        lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lst.bind((ADDR, 8081))
        lst.listen(8)
        c = socket.create_connection((ADDR, 8081))
        a, _ = lst.accept()
        keep.extend((lst, c, a, socket.create_connection((ADDR6, 22))))

    pids = {"w2": child(w2), "w3": child(w3), "w1": child(w1), "nobody": child(nobody)}
    pids["holder"] = os.getpid()
    for _ in range(2):              # W1's and sv-nobody's connections
        keep.append(L.accept()[0])
    # a connection of its own, both ends
    c = socket.create_connection((ADDR6, 22))
    keep.extend((c, L.accept()[0]))
    # TIME-WAIT: the client closes first
    c = socket.create_connection((ADDR6, 22))
    a, _ = L.accept()
    twport = c.getsockname()[1]
    c.close()
    if a.recv(1) != b"":
        P.die("expected EOF")
    a.close()
    P.wait_for("TIME-WAIT", P.tcp_state_is(twport, 22, P.TCP_TIME_WAIT))
    # a connection never accepted: the server end has no file, no holder
    c = socket.create_connection((ADDR6, 22))
    keep.append(c)
    upport = c.getsockname()[1]
    P.wait_for("the queued connection", P.tcp_state_is(22, upport, P.TCP_ESTABLISHED))

    info = {"pids": pids, "lfd": L.fileno(), "ufd": U.fileno(), "dupfd": DUPFD,
            "listener": "[%s]:22" % ADDR6, "udp": "%s:53" % ADDR,
            "nobody_listener": "%s:8081" % ADDR,
            "timewait": "[%s]:%d" % (ADDR6, twport),
            "unaccepted": "[%s]:%d" % (ADDR6, upport)}
    with open(ready + ".tmp", "w") as f:
        json.dump(info, f)
    os.rename(ready + ".tmp", ready)
    try:
        while True:
            signal.pause()
    finally:
        # the children see EOF on the life pipe and end; reap them
        os.close(life_w)
        for pid in pids.values():
            if pid != os.getpid():
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass


class Holder:
    def __init__(self):
        self.ready = os.path.join(os.path.dirname(os.path.abspath(COUNTS)), "procs.ready")
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "holder",
                                      self.ready], env=C.ENV)

    def wait(self, timeout=20):
        end = time.monotonic() + timeout
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None or time.monotonic() > end:
                C.report("procs.py holder population started",
                         ["procs.py holder exited with %s" % self.proc.returncode
                          if self.proc.poll() is not None else "not ready after %d s" % timeout])
                return None
            time.sleep(0.02)
        with open(self.ready) as f:
            return json.load(f)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ================================================================ helpers

def run(argv, timeout=30, stdin=None):
    """(status, stdout, stderr); the bytes as latin-1 text, so that every
    byte survives (ss prints process names raw)."""
    p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=C.ENV, timeout=timeout,
                       stdin=None if stdin is not None else subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")


def sv(args):
    return run([SV] + args)


def ss(args):
    return run(["ss"] + args)


def show(args):
    return " ".join(a if re.fullmatch(r"[-\w.:=/,]+", a) else "'%s'" % a for a in args)


def rows_of(text):
    """Rows of ss output: a line whose first word is not a state or netid
    continues the row before (a process name with a newline)."""
    rows = []
    for line in text.split("\n"):
        if not line:
            continue
        if rows and line.split(" ", 1)[0] not in STARTS:
            rows[-1] += "\n" + line
        else:
            rows.append(line)
    return rows


def sv_lines(text):
    return text[:-1].split("\n") if text.endswith("\n") else (text.split("\n") if text else [])


SS_USER = re.compile(r'\("(.*?)",pid=(\d+),(?:tid=(\d+),)?fd=(\d+)\)', re.S)
SV_NAME = r'(?:[!#-\[\]-~]|\\x[0-9a-fA-F]{2}|\\\\|\\")*'
SV_USER = r'\("(%s)",pid=(\d+),(?:tid=(\d+),)?fd=(\d+)\)' % SV_NAME


def holder_key(name, pid, tid, fd):
    """(comm, pid, fd), and the tid after them with -T."""
    return (name, int(pid), int(fd)) + ((int(tid),) if tid else ())
SV_USERS = re.compile(r'users:\(%s(?:,%s)*\)' % (SV_USER, SV_USER))


def unescape(name):
    """sockview's escaped name -> the raw bytes (as latin-1 text)."""
    return re.sub(r'\\(x[0-9a-fA-F]{2}|\\|")',
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "x"
                  else m.group(1), name)


def ss_row(row):
    """ss row -> (fields, holders or None, problem or None)."""
    i = row.find("users:((")
    if i < 0:
        return row.split(), None, None
    users = row[i:].rstrip(" ")
    found = SS_USER.findall(users)
    rebuilt = "users:(" + ",".join('("%s",pid=%s,%sfd=%s)' % (n, p, "tid=%s," % t if t else "", f)
                                   for n, p, t, f in found) + ")"
    prob = None if rebuilt == users else "cannot parse ss's users text %r" % users
    return row[:i].split(), {holder_key(n, p, t, f) for n, p, t, f in found}, prob


def sv_row(row, n):
    """sockview row (-p) -> (fields up to the peer, own columns, users text
    or None, holders or None, problems). The Process field follows the peer
    (where ss has it), "-" when no process holds the socket; Role Class
    Service follow it."""
    f = row.split(" ")
    f = [x for x in f if x != ""]
    probs = []
    key, proc, own, rest = f[:n], f[n:n + 1], f[n + 1:n + 4], f[n + 4:]
    users = holders = None
    if len(own) != 3 or not proc:
        probs.append("fewer than 4 columns after the peer (Process Role Class Service): %r"
                     % row)
    if rest:
        probs.append("%d words after Service: %r" % (len(rest), row))
    if proc and proc[0] != "-":
        users = proc[0]
        if not SV_USERS.fullmatch(users):
            probs.append("Process column is not users:((\"name\",pid=N,fd=N),...) "
                         "with escaped names: %r" % users)
        else:
            holders = {holder_key(unescape(a), b, t, c)
                       for a, b, t, c in re.findall(SV_USER, users)}
    return key, own, users, holders, probs


def fmt_holders(h):
    """Holders for a message: names as the raw bytes (b'...')."""
    return ", ".join("(%r,pid=%d,fd=%d)" % (x[0].encode("latin-1"), x[1], x[2])
                     for x in sorted(h or (), key=lambda x: (x[1], x[2]))) or "none"


def row_diff(want, got, lw="ss", lg="sockview"):
    want = [tuple(r) for r in want]
    got = [tuple(r) for r in got]
    if want == got:
        return []
    if sorted(want) == sorted(got):
        i = next(i for i, (a, b) in enumerate(zip(want, got)) if a != b)
        return ["same rows, different order; first difference at row %d:" % (i + 1),
                "  %s: %s" % (lw, " ".join(want[i])), "  %s: %s" % (lg, " ".join(got[i]))]
    from collections import Counter
    cw, cg = Counter(want), Counter(got)
    miss, extra = list((cw - cg).elements()), list((cg - cw).elements())
    return (["%d rows from %s, %d from %s; %d only in %s, %d only in %s"
             % (len(want), lw, len(got), lg, len(miss), lw, len(extra), lg)]
            + ["  only %s: %s" % (lw, " ".join(r)) for r in miss[:12]]
            + ["  only %s: %s" % (lg, " ".join(r)) for r in extra[:12]])


def uninspectable():
    """PIDs whose descriptors root cannot read (here: the sandbox's own
    init, whatever the reason); sockview may say so on stderr as root."""
    out = []
    me = os.getpid()
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == me:
            continue
        try:
            fds = os.listdir("/proc/%s/fd" % p)
            for fd in fds[:1]:
                os.readlink("/proc/%s/fd/%s" % (p, fd))
        except PermissionError:
            out.append(int(p))
        except OSError:
            pass
    return out


ROOT_NOTE = [None]


def root_stderr_problems(err):
    """As root, sockview's stderr must be empty, or (only when root itself
    cannot read some process's descriptors) one line saying so."""
    if not err:
        return []
    if ROOT_NOTE[0] is None:
        ROOT_NOTE[0] = uninspectable()
    lines = err.rstrip("\n").split("\n")
    if ROOT_NOTE[0] and len(lines) == 1 and re.search(r"could not be inspected", lines[0]):
        if not ROOT_NOTE[1:]:
            ROOT_NOTE.append(lines[0])
            print("# note: as root, sockview says %r: root cannot read /proc/PID/fd of "
                  "PID %s here (ss says nothing); accepted as root's only stderr line"
                  % (lines[0], ", ".join(map(str, ROOT_NOTE[0]))))
        return []
    return ["stderr as root: %r (processes root cannot inspect: %s)"
            % (err, ROOT_NOTE[0] or "none")]


def proc_uid(pid):
    try:
        with open("/proc/%d/status" % pid, "rb") as f:
            for l in f:
                if l.startswith(b"Uid:"):
                    return int(l.split()[1])
    except OSError:
        return None
    return None


# ============================================================ 1. -p vs ss

def p_listing(args, extra=()):
    """Run ss and sockview with ARGS (-H, -p; sockview also with EXTRA);
    return a dict with both sides, parsed, and the problems of parsing."""
    cols = C.layout(args)
    n = len(cols) if cols else 0
    rc1, o1, e1 = ss(args)
    rc2, o2, e2 = sv(list(args) + list(extra))
    d = {"cols": cols, "n": n, "probs": [], "ss": [], "sv": [], "sv_raw": o2, "ss_raw": o1,
         "err": e2}
    if rc1 != 0 or cols is None:
        d["probs"].append("ss %s failed (exit %d): %s" % (show(args), rc1, e1.strip()))
        return d
    if rc2 != 0:
        d["probs"].append("sockview exit status %d, expected 0" % rc2)
    d["probs"] += root_stderr_problems(e2)
    for r in rows_of(o1):
        f, h, prob = ss_row(r)
        if prob:
            d["probs"].append(prob)
        if len(f) != n:
            d["probs"].append("ss row has %d fields before users:, its header %d: %r"
                              % (len(f), n, r))
        d["ss"].append((tuple(f), h, r))
    for r in sv_lines(o2):
        key, own, users, h, probs = sv_row(r, n)
        d["probs"] += probs
        d["sv"].append((tuple(key), own, users, h, r))
    return d


def check_p_vs_ss(args, extra=()):
    d = p_listing(args, extra)
    args = list(args) + list(extra)  # named so in the reports
    probs = list(d["probs"])
    if d["cols"] is not None:
        probs += row_diff([r[0] for r in d["ss"]], [r[0] for r in d["sv"]])
        if not d["ss"]:
            probs.append("ss lists no rows: the population is missing")
        # the compact text of each row
        bad = 0
        for key, own, users, h, line in d["sv"]:
            want = C.compact(list(key), d["cols"]) + " " + (users or "-") + " " + " ".join(own)
            if line != want:
                bad += 1
                if bad <= 6:
                    probs.append("row text:\n  want: %r\n  got:  %r" % (want, line))
        if d["sv_raw"] and not d["sv_raw"].endswith("\n"):
            probs.append("output does not end with a newline")
    C.report("-p rows: sockview %s == ss %s (ss's rows in ss's order; compact text, "
             "Process where ss has it)" % (show(args), show(args)), probs)

    # holders, row by row, as sets
    probs = []
    ssh = {}
    for key, h, _ in d["ss"]:
        ssh.setdefault(key, []).append(h or set())
    svh = {}
    for key, _, _, h, _ in d["sv"]:
        svh.setdefault(key, []).append(h or set())
    with_h = 0
    for key in ssh:
        if key not in svh:
            continue
        a, b = ssh[key], svh[key]
        if len(a) == 1 and len(b) == 1:
            a, b = a[0], b[0]
        else:       # the same row twice: compare the multisets of sets
            a = sorted(sorted(x) for x in a)
            b = sorted(sorted(x) for x in b)
        with_h += 1 if a else 0
        if a != b:
            if isinstance(a, set):
                probs.append("%s:\n  ss:       %s\n  sockview: %s\n  only ss: %s\n  only sockview: %s"
                             % (" ".join(key), fmt_holders(a), fmt_holders(b),
                                fmt_holders(a - b), fmt_holders(b - a)))
            else:
                probs.append("%s: ss %r, sockview %r" % (" ".join(key), a, b))
    if not with_h:
        probs.append("no row has a holder in ss's output")
    C.report("-p holders: sockview %s, every row's set of (comm, pid, fd) equals ss's "
             "(%d rows with holders)" % (show(args), with_h), probs)
    return d


def threads_phase():
    """-T: a listener of this process, which has a second thread with a
    name of its own: both threads hold it (tid=), as ss -T says; every row
    as ss -T has it."""
    import threading
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.bind((ADDR, 8099))
    lst.listen(1)
    stop = threading.Event()
    named = threading.Event()
    tids = []

    def worker():
        ctypes.CDLL(None).prctl(PR_SET_NAME, ctypes.c_char_p(b"sv-worker"), 0, 0, 0)
        tids.append(threading.get_native_id())
        named.set()
        stop.wait(60)

    t = threading.Thread(target=worker)
    t.start()
    named.wait(10)
    try:
        check_p_vs_ss(["-HtanpT"])
        d = check_p_vs_ss(["-HtlnpT"])
        probs = []
        rows = [r for r in d["sv"] if "%s:8099" % ADDR in r[0]]
        want = {(read_comm(os.getpid()).decode("latin-1"), os.getpid(), lst.fileno(),
                 os.getpid()),
                ("sv-worker", os.getpid(), lst.fileno(), tids[0] if tids else -1)}
        if len(rows) != 1 or rows[0][3] != want:
            probs.append("rows %r, want holders %r" % (rows, want))
        C.report("-T: the listener %s:8099 is held by both threads of this process, each "
                 "with its tid and name" % ADDR, probs)
        rc, out, err = sv(["-tlnpT", "--process-source=bpf"])
        probs = []
        if rc != 2 or out or "-T reads each thread from /proc" not in err:
            probs.append("exit %d, stdout %r, stderr %r" % (rc, out[:100], err))
        C.report("-T with --process-source=bpf: exit 2, a message", probs)
    finally:
        stop.set()
        t.join()
        lst.close()


def holder_filter_phase():
    """pid, comm and user as filter conditions: the rows of -Htanp whose
    holders (or owner) match, without -p (no Process column) and with it."""
    pids = INFO["pids"]
    cols = C.layout(["-Htuan"])
    n = len(cols)
    for attempt in range(5):  # the population is live: the same sockets twice
        rc, allp, err = sv(["-Htuanp"])
        d = [sv_row(r, n) for r in sv_lines(allp)]
        cases = [
            (["pid", "=", str(pids["holder"])],
             lambda h, r: any(x[1] == pids["holder"] for x in h or ())),
            (["comm", "sv-hold*"], lambda h, r: any(x[0].startswith("sv-hold") for x in h or ())),
            (["pid", "!=", str(pids["holder"]), "and", "comm", "*"],
             lambda h, r: bool(h) and all(x[1] != pids["holder"] for x in h)),
        ]
        results = []
        for words, pred in cases:
            want = [" ".join(k) for k, own, users, h, probs in d if pred(h, None)]
            rc1, out1, e1 = sv(["-Htuan"] + words)
            rc2, out2, e2 = sv(["-Htuanp"] + words)
            got1 = [" ".join(r.split()[:n]) for r in sv_lines(out1)]
            got2 = [" ".join(sv_row(r, n)[0]) for r in sv_lines(out2)]
            results.append((words, want, got1, got2, rc1, rc2, out1))
        if all(w == g1 == g2 for _, w, g1, g2, *_ in results):
            break
    for words, want, got1, got2, rc1, rc2, out1 in results:
        probs = []
        if rc1 != 0 or rc2 != 0:
            probs.append("exit %d, %d" % (rc1, rc2))
        if not want:
            probs.append("no row of -Htuanp matches: nothing compared")
        if got1 != want or got2 != want:
            probs.append("want %r\n without -p %r\n with -p %r" % (want, got1, got2))
        if "users:" in out1:
            probs.append("a Process column without -p")
        C.report("filter %s: the rows whose holders match, with and without -p (%d)"
                 % (show(words), len(want)), probs)
    rc, out, err = sv(["-Htuan", "user", "nobody"])
    rcn, outn, errn = sv(["-Htuane"])
    uid = pwd.getpwnam("nobody").pw_uid
    want = [" ".join(l.split()[:n]) for l in sv_lines(outn) if (" uid:%d " % uid) in l + " "]
    got = [" ".join(l.split()[:n]) for l in sv_lines(out)]
    probs = [] if rc == 0 and got == want and want else ["exit %d, got %r, want %r"
                                                         % (rc, got, want)]
    C.report("filter user nobody: the rows -e says uid %d owns (%d)" % (uid, len(want)), probs)


def source_phase():
    """--process-source: the in-kernel pass and the /proc walk each match
    ss -p, and give the same bytes; the pass is refused as nobody."""
    for src in ("bpf", "proc"):
        check_p_vs_ss(["-Htanp"], ["--process-source=" + src])
        check_p_vs_ss(["-Huanp"], ["--process-source=" + src])
    for args in (["-Htuanp"], ["-Htuanpj"], ["-Htlnp"]):
        for attempt in range(5):  # the population is live: same sockets both times
            rb, ob, eb = sv(args + ["--process-source=bpf"])
            rp, op, ep = sv(args + ["--process-source=proc"])
            if ob == op:
                break
        probs = []
        if rb != 0 or rp != 0:
            probs.append("exit status: bpf %d (%s), proc %d (%s)" % (rb, eb.strip(), rp,
                                                                   ep.strip()))
        if ob != op:
            lb, lp = sv_lines(ob), sv_lines(op)
            diff = [l for l in lb if l not in lp][:4] + [l for l in lp if l not in lb][:4]
            probs.append("%d rows with bpf, %d with proc; differing: %s"
                         % (len(lb), len(lp), diff))
        if "users:((" not in ob and "\"users\"" not in ob:
            probs.append("no holder at all: nothing compared")
        C.report("sockview %s: --process-source=bpf and =proc print the same bytes"
                 % show(args), probs)


def p_phase():
    info = INFO
    pids = info["pids"]
    tan = check_p_vs_ss(["-Htanp"])
    tul = check_p_vs_ss(["-Htulnp"])
    uan = check_p_vs_ss(["-Huanp"])
    f22 = check_p_vs_ss(["-Htanp", "dport", "=", ":22"])
    probs = []
    if f22["cols"] is not None:
        for key, *_ in f22["sv"]:
            if not key or not key[-1].endswith(":22"):
                probs.append("row whose peer is not port 22: %s" % " ".join(key))
        if not f22["sv"]:
            probs.append("no rows")
    C.report("-p with a filter: sockview -Htanp dport = :22 lists only peers on port 22 "
             "(%d rows)" % len(f22["sv"]), probs)

    # header
    rc, out, err = ss(["-tanp"])
    rc2, out2, err2 = sv(["-tanp"])
    want = " ".join(C.header_words(out.split("\n", 1)[0]) + ["Process"] + C.EXTRA)
    got = out2.split("\n", 1)[0]
    C.report("-p header: sockview -tanp prints ss's header words (Process where ss has it), "
             "then Role Class Service", [] if got == want and rc2 == 0 else
             ["want: %r" % want, "got:  %r (exit %d)" % (got, rc2)])

    def find(d, local, peer=None, state=None):
        for key, own, users, h, line in d["sv"]:
            if key and local in key and (peer is None or peer in key) \
                    and (state is None or state in key):
                return key, h, line
        return None, None, None

    # a socket held by two processes (fork after creating it), one of them
    # twice (dup2 to fd 100)
    want = {("sv-holder", pids["holder"], info["lfd"]),
            (NAME_W1.decode("latin-1"), pids["w1"], info["lfd"]),
            (NAME_W1.decode("latin-1"), pids["w1"], DUPFD)}
    key, h, line = find(tan, info["listener"], state="LISTEN")
    C.report("-p shared socket: the listener %s is held by sv-holder (fd %d) and W1 "
             "(fd %d and fd %d after dup2)" % (info["listener"], info["lfd"], info["lfd"], DUPFD),
             ["no LISTEN row for %s in sockview -Htanp" % info["listener"]] if key is None else
             [] if h == want else ["want: %s" % fmt_holders(want), "got:  %s" % fmt_holders(h),
                                   "row:  %s" % line])
    want = {("sv-holder", pids["holder"], info["ufd"]),
            (NAME_W1.decode("latin-1"), pids["w1"], info["ufd"]),
            (NAME_W2.decode("latin-1"), pids["w2"], info["ufd"]),
            (NAME_W3.decode("latin-1"), pids["w3"], info["ufd"])}
    key, h, line = find(uan, info["udp"], state="UNCONN")
    C.report("-p shared socket: UDP %s is held by four processes (sv-holder, W1, W2, W3)"
             % info["udp"],
             ["no UNCONN row for %s in sockview -Huanp" % info["udp"]] if key is None else
             [] if h == want else ["want: %s" % fmt_holders(want), "got:  %s" % fmt_holders(h),
                                   "row:  %s" % line])

    # hostile names: escaped in the table, raw in ss
    probs = []
    for label, d in (("-Htanp", tan), ("-Htulnp", tul), ("-Huanp", uan)):
        raw = d["sv_raw"]
        bad = sorted({"%#04x" % ord(ch) for ch in raw if ch != "\n" and not " " <= ch <= "~"})
        if bad:
            probs.append("sockview %s prints raw bytes outside printable ASCII: %s"
                         % (label, " ".join(bad)))
    for label, d, esc, raw, pid in (("-Htanp", tan, ESC_W1, NAME_W1, pids["w1"]),
                                    ("-Huanp", uan, ESC_W1, NAME_W1, pids["w1"]),
                                    ("-Huanp", uan, ESC_W2, NAME_W2, pids["w2"]),
                                    ("-Huanp", uan, ESC_W3, NAME_W3, pids["w3"])):
        needle = '("%s",pid=%d,fd=' % (esc, pid)
        if needle not in d["sv_raw"]:
            probs.append("sockview %s does not print %s" % (label, needle))
            hits = [l for l in sv_lines(d["sv_raw"]) if "pid=%d," % pid in l]
            probs += ["  its row: %s" % l for l in hits[:2]]
        rawneedle = '("%s",pid=%d,' % (raw.decode("latin-1"), pid)
        if rawneedle not in d["ss_raw"]:
            probs.append("oracle: ss %s does not print the raw name %r for pid %d"
                         % (label, raw, pid))
    C.report("-p hostile names: comm %r, %r and %r print as \"%s\", \"%s\" and \"%s\" "
             "(no raw control byte, DEL or non-ASCII byte in the output; ss prints them raw)"
             % (NAME_W1, NAME_W2, NAME_W3, ESC_W1, ESC_W2, ESC_W3), probs)

    # the same names in JSON
    rc, out, err = sv(["-tuanpj"])
    probs = [] if rc == 0 else ["exit status %d" % rc]
    probs += root_stderr_problems(err)
    try:
        doc = json.loads(out.encode("latin-1").decode("utf-8"))
    except ValueError as e:
        doc = []
        probs.append("not JSON: %s" % e)
    names = {}
    for o in doc:
        for u in o.get("users", []):
            names.setdefault(u.get("pid"), set()).add(u.get("name"))
    for who, want in (("w1", NAME_W1.decode("ascii")), ("w2", JSON_W2), ("w3", JSON_W3),
                      ("holder", "sv-holder"), ("nobody", "sv-nobody")):
        got = names.get(pids[who])
        if got != {want}:
            probs.append("pid %d: JSON names %r, expected exactly %r"
                         % (pids[who], sorted(got or []), want))
    C.report("-p hostile names in JSON: sockview -tuanpj \"name\" decodes to the raw comm "
             "(%r), and to %r for %r, %r for %r (bytes that are not UTF-8 as U+00XX)"
             % (NAME_W1, JSON_W2, NAME_W2, JSON_W3, NAME_W3), probs)

    # sockets no process holds: TIME-WAIT and a connection never accepted
    probs = []
    n = tan["n"]
    tw = [x for x in tan["sv"] if x[0] and x[0][0] == "TIME-WAIT"]
    ua_key = None
    for x in tan["sv"]:
        if x[0] and x[0][n - 2] == info["listener"] and x[0][n - 1] == info["unaccepted"]:
            ua_key = x
    if not tw:
        probs.append("no TIME-WAIT rows in sockview -Htanp")
    if ua_key is None:
        probs.append("no row for the unaccepted connection %s -> %s"
                     % (info["listener"], info["unaccepted"]))
    for key, own, users, h, line in tw + ([ua_key] if ua_key else []):
        if users is not None or "users:" in line or line.split()[n:n + 1] != ["-"]:
            probs.append("not '-' in the Process field of a socket no process holds: %r"
                         % line)
        if line.endswith(" "):
            probs.append("trailing space: %r" % line)
        if len(line.split()) != n + 4:
            probs.append("%d fields, expected %d: %r" % (len(line.split()), n + 4, line))
    for key, h, row in tan["ss"]:
        if (key and key[0] == "TIME-WAIT" or ua_key and key == ua_key[0]) and h:
            probs.append("oracle: ss shows holders for %r" % row)
    C.report("-p sockets without a holder (%d TIME-WAIT rows, the server end of %s never "
             "accepted): '-' as Process, as many fields as every row" % (len(tw), info["unaccepted"]),
             probs)


def p_replay():
    """-p maps this host's processes: with a recorded dump it is bad usage."""
    dump = os.path.join(os.path.dirname(os.path.abspath(COUNTS)), "procs.dump")
    rc, out, err = sv(["-tan", "-D", dump])
    for args, env in ((["--replay=" + dump, "-tanp"], None),
                      (["-tanp"], {"TCPDIAG_FILE": dump})):
        probs = [] if rc == 0 else ["recording with -D failed: exit %d %r" % (rc, err)]
        if not probs:
            e = dict(C.ENV)
            e.update(env or {})
            p = subprocess.run([SV] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=e, timeout=20)
            if p.returncode != 2:
                probs.append("exit status %d, expected 2" % p.returncode)
            if p.stdout:
                probs.append("stdout not empty: %r" % p.stdout[:200])
            if b"-p" not in p.stderr:
                probs.append("stderr does not name -p: %r" % p.stderr)
        C.report("-p with a recorded dump: %ssockview %s exits 2, names -p on stderr"
                 % ("TCPDIAG_FILE=$TMP/procs.dump " if env else "",
                    show(args).replace(dump, "$TMP/procs.dump")), probs)
    if os.path.exists(dump):
        os.unlink(dump)


# ================================================== 2. -p as an unprivileged user

def nobody_phase():
    import shutil
    import tempfile
    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:
        C.report("-p as nobody", ["no user 'nobody'"])
        return
    try:
        gname = grp.getgrgid(pw.pw_gid).gr_name
    except KeyError:
        gname = str(pw.pw_gid)
    d = tempfile.mkdtemp(prefix="sockview-nobody.")
    try:
        os.chmod(d, 0o755)
        exe = os.path.join(d, "sockview")
        shutil.copy2(SV, exe)
        os.chmod(exe, 0o755)
        as_nobody = ["setpriv", "--reuid=nobody", "--regid=%s" % gname, "--clear-groups"]
        label = "setpriv --reuid=nobody --regid=%s --clear-groups sockview" % gname
        rcn, outn, errn = run(as_nobody + [exe, "-tanp"])
        rcr, outr, errr = sv(["-tanp"])
        cols = C.layout(["-tan"])
        n = len(cols)
        nl, rl = sv_lines(outn), sv_lines(outr)
        probs = []
        if rcn != 0:
            probs.append("exit status %d, expected 0" % rcn)
        if rcr != 0:
            probs.append("as root: exit status %d" % rcr)
        if not nl or not rl or nl[0] != rl[0]:
            probs.append("header: nobody %r, root %r" % (nl[:1], rl[:1]))

        def parse(lines):
            rows = []
            for line in lines:
                key, own, users, h, p = sv_row(line, n)
                probs.extend(p)
                rows.append((tuple(key), own, users, h, line))
            return rows
        nrows, rrows = parse(nl[1:]), parse(rl[1:])
        probs += row_diff([r[0] for r in rrows], [r[0] for r in nrows], "root", "nobody")
        if not rrows:
            probs.append("root lists no rows")
        C.report("-p as nobody: %s -tanp exits 0 and lists every row root lists (same rows "
                 "up to the peer, same order; %d rows)" % (label, len(rrows)), probs)
        probs = row_diff([r[0] + tuple(r[1]) for r in rrows], [r[0] + tuple(r[1]) for r in nrows],
                         "root", "nobody")
        C.report("-p as nobody: Role Class Service as root's", probs)

        # Process text: only nobody's own processes
        probs = []
        nob_rows = 0
        root_only = 0
        nmap = {}
        for r in nrows:
            nmap.setdefault(r[0], []).append(r)
        for key, own, users, h, line in rrows:
            want = {x for x in (h or ()) if proc_uid(x[1]) == pw.pw_uid}
            if h and not want:
                root_only += 1
            if want:
                nob_rows += 1
            for nr in nmap.get(key, [])[:1]:
                got = nr[3] or set()
                if got != want:
                    probs.append("%s:\n  root sees: %s\n  nobody sees: %s\n  expected: %s"
                                 % (" ".join(key), fmt_holders(h), fmt_holders(got),
                                    fmt_holders(want)))
                if not want and (nr[2] is not None or nr[4].endswith(" ")):
                    probs.append("Process text or trailing space where nobody can see no "
                                 "process: %r" % nr[4])
        if not nob_rows:
            probs.append("no row held by a process of nobody (sv-nobody missing?)")
        if not root_only:
            probs.append("no row held only by root's processes")
        C.report("-p as nobody: root's processes' sockets (%d rows) have no Process text, "
                 "sv-nobody's sockets (%d rows) list sv-nobody exactly" % (root_only, nob_rows),
                 probs)

        lines = errn.rstrip("\n").split("\n") if errn else []
        probs = []
        if len(lines) != 1:
            probs.append("%d lines on stderr, expected 1: %r" % (len(lines), errn))
        if not re.search(r"(?i)process", errn) or not re.search(r"(?i)inspect|permission|access",
                                                                   errn):
            probs.append("stderr does not say processes could not be inspected: %r" % errn)
        if not re.search(r"\broot\b", errn):
            probs.append("stderr does not suggest root: %r" % errn)
        C.report("-p as nobody: one line on stderr says processes could not be inspected "
                 "and suggests root (%s)" % (lines[0] if len(lines) == 1 else "..."), probs)

        # JSON as nobody: users [] for root's, sv-nobody's for its own
        rcj, outj, errj = run(as_nobody + [exe, "-tanpj"])
        probs = [] if rcj == 0 else ["exit status %d" % rcj]
        vr, vo, ve = run([sys.executable, VALIDATE, "--processes", "--min", str(len(rrows))],
                         stdin=outj.encode("latin-1"))
        if vr != 0:
            probs.append("validate.py --processes --min %d: %s" % (len(rrows), (vo + ve).strip()))
        if len(errj.rstrip("\n").split("\n")) != 1 or not errj:
            probs.append("stderr: %r, expected one line" % errj)
        try:
            doc = json.loads(outj)
        except ValueError:
            doc = []
        for o in doc:
            for u in o.get("users", []):
                if u.get("uid") != pw.pw_uid or proc_uid(u.get("pid", 0)) != pw.pw_uid:
                    probs.append("a holder that is not nobody's: %r in %s:%s"
                                 % (u, o["local"]["address"], o["local"]["port"]))
        seen = {(o["local"]["address"], o["local"]["port"]) for o in doc if o.get("users")}
        if (ADDR, 8081) not in seen:
            probs.append("sv-nobody's listener %s:8081 has no users" % ADDR)
        C.report("-p as nobody: %s -tanpj validates, lists only nobody's processes "
                 "(users [] elsewhere), one line on stderr" % label, probs)

        # the in-kernel pass needs privileges: forced, an error that says so
        rcb, outb, errb = run(as_nobody + [exe, "-tanp", "--process-source=bpf"])
        probs = []
        built = "in-kernel pass" in run([SV, "--version"])[1]
        want = "needs root" if built else "built without libbpf"
        if rcb != 3 or len(sv_lines(outb)) > 1 or want not in errb or \
                "process-source=bpf" not in errb:
            probs.append("exit %d, stdout %r, stderr %r (want status 3, no row, %r)"
                         % (rcb, outb[:200], errb, want))
        C.report("-p as nobody with --process-source=bpf: exit 3, no row, stderr says it %s"
                 % want, probs)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ============================================================== 3. JSON

VALIDATE = os.path.join(os.path.dirname(HERE), "json", "validate.py")


def table_endpoint(ep, o, local):
    a = ep["address"]
    if o["family"] == "inet6":
        host = "*" if (o["dual_stack"] and a == "::") else "[%s]" % a
    else:
        host = a
    if local and "interface" in ep:
        host += "%" + ep["interface"]
    return "%s:%s" % (host, ep["port"] if ep["port"] else "*")


def json_name(raw):
    """doc/json-schema.md: valid UTF-8 kept, other bytes >= 0x80 as U+00XX."""
    out, i = [], 0
    while i < len(raw):
        if raw[i] < 0x80:
            out.append(chr(raw[i]))
            i += 1
            continue
        for k in (2, 3, 4):
            try:
                out.append(raw[i:i + k].decode("utf-8"))
                i += k
                break
            except UnicodeDecodeError:
                pass
        else:
            out.append(chr(raw[i]))
            i += 1
    return "".join(out)


def same_sockets(out, outt, lines):
    """Did a JSON listing and a table listing see the same sockets: as many
    objects as rows, with the same local ports and states in order?"""
    try:
        text = out.encode("latin-1").decode("utf-8")
        objs = [json.loads(l) for l in text.split("\n") if l] if lines else json.loads(text)
        keys = [(str(o["local"]["port"] if o["local"].get("port") else "*"), o.get("state", ""))
                for o in objs]
    except (ValueError, KeyError, TypeError, AttributeError):
        return True  # the comparison itself will say what is wrong
    rows = sv_lines(outt)
    if len(rows) != len(keys):
        return False
    return all(p in line and st in line for (p, st), line in zip(keys, rows))


def fresh_time_wait():
    """A TIME-WAIT socket of this moment: a client that closes first."""
    import socket
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname())
    a, _ = srv.accept()
    c.close()
    a.recv(1)
    a.close()
    srv.close()


def json_vs_table(json_args, table_args, layout_args, lines=False, processes=False,
                  netid=None, state=None, user=None):
    """`sockview JSON_ARGS` validates and agrees, object by object, with
    the rows of `sockview TABLE_ARGS` (-H)."""
    cols = C.layout(layout_args)
    # the population is live (connections come and go, states move): the
    # two listings are taken again, up to 5 times, until they saw the same
    # sockets (same count, same local and peer columns) or the last try
    for attempt in range(5):
        rc, out, err = sv(json_args)
        rct, outt, errt = sv(table_args)
        if same_sockets(out, outt, lines):
            break
    probs = []
    if rc != 0:
        probs.append("sockview %s: exit status %d" % (show(json_args), rc))
    if rct != 0:
        probs.append("sockview %s: exit status %d" % (show(table_args), rct))
    probs += root_stderr_problems(err) + root_stderr_problems(errt)
    rows = sv_lines(outt)
    flags = (["--lines"] if lines else []) + (["--processes"] if processes else ["--no-processes"])
    flags += ["--min", str(len(rows))]
    vr, vo, ve = run([sys.executable, VALIDATE] + flags, stdin=out.encode("latin-1"))
    vtext = "validate.py %s" % " ".join(flags)
    if vr != 0:
        probs.append("%s: exit %d: %s" % (vtext, vr, (vo + ve).strip()))
    objs = []
    try:
        text = out.encode("latin-1").decode("utf-8")
        if lines:
            objs = [json.loads(l) for l in text.split("\n") if l]
        else:
            objs = json.loads(text)
    except ValueError as e:
        probs.append("cannot parse: %s" % e)
    if cols is None:
        probs.append("ss %s: no header" % show(layout_args))
        cols = []
    n = len(cols)
    if len(objs) != len(rows):
        probs.append("%d JSON objects, %d table rows" % (len(objs), len(rows)))
    bad = 0
    for i, (o, line) in enumerate(zip(objs, rows)):
        if bad >= 8:
            break
        f = line.split()
        try:
            want = []
            if "Netid" in cols:
                want.append(o["netid"])
            elif netid and o["netid"] != netid:
                probs.append("object %d: netid %r, expected %r" % (i, o["netid"], netid))
            if "State" in cols:
                want.append(o["state"])
            elif state and o["state"] != state:
                probs.append("object %d: state %r, expected %r" % (i, o["state"], state))
            want += [str(o["recv_q"]), str(o["send_q"]), table_endpoint(o["local"], o, True),
                     table_endpoint(o["peer"], o, False), str(o["role"]),
                     "ephemeral" if o["ephemeral"] else o["port_class"],
                     o["service"] if o["service"] is not None else "-"]
        except (KeyError, TypeError) as e:
            probs.append("object %d: missing %s: %r" % (i, e, o))
            bad += 1
            continue
        got = f[:n] + f[n + 1:n + 4] if processes else f[:n + 3]
        names = cols + C.EXTRA
        diffs = ["service: JSON \"-\" (the table's \"-\" is JSON null)"] \
            if o.get("service") == "-" else []
        diffs += ["%s: JSON %r, table %r" % (names[k] if k < len(names) else k, a, b)
                 for k, (a, b) in enumerate(zip(want, got)) if a != b]
        if len(got) != len(want):
            diffs.append("%d table fields before Process, %d from JSON" % (len(got), len(want)))
        if processes:
            _, _, users, h, p2 = sv_row(line, n)
            diffs += p2
            tj = {(json_name(nm.encode("latin-1")), pid, fd) for nm, pid, fd in (h or ())}
            jj = set()
            for u in o.get("users", []):
                jj.add((u["name"], u["pid"], u["fd"]))
                pu = proc_uid(u["pid"])
                if pu is not None and u["uid"] != pu:
                    diffs.append("users: pid %d uid %d, /proc says %d" % (u["pid"], u["uid"], pu))
            if tj != jj:
                diffs.append("users: JSON %s, table %s" % (sorted(jj), sorted(tj)))
        if diffs:
            bad += 1
            probs.append("row %d: %s\n  %s\n  %s" % (i + 1, line, "\n  ".join(diffs),
                                                     json.dumps(o)[:400]))
    if not rows and not objs and user is None:
        probs.append("no rows at all: nothing compared")
    C.report("JSON: sockview %s validates (%s) and agrees field by field with sockview %s "
             "(%d rows)" % (show(json_args), vtext, show(table_args), len(rows)), probs)


def json_phase():
    json_vs_table(["-tanj"], ["-Htan"], ["-Htan"], netid="tcp")
    json_vs_table(["-tuanj"], ["-Htuan"], ["-Htuan"])
    json_vs_table(["-tuanpj"], ["-Htuanp"], ["-Htuan"], processes=True)
    json_vs_table(["--json-lines", "-tuan"], ["-Htuan"], ["-Htuan"], lines=True)
    json_vs_table(["-tuan", "state", "established", "--json-lines"],
                  ["-Htuan", "state", "established"], ["-Htuan", "state", "established"],
                  lines=True, state="ESTAB")
    # a filter: the same rows as the table with the same filter
    for flt in (["dport", "=", ":22"], ["(", "sport", "=", ":22", "or", "dport", "=", ":443", ")"],
                ["src", "127.0.0.0/8"], ["dev", "lo"], ["class", "ephemeral"],
                ["role", "in", "and", "not", "service", "ssh"]):
        json_vs_table(["-tuanj"] + flt, ["-Htuan"] + flt, ["-Htuan"])
    json_vs_table(["-tanpj", "dport", "=", ":22"], ["-Htanp", "dport", "=", ":22"], ["-Htan"],
                  processes=True, netid="tcp")
    fresh_time_wait()  # the population's may have ended (60 s) on a slow run
    json_vs_table(["-tan", "state", "time-wait", "--json-lines"],
                  ["-Htan", "state", "time-wait"], ["-Htan", "state", "time-wait"],
                  lines=True, netid="tcp", state="TIME-WAIT")
    json_vs_table(["-tlnj", "-6"], ["-Htln", "-6"], ["-Htln", "-6"], netid="tcp",
                  state="LISTEN")

    # no rows
    for args, table, want in ((["-tanj", "dport", "=", ":9"], ["-Htan", "dport", "=", ":9"], "[]\n"),
                              (["-tuanpj", "sport", "=", ":9"], ["-Htuanp", "sport", "=", ":9"],
                               "[]\n"),
                              (["--json-lines", "-tan", "dport", "=", ":9"],
                               ["-Htan", "dport", "=", ":9"], "")):
        rc, out, err = sv(args)
        rct, outt, _ = sv(table)
        probs = []
        if rc != 0:
            probs.append("exit status %d, expected 0" % rc)
        if out != want:
            probs.append("stdout %r, expected %r" % (out[:300], want))
        probs += root_stderr_problems(err)
        if outt:
            probs.append("the table with the same filter is not empty: %r" % outt[:200])
        lines = "--json-lines" in args
        vr, vo, ve = run([sys.executable, VALIDATE] + (["--lines"] if lines else []),
                         stdin=out.encode("latin-1"))
        if vr != 0:
            probs.append("validate.py: %s" % (vo + ve).strip())
        C.report("JSON with no matching rows: sockview %s prints %r" % (show(args), want), probs)


def pipe_phase():
    """`sockview -tanj | head -c 100` with more output than a pipe holds:
    the reader goes away (EPIPE / SIGPIPE), sockview exits 0 quietly."""
    stale = os.path.join(os.path.dirname(COUNTS), "bulk.ready")   # checks.py's
    if os.path.exists(stale):
        os.unlink(stale)
    side = C.Side("bulk", "400")
    try:
        if not side.wait():
            return
        for args in (["-tanj"], ["--json-lines", "-tan"]):
            rc, out, err = sv(args)
            size = len(out)
            script = ('"$0" %s | head -c 100; s="${PIPESTATUS[0]},${PIPESTATUS[1]}"; '
                      'echo; echo "status=$s"' % " ".join(args))
            p = subprocess.run(["bash", "-c", script, SV], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=C.ENV, timeout=30)
            o = p.stdout.decode("latin-1")
            e = p.stderr.decode("latin-1")
            probs = []
            if size <= 4 * 65536:
                probs.append("the full output is only %d bytes: not enough to fill the pipe" % size)
            status = re.findall(r"status=(\S+)", o)
            if status != ["0,0"]:
                probs.append("PIPESTATUS (sockview, head): %s, expected 0,0" % status)
            if e:
                probs.append("stderr: %r" % e[:300])
            head = o.split("\nstatus=")[0]
            if len(head) != 100 or not out.startswith(head):
                probs.append("the 100 bytes are not the start of the full output:\n  head: %r\n  full: %r"
                             % (head[:100], out[:100]))
            C.report("JSON into a closed pipe: sockview %s | head -c 100 (full output %d bytes): "
                     "exit 0, nothing on stderr" % (show(args), size), probs)
    finally:
        side.stop()


# ================================================================= 4. -s

def summary_phase():
    """--ss -s against ss -s (-s adds sockview's own totals: tests/integration/prom.py)."""
    tries = []
    for _ in range(3):
        rc1, o1, e1 = ss(["-s"])
        rc2, o2, e2 = sv(["--ss", "-s"])
        tries.append((rc1, o1, rc2, o2, e2))
        if rc2 == 0 and not e2 and o1 == o2:
            break
    rc1, o1, rc2, o2, e2 = tries[-1]
    probs = []
    if rc1 != 0:
        probs.append("ss -s exit status %d" % rc1)
    if rc2 != 0:
        probs.append("sockview --ss -s exit status %d" % rc2)
    if e2:
        probs.append("stderr: %r" % e2)
    if o1 != o2:
        import difflib
        probs.append("differs from ss -s in %d tries; the last:" % len(tries))
        probs += ["  " + l.replace("\t", "\\t") for l in
                  difflib.unified_diff(o1.split("\n"), o2.split("\n"), "ss -s", "sockview --ss -s",
                                       lineterm="")]
    if "TCP:" not in o2:
        probs.append("no TCP: line: %r" % o2[:200])
    C.report("sockview --ss -s == ss -s in the populated namespace (%d %s)"
             % (len(tries), "try" if len(tries) == 1 else "tries"), probs)


# =================================================================== main

def main():
    global SV, MANIFEST, COUNTS, INFO
    if len(sys.argv) == 3 and sys.argv[1] == "holder":
        holder(sys.argv[2])
        return 0
    SV, MANIFEST, COUNTS = sys.argv[1:4]
    C.SV, C.MANIFEST, C.COUNTS = SV, MANIFEST, COUNTS
    t0 = time.monotonic()
    h = Holder()
    try:
        INFO = h.wait()
        parts = [summary_phase]
        if INFO is not None:
            parts = [p_phase, source_phase, threads_phase, holder_filter_phase, p_replay,
                     nobody_phase, json_phase, summary_phase]
        for part in parts:
            try:
                part()
            except Exception:
                C.report("procs.py: %s ran to the end" % part.__name__,
                         traceback.format_exc().splitlines())
    finally:
        h.stop()
    try:
        pipe_phase()
    except Exception:
        C.report("procs.py: pipe_phase ran to the end", traceback.format_exc().splitlines())
    print("# procs.py: %.1f s" % (time.monotonic() - t0))
    with open(COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))
    return 1 if C.RESULTS[1] else 0


if __name__ == "__main__":
    sys.exit(main())
