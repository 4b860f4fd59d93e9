"""summary.py - the object of `sockview -s -j` (doc/json-schema.md,
"Summary"), for validate.py --summary: its keys in order, their types, and
the facts that tie them together (ss's rows add up, the busiest ports come
most first, a ratio is its connections over the range's ports)."""

import ipaddress
import json

CLASSES = ["well-known", "registered", "dynamic", "ephemeral"]
TABLES = ["tcp", "udp"]
TRANSPORT = ["raw", "udp", "tcp", "inet", "frag"]
BUSIEST_MAX = 5


class Bad(Exception):
    """A place in the object that does not conform."""


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Bad("duplicate key in %r" % keys)
    return {"__order__": keys, **dict(pairs)}


def loads(text):
    """One object and a newline, nothing else; keys' order kept."""
    if not text.endswith("}\n") or text.count("\n") != 1:
        raise Bad("not one object on one line")
    return json.loads(text, object_pairs_hook=_pairs,
                      parse_constant=lambda c: (_ for _ in ()).throw(Bad(c + " is not JSON")))


def need(cond, where, msg):
    if not cond:
        raise Bad("%s: %s" % (where, msg))


def keys(obj, want, where):
    need(isinstance(obj, dict), where, "expected an object, got %r" % (obj,))
    need(obj["__order__"] == want, where, "keys %r, want %r" % (obj["__order__"], want))


def integer(v, where, lo=0, hi=2**63 - 1):
    need(type(v) is int and lo <= v <= hi, where, "expected an integer %d..%d, got %r"
         % (lo, hi, v))


def check_ss(ss):
    keys(ss, ["total", "tcp", "transport"], "ss")
    integer(ss["total"], "ss.total", -2**63)
    keys(ss["tcp"], ["total", "estab", "closed", "orphaned", "timewait"], "ss.tcp")
    for k in ss["tcp"]["__order__"]:
        integer(ss["tcp"][k], "ss.tcp." + k, -2**63)
    keys(ss["transport"], TRANSPORT, "ss.transport")
    rows = {}
    for r in TRANSPORT:
        row = ss["transport"][r]
        keys(row, ["total", "ip", "ipv6"], "ss.transport." + r)
        for k in ("total", "ip", "ipv6"):
            integer(row[k], "ss.transport.%s.%s" % (r, k), -2**63)
        need(row["total"] == row["ip"] + row["ipv6"], "ss.transport." + r, "total != ip + ipv6")
        rows[r] = row
    for k in ("ip", "ipv6"):
        need(rows["inet"][k] == rows["raw"][k] + rows["udp"][k] + rows["tcp"][k],
             "ss.transport.inet." + k, "not raw + udp + tcp")


def check_own(sv):
    keys(sv, ["classes", "busiest_local_ports", "ephemeral"], "sockview")
    keys(sv["classes"], TABLES, "sockview.classes")
    for t in TABLES:
        keys(sv["classes"][t], CLASSES, "sockview.classes." + t)
        for c in CLASSES:
            w = "sockview.classes.%s.%s" % (t, c)
            keys(sv["classes"][t][c], ["sockets", "listeners"], w)
            integer(sv["classes"][t][c]["sockets"], w + ".sockets")
            integer(sv["classes"][t][c]["listeners"], w + ".listeners",
                    0, sv["classes"][t][c]["sockets"])
        need(sv["classes"][t]["ephemeral"]["listeners"] == 0, "sockview.classes." + t,
             "an ephemeral port listens")
    eph = sv["ephemeral"]
    keys(eph, ["low", "high", "ports", "in_use", "fullest_destination"], "sockview.ephemeral")
    integer(eph["low"], "ephemeral.low", 1, 65535)
    integer(eph["high"], "ephemeral.high", eph["low"], 65535)
    integer(eph["ports"], "ephemeral.ports", 0, eph["high"] - eph["low"] + 1)
    keys(eph["in_use"], TABLES, "ephemeral.in_use")
    keys(eph["fullest_destination"], TABLES, "ephemeral.fullest_destination")
    for t in TABLES:
        integer(eph["in_use"][t], "ephemeral.in_use." + t, 0, eph["ports"])
        d = eph["fullest_destination"][t]
        w = "ephemeral.fullest_destination." + t
        if d is None:
            continue
        keys(d, ["address", "port", "connections", "ratio"], w)
        need(isinstance(d["address"], str), w, "address not a string")
        try:
            ipaddress.ip_address(d["address"])
        except ValueError:
            raise Bad("%s: bad address %r" % (w, d["address"]))
        need("[" not in d["address"], w, "brackets in the address")
        integer(d["port"], w + ".port", 1, 65535)
        integer(d["connections"], w + ".connections", 1)
        need(type(d["ratio"]) in (int, float), w, "ratio not a number")
        want = d["connections"] / eph["ports"] if eph["ports"] else 0
        need(abs(d["ratio"] - want) <= 1e-9 * max(1, want), w,
             "ratio %r, connections over ports is %r" % (d["ratio"], want))
    busy = sv["busiest_local_ports"]
    need(isinstance(busy, list) and len(busy) <= BUSIEST_MAX, "busiest_local_ports",
         "not a list of at most %d" % BUSIEST_MAX)
    last = None
    for i, p in enumerate(busy):
        w = "busiest_local_ports[%d]" % i
        keys(p, ["netid", "port", "service", "sockets"], w)
        need(p["netid"] in TABLES, w, "netid %r" % p["netid"])
        integer(p["port"], w + ".port", 1, 65535)
        integer(p["sockets"], w + ".sockets", 1)
        need(p["service"] is None or isinstance(p["service"], str), w, "service")
        need(p["service"] is None or not eph["low"] <= p["port"] <= eph["high"], w,
             "a port of the ephemeral range is named")
        need(last is None or last >= p["sockets"], w, "not the most sockets first")
        last = p["sockets"]


