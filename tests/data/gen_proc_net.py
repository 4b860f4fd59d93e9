"""gen_proc_net.py - write tests/data/proc/net/{unix,packet,netlink,raw,raw6}
as a kernel shows them for a private network namespace holding sockets of
each kind (unix: a path listener with a client and its accepted socket, an
abstract listener, a socketpair, a bound datagram socket whose name has
spaces, a seqpacket pair and listener; packet: raw and dgram, one bound to
an interface; netlink: route with groups, netfilter; raw: ICMP, ICMPv6, one
bound and connected). Run as root: unshare -n python3 gen_proc_net.py DIR
(DIR: where the files go, e.g. tests/data/proc/net). The inodes change
with every run: tests/cli/t_proc.sh names them."""
import socket, os, shutil, sys, time, ctypes, struct
out = sys.argv[1]
os.system("ip link set lo up; ip link add d0 type dummy 2>/dev/null || ip link add d0 type veth peer name d1; ip link set d0 up")
keep = []
# unix: path listener + accepted + client, abstract, socketpairs, dgram, seqpacket, a name with a space
d = "/run/svtest"; os.makedirs(d, exist_ok=True)
for f in os.listdir(d): os.unlink(os.path.join(d, f))
l = socket.socket(socket.AF_UNIX); l.bind(d + "/srv.sock"); l.listen(5); keep.append(l)
c = socket.socket(socket.AF_UNIX); c.connect(d + "/srv.sock"); keep.append(c)
a, _ = l.accept(); keep.append(a)
ab = socket.socket(socket.AF_UNIX); ab.bind("\0fx-abstract"); ab.listen(); keep.append(ab)
keep += socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
dg = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); dg.bind(d + "/dgram with space"); keep.append(dg)
keep += socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
sq = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); sq.bind("\0fx-seq"); sq.listen(); keep.append(sq)
# packet
p1 = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003)); keep.append(p1)
p2 = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800)); p2.bind(("d0", 0x0800)); keep.append(p2)
p3 = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0); keep.append(p3)
# netlink
n1 = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); n1.bind((0, 1 | 4)); keep.append(n1)
n2 = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16); n2.bind((0, 0)); keep.append(n2)
# raw
r1 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); keep.append(r1)
r2 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6); keep.append(r2)
r3 = socket.socket(socket.AF_INET, socket.SOCK_RAW, 253); r3.bind(("127.0.0.1", 0)); r3.connect(("127.0.0.1", 0)); keep.append(r3)
os.makedirs(out, exist_ok=True)
for f in ("unix", "packet", "netlink", "raw", "raw6"):
    shutil.copyfile("/proc/net/" + f, os.path.join(out, f))
print("ok")
