#!/usr/bin/env python3
"""validate.py - check sockview's JSON output against doc/json-schema.md (v3).

Reads sockview -j output (a JSON array) or --json-lines output (--lines: one
object per line) on stdin, parses it with json.loads and checks every socket
object: required and optional keys, key order, types, value sets, and the
facts that tie fields together (dual_stack, port_class of the local port).
Exits 0 when everything conforms, 1 with a message naming the socket and the
field on the first violation, 2 on bad usage. Python 3 standard library only.

    sockview -tanj | tests/json/validate.py
    sockview -tanp --json-lines | tests/json/validate.py --lines --processes
    sockview -tan -j -eomi --tos | tests/json/validate.py --details eomi,tos
    sockview -s -j | tests/json/validate.py --summary
    tests/json/validate.py --self-test
"""

import argparse
import ipaddress
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import details  # noqa: E402  (the socket details' members)
import summary  # noqa: E402  (-s -j's object)
SCHEMA_VERSION = 3

NETIDS = {"tcp", "udp", "mptcp", "sctp", "dccp"}  # inet tables with ports
STATES = {"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1",
          "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK",
          "LISTEN", "CLOSING"}
FAMILIES = {"inet", "inet6"}
ROLES = {"listen", "in", "out", "unknown", None}
PORT_CLASSES = {"well-known", "registered", "dynamic"}

