#!/usr/bin/env python3
"""linknl.py - packet and netlink sockets against ss, live.

Usage: linknl.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh as root inside the private network namespace (it does not use
the population: it makes its own sockets). It adds an interface (a dummy,
or a veth pair where the kernel has no dummy driver), then opens packet
sockets (SOCK_RAW and SOCK_DGRAM; bound to the interface or not; ETH_P_ALL,
a named protocol, one ss has no name for, none; two with a classic BPF
filter) and netlink sockets (route with groups 1 and 3, route joined to
group 33 and connected to the kernel, generic, uevent with a group,
netfilter). The namespace's own kernel netlink sockets list as well. Checks:
  - sockview --ss against ss, byte for byte: -0a, -0an, -f link, -A packet
    -a, -0ab (the filters' lines), and the netlink table (-A netlink -a,
    -f netlink, -n) without the sock_diag sockets of the two tools
    themselves (a filter: ss's own and sockview's own differ by name);
    unfiltered, every row but each tool's own;
  - sockview's layout against ss's rows, field by field, with Role, Class
    and Service after them;
  - JSON: the schema checker, one object per ss row, and each socket this
    script made found by its inode with the protocol, interface, filter,
    port id, groups and peer it was given;
  - filter conditions against ss (dev, src link:..., src netlink:...);
  - -D then --replay: the recording gives ss's bytes again.
Writes "PASSED FAILED" to COUNTS-FILE.
"""
import ctypes
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile

import checks as C

SO_ATTACH_FILTER = 26
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NO_TOOLS = ["!", "src", "netlink:tcpdiag"]  # neither tool's own sock_diag socket

# classic BPF: accept LLDP frames (ethertype at 12), drop the rest; drop all
LLDP_ONLY = [(0x28, 0, 0, 12), (0x15, 0, 1, 0x88cc), (0x06, 0, 0, 0xffff),
             (0x06, 0, 0, 0)]
DROP_ALL = [(0x06, 0, 0, 0)]


def make_interface():
    """A dummy if the kernel has one, else a veth pair: its name."""
    for cmd, name in ((["ip", "link", "add", "svl0", "type", "dummy"], "svl0"),
                      (["ip", "link", "add", "svl1", "type", "veth", "peer", "name",
                        "svl2"], "svl1")):
        if subprocess.run(cmd, stderr=subprocess.DEVNULL).returncode == 0:
            subprocess.run(["ip", "link", "set", name, "up"], check=True)
            return name
    raise RuntimeError("cannot make an interface (neither dummy nor veth)")


def attach(sock, insns):
    buf = ctypes.create_string_buffer(b"".join(struct.pack("=HBBI", *i) for i in insns))
    sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER,
                    struct.pack("HP", len(insns), ctypes.addressof(buf)))


def packet_sockets(iface):
    """[(socket, expected JSON facts)]"""
    idx = socket.if_nametoindex(iface)
    out = []

    def add(kind, proto, bind, filt=None):
        s = socket.socket(socket.AF_PACKET, kind, socket.htons(proto))
        if bind:
            s.bind((iface, proto))
        if filt:
            attach(s, filt)
        want = {"netid": "p_raw" if kind == socket.SOCK_RAW else "p_dgr",
                "protocol": proto, "ifindex": idx if bind else 0}
        if bind:
            want["interface"] = iface
        if filt:
            want["filter"] = [list(i) for i in filt]
        out.append((s, want))

    add(socket.SOCK_RAW, 0x0003, False)                 # ETH_P_ALL: *:*
    add(socket.SOCK_RAW, 0x0800, True)                  # ip:IFACE
    add(socket.SOCK_DGRAM, 0x0000, True)                # [0]:IFACE
    add(socket.SOCK_DGRAM, 0x0806, False)               # arp:*
    add(socket.SOCK_RAW, 0x88cc, True, LLDP_ONLY)       # LLDP:IFACE, filtered
    add(socket.SOCK_DGRAM, 0x1234, False, DROP_ALL)     # [4660]:*, filtered
    return out


