#!/usr/bin/env python3
"""make_link_dump.py - make tests/data/link.* : a sockview recording of
packet and netlink sockets (link.dump) and ss 6.1's output for the same
sockets (link.ss-*), for tests/cli/t_link.sh.

Run as root, inside a private network namespace that it makes itself:
    python3 tests/data/make_link_dump.py SOCKVIEW OUTDIR
It re-executes itself under `unshare -n`, brings lo up, opens packet
sockets (every protocol with a BPF filter, ip, ip on lo, LLDP, EAPOL on lo,
protocol 0, an unnamed protocol) and netlink sockets (route with groups 1
and 3, generic, one connected to the kernel, one bound to this process's
id), records them with `SOCKVIEW -0a -f netlink -b -D`, and saves ss's
output of the same sockets. Interfaces: lo only (index 1 everywhere)."""
import ctypes
import os
import socket
import struct
import subprocess
import sys

SV, OUT = sys.argv[1], sys.argv[2]
if os.environ.get("SV_LINK_NETNS") != "1":
    os.environ["SV_LINK_NETNS"] = "1"
    os.execvp("unshare", ["unshare", "-n", sys.executable] + sys.argv)

subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
keep = []


def pk(kind, proto, dev=None):
    s = socket.socket(socket.AF_PACKET, kind, socket.htons(proto))
    if dev:
        s.bind((dev, proto))
    keep.append(s)
    return s


n3 = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
n3.bind((os.getpid(), 0))  # the process's id: ss names the process
a = pk(socket.SOCK_RAW, 3)
prog = struct.pack("HBBI", 0x28, 0, 0, 12) + struct.pack("HBBI", 0x6, 0, 0, 0xffff)
buf = ctypes.create_string_buffer(prog)
a.setsockopt(socket.SOL_SOCKET, 26, struct.pack("HL", 2, ctypes.addressof(buf)))
pk(socket.SOCK_DGRAM, 0x800)
pk(socket.SOCK_RAW, 0x800, "lo")
pk(socket.SOCK_RAW, 0x88cc)
pk(socket.SOCK_DGRAM, 0x888e, "lo")
pk(socket.SOCK_DGRAM, 0)
pk(socket.SOCK_RAW, 0x1234)
n1 = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
n1.bind((0, 1 | 4))
n2 = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 16)
n2.bind((0, 0))
n4 = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
n4.bind((0, 0))
n4.connect((0, 0))
keep += [n1, n2, n3, n4]

env = dict(os.environ, LC_ALL="C")
env.pop("COLUMNS", None)
subprocess.run([SV, "-0a", "-f", "netlink", "-b", "-D", os.path.join(OUT, "link.dump")],
               check=True, env=env)
for name, args in (("ss-0an", ["-0an"]), ("ss-0anb", ["-0anb"]),
                   ("ss-0a", ["-0a"]), ("ss-nl", ["-n", "-f", "netlink"])):
    with open(os.path.join(OUT, "link." + name), "wb") as f:
        f.write(subprocess.run(["ss"] + args, check=True, env=env,
                               stdout=subprocess.PIPE).stdout)