# Keys of a socket object in schema order: (name, required).
SOCKET_KEYS = [
    ("netid", True), ("state", True), ("recv_q", True), ("send_q", False),
    ("local", True), ("peer", True), ("family", True), ("v6only", False),
    ("dual_stack", False), ("association", False), ("role", True),
    ("port_class", True),
    ("ephemeral", True), ("service", True), ("uid", False), ("inode", False),
    ("cookie", False), ("mark", False), ("cgroup_id", False),
    ("source", False), ("netns", False), ("event_time", False), ("users", False),
] + [(k, False) for k, _ in details.DETAIL_KEYS]
# -E: when a destroy event was received (RFC 3339, UTC, microseconds)
EVENT_TIME_RE = re.compile(r"\A\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T"
                           r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z\Z")
LOCAL_KEYS = [("address", True), ("port", True), ("interface", False),
              ("host", False)]
PEER_KEYS = [("address", True), ("port", True), ("host", False)]
USER_KEYS = [("name", True), ("pid", True), ("tid", False), ("fd", True), ("uid", True),
             ("proc_ctx", False), ("sock_ctx", False)]

# Packet (p_raw, p_dgr) and netlink (nl) sockets: no endpoints, family,
# port class; their own object instead (schema version 3).
LINK_NETIDS = {"p_raw": "packet", "p_dgr": "packet", "nl": "netlink"}
PACKET_SOCKET_KEYS = [
    ("netid", True), ("state", True), ("recv_q", True), ("send_q", True),
    ("packet", True), ("role", True), ("service", True), ("uid", True),
    ("inode", True), ("cookie", False), ("cgroup_id", False), ("source", False),
    ("netns", False), ("users", False),
]
NETLINK_SOCKET_KEYS = [k for k in PACKET_SOCKET_KEYS if k[0] != "uid"]
NETLINK_SOCKET_KEYS[4] = ("netlink", True)
PACKET_KEYS = [("protocol", True), ("ifindex", True), ("interface", False),
               ("filter", False)]
NETLINK_KEYS = [("protocol", True), ("portid", True), ("groups", True),
                ("peer_portid", False), ("peer_group", False)]

U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1
COOKIE_RE = re.compile(r"\A(?:0|[1-9a-f][0-9a-f]{0,15})\Z")
DECIMAL_RE = re.compile(r"\A(?:0|[1-9][0-9]{0,19})\Z")


class Violation(Exception):
    """A place in the document that does not conform."""


class Dup(dict):
    """An object whose keys are kept in order, duplicates rejected."""


def pairs_hook(pairs):
    obj = Dup()
    obj.order = [k for k, _ in pairs]
    for k, v in pairs:
        if k in obj:
            raise Violation("duplicate key %r" % k)
        obj[k] = v
    return obj


def no_constant(name):
    raise Violation("%s is not JSON" % name)


def loads(text):
    return json.loads(text, object_pairs_hook=pairs_hook,
                      parse_constant=no_constant)


def path(where, key):
    """The name of a field inside where ("local.port", "users[0].fd")."""
    return key if not where else where + "." + key


def is_int(v, lo, hi):
    return type(v) is int and lo <= v <= hi


def need(cond, where, msg, value):
    if not cond:
        where = where + ": " if where else ""
        raise Violation("%s%s, got %s" % (where, msg, json.dumps(value)))


def check_keys(obj, keys, where, ordered):
    need(isinstance(obj, dict), where, "expected an object", obj)
    known = [k for k, _ in keys]
    for k in obj.order:
        need(k in known, where, "unknown key %r" % k, k)
    for k, required in keys:
        if required and k not in obj:
            raise Violation("missing key %r" % path(where, k))
    if ordered:
        want = [k for k in known if k in obj]
        need(obj.order == want, where, "keys out of order, want %s" % want,
             obj.order)


def port_class(port):
    if port <= 1023:
        return "well-known"
    return "registered" if port <= 49151 else "dynamic"


def check_address(text, family, where):
    need(isinstance(text, str), where, "expected a string", text)
    if family == "inet":
        try:
            ok = str(ipaddress.IPv4Address(text)) == text
        except ValueError:
            ok = False
        need(ok, where, "expected a dotted-quad IPv4 address", text)
        return
    ok = "%" not in text and "[" not in text and text == text.lower()
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        ok = False
    need(ok, where, "expected a plain lower-case IPv6 address "
         "(no brackets, no zone)", text)


def check_endpoint(ep, family, where, keys, ordered):
    check_keys(ep, keys, where, ordered)
    check_address(ep["address"], family, path(where, "address"))
    need(is_int(ep["port"], 0, 65535), path(where, "port"),
         "expected an integer 0..65535", ep["port"])
    if "interface" in ep:
        v = ep["interface"]
        need(isinstance(v, str) and v != "", path(where, "interface"),
             "expected a non-empty string", v)
    if "host" in ep:  # -r: the address's host name
        v = ep["host"]
        need(isinstance(v, str) and v != "", path(where, "host"),
             "expected a non-empty string", v)


def check_users(users, where, ordered):
    need(isinstance(users, list), where, "expected an array", users)
    for i, u in enumerate(users):
        w = "%s[%d]" % (where, i)
        check_keys(u, USER_KEYS, w, ordered)
        need(isinstance(u["name"], str), path(w, "name"), "expected a string",
             u["name"])
        need(is_int(u["pid"], 0, U32_MAX), path(w, "pid"),
             "expected an integer 0..2^32-1", u["pid"])
        if "tid" in u:
            need(is_int(u["tid"], 1, U32_MAX), path(w, "tid"),
                 "expected an integer 1..2^32-1", u["tid"])
        need(is_int(u["fd"], 0, 2**31 - 1), path(w, "fd"),
             "expected an integer 0..2^31-1", u["fd"])
        need(is_int(u["uid"], 0, U32_MAX), path(w, "uid"),
             "expected an integer 0..2^32-1", u["uid"])


def unknown_from_proc(s):
    """The keys a row read from /proc/net leaves out, and must: what the
    text does not show (doc/json-schema.md, "source")."""
    wild = (s["family"] == "inet6" and
            ipaddress.ip_address(s["local"]["address"]).packed == bytes(16))
    keys = {"cookie", "mark", "cgroup_id"}
    if s["family"] == "inet6":
        keys.add("v6only")
    if wild:
        keys.add("dual_stack")
    if s["state"] == "LISTEN":
        keys.add("send_q")
    return keys


def check_source(s, w):
    """A row read from /proc/net ("source": "proc") has none of the keys
    its text lacks; any other row has every key that is always there."""
    src = s.get("source")
    need(src in (None, "proc"), path(w, "source"), "expected \"proc\"", src)
    if src == "proc":
        for k in sorted(unknown_from_proc(s)):
            need(k not in s, path(w, k), "unknown from /proc/net: must be left "
                 "out", s.get(k))
        need("interface" not in s["local"], path(w, "local.interface"),
             "unknown from /proc/net: must be left out",
             s["local"].get("interface"))
        return
    for k in ("send_q", "dual_stack", "cookie"):
        if k not in s:
            raise Violation("missing key %r" % path(w, k))
    if s["family"] == "inet6" and "v6only" not in s:
        raise Violation("missing key 'v6only' (family inet6)")


def check_head(s, w, ordered):
    """netid, state, queues, endpoints, family, v6only, dual_stack."""
    need(s["netid"] in NETIDS, path(w, "netid"), "expected an inet table: tcp, udp, mptcp, sctp, dccp",
         s["netid"])
    need(s["state"] in STATES or (s.get("association") is True and
                                   s["state"] in SCTP_STATES),
         path(w, "state"), "expected an ss state name", s["state"])
    for k in ("recv_q", "send_q"):
        if k in s:
            need(is_int(s[k], 0, U32_MAX), path(w, k),
                 "expected an integer 0..2^32-1", s[k])
    fam = s["family"]
    need(fam in FAMILIES, path(w, "family"), "expected inet or inet6", fam)
    check_endpoint(s["local"], fam, path(w, "local"), LOCAL_KEYS, ordered)
    check_endpoint(s["peer"], fam, path(w, "peer"), PEER_KEYS, ordered)
    check_source(s, w)
    if fam == "inet6" and "v6only" in s:
        need(type(s["v6only"]) is bool, path(w, "v6only"), "expected a boolean",
             s["v6only"])
    elif fam != "inet6":
        need("v6only" not in s, path(w, "v6only"), "only for family inet6",
             s.get("v6only"))
    if "dual_stack" not in s:
        return
    ds = s["dual_stack"]
    need(type(ds) is bool, path(w, "dual_stack"), "expected a boolean", ds)
    want = (fam == "inet6" and not s.get("v6only", False)
            and ipaddress.ip_address(s["local"]["address"]).packed
            == bytes(16))
    need(ds == want, path(w, "dual_stack"), "expected %s (inet6, not v6only, "
         "local address ::)" % json.dumps(want), ds)
    if s["netid"] == "sctp":
        if "association" not in s:
            raise Violation("missing key 'association' (sctp)")
        need(type(s["association"]) is bool, path(w, "association"),
             "expected a boolean", s["association"])
    else:
        need("association" not in s, path(w, "association"), "only for sctp",
             s.get("association"))


def check_event(s, w):
    """event_time (-E): a destroyed tcp or udp socket, in CLOSE, without uid
    nor inode (the kernel's event has none); every other row has both."""
    if "event_time" not in s:
        for k in ("uid", "inode"):
            if k not in s:
                raise Violation("missing key %r" % path(w, k))
        return
    v = s["event_time"]
    need(isinstance(v, str) and EVENT_TIME_RE.match(v), path(w, "event_time"),
         "expected RFC 3339 UTC with microseconds (2025-06-01T12:34:56.123456Z)", v)
    need(s["netid"] in ("tcp", "udp"), path(w, "netid"),
         "destroy events are of tcp and udp sockets", s["netid"])
    need(s["state"] == "UNCONN", path(w, "state"),
         "a destroyed socket is closed (UNCONN)", s["state"])
    for k in ("uid", "inode"):
        need(k not in s, path(w, k), "a destroy event has none", s.get(k))


def svc_none(s):
    return s.get("service") is None


def check_tail(s, w, ordered, processes):
    """role .. users."""
    need(s["role"] in ROLES, path(w, "role"),
         "expected listen, in, out, unknown or null", s["role"])
    pc = s["port_class"]
    need(pc in PORT_CLASSES, path(w, "port_class"),
         "expected well-known, registered or dynamic", pc)
    need(pc == port_class(s["local"]["port"]), path(w, "port_class"),
         "expected the class of local port %d" % s["local"]["port"], pc)
    eph = s["ephemeral"]
    need(type(eph) is bool, path(w, "ephemeral"), "expected a boolean", eph)
    need(not eph or (s["role"] == "out" and s["local"]["port"] != 0),
         path(w, "ephemeral"), "only a connection this host opened (role out) "
         "has an ephemeral local port", eph)
    need(s["role"] != "unknown" or svc_none(s),
         path(w, "service"), "a connection of unknown role names no service",
         s["service"])
    svc = s["service"]
    need(svc is None or (isinstance(svc, str) and svc != ""),
         path(w, "service"), "expected a non-empty string or null", svc)
    check_event(s, w)
    for k in ("uid", "inode"):
        if k in s:
            need(is_int(s[k], 0, U32_MAX), path(w, k),
                 "expected an integer 0..2^32-1", s[k])
    if "cookie" in s:
        need(isinstance(s["cookie"], str) and COOKIE_RE.match(s["cookie"]),
             path(w, "cookie"), "expected lower-case hex of a 64-bit number, "
             "no 0x, no leading zeros", s["cookie"])
    if "mark" in s:
        need(is_int(s["mark"], 0, U32_MAX), path(w, "mark"),
             "expected an integer 0..2^32-1", s["mark"])
    if "cgroup_id" in s:
        v = s["cgroup_id"]
        need(isinstance(v, str) and DECIMAL_RE.match(v) and int(v) <= U64_MAX,
             path(w, "cgroup_id"), "expected a decimal 64-bit number as a string",
             v)
    if processes is True and "users" not in s:
        raise Violation("missing key 'users' (--processes)")
    if processes is False:
        need("users" not in s, path(w, "users"), "unexpected (--no-processes)",
             s.get("users"))
    if "users" in s:
        check_users(s["users"], path(w, "users"), ordered)


# --- raw, vsock, tipc and xdp: objects of their own shape -------------

SCTP_STATES = {"CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTAB",
               "SHUTDOWN_PENDING", "SHUTDOWN_SENT", "SHUTDOWN_RECEIVED",
               "ACK_SENT", "UNKNOWN"}
TIPC_NETIDS = {"ti_st", "ti_dg", "ti_rd", "ti_sq", "???"}
TAIL_KEYS = [("uid", False), ("inode", True), ("cookie", False),
             ("mark", False), ("cgroup_id", False), ("source", False),
             ("netns", False), ("users", False)]
# per netid: the keys in order, and those of local and peer
RAW_KEYS = ([("netid", True), ("state", True), ("recv_q", True),
             ("send_q", True), ("local", True), ("peer", True),
             ("protocol", True), ("family", True), ("v6only", False),
             ("dual_stack", False), ("role", True), ("service", True)]
            + TAIL_KEYS)
OTHER_KEYS = ([("netid", True), ("state", True), ("recv_q", True),
               ("send_q", True), ("local", False), ("peer", False),
               ("role", True), ("service", True)] + TAIL_KEYS)
ENDPOINTS = {
    "raw": ([("address", True), ("interface", False)], [("address", True)]),
    "vsock": ([("cid", True), ("port", True)], [("cid", True), ("port", True)]),
    "tipc": ([("node", True), ("ref", True)], [("node", True), ("ref", True)]),
    "xdp": ([("interface", True), ("queue", True)], []),
}


def kind_of(netid):
    if netid == "raw":
        return "raw"
    if netid in ("v_str", "v_dgr"):
        return "vsock"
    if netid in TIPC_NETIDS:
        return "tipc"
    return "xdp" if netid == "xdp" else None


def check_other(s, kind, ordered, processes):
    """A raw, vsock, tipc or xdp socket object."""
    check_keys(s, RAW_KEYS if kind == "raw" else OTHER_KEYS, "", ordered)
    need(s["state"] in STATES or (kind == "tipc" and s["state"] == "UNKNOWN"),
         "state", "expected an ss state name", s["state"])
    for k in ("recv_q", "send_q"):
        need(is_int(s[k], 0, U32_MAX), k, "expected an integer 0..2^32-1", s[k])
    lk, pk = ENDPOINTS[kind]
    for side, keys in (("local", lk), ("peer", pk)):
        if side not in s:
            need(kind in ("tipc", "xdp"), side, "missing", None)
            need(side == "peer" or kind == "xdp", side, "missing", None)
            continue
        need(keys != [], side, "unexpected", s[side])
        check_keys(s[side], keys, side, ordered)
        for k, v in s[side].items():
            if k == "address":
                check_address(v, s["family"], path(side, k))
            elif k == "interface":
                need(isinstance(v, str) and v != "", path(side, k),
                     "expected a non-empty string", v)
            else:
                need(is_int(v, 0, U32_MAX), path(side, k),
                     "expected an integer 0..2^32-1", v)
    if kind == "raw":
        need(is_int(s["protocol"], 0, 255), "protocol", "expected an IP protocol "
             "number 0..255", s["protocol"])
        need(s["family"] in FAMILIES, "family", "expected inet or inet6",
             s["family"])
        v6 = s["family"] == "inet6" and s.get("source") != "proc"
        need(("v6only" in s) == v6 or (s.get("source") == "proc"
                                      and "v6only" not in s), "v6only",
             "present exactly for inet6 (unknown from /proc/net)",
             s.get("v6only"))
        wild = (s["family"] == "inet6" and ipaddress.ip_address(
            s["local"]["address"]).packed == bytes(16))
        if s.get("source") == "proc" and wild:
            need("dual_stack" not in s, "dual_stack", "unknown from /proc/net: "
                 "must be left out", s.get("dual_stack"))
        else:
            need(type(s.get("dual_stack")) is bool, "dual_stack",
                 "expected a boolean", s.get("dual_stack"))
    roles = {None} if kind in ("raw", "xdp") else {"listen", "unknown", None}
    need(s["role"] in roles, "role", "expected one of %s" % sorted(
        r or "null" for r in roles), s["role"])
    need(s["service"] is None, "service", "expected null (no IP ports)",
         s["service"])
    need(("uid" in s) == (kind != "vsock"), "uid",
         "present for every socket but vsock's", s.get("uid"))
    check_tail_ids(s, ordered, processes)


def check_tail_ids(s, ordered, processes):
    """uid, inode, cookie, mark, cgroup_id, users of any socket object."""
    for k in ("uid", "inode"):
        if k in s:
            need(is_int(s[k], 0, U32_MAX), k, "expected an integer 0..2^32-1",
                 s[k])
    check_row_source(s)
    if "cookie" in s:
        need(isinstance(s["cookie"], str) and COOKIE_RE.match(s["cookie"]),
             "cookie", "expected lower-case hex of a 64-bit number", s["cookie"])
    if "mark" in s:
        need(is_int(s["mark"], 0, U32_MAX), "mark",
             "expected an integer 0..2^32-1", s["mark"])
    if "cgroup_id" in s:
        v = s["cgroup_id"]
        need(isinstance(v, str) and DECIMAL_RE.match(v) and int(v) <= U64_MAX,
             "cgroup_id", "expected a decimal 64-bit number as a string", v)
    if processes is True and "users" not in s:
        raise Violation("missing key 'users' (--processes)")
    if processes is False:
        need("users" not in s, "users", "unexpected (--no-processes)",
             s.get("users"))
def check_packet(pk, w, ordered):
    check_keys(pk, PACKET_KEYS, w, ordered)
    need(is_int(pk["protocol"], 0, 65535), path(w, "protocol"),
         "expected an integer 0..65535", pk["protocol"])
    need(is_int(pk["ifindex"], 0, 2**31 - 1), path(w, "ifindex"),
         "expected an integer 0..2^31-1", pk["ifindex"])
    need(("interface" in pk) == (pk["ifindex"] != 0), path(w, "interface"),
         "expected exactly when ifindex is not 0", pk.get("interface"))
    if "interface" in pk:
        need(isinstance(pk["interface"], str) and pk["interface"] != "",
             path(w, "interface"), "expected a non-empty string", pk["interface"])
    f = pk.get("filter")
    need(f is None or (isinstance(f, list) and f), path(w, "filter"),
         "expected null or a non-empty array", f)
    for i, ins in enumerate(f or []):
        need(isinstance(ins, list) and len(ins) == 4
             and is_int(ins[0], 0, 65535) and is_int(ins[1], 0, 255)
             and is_int(ins[2], 0, 255) and is_int(ins[3], 0, U32_MAX),
             "%s[%d]" % (path(w, "filter"), i),
             "expected [code, jt, jf, k]", ins)


def check_netlink(nl, w, ordered):
    check_keys(nl, NETLINK_KEYS, w, ordered)
    need(is_int(nl["protocol"], 0, 255), path(w, "protocol"),
         "expected an integer 0..255", nl["protocol"])
    need(is_int(nl["portid"], 0, U32_MAX), path(w, "portid"),
         "expected an integer 0..2^32-1", nl["portid"])
    g = nl["groups"]
    need(isinstance(g, list) and all(is_int(x, 1, U32_MAX) for x in g)
         and g == sorted(set(g)), path(w, "groups"),
         "expected increasing group numbers from 1", g)
    need(("peer_portid" in nl) == ("peer_group" in nl), path(w, "peer_group"),
         "expected with peer_portid (a connected socket)", nl.get("peer_group"))
    for k in ("peer_portid", "peer_group"):
        if k in nl:
            need(is_int(nl[k], 0, U32_MAX), path(w, k),
                 "expected an integer 0..2^32-1", nl[k])


UNIX_NETIDS = {"u_str", "u_dgr", "u_seq"}
UNIX_SOCKET_KEYS = [
    ("netid", True), ("state", True), ("recv_q", True), ("send_q", False),
    ("local", True), ("peer", True), ("family", True), ("role", True),
    ("name_class", True), ("service", True), ("uid", False), ("inode", True),
    ("cookie", False), ("cgroup_id", False), ("source", False), ("netns", False), ("users", False),
]
UNIX_LOCAL_KEYS = [("path", False), ("abstract", False), ("inode", True)]
UNIX_PEER_KEYS = [("inode", True)]
NAME_CLASSES = {"path", "abstract", "autobound", "unnamed"}


NETNS_KEYS = [("inode", False), ("name", False), ("container", False)]


def check_netns(ns):
    """--all-netns: the namespace a row was listed in."""
    need(isinstance(ns, dict) and ns, "netns", "expected a non-empty object", ns)
    check_keys(ns, NETNS_KEYS, "netns", True)
    if "inode" in ns:
        need(is_int(ns["inode"], 1, U64_MAX), "netns.inode",
             "expected an integer 1..2^64-1", ns["inode"])
    for k in ("name", "container"):
        if k in ns:
            need(isinstance(ns[k], str) and ns[k] != "", "netns." + k,
                 "expected a non-empty string", ns[k])


def check_row_source(s):
    """"source" is "proc" when present; the cookie is absent exactly then.
    And "netns" (--all-netns), which any socket object may have."""
    if "netns" in s:
        check_netns(s["netns"])
    if "source" in s:
        need(s["source"] == "proc", "source", "expected \"proc\"", s["source"])
    need(("cookie" in s) != ("source" in s), "cookie",
         "present exactly when the row is not from /proc/net", s.get("cookie"))


def check_unix_socket(s, ordered, processes):
    """A unix socket (u_str, u_dgr, u_seq)."""
    check_keys(s, UNIX_SOCKET_KEYS, "", ordered)
    need(s["state"] in STATES, "state", "expected an ss state name", s["state"])
    proc_listener = s.get("source") == "proc" and s["state"] == "LISTEN"
    need("send_q" in s or proc_listener, "send_q", "missing (only a listener "
         "read from /proc/net has none: its backlog)", None)
    for k in ("recv_q", "send_q", "inode"):
        if k in s:
            need(is_int(s[k], 0, U32_MAX), k, "expected an integer 0..2^32-1",
                 s[k])
    check_keys(s["local"], UNIX_LOCAL_KEYS, "local", ordered)
    check_keys(s["peer"], UNIX_PEER_KEYS, "peer", ordered)
    need(not ("path" in s["local"] and "abstract" in s["local"]), "local",
         "a path or an abstract name, not both", s["local"])
    for k in ("path", "abstract"):
        if k in s["local"]:
            need(isinstance(s["local"][k], str), path("local", k),
                 "expected a string", s["local"][k])
    need(s["local"]["inode"] == s["inode"], "local.inode",
         "expected the socket's inode", s["local"]["inode"])
    need(is_int(s["peer"]["inode"], 0, U32_MAX), "peer.inode",
         "expected an integer 0..2^32-1", s["peer"]["inode"])
    need(s["family"] == "unix", "family", "expected \"unix\"", s["family"])
    need(s["role"] in ("listen", "in", "out", "unknown"), "role",
         "expected listen, in, out or unknown", s["role"])
    nc = s["name_class"]
    need(nc in NAME_CLASSES, "name_class", "expected one of %s" % sorted(NAME_CLASSES), nc)
    named = "path" in s["local"] or "abstract" in s["local"]
    need(named == (nc != "unnamed"), "name_class", "unnamed exactly when the socket "
         "has no name", nc)
    need(s["service"] is None, "service", "expected null (no ports)", s["service"])
    if "uid" in s:
        need(is_int(s["uid"], 0, U32_MAX), "uid", "expected an integer 0..2^32-1",
             s["uid"])
    check_row_source(s)
    if "cgroup_id" in s:
        v = s["cgroup_id"]
        need(isinstance(v, str) and DECIMAL_RE.match(v) and int(v) <= U64_MAX,
             "cgroup_id", "expected a decimal 64-bit number as a string", v)
    if processes is True and "users" not in s:
        raise Violation("missing key 'users' (--processes)")
    if processes is False:
        need("users" not in s, "users", "unexpected (--no-processes)", s.get("users"))
    if "users" in s:
        check_users(s["users"], "users", ordered)


def check_link_socket(s, ordered, processes):
    """A packet or netlink socket."""
    obj = LINK_NETIDS[s["netid"]]
    check_keys(s, PACKET_SOCKET_KEYS if obj == "packet" else NETLINK_SOCKET_KEYS,
               "", ordered)
    need(s["state"] == "UNCONN", "state", "expected UNCONN", s["state"])
    for k in ("recv_q", "send_q", "inode") + (("uid",) if obj == "packet" else ()):
        need(is_int(s[k], 0, U32_MAX), k, "expected an integer 0..2^32-1", s[k])
    need(s["role"] is None, "role", "expected null (no connection)", s["role"])
    svc = s["service"]
    need(svc is None or (isinstance(svc, str) and svc != ""), "service",
         "expected a non-empty string or null", svc)
    check_row_source(s)
    if "cookie" in s:
        need(isinstance(s["cookie"], str) and COOKIE_RE.match(s["cookie"]), "cookie",
             "expected lower-case hex of a 64-bit number", s["cookie"])
    (check_packet if obj == "packet" else check_netlink)(s[obj], obj, ordered)
    if processes is True and "users" not in s:
        raise Violation("missing key 'users' (--processes)")
    if "users" in s:
        check_users(s["users"], "users", ordered)


def check_socket(s, where, ordered=True, processes=None, opts=frozenset()):
    """Raise Violation (prefixed with where) unless s is a socket object of
    schema version 3 with the details of opts (details.parse_options)."""
    try:
        if isinstance(s, dict) and s.get("netid") in LINK_NETIDS:
            check_link_socket(s, ordered, processes)
            return
        if isinstance(s, dict) and s.get("netid") in UNIX_NETIDS:
            check_unix_socket(s, ordered, processes)
            return
        kind = kind_of(s.get("netid")) if isinstance(s, dict) else None
        if kind:
            check_other(s, kind, ordered, processes)
            return
        check_keys(s, SOCKET_KEYS, "", ordered)
        check_head(s, "", ordered)
        check_tail(s, "", ordered, processes)
        details.check(s, opts, "", need, check_keys, ordered, path)
    except Violation as e:
        raise Violation("%s: %s" % (where, e))


def documents(text, lines):
    """Yield (where, object) for each socket in the output."""
    if text and not text.endswith("\n"):
        raise Violation("output does not end with a newline")
    if not lines:
        try:
            doc = loads(text)
        except (ValueError, Violation) as e:
            raise Violation("not a JSON document: %s" % e)
        need(isinstance(doc, list), "document", "expected an array", doc)
        for i, s in enumerate(doc):
            yield "socket %d" % i, s
        return
    for n, line in enumerate(text[:-1].split("\n") if text else [], 1):
        try:
            s = loads(line)
        except (ValueError, Violation) as e:
            raise Violation("line %d: not a JSON object: %s" % (n, e))
        yield "line %d" % n, s


def validate(text, lines, ordered=True, processes=None, min_count=0,
             opts=frozenset(), events=False):
    """Return the number of sockets, or raise Violation. events: every
    socket must be a destroy event (-E)."""
    count = 0
    for where, s in documents(text, lines):
        check_socket(s, where, ordered, processes, opts)
        if events and (not isinstance(s, dict) or "event_time" not in s):
            raise Violation("%s: missing key 'event_time' (--events)" % where)
        count += 1
    if count < min_count:
        raise Violation("%d sockets, expected at least %d" % (count, min_count))
    return count


def validate_count(text, lines, names):
    """--count=NAMES output: one object per group, its members the names
    (flat, in that order) then "count", a positive integer (a bare --count:
    one object, {"count": N}); biggest first. Returns the number of groups,
    or raises Violation."""
    groups, last = 0, None
    for where, g in documents(text, lines):
        need(isinstance(g, dict), where, "expected an object", g)
        need(list(g) == names + ["count"], where,
             "members %s, expected %s" % (list(g), names + ["count"]), g)
        need(is_int(g["count"], 0 if not names else 1, 2**63), where,
             "count is not a positive integer", g["count"])
        for n in names:
            need(g[n] is None or isinstance(g[n], (bool, int, str)), where,
                 "%s is not a number, string, boolean or null" % n, g[n])
        need(last is None or g["count"] <= last, where, "not biggest first", g["count"])
        last = g["count"]
        groups += 1
    need(groups > 0 or names, "document", "a bare --count writes one object", text)
    return groups


def validate_columns(text, lines, names):
    """--columns=NAMES output: socket objects whose top-level members are
    only those the names take (an object's name, or a member's first part;
    process is users), in the schema's order. Returns the count."""
    tops = {"users" if n in ("process", "users") else n.split(".")[0] for n in names}
    order = [k for k, _ in SOCKET_KEYS]
    count = 0
    for where, s in documents(text, lines):
        need(isinstance(s, dict), where, "expected an object", s)
        extra = set(s) - tops
        need(not extra, where, "members --columns did not ask for: %s" % sorted(extra), s)
        known = [order.index(k) for k in s if k in order]
        need(known == sorted(known), where, "members out of the schema's order", list(s))
        count += 1
    return count


GOOD = ('{"netid":"tcp","state":"ESTAB","recv_q":0,"send_q":0,'
        '"local":{"address":"::","port":22,"interface":"lo"},'
        '"peer":{"address":"::ffff:10.0.0.2","port":50000},'
        '"family":"inet6","v6only":false,"dual_stack":true,"role":"in",'
        '"port_class":"well-known","ephemeral":false,"service":"ssh",'
        '"uid":0,"inode":1,"cookie":"ffffffffffffffff","mark":1,'
        '"cgroup_id":"18446744073709551615",'
        '"users":[{"name":"a\\"\\u001b\\u00ff","pid":1,"fd":3,"uid":0}]}')

# A destroy event (-E): closed, no uid nor inode, the time it came.
GOOD_EVENT = ('{"netid":"tcp","state":"UNCONN","recv_q":1,"send_q":0,'
              '"local":{"address":"127.0.0.1","port":5555},'
              '"peer":{"address":"127.0.0.1","port":50440},"family":"inet",'
              '"dual_stack":false,"role":"in","port_class":"registered",'
              '"ephemeral":false,"service":"personal-agent","cookie":"9183af",'
              '"event_time":"2026-11-29T19:56:40.316981Z"}')
BAD_EVENT = [
    ('"event_time":"2026-11-29T19:56:40.316981Z"', '"event_time":"2026-11-29T19:56:40Z"'),
    ('"event_time":"2026-11-29T19:56:40.316981Z"', '"event_time":"2026-11-29 19:56:40.316981"'),
    ('"event_time":"2026-11-29T19:56:40.316981Z"', '"event_time":1795982200316981'),
    ('"event_time":"2026-11-29T19:56:40.316981Z"', '"event_time":"2026-13-29T19:56:40.316981Z"'),
    ('"state":"UNCONN"', '"state":"ESTAB"'),
    ('"cookie":"9183af"', '"uid":0,"inode":0,"cookie":"9183af"'),
    ('"cookie":"9183af",', '"cookie":"9183af","users":[],"event_time":"x",'),
    ('"cookie":"9183af",', ''),
]

# A row read from /proc/net: a dual-stack listener, whose backlog, cookie,
# v6only and dual_stack /proc/net does not show.
GOOD_PROC = ('{"netid":"tcp","state":"LISTEN","recv_q":0,'
             '"local":{"address":"::","port":22},'
             '"peer":{"address":"::","port":0},"family":"inet6",'
             '"role":"listen","port_class":"well-known","ephemeral":false,'
             '"service":"ssh","uid":0,"inode":1,"source":"proc"}')

# Mutations of GOOD_PROC that must each be rejected: (old, new).
BAD_PROC = [
    ('"recv_q":0,', '"recv_q":0,"send_q":0,'),
    ('"family":"inet6",', '"family":"inet6","v6only":false,'),
    ('"family":"inet6",', '"family":"inet6","dual_stack":true,'),
    ('"inode":1,', '"inode":1,"cookie":"1",'),
    ('"port":22}', '"port":22,"interface":"lo"}'),
    ('"source":"proc"', '"source":"netlink"'),
    (',"source":"proc"', ''),
]

# Mutations of GOOD that must each be rejected: (old, new).
BAD = [
    ('"netid":"tcp"', '"netid":"raw"'),
    ('"state":"ESTAB"', '"state":"ESTABLISHED"'),
    ('"recv_q":0', '"recv_q":-1'),
    ('"recv_q":0', '"recv_q":false'),
    ('"send_q":0', '"send_q":4294967296'),
    ('"send_q":0', '"send_q":1.5'),
    ('"address":"::",', '"address":"[::]",'),
    ('"address":"::",', '"address":"*",'),
    ('"address":"::",', '"address":"10.0.0.1",'),
    ('"address":"::",', '"address":"fe80::1%lo",'),
    ('"port":22,', '"port":65536,'),
    ('"port":22,', '"port":"22",'),
    (',"interface":"lo"', ',"interface":""'),
    ('"port":50000}', '"port":50000,"interface":"lo"}'),
    (',"interface":"lo"', ',"interface":"lo","host":""'),
    (',"interface":"lo"', ',"interface":"lo","host":7'),
    (',"interface":"lo"', ',"host":"h.example","interface":"lo"'),
    ('"port":50000}', '"port":50000,"host":null}'),
    ('"family":"inet6"', '"family":"inet"'),
    ('"v6only":false,', ''),
    ('"v6only":false', '"v6only":0'),
    ('"dual_stack":true', '"dual_stack":false'),
    ('"role":"in"', '"role":"client"'),
    ('"port_class":"well-known"', '"port_class":"registered"'),
    ('"port_class":"well-known"', '"port_class":"ephemeral"'),
    ('"ephemeral":false', '"ephemeral":"no"'),
    ('"service":"ssh"', '"service":""'),
    ('"uid":0,"inode"', '"uid":null,"inode"'),
    ('"inode":1', '"inode":-1'),
    ('"cookie":"ffffffffffffffff"', '"cookie":18446744073709551615'),
    ('"cookie":"ffffffffffffffff"', '"cookie":"0x1"'),
    ('"cookie":"ffffffffffffffff"', '"cookie":"01"'),
    ('"cookie":"ffffffffffffffff"', '"cookie":"1ffffffffffffffff"'),
    ('"cookie":"ffffffffffffffff"', '"cookie":"ABC"'),
    ('"mark":1', '"mark":"1"'),
    ('"cgroup_id":"18446744073709551615"', '"cgroup_id":"18446744073709551616"'),
    ('"cgroup_id":"18446744073709551615"', '"cgroup_id":7'),
    ('"name":"a\\"\\u001b\\u00ff"', '"name":5'),
    ('"pid":1', '"pid":-1'),
    ('"fd":3', '"fd":-1'),
    ('"netid":"tcp",', ''),
    ('"netid":"tcp",', '"netid":"tcp","netid":"tcp",'),
    ('"netid":"tcp","state":"ESTAB"', '"state":"ESTAB","netid":"tcp"'),
    ('"service":"ssh"', '"service":"ssh","extra":1'),
    ('"recv_q":0', '"recv_q":NaN'),
    ('"send_q":0,', ''),
    ('"dual_stack":true,', ''),
    ('"cookie":"ffffffffffffffff",', ''),
]


def self_test_details():
    """The details: GOOD with them is accepted with --details, rejected
    without, and each mutation of details.BAD rejected."""
    opts = details.parse_options("eomi,tos,sockopt")
    doc = GOOD[:-1] + "," + details.GOOD + "}\n"
    validate(doc, lines=True, opts=opts)
    failures = []
    try:
        validate(doc, lines=True)
        failures.append("accepted details not asked for")
    except Violation:
        pass
    for old, new in details.BAD:
        if old not in doc:
            failures.append("mutation source not found: %s" % old)
            continue
        try:
            validate(doc.replace(old, new, 1), lines=True, opts=opts)
            failures.append("accepted: %s -> %s" % (old, new))
        except Violation:
            pass
    schema = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", "..", "doc", "json-schema.md")
    with open(schema, encoding="utf-8") as f:
        text = f.read()
    missing = details.undocumented(text)
    if missing:
        failures.append("doc/json-schema.md does not document %s" % ", ".join(missing))
    if "schema version %d" % SCHEMA_VERSION not in text:
        failures.append("doc/json-schema.md is not schema version %d" % SCHEMA_VERSION)
    return failures


# The other tables' objects (sockview --replay of tests/cli/gen_misc_dump.py)
# and mutations of each that must be rejected.
GOOD_OTHER = [
    ('{"netid":"raw","state":"UNCONN","recv_q":0,"send_q":0,'
     '"local":{"address":"::"},"peer":{"address":"::"},"protocol":58,'
     '"family":"inet6","v6only":false,"dual_stack":true,"role":null,'
     '"service":null,"uid":0,"inode":503,"cookie":"1f7"}',
     [('"protocol":58', '"protocol":300'), ('"v6only":false,', ''),
      ('"role":null', '"role":"listen"'), ('"address":"::"}', '"port":1}'),
      ('"service":null', '"service":"icmp"')]),
    ('{"netid":"sctp","state":"COOKIE_WAIT","recv_q":0,"send_q":0,'
     '"local":{"address":"10.0.0.1","port":9001},"peer":{"address":"10.0.0.3",'
     '"port":40001},"family":"inet","dual_stack":false,"association":true,'
     '"role":"in","port_class":"registered","ephemeral":false,'
     '"service":"etlservicemgr","uid":0,"inode":601,"cookie":"259"}',
     [('"association":true', '"association":false'),
      ('"association":true,', '')]),
    ('{"netid":"v_str","state":"ESTAB","recv_q":0,"send_q":0,'
     '"local":{"cid":3,"port":1234},"peer":{"cid":2,"port":49999},'
     '"role":"unknown","service":null,"inode":801,"cookie":"321"}',
     [('"cid":3', '"cid":-1'), ('"role":"unknown"', '"role":"in"'),
      ('"service":null', '"service":null,"uid":0'),
      ('"peer":{"cid":2,"port":49999},', '')]),
    ('{"netid":"ti_st","state":"ESTAB","recv_q":5,"send_q":0,'
     '"local":{"node":16781313,"ref":42},"peer":{"node":16781314,"ref":43},'
     '"role":"unknown","service":null,"uid":0,"inode":901,"cookie":"385"}',
     [('"ref":42', '"ref":"42"'), ('"netid":"ti_st"', '"netid":"ti_xx"'),
      ('"uid":0,', '')]),
    ('{"netid":"xdp","state":"UNCONN","recv_q":256,"send_q":0,'
     '"local":{"interface":"lo","queue":3},"role":null,"service":null,'
     '"uid":0,"inode":1000,"cookie":"3e8"}',
     [('"queue":3', '"queue":-3'), ('"role":null', '"role":"listen"'),
      ('"local":{"interface":"lo","queue":3}', '"local":{"queue":3}')]),
]


def self_test_other():
    """Each of GOOD_OTHER is accepted, each of its mutations rejected."""
    failures, n = [], 0
    for good, bad in GOOD_OTHER:
        validate(good + "\n", lines=True)
        for old, new in bad:
            n += 1
            if old not in good:
                failures.append("mutation source not found: %s" % old)
                continue
            try:
                validate(good.replace(old, new, 1) + "\n", lines=True)
                failures.append("accepted: %s -> %s" % (old, new))
            except Violation:
                pass
    return failures, n


GOOD_PACKET = ('{"netid":"p_raw","state":"UNCONN","recv_q":0,"send_q":0,'
               '"packet":{"protocol":3,"ifindex":2,"interface":"eth0",'
               '"filter":[[40,0,0,12],[6,0,0,65535]]},"role":null,'
               '"service":null,"uid":0,"inode":9,"cookie":"1c"}')
GOOD_NETLINK = ('{"netid":"nl","state":"UNCONN","recv_q":832,"send_q":0,'
                '"netlink":{"protocol":0,"portid":4294967294,"groups":[1,3],'
                '"peer_portid":0,"peer_group":0},"role":null,'
                '"service":"route","inode":1,"cookie":"2"}')
BAD_LINK = [
    (GOOD_PACKET, '"state":"UNCONN"', '"state":"LISTEN"'),
    (GOOD_PACKET, '"protocol":3', '"protocol":65536'),
    (GOOD_PACKET, '"ifindex":2,"interface":"eth0",', '"ifindex":0,"interface":"eth0",'),
    (GOOD_PACKET, '"interface":"eth0",', ''),
    (GOOD_PACKET, '[40,0,0,12]', '[40,0,0]'),
    (GOOD_PACKET, '[40,0,0,12]', '[40,256,0,12]'),
    (GOOD_PACKET, '"filter":[[40,0,0,12],[6,0,0,65535]]', '"filter":[]'),
    (GOOD_PACKET, '"role":null', '"role":"listen"'),
    (GOOD_PACKET, '"uid":0,', ''),
    (GOOD_PACKET, '"packet":', '"netlink":'),
    (GOOD_NETLINK, '"protocol":0', '"protocol":256'),
    (GOOD_NETLINK, '"groups":[1,3]', '"groups":[3,1]'),
    (GOOD_NETLINK, '"groups":[1,3]', '"groups":[0]'),
    (GOOD_NETLINK, ',"peer_group":0', ''),
    (GOOD_NETLINK, '"inode":1', '"uid":0,"inode":1'),
    (GOOD_NETLINK, '"recv_q":832,', ''),
]

GOOD_UNIX = ('{"netid":"u_str","state":"LISTEN","recv_q":0,"send_q":128,'
             '"local":{"path":"/run/x.sock","inode":15008191},"peer":{"inode":0},'
             '"family":"unix","role":"listen","name_class":"path","service":null,'
             '"uid":0,"inode":15008191,"cookie":"3e8"}')
BAD_UNIX = [
    ('"name_class":"path"', '"name_class":"unnamed"'),
    ('"name_class":"path"', '"name_class":"inet"'),
    ('"path":"/run/x.sock",', ''),
    ('"path":"/run/x.sock",', '"path":"/a","abstract":"b",'),
    ('"local":{"path":"/run/x.sock","inode":15008191}', '"local":{"path":"/x","inode":1}'),
    ('"family":"unix"', '"family":"inet"'),
    ('"service":null', '"service":"x"'),
    ('"role":"listen"', '"role":null'),
    ('"cookie":"3e8"', '"cookie":"3e8","source":"proc"'),
    (',"cookie":"3e8"', ''),
    ('"peer":{"inode":0}', '"peer":{"port":0}'),
]


def self_test():
    """The validator accepts GOOD and rejects each mutation of it."""
    good = GOOD + "\n"
    validate(good, lines=True, processes=True)
    validate("[\n" + GOOD + ",\n" + GOOD + "\n]\n", lines=False)
    validate(GOOD.replace(',"interface":"lo"', ',"interface":"lo","host":"h.example"')
             .replace('"port":50000}', '"port":50000,"host":"p.example"}') + "\n",
             lines=True)  # -r's names
    validate("[]\n", lines=False)
    validate("", lines=True)
    validate(GOOD_PROC + "\n", lines=True)
    validate(GOOD_EVENT + "\n", lines=True, events=True)
    failures = []
    try:
        validate(good, lines=True, events=True)
        failures.append("accepted a row without event_time with --events")
    except Violation:
        pass
    for base, muts in ((GOOD, BAD), (GOOD_PROC, BAD_PROC), (GOOD_EVENT, BAD_EVENT)):
        for old, new in muts:
            if old not in base:
                failures.append("mutation source not found: %s" % old)
                continue
            try:
                validate(base.replace(old, new, 1) + "\n", lines=True)
                failures.append("accepted: %s -> %s" % (old, new))
            except Violation:
                pass
    for doc, lines in (("{}\n", False), ("[\n" + GOOD + "\n]", False),
                       (GOOD + "\n\n", True), ("[" + GOOD + "]\n", True),
                       (good, False)):
        try:
            validate(doc, lines)
            failures.append("accepted document: %r" % doc[:40])
        except Violation:
            pass
    try:
        validate(good, lines=True, processes=False)
        failures.append("accepted users with --no-processes")
    except Violation:
        pass
    failures += self_test_details()
    summary_failures, n_summary = summary.self_test()
    failures += summary_failures
    other, n_other = self_test_other()
    failures += other
    validate(GOOD_PACKET + "\n" + GOOD_NETLINK + "\n", lines=True)
    for doc, old, new in BAD_LINK:
        if old not in doc:
            failures.append("mutation source not found: %s" % old)
            continue
        try:
            validate(doc.replace(old, new, 1) + "\n", lines=True)
            failures.append("accepted: %s -> %s" % (old, new))
        except Violation:
            pass
    validate(GOOD_UNIX + "\n", lines=True)
    validate(GOOD_UNIX.replace(',"cookie":"3e8"', ',"source":"proc"') + "\n", lines=True)
    for old, new in BAD_UNIX:
        if old not in GOOD_UNIX:
            failures.append("mutation source not found: %s" % old)
            continue
        try:
            validate(GOOD_UNIX.replace(old, new, 1) + "\n", lines=True)
            failures.append("accepted: %s -> %s" % (old, new))
        except Violation:
            pass
    for f in failures:
        print("validate.py: self-test: " + f, file=sys.stderr)
    if not failures:
        print("validate.py: self-test: %d rejections ok"
              % (len(BAD) + len(BAD_PROC) + len(BAD_EVENT) + 8 + len(details.BAD) + n_other
                 + len(BAD_LINK) + len(BAD_UNIX) + n_summary))
    return 1 if failures else 0


def main(argv):
    ap = argparse.ArgumentParser(
        description="Check sockview JSON (schema %d) read on stdin."
        % SCHEMA_VERSION)
    ap.add_argument("--lines", action="store_true",
                    help="JSON lines (--json-lines) instead of an array")
    grp = ap.add_mutually_exclusive_group()
    grp.add_argument("--processes", dest="processes", action="store_true",
                     default=None, help='every socket must have "users" (-p)')
    grp.add_argument("--no-processes", dest="processes", action="store_false",
                     help='no socket may have "users"')
    ap.add_argument("--any-order", action="store_true",
                    help="do not check the order of keys")
    ap.add_argument("--min", type=int, default=0, metavar="N",
                    help="fail with fewer than N sockets")
    ap.add_argument("--details", metavar="LIST", default="",
                    help="the details asked for, as letters and words: "
                    "eomi,tos,cgroup,sockopt (their members may appear, "
                    "others may not)")
    ap.add_argument("--events", action="store_true",
                    help='every socket must be a destroy event (-E: "event_time")')
    ap.add_argument("--summary", action="store_true",
                    help="the object of -s -j (with --ss: ss's numbers alone, "
                    "--summary --ss)")
    ap.add_argument("--ss", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--count", metavar="LIST", default=None,
                    help="--count=LIST output (an empty LIST: a bare --count)")
    ap.add_argument("--columns", metavar="LIST", default=None,
                    help="--columns=LIST output: only the members the list takes")
    ap.add_argument("--self-test", action="store_true",
                    help="check the validator itself and exit")
    args = ap.parse_args(argv)
    try:
        opts = details.parse_options(args.details)
    except ValueError as e:
        ap.error(str(e))
    if args.self_test:
        return self_test()
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as e:
        print("validate.py: output is not UTF-8: %s" % e, file=sys.stderr)
        return 1
    if args.summary:
        try:
            summary.check(text, own=not args.ss)
        except (summary.Bad, ValueError) as e:
            print("validate.py: -s -j: %s" % e, file=sys.stderr)
            return 1
        print("validate.py: -s -j ok")
        return 0
    try:
        if args.count is not None:
            n = validate_count(text, args.lines,
                               [x for x in args.count.split(",") if x])
            print("validate.py: %d --count groups ok" % n)
            return 0
        if args.columns is not None:
            n = validate_columns(text, args.lines, args.columns.split(","))
            print("validate.py: %d sockets with --columns ok" % n)
            return 0
        n = validate(text, args.lines, not args.any_order, args.processes,
                     args.min, opts, args.events)
    except Violation as e:
        print("validate.py: %s" % e, file=sys.stderr)
        return 1
    print("validate.py: %d sockets ok (schema %d)" % (n, SCHEMA_VERSION))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