def netlink_sockets():
    out = []

    def add(proto, groups=0, join=(), connect=False):
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
        s.bind((0, groups))
        for g in join:
            s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g)
        if connect:
            s.connect((0, 0))
        gl = sorted({i + 1 for i in range(32) if groups >> i & 1} | set(join))
        want = {"netid": "nl", "protocol": proto, "portid": s.getsockname()[0],
                "groups": gl}
        if connect:
            want["peer_portid"] = want["peer_group"] = 0
        out.append((s, want))

    add(0, groups=0x5)                        # rtnl, groups 1 and 3: portid = our pid
    add(0, join=(33,), connect=True)          # rtnl, group 33, connected to the kernel
    add(16)                                   # genl
    add(15, groups=0x1)                       # uevent, group 1
    add(12)                                   # nft
    return out


def same_bytes(name, ss_args, sv_args=None, want_min=1, must=None):
    """`sockview --ss ARGS` prints exactly what `ss ARGS` prints."""
    sv_args = ss_args if sv_args is None else sv_args
    rc1, o1, e1 = C.ss(ss_args)
    rc2, o2, e2 = C.sv(["--ss"] + sv_args)
    probs = []
    if rc1 != 0:
        probs.append("ss exit %d: %s" % (rc1, e1.strip()))
    if rc2 != 0 or e2:
        probs.append("sockview exit %d, stderr %r" % (rc2, e2.strip()))
    n = len(C.lines_of(o1)) - 1
    if n < want_min:
        probs.append("ss lists %d rows, expected at least %d: nothing proved" % (n, want_min))
    if must and must not in o1:
        probs.append("ss's output lacks %r: nothing proved" % must)
    if o1 != o2:
        a, b = o1.split("\n"), o2.split("\n")
        probs.append("output differs (%d lines from ss, %d from sockview)" % (len(a), len(b)))
        for i, (x, y) in enumerate(zip(a + [""] * len(b), b + [""] * len(a))):
            if x != y:
                probs.append("line %d:\n  ss: %r\n  sv: %r" % (i + 1, x, y))
                if len(probs) > 8:
                    break
    C.report("%s: sockview --ss %s == ss %s (%d rows)"
             % (name, " ".join(sv_args), " ".join(ss_args), n), probs)


def tool_row(local):
    """A row of either tool's own sock_diag socket (-n: 4:PORTID)."""
    return local.startswith("4:") and local != "4:0"


def netlink_all_rows():
    """The netlink table unfiltered and -n: ss's rows and sockview's, each
    without its own sock_diag socket (one row each)."""
    rc1, o1, e1 = C.ss(["-A", "netlink", "-an", "-H"])
    rc2, o2, e2 = C.sv(["--ss", "-A", "netlink", "-an", "-H"])
    probs = []
    if rc1 or rc2 or e2:
        probs.append("ss exit %d, sockview exit %d %r" % (rc1, rc2, e2.strip()))
    rows = []
    for out in (o1, o2):
        r = [l.split() for l in C.lines_of(out)]
        own = [x for x in r if tool_row(x[3])]
        if len(own) != 1:
            probs.append("%d rows of a tool's own sock_diag socket, expected 1: %r" % (len(own), own))
        rows.append([x for x in r if not tool_row(x[3])])
    if rows[0] != rows[1]:
        probs.append("rows differ:\n  ss: %r\n  sv: %r" % (rows[0], rows[1]))
    if len(rows[0]) < 12:
        probs.append("only %d rows: nothing proved" % len(rows[0]))
    C.report("sockview --ss -A netlink -an: ss's rows, field by field, but each tool's "
             "own sock_diag socket (%d rows)" % len(rows[0]), probs)


