#!/usr/bin/env python3
"""procnet_tables.py - the /proc/net fallback for raw, unix, packet and
netlink sockets, live: a module of procnet.py (not a part of run.sh's own).

It opens sockets of its own in the integration namespace and holds them
during every listing: raw (ICMP unbound, ICMP bound to 127.0.0.1 and
connected to 127.0.0.2, ICMPv6 unbound, ICMPv6 bound to ::1 and connected
to ::1), unix (a path listener with a client and the accepted socket, an
abstract listener, a stream socketpair, a datagram socket bound to a path
with a space in it, a seqpacket listener with a client and the accepted
socket), packet (SOCK_RAW and SOCK_DGRAM bound to an interface it creates,
a dummy or a veth pair, and one unbound) and netlink (route with groups 1
and 3, uevent with group 1, generic, netfilter; all bound). Checks:

  (a) rows: `sockview -aj --source=proc` against `--source=netlink`, per
      table, compared on the fields /proc/net has:
        raw:     netid, family, local and peer address, protocol, state,
                 inode, uid
        unix:    netid, state, name (path or abstract), inode (not the
                 peer, not the queues: /proc/net/unix has neither; the
                 state is the kernel's St column, which says what
                 sock_diag's state says, datagram sockets included)
        packet:  netid, protocol, ifindex, interface, inode, uid
        netlink: protocol, port id, groups 1-32 (the file has no more),
                 inode
      Every row, not only this script's (the namespace's kernel netlink
      sockets, the population's), but for sockview's own sock_diag socket,
      which only the netlink listing has (it is open then: a nl row of
      protocol 4 whose port id is the listing process's pid). The
      kernel's netlink_diag dump lists a socket with groups twice (ss shows
      it twice too): rows are compared by inode. Every socket this script
      opened must be there, with what it was given. This kernel may lack
      raw_diag: then --source=netlink cannot list raw sockets (it says so,
      exit 3), and the /proc rows of this script's raw sockets are compared
      with what it gave them instead.
  (b) text: `sockview --ss --source=proc ARGS` against `PROC_ROOT=/proc ss
      ARGS`, byte for byte; for unix listings that hold datagram sockets or
      a name with a space, after undoing ss's two readings of
      /proc/net/unix that sockview does not share (sockview(8),
      DIFFERENCES FROM SS; t_proc.sh does the same): ss cuts a name at its
      first space (sockview's name is cut at its first "\\x20" to compare),
      and ss reads the line's kernel address as a peer, so every datagram
      socket is ESTAB (sockview's state is taken for u_dgr rows, the rows
      being in the same order; -x and -xl are compared without u_dgr rows,
      ss's ESTAB ones being in another listing than sockview's UNCONN ones),
      columns compared after squeezing blanks (a cut name moves them).
      Neither tool opens a socket of these tables to read the files
      (checked: the netlink text has no sockview or ss process row).
Each listing is tried up to three times, a fresh pair each time (another
process of the namespace may open or close a socket between the two).
"""
import json
import os
import re
import socket
import subprocess
import tempfile

import checks as C

SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800


def run_env(argv, **env):
    e = dict(C.ENV)
    e.update(env)
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=e)
    out, err = p.communicate(timeout=60)
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), p.pid