def check(text, own=True):
    """Check the text of sockview -s -j (own: sockview's own totals are
    there, else --ss: ss's alone). Returns the object."""
    obj = loads(text)
    keys(obj, ["ss", "sockview"] if own else ["ss"], "")
    check_ss(obj["ss"])
    if own:
        check_own(obj["sockview"])
    return obj


GOOD = (
    '{"ss":{"total":120,"tcp":{"total":18,"estab":6,"closed":6,"orphaned":1,"timewait":4},'
    '"transport":{"raw":{"total":1,"ip":1,"ipv6":0},"udp":{"total":4,"ip":3,"ipv6":1},'
    '"tcp":{"total":12,"ip":10,"ipv6":2},"inet":{"total":17,"ip":14,"ipv6":3},'
    '"frag":{"total":0,"ip":0,"ipv6":0}}},'
    '"sockview":{"classes":{"tcp":{"well-known":{"sockets":3,"listeners":1},'
    '"registered":{"sockets":0,"listeners":0},"dynamic":{"sockets":0,"listeners":0},'
    '"ephemeral":{"sockets":2,"listeners":0}},"udp":{"well-known":{"sockets":1,'
    '"listeners":1},"registered":{"sockets":0,"listeners":0},"dynamic":{"sockets":0,'
    '"listeners":0},"ephemeral":{"sockets":1,"listeners":0}}},'
    '"busiest_local_ports":[{"netid":"tcp","port":22,"service":"ssh","sockets":3},'
    '{"netid":"udp","port":53,"service":"domain","sockets":1},'
    '{"netid":"udp","port":40050,"service":null,"sockets":1}],'
    '"ephemeral":{"low":40000,"high":40099,"ports":100,"in_use":{"tcp":2,"udp":1},'
    '"fullest_destination":{"tcp":{"address":"::1","port":22,"connections":2,'
    '"ratio":0.02},"udp":null}}}}\n')

BAD = [
    ('"total":120,', '"total":120.5,'),
    ('"total":120,', '"total":"120",'),
    ('{"total":1,"ip":1,"ipv6":0}', '{"total":2,"ip":1,"ipv6":0}'),
    ('"inet":{"total":17,"ip":14', '"inet":{"total":18,"ip":15'),
    ('"orphaned":1,', ''),
    ('"estab":6,"closed":6', '"closed":6,"estab":6'),
    ('"registered":{"sockets":0,"listeners":0},"dynamic"', '"dynamic"'),
    ('"ephemeral":{"sockets":2,"listeners":0}', '"ephemeral":{"sockets":2,"listeners":1}'),
    ('"well-known":{"sockets":3,"listeners":1}', '"well-known":{"sockets":3,"listeners":4}'),
    ('"port":22,"service":"ssh","sockets":3', '"port":22,"service":"ssh","sockets":0'),
    ('{"netid":"udp","port":40050,"service":null,"sockets":1}',
     '{"netid":"udp","port":40050,"service":null,"sockets":2}'),
    ('"port":40050,"service":null', '"port":40050,"service":"x"'),
    ('"netid":"udp","port":53', '"netid":"raw","port":53'),
    ('"ratio":0.02', '"ratio":0.2'),
    ('"address":"::1"', '"address":"[::1]"'),
    ('"address":"::1"', '"address":"nowhere"'),
    ('"in_use":{"tcp":2,', '"in_use":{"tcp":101,'),
    ('"ports":100', '"ports":101'),
    ('"udp":null}}}}', '"udp":null,"sctp":null}}}}'),
    ('"connections":2', '"connections":0'),
    ('}}}}\n', '}}}}\n\n'),
    ('"low":40000', '"low":0'),
    ('"busiest_local_ports":[', '"busiest_local_ports":[{"netid":"tcp","port":1,'
     '"service":null,"sockets":9},{"netid":"tcp","port":2,"service":null,"sockets":9},'
     '{"netid":"tcp","port":3,"service":null,"sockets":9},'),
    ('"total":120,', '"total":120,"total":121,'),
]


def self_test():
    """GOOD passes, and --ss's object; each of BAD fails. Returns
    (failures, rejections)."""
    failures, n = [], 0
    check(GOOD)
    check(GOOD[:GOOD.index(',"sockview"')] + "}\n", own=False)
    for old, new in BAD:
        if old not in GOOD:
            failures.append("summary mutation source not found: %s" % old)
            continue
        text = GOOD.replace(old, new, 1)
        try:
            check(text)
            failures.append("summary accepted: %s -> %s" % (old, new))
        except (Bad, ValueError):
            n += 1
    try:
        check(GOOD, own=False)
        failures.append("summary accepted sockview's totals with --ss")
    except Bad:
        n += 1
    return failures, n