def both_tables():
    """Packet and netlink tables in one listing, sockview's layout against
    ss's rows, each tool's own sock_diag socket aside (no filter: ss's
    netlink: prefix would narrow its whole listing to netlink)."""
    args = ["-0an", "-f", "netlink"]
    cols = C.layout(args)
    rc1, o1, e1 = C.ss(args)
    rc2, o2, e2 = C.sv(args)
    probs = []
    if rc1 or rc2 or e2 or not cols:
        probs.append("ss exit %d, sockview exit %d %r" % (rc1, rc2, e2.strip()))
    else:
        ssl = [l for l in C.lines_of(o1)[1:] if not tool_row(l.split()[4])]
        svl = [l for l in C.lines_of(o2)[1:] if not tool_row(l.split()[4])]
        nets = {l.split()[0] for l in ssl}
        if nets != {"p_raw", "p_dgr", "nl"}:
            probs.append("ss lists tables %s: nothing proved" % sorted(nets))
        probs += C.compare_rows(ssl, svl, cols)
    C.report("packet and netlink: sockview %s rows vs ss's, field by field, then Role, "
             "Class, Service" % " ".join(args), probs)


def json_rows(name, args, made, ss_args):
    rc, out, err = C.sv(args + ["-j"])
    probs = []
    if rc or err:
        probs.append("sockview exit %d %r" % (rc, err.strip()))
    v = subprocess.run([sys.executable, os.path.join(C.HERE, "..", "json", "validate.py")],
                       input=out.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if v.returncode:
        probs.append("validate.py: " + v.stdout.decode().strip())
    try:
        rows = json.loads(out)
    except ValueError as e:
        rows = []
        probs.append("not JSON: %s" % e)
    _, sso, _ = C.ss(ss_args + ["-H"])
    n_ss = len(C.lines_of(sso))
    if len(rows) != n_ss:
        probs.append("%d objects, ss lists %d rows" % (len(rows), n_ss))
    by_ino = {}
    for r in rows:
        by_ino.setdefault(r.get("inode"), r)
    for s, want in made:
        ino = os.fstat(s.fileno()).st_ino
        r = by_ino.get(ino)
        if r is None:
            probs.append("no object with inode %d (%r)" % (ino, want))
            continue
        obj = r.get("packet" if want["netid"] != "nl" else "netlink", {})
        got = {"netid": r["netid"]}
        got.update({k: obj[k] for k in want if k in obj})
        if got != want:
            probs.append("inode %d:\n  want %r\n  got  %r" % (ino, want, got))
        for k in ("filter", "interface", "peer_portid", "peer_group"):
            if k in obj and k not in want:
                probs.append("inode %d: %s %r not made" % (ino, k, obj[k]))
    C.report("%s: sockview %s -j: the schema, one object per ss row (%d), each of the %d "
             "sockets made as made" % (name, " ".join(args), n_ss, len(made)), probs)


def replayed(tmp, rec_args, args, ss_args, name):
    f = os.path.join(tmp, "linknl.dump")
    rc, out, err = C.sv(["-D", f] + rec_args)
    probs = []
    if rc or out or err:
        probs.append("-D: exit %d, stdout %d bytes, stderr %r" % (rc, len(out), err.strip()))
    rc1, o1, e1 = C.ss(ss_args)
    rc2, o2, e2 = C.sv(["--replay", f, "--ss"] + args)
    if rc2 or e2:
        probs.append("--replay: exit %d %r" % (rc2, e2.strip()))
    if o1 != o2:
        probs.append("differs:\n  ss: %r\n  sv: %r" % (o1[:600], o2[:600]))
    if len(C.lines_of(o1)) < 3:
        probs.append("ss lists %d lines: nothing proved" % len(C.lines_of(o1)))
    C.report("%s: sockview -D FILE %s, then --replay FILE --ss %s == ss %s"
             % (name, " ".join(rec_args), " ".join(args), " ".join(ss_args)), probs)


def main():
    C.SV = sys.argv[1]
    C.COUNTS = sys.argv[3]
    tmp = tempfile.mkdtemp(prefix="sockview-linknl.")
    iface = make_interface()
    pk = packet_sockets(iface)
    nl = netlink_sockets()
    npk = len(pk)

    # packet sockets: ss's bytes
    same_bytes("packet", ["-0a"], want_min=npk, must="LLDP:" + iface)
    same_bytes("packet", ["-0an"], want_min=npk)
    same_bytes("packet", ["-f", "link"], want_min=npk)
    same_bytes("packet", ["-A", "packet", "-a"], want_min=npk)
    same_bytes("packet -b", ["-0ab"], want_min=npk, must="bpf filter (4):")
    same_bytes("packet -b", ["-0anb"], want_min=npk, must="bpf filter (1):")
    # netlink sockets: ss's bytes, the tools' own sock_diag sockets aside
    same_bytes("netlink", ["-A", "netlink", "-a"] + NO_TOOLS, want_min=12, must="python")
    same_bytes("netlink", ["-f", "netlink"] + NO_TOOLS, want_min=12)
    same_bytes("netlink", ["-A", "netlink", "-an"] + NO_TOOLS, want_min=12)
    netlink_all_rows()

    # sockview's layout: ss's fields, then Role Class Service
    C.check_header("packet", ["-0a"])
    C.check_header("packet", ["-0an"])
    C.check_header("netlink", ["-A", "netlink", "-a"] + NO_TOOLS)
    C.check_header("netlink", ["-f", "netlink", "-n"] + NO_TOOLS)
    both_tables()

    # JSON
    json_rows("packet", ["-0ab"], pk, ["-0a"])
    json_rows("netlink", ["-f", "netlink"] + NO_TOOLS, nl, ["-f", "netlink"] + NO_TOOLS)

    # filter conditions
    for f in (["dev", iface], ["src", "link:ip"], ["src", "link:*:" + iface],
              ["src", "arp"], ["!", "src", "link:all"], ["dev", iface, "or", "src", "arp"]):
        same_bytes("packet filter", ["-0a"] + f)
    for f in (["src", "netlink:rtnl"], ["src", "netlink:genl:kernel"],
              ["src", "netlink:rtnl:%d" % os.getpid()], ["!", "src", "netlink:*:kernel"],
              ["(", "src", "netlink:uevent", "or", "src", "netlink:nft", ")"]):
        same_bytes("netlink filter", ["-A", "netlink", "-a"] + f + ["and"] + NO_TOOLS)

    # -D and --replay
    replayed(tmp, ["-0ab"], ["-0ab"], ["-0ab"], "packet")
    replayed(tmp, ["-0a"], ["-0an", "dev", iface], ["-0an", "dev", iface], "packet")
    # (a recording's port ids are another time's processes: a replay shows
    # them as numbers, so ss's form to compare with is -n)
    replayed(tmp, ["-A", "netlink", "-a"], ["-A", "netlink", "-an"] + NO_TOOLS,
             ["-A", "netlink", "-an"] + NO_TOOLS, "netlink")
    rc, out, err = C.sv(["--replay", os.path.join(tmp, "linknl.dump"), "-A", "netlink",
                         "-aH", "src", "netlink:rtnl:%d" % os.getpid()])
    C.report("netlink: a replay names no port id's process (rtnl:%d)" % os.getpid(),
             [] if rc == 0 and len(C.lines_of(out)) == 2 and
             all(l.split()[3] == "rtnl:%d" % os.getpid() for l in C.lines_of(out))
             else ["exit %d %r %r" % (rc, out, err)])

    for s, _ in pk + nl:
        s.close()
    subprocess.run(["ip", "link", "del", iface], stderr=subprocess.DEVNULL)
    with open(C.COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


if __name__ == "__main__":
    main()