class Made:
    """The sockets this module opened, held until close()."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="sockview-procnet.")
        self.iface = None
        self.socks = []
        self.want = {"raw": {}, "unix": {}, "packet": {}, "netlink": {}}

    def keep(self, table, s, facts):
        self.socks.append(s)
        self.want[table][os.fstat(s.fileno()).st_ino] = facts

    def close(self):
        for s in self.socks:
            s.close()
        if self.iface:
            subprocess.run(["ip", "link", "del", self.iface], stderr=subprocess.DEVNULL)
        for f in os.listdir(self.tmp):
            os.unlink(os.path.join(self.tmp, f))
        os.rmdir(self.tmp)


def make_raw(m):
    for fam, proto, bind, peer in ((socket.AF_INET, 1, None, None),
                                   (socket.AF_INET, 1, "127.0.0.1", "127.0.0.2"),
                                   (socket.AF_INET6, 58, None, None),
                                   (socket.AF_INET6, 58, "::1", "::1")):
        s = socket.socket(fam, socket.SOCK_RAW, proto)
        if bind:
            s.bind((bind, 0))
            s.connect((peer, 0))
        wild = "0.0.0.0" if fam == socket.AF_INET else "::"
        m.keep("raw", s, ("raw", "inet" if fam == socket.AF_INET else "inet6",
                          bind or wild, peer or wild, proto,
                          "ESTAB" if peer else "UNCONN", os.getuid()))


def make_unix(m):
    def listener(kind, name):
        s = socket.socket(socket.AF_UNIX, kind)
        s.bind(name)
        s.listen(4)
        return s

    def text(name):
        return "@" + name[1:] if name.startswith("\0") else name

    def pair_to(kind, name, netid):
        c = socket.socket(socket.AF_UNIX, kind)
        c.connect(name)
        a, _ = lst.accept()
        m.keep("unix", c, (netid, "ESTAB", None))
        m.keep("unix", a, (netid, "ESTAB", text(name)))

    path = os.path.join(m.tmp, "srv.sock")
    lst = listener(socket.SOCK_STREAM, path)
    m.keep("unix", lst, ("u_str", "LISTEN", path))
    pair_to(socket.SOCK_STREAM, path, "u_str")
    abstract = "\0sockview-procnet-%d" % os.getpid()
    m.keep("unix", listener(socket.SOCK_STREAM, abstract), ("u_str", "LISTEN", text(abstract)))
    for s in socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM):
        m.keep("unix", s, ("u_str", "ESTAB", None))
    d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dpath = os.path.join(m.tmp, "dgram with space")
    d.bind(dpath)
    m.keep("unix", d, ("u_dgr", "UNCONN", dpath))
    seq = "\0sockview-procnet-seq-%d" % os.getpid()
    lst = listener(socket.SOCK_SEQPACKET, seq)
    m.keep("unix", lst, ("u_seq", "LISTEN", text(seq)))
    pair_to(socket.SOCK_SEQPACKET, seq, "u_seq")


def make_interface():
    """A dummy if the kernel has one, else a veth pair: its name."""
    for cmd, name in ((["ip", "link", "add", "svpn0", "type", "dummy"], "svpn0"),
                      (["ip", "link", "add", "svpn1", "type", "veth", "peer", "name",
                        "svpn2"], "svpn1")):
        if subprocess.run(cmd, stderr=subprocess.DEVNULL).returncode == 0:
            subprocess.run(["ip", "link", "set", name, "up"], check=True)
            return name
    raise RuntimeError("cannot make an interface (neither dummy nor veth)")


def make_packet(m):
    m.iface = make_interface()
    idx = socket.if_nametoindex(m.iface)
    for kind, proto, bound in ((socket.SOCK_RAW, ETH_P_ALL, True),
                               (socket.SOCK_DGRAM, ETH_P_IP, True),
                               (socket.SOCK_RAW, 0x88cc, False)):
        s = socket.socket(socket.AF_PACKET, kind, socket.htons(proto))
        if bound:
            s.bind((m.iface, proto))
        m.keep("packet", s, ("p_raw" if kind == socket.SOCK_RAW else "p_dgr", proto,
                             idx if bound else 0, m.iface if bound else None, os.getuid()))


def make_netlink(m):
    for proto, groups in ((0, 0x5), (15, 0x1), (16, 0), (12, 0)):
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
        s.bind((0, groups))
        gl = [i + 1 for i in range(32) if groups >> i & 1]
        m.keep("netlink", s, (proto, s.getsockname()[0], gl))


# ------------------------------------------------------------ (a) rows

def fields(table, r):
    """What /proc/net has of a JSON row (the module's docstring)."""
    if table == "raw":
        return (r["netid"], r["family"], r["local"]["address"], r["peer"]["address"],
                r["protocol"], r["state"], r["uid"])
    if table == "unix":
        loc = r["local"]
        name = loc.get("path")
        if "abstract" in loc:
            name = "@" + loc["abstract"]
        return (r["netid"], r["state"], name)
    if table == "packet":
        p = r["packet"]
        return (r["netid"], p["protocol"], p["ifindex"], p.get("interface"), r["uid"])
    n = r["netlink"]
    return (n["protocol"], n["portid"], [g for g in n["groups"] if g <= 32])


ARGS = {"raw": ["-w"], "unix": ["-x"], "packet": ["-0"], "netlink": ["-f", "netlink"]}


def listing(table, source):
    """{inode: fields} of `sockview -aj --source=SOURCE`, its own sock_diag
    socket aside (its process's first netlink socket: port id = pid); or a
    problem."""
    rc, out, err, pid = run_env([C.SV, "-aj", "--source=" + source] + ARGS[table])
    if rc != 0:
        return None, rc, err
    rows, probs = {}, []
    for r in json.loads(out):
        if table == "netlink" and r["netlink"]["portid"] == pid:
            if source == "proc" or r["netlink"]["protocol"] != 4:
                probs.append("a row of sockview's own: %r" % r)
            continue  # its sock_diag socket
        f = fields(table, r)
        if r["inode"] in rows and rows[r["inode"]] != f:
            probs.append("inode %d twice, different: %r %r" % (r["inode"], rows[r["inode"]], f))
        rows[r["inode"]] = f
    return rows, 0, "\n".join(probs)


def want_problems(table, m, rows):
    probs = []
    for ino, want in m.want[table].items():
        got = rows.get(ino)
        if got != want:
            probs.append("socket %d made as %r, listed as %r" % (ino, want, got))
    return probs


def rows_check(table, m):
    probs = []
    for _ in range(3):
        nl, rc, err = listing(table, "netlink")
        pr, rc2, err2 = listing(table, "proc")
        probs = []
        if pr is None:
            probs.append("--source=proc: exit %d %s" % (rc2, err2.strip()))
            break
        if err2:
            probs.append(err2)
        probs += want_problems(table, m, pr)
        if nl is None and table == "raw" and rc == 3 and "raw_diag" in err:
            print("# raw: sock_diag cannot list raw sockets here (no raw_diag): the /proc "
                  "rows of this script's are compared with what it gave them")
            nl = None
            break
        if nl is None:
            probs.append("--source=netlink: exit %d %s" % (rc, err.strip()))
            break
        if err:
            probs.append(err)
        if nl != pr:
            for ino in sorted(set(nl) | set(pr)):
                if nl.get(ino) != pr.get(ino):
                    probs.append("inode %d: netlink %r, proc %r" % (ino, nl.get(ino), pr.get(ino)))
        if not probs:
            break
    n = len(pr) if pr else 0
    C.report("%s: sockview -aj --source=proc, the rows of --source=netlink on the fields "
             "/proc/net has (%d rows, %d of this script's)" % (table, n, len(m.want[table])),
             probs)


# ------------------------------------------------------------ (b) text

def squeeze(line):
    return " ".join(line.split())


def unix_normal(args, out, want):
    """ss's and sockview's unix rows with ss's two readings undone."""
    sv = [squeeze(re.sub(r"\\x20\S*", "", l)).split(" ") for l in C.lines_of(out)]
    ss = [squeeze(l).split(" ") for l in C.lines_of(want)]
    if len(sv) == len(ss):
        for a, b in zip(sv, ss):
            if a[0] == b[0] == "u_dgr" and len(a) > 1 and len(b) > 1:
                b[1] = a[1]
    if args[0] in ("-x", "-xl"):
        sv = [r for r in sv if r[0] != "u_dgr"]
        ss = [r for r in ss if r[0] != "u_dgr"]
    return sv, ss


def text_check(name, args, must=(), unix=False):
    probs = []
    for _ in range(3):
        rc, out, err, _ = run_env([C.SV, "--ss", "--source=proc"] + args)
        rcs, want, errs, _ = run_env(["ss"] + args, PROC_ROOT="/proc")
        probs = []
        if rc != 0 or rcs != 0 or err:
            probs.append("exit %d (ss %d): %s %s" % (rc, rcs, err.strip(), errs.strip()))
        for s in must:
            if s not in want:
                probs.append("ss's text lacks %r: nothing proved" % s)
        if unix:
            a, b = unix_normal(args, out, want)
            if a != b:
                probs.append("rows differ:\n  sv: %r\n  ss: %r" % (a, b))
        elif out != want:
            import difflib
            probs += list(difflib.unified_diff(out.splitlines(), want.splitlines(),
                                               "sockview", "ss", lineterm=""))[:30]
        own = re.findall(r"\w+:(?:sockview|ss)/\d+", out + want)
        if own:
            probs.append("rows of a tool's own socket: %r" % own)
        if not probs:
            break
    C.report("%s: --ss --source=proc %s: PROC_ROOT=/proc ss's text%s"
             % (name, " ".join(args), " (ss's unix readings undone)" if unix else ""), probs)


def text_checks(m):
    # raw: the protocol names and addresses of this script's sockets
    for args in (["-wan"], ["-wa"], ["-w"], ["-wan6"]):
        text_check("raw", args, must=("127.0.0.2",) if args[0] != "-wan6" else ("::1",))
    srv = os.path.join(m.tmp, "srv.sock")
    text_check("unix", ["-A", "unix_stream,unix_seqpacket", "-a"], must=(srv,))
    text_check("unix", ["-A", "unix_seqpacket", "-a"], must=("@sockview-procnet-seq",))
    for args in (["-xa"], ["-x"], ["-xl"], ["-xa", "src", "*srv*"], ["-xan"]):
        text_check("unix", args, must=("u_str",), unix=True)
    for args in (["-0an"], ["-0a"], ["-A", "packet", "-a", "dev", m.iface]):
        text_check("packet", args, must=(m.iface,))
    for args in (["-A", "netlink", "-a"], ["-f", "netlink", "-n"],
                 ["-A", "packet,netlink", "-a"]):
        text_check("netlink", args, must=("rtnl:python3/%d" % os.getpid()
                                          if "-n" not in args else " 0:%d " % os.getpid(),))


def run_all():
    m = Made()
    try:
        make_raw(m)
        make_unix(m)
        make_packet(m)
        make_netlink(m)
        for table in ("raw", "unix", "packet", "netlink"):
            rows_check(table, m)
        text_checks(m)
    finally:
        m.close()
