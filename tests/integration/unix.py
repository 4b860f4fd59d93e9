#!/usr/bin/env python3
"""unix.py - the unix tables (u_str, u_dgr, u_seq) on live sockets, with ss
(iproute2) as the oracle.

Usage: unix.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace (unix sockets are per
network namespace). Starts unix_pop.py (sockets with a path, abstract
names, one with a NUL inside, an autobound one, unnamed clients,
socketpairs of the three types, a listener with an accepted connection and
one still queued, a 108-byte path, a path with a newline and an escape
sequence; stream, seqpacket and datagram) and checks:
  --ss vs ss        `sockview --ss ARGS` prints ss's bytes for -xa, -x,
                    -xl, -Hxa, -A unix_*, and ss's path conditions with
                    wildcards (src/dst, unix: prefix, case folding, '@*',
                    negation, autobound, sport/dport on inodes), except that
                    the name ss prints raw is escaped (\\xHH) by sockview, its
                    right-aligned column then 6 columns wider.
  each socket       in `sockview -Hxa`, the row of each socket of the
                    population (found by its inode): its table, its name as
                    ss prints it (escaped), its peer's inode as in ss's row,
                    a Role, a Class (the kind of its name) and Service '-'.
  JSON              `sockview -xa -j` has the same sockets as the table,
                    names byte for byte (path / abstract), inode, peer inode.
  nothing raw       no control character in any of sockview's outputs.
Writes "PASSED FAILED" to COUNTS-FILE. The comparison of a listing retries
(3 times) when the namespace's sockets changed between the two runs.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import checks as C

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = {1: "u_str", 2: "u_dgr", 5: "u_seq"}
ESC_RAW = b"/nl\nx\x1b[31mred"
ESC_SV = b"/nl\\x0ax\\x1b[31mred"


def runb(argv):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=C.ENV, timeout=30)
    return p.returncode, p.stdout, p.stderr


def ss_escaped(out, d):
    """ss's output with the raw name as sockview escapes it; ss padded the
    raw name (6 bytes shorter) to the column's right edge."""
    raw = d.encode() + ESC_RAW
    return out.replace(b" " * 6 + raw, d.encode() + ESC_SV)


def text_of(name):
    """ss's text of a name (bytes), escaped as sockview prints it."""
    if not name:
        return "*"
    if name[0] == 0:
        name = bytes(b if b else ord("@") for b in name)
    else:
        name = bytes(name).split(b"\0")[0]
    return "".join(chr(b) if 32 <= b < 127 else "\\x%02x" % b for b in name)


def check_ss(d, cases):
    for args in cases:
        probs = []
        for _ in range(3):
            rc1, a, e1 = runb(["ss"] + args)
            rc2, b, e2 = runb([C.SV, "--ss"] + args)
            want = ss_escaped(a, d)
            probs = []
            if rc2 != 0 or e2:
                probs.append("exit %d, stderr %r" % (rc2, e2[:300]))
            if want != b:
                wl, bl = want.splitlines(), b.splitlines()
                probs.append("%d lines from ss, %d from sockview" % (len(wl), len(bl)))
                probs += ["ss: %r\nsv: %r" % (x, y) for x, y in zip(wl, bl) if x != y][:5]
            if len(want.splitlines()) < 2 and "-H" not in "".join(args):
                probs.append("the case lists nothing: no comparison")
            if not probs:
                break
            time.sleep(0.2)
        C.report("unix --ss %s: ss's bytes" % " ".join(args), probs)


def check_rows(man, d):
    rc, out, err = C.sv(["-Hxa"])
    ss_rc, ss_out, _ = runb(["ss", "-Hxa"])
    ss_peer = {}
    for line in ss_escaped(ss_out, d).decode("utf-8", "replace").splitlines():
        f = line.split()
        if len(f) >= 6 and f[-1].isdigit() and f[-3].isdigit():
            ss_peer[int(f[-3])] = int(f[-1])
    rows = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 10 and f[-6].isdigit():
            rows[int(f[-6])] = f
    probs = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err)]
    for key, m in sorted(man.items()):
        f = rows.get(m["inode"])
        if not f:
            probs.append("%s (inode %d): no row" % (key, m["inode"]))
            continue
        want_name = text_of(bytes(m["name"]))
        got = dict(netid=f[0], name=f[4], peer=int(f[7]), role=f[8],
                   cls=f[9], service=f[10] if len(f) > 10 else "")
        if got["netid"] != TABLE[m["type"]]:
            probs.append("%s: netid %s" % (key, got["netid"]))
        if got["name"] != want_name:
            probs.append("%s: name %r, want %r" % (key, got["name"], want_name))
        if ss_peer.get(m["inode"]) != got["peer"]:
            probs.append("%s: peer %d, ss %s" % (key, got["peer"], ss_peer.get(m["inode"])))
        want_cls = ("unnamed" if not m["name"] else "path" if m["name"][0] else
                    "autobound" if key == "dgr_autobound" else "abstract")
        if got["cls"] != want_cls:
            probs.append("%s: class %s, want %s" % (key, got["cls"], want_cls))
        want_role = {"str_listen": "listen", "seq_listen": "listen",
                     "abs_listen": "listen", "path108": "listen",
                     "str_accepted": "in", "str_client_q": "out",
                     "dgr_unconn": "listen"}.get(key)
        if want_role and got["role"] != want_role:
            probs.append("%s: role %s, want %s" % (key, got["role"], want_role))
        if got["role"] not in ("listen", "in", "out", "unknown") or got["service"] != "-":
            probs.append("%s: role %r service %r" % (key, got["role"], got["service"]))
    C.report("unix: each socket's row (table, name, peer, Role, Class, Service)", probs)
    return rows


def check_json(man):
    rc, out, err = C.sv(["-xa", "-j"])
    probs = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err)]
    objs = {o["inode"]: o for o in json.loads(out)}
    for key, m in sorted(man.items()):
        o = objs.get(m["inode"])
        if not o:
            probs.append("%s: not in the JSON" % key)
            continue
        name = bytes(m["name"])
        loc = o["local"]
        if name and name[0] == 0:
            got = loc.get("abstract", "").encode("latin-1", "replace")
            if got != name[1:]:
                probs.append("%s: abstract %r" % (key, loc))
        elif name:
            if loc.get("path", "").encode() != name.split(b"\0")[0]:
                probs.append("%s: path %r" % (key, loc))
        elif "path" in loc or "abstract" in loc:
            probs.append("%s: a name %r" % (key, loc))
        if o["netid"] != TABLE[m["type"]] or loc.get("inode") != m["inode"]:
            probs.append("%s: %r" % (key, o))
    C.report("unix JSON: the population's names byte for byte, netid, inode", probs)


def check_clean():
    probs = []
    for fmt in (["-xa"], ["-xa", "--ss"], ["-xa", "-j"]):
        rc, out, err = runb([C.SV] + fmt)
        if re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", out.replace(b"\n", b"")):
            probs.append("%s: a control character" % fmt)
    C.report("unix: no control character reaches the output", probs)


def main():
    C.SV = sys.argv[1]
    C.COUNTS = sys.argv[3]
    tmp = tempfile.mkdtemp(prefix="sv-unix-")
    d = os.path.join(tmp, "p")
    os.mkdir(d)
    pop = subprocess.Popen([sys.executable, os.path.join(HERE, "unix_pop.py"), d,
                            tmp + "/ready", tmp + "/man.json"])
    try:
        for _ in range(400):
            if os.path.exists(tmp + "/ready") or pop.poll() is not None:
                break
            time.sleep(0.05)
        if not os.path.exists(tmp + "/ready"):
            C.report("unix: unix_pop.py ready", ["it did not start"])
        else:
            with open(tmp + "/man.json") as f:
                man = json.load(f)
            check_ss(d, [["-xa"], ["-x"], ["-xl"], ["-Hxa"],
                         ["-a", "-A", "unix_stream"], ["-a", "-A", "unix_dgram"],
                         ["-a", "-A", "unix_seqpacket"],
                         ["-xa", "src", d + "/*"], ["-xa", "src", d + "/s??.sock"],
                         ["-xa", "src", "unix:" + d.upper() + "/D*"],
                         ["-xa", "src", "@*"], ["-xa", "src", "@sv-[a-b]*"],
                         ["-xa", "src", d + "/[^s]*"],
                         ["-xa", "not", "src", d + "/*"], ["-xa", "dst", "*"],
                         ["-xa", "autobound"],
                         ["-xa", "src", d + "/*", "or", "src", "@*"],
                         ["-x", "state", "connected"],
                         ["-x", "state", "listening"]])
            check_rows(man, d)
            check_json(man)
            check_clean()
    finally:
        pop.kill()
        pop.wait()
        subprocess.run(["rm", "-rf", tmp])
    with open(C.COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


main()
