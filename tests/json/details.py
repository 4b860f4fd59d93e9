"""details.py - the socket details' members of sockview's JSON (schema 3,
doc/json-schema.md "Socket details"), for validate.py: which members each
option brings, their types, and the facts that tie them together (a
tcp_info holds every field up to the last one sent, as the kernel sends a
prefix of the struct)."""

# Options (validate.py --details): e o m i tos cgroup sockopt
TIMER_NAMES = {"on", "keepalive", "timewait", "persist", "delack", "unknown"}

# Members after "users", in order: (name, option that brings it)
DETAIL_KEYS = [
    ("timer", "o"), ("shutdown", "e"), ("cgroup", "cgroup"), ("container", "container"),
    ("tos", "tos"),
    ("tclass", "tos"), ("class_id", "tos"), ("sockopt", "sockopt"),
    ("skmem", "m"), ("congestion", "i"), ("tcp_info", "i"), ("bbr", "i"),
    ("dctcp", "i"), ("vegas", "i"),
]

SOCKOPT_KEYS = ["recverr", "is_icsk", "freebind", "hdrincl", "mc_loop",
                "transparent", "mc_all", "nodefrag", "bind_address_no_port",
                "recverr_rfc4884", "defer_connect"]
SKMEM_KEYS = ["rmem_alloc", "rcvbuf", "wmem_alloc", "sndbuf", "fwd_alloc",
              "wmem_queued", "optmem", "backlog", "drops"]

# tcp_info members in JSON order: (name, type, end offset in struct
# tcp_info). Types: u8 u16 u32 u64 bool, "u32?"/"u64?": also null.
TCP_INFO = [
    ("ca_state", "u8", 2), ("retransmits", "u8", 3), ("probes", "u8", 4),
    ("backoff", "u8", 5), ("opt_timestamps", "bool", 6),
    ("opt_sack", "bool", 6), ("opt_wscale", "bool", 6), ("opt_ecn", "bool", 6),
    ("opt_ecn_seen", "bool", 6), ("opt_syn_data", "bool", 6),
    ("opt_usec_ts", "bool", 6), ("opt_tfo_child", "bool", 6),
    ("snd_wscale", "u4", 7), ("rcv_wscale", "u4", 7),
    ("delivery_rate_app_limited", "bool", 8), ("fastopen_client_fail", "u2", 8),
    ("rto_us", "u32", 12), ("ato_us", "u32", 16), ("snd_mss_bytes", "u32", 20),
    ("rcv_mss_bytes", "u32", 24), ("unacked", "u32", 28),
    ("sacked", "u32", 32), ("lost", "u32", 36), ("retrans", "u32", 40),
    ("fackets", "u32", 44), ("last_data_sent_ms", "u32", 48),
    ("last_ack_sent_ms", "u32", 52), ("last_data_recv_ms", "u32", 56),
    ("last_ack_recv_ms", "u32", 60), ("pmtu_bytes", "u32", 64),
    ("rcv_ssthresh_bytes", "u32", 68), ("rtt_us", "u32", 72),
    ("rttvar_us", "u32", 76), ("snd_ssthresh", "u32", 80),
    ("snd_cwnd", "u32", 84), ("advmss_bytes", "u32", 88),
    ("reordering", "u32", 92), ("rcv_rtt_us", "u32", 96),
    ("rcv_space_bytes", "u32", 100), ("total_retrans", "u32", 104),
    ("pacing_rate_bytes_per_sec", "u64?", 112),
    ("max_pacing_rate_bytes_per_sec", "u64?", 120),
    ("bytes_acked", "u64", 128), ("bytes_received", "u64", 136),
    ("segs_out", "u32", 140), ("segs_in", "u32", 144),
    ("notsent_bytes", "u32", 148), ("min_rtt_us", "u32?", 152),
    ("data_segs_in", "u32", 156), ("data_segs_out", "u32", 160),
    ("delivery_rate_bytes_per_sec", "u64", 168), ("busy_time_us", "u64", 176),
    ("rwnd_limited_us", "u64", 184), ("sndbuf_limited_us", "u64", 192),
    ("delivered", "u32", 196), ("delivered_ce", "u32", 200),
    ("bytes_sent", "u64", 208), ("bytes_retrans", "u64", 216),
    ("dsack_dups", "u32", 220), ("reord_seen", "u32", 224),
    ("rcv_ooopack", "u32", 228), ("snd_wnd_bytes", "u32", 232),
    ("rcv_wnd_bytes", "u32", 236), ("rehash", "u32", 240),
    ("total_rto", "u16", 242), ("total_rto_recoveries", "u16", 244),
    ("total_rto_time_ms", "u32", 248), ("received_ce", "u32", 252),
    ("delivered_e1_bytes", "u32", 256), ("delivered_e0_bytes", "u32", 260),
    ("delivered_ce_bytes", "u32", 264), ("received_e1_bytes", "u32", 268),
    ("received_e0_bytes", "u32", 272), ("received_ce_bytes", "u32", 276),
    ("ecn_mode", "u2", 280), ("accecn_opt_seen", "u2", 280),
    ("accecn_fail_mode", "u4", 280),
]
# the congestion controls' blocks: (name, type, end offset)
BBR = [("bw_bytes_per_sec", "u64", 8), ("min_rtt_us", "u32", 12),
       ("pacing_gain", "q8", 16), ("cwnd_gain", "q8", 20)]
DCTCP = [("enabled", "bool", 2), ("ce_state", "u16", 4), ("alpha", "u32", 8),
         ("ab_ecn", "u32", 12), ("ab_tot", "u32", 16)]
VEGAS = [("enabled", "bool", 4), ("rtt_count", "u32", 8), ("rtt_us", "u32", 12),
         ("min_rtt_us", "u32", 16)]

BITS = {"u2": 2, "u4": 4, "u8": 8, "u16": 16, "u32": 32, "u64": 64}


def parse_options(text):
    """--details "eomi,tos" -> the set of options; -e brings -o (as ss) and
    the cgroup path."""
    opts = set()
    for word in (text or "").split(","):
        if word in ("tos", "cgroup", "sockopt", "container"):
            opts.add(word)
        else:
            opts.update(word)
    if "e" in opts:
        opts.update(("o", "cgroup"))
    unknown = opts - {"e", "o", "m", "i", "tos", "cgroup", "sockopt", "container"}
    if unknown:
        raise ValueError("unknown details: %s" % ",".join(sorted(unknown)))
    return opts


def check_value(v, kind, where, need):
    if kind == "bool":
        need(type(v) is bool, where, "expected a boolean", v)
    elif kind == "q8":
        need(type(v) in (int, float) and v >= 0 and v * 256 == int(v * 256),
             where, "expected a number of 256ths", v)
    else:
        null_ok = kind.endswith("?")
        bits = BITS[kind.rstrip("?")]
        need((null_ok and v is None) or
             (type(v) is int and 0 <= v < 2**bits), where,
             "expected an integer of %d bits%s" % (bits, " or null" if null_ok else ""), v)


def check_block(obj, fields, where, need, check_keys, ordered):
    """A block the kernel sends a prefix of: every field up to the last one
    present is present."""
    check_keys(obj, [(k, False) for k, _, _ in fields], where, ordered)
    ends = [end for k, _, end in fields if k in obj]
    need(ends, where, "expected at least one member", obj)
    for k, kind, end in fields:
        if end <= max(ends) and not k.endswith("wscale"):
            need(k in obj, where, "missing %r before a later member" % k, obj)
        if k in obj:
            check_value(obj[k], kind, where + "." + k, need)


def check(s, opts, w, need, check_keys, ordered, path):
    """The detail members of socket s, asked for with opts."""
    for k, opt in DETAIL_KEYS:
        if k in s:
            need(opt in opts, path(w, k), "not asked for (--details)", s[k])
    if "timer" in s:
        t = s["timer"]
        check_keys(t, [("name", True), ("expires_ms", True), ("retrans", True)],
                   path(w, "timer"), ordered)
        need(t["name"] in TIMER_NAMES, path(w, "timer.name"),
             "expected a timer name (not off: absent then)", t["name"])
        check_value(t["expires_ms"], "u32", path(w, "timer.expires_ms"), need)
        check_value(t["retrans"], "u8", path(w, "timer.retrans"), need)
    if "shutdown" in s:
        check_keys(s["shutdown"], [("read", True), ("write", True)],
                   path(w, "shutdown"), ordered)
        for k in ("read", "write"):
            check_value(s["shutdown"][k], "bool", path(w, "shutdown." + k), need)
    if "cgroup" in s:
        v = s["cgroup"]
        need(v is None or (isinstance(v, str) and v.startswith("/")),
             path(w, "cgroup"), "expected a path from / or null", v)
        need("cgroup_id" in s, path(w, "cgroup"), "only with cgroup_id", v)
    if "container" in s:
        c = s["container"]
        w2 = path(w, "container")
        check_keys(c, [("kind", True), ("id", False), ("pod", False),
                       ("pod_namespace", False), ("pod_name", False), ("name", False),
                       ("qos", False),
                       ("unit", False), ("uid", False), ("holder", False)], w2, ordered)
        if "holder" in c:
            need(c["holder"] is True, w2 + ".holder", "only true, when present", c["holder"])
        kinds = {"docker": ["id"], "podman": ["id"], "kubernetes": ["pod", "qos"],
                 "service": ["unit"], "scope": ["unit"], "session": ["unit", "uid"]}
        need(c["kind"] in kinds, w2 + ".kind", "expected a kind: %s" % ", ".join(kinds),
             c["kind"])
        for k in kinds.get(c["kind"], []):
            need(k in c, w2, "a %s has %r" % (c["kind"], k), c)
        if "id" in c:
            need(isinstance(c["id"], str) and len(c["id"]) == 64 and
                 all(x in "0123456789abcdef" for x in c["id"]), w2 + ".id",
                 "expected 64 hex digits", c["id"])
        if "name" in c:
            need(c["kind"] in ("docker", "podman") and isinstance(c["name"], str) and
                 c["name"] != "" and "/" not in c["name"], w2 + ".name",
                 "a Docker or Podman container's name, without '/'", c["name"])
        if "pod" in c:
            need(isinstance(c["pod"], str) and len(c["pod"]) == 36, w2 + ".pod",
                 "expected a pod uid", c["pod"])
        need("cgroup_id" in s, w2, "only with cgroup_id", c)
    for k, kind in (("tos", "u8"), ("tclass", "u8"), ("class_id", "u32")):
        if k in s:
            check_value(s[k], kind, path(w, k), need)
    if "tclass" in s:
        need(s["family"] == "inet6", path(w, "tclass"), "only for inet6", s["tclass"])
    if "tos" in s and s["family"] == "inet6":
        need("tclass" in s, path(w, "tclass"), "missing: inet6 has one with tos", None)
    if "sockopt" in s:
        check_keys(s["sockopt"], [(k, True) for k in SOCKOPT_KEYS],
                   path(w, "sockopt"), ordered)
        for k in SOCKOPT_KEYS:
            check_value(s["sockopt"][k], "bool", path(w, "sockopt." + k), need)
    if "skmem" in s:
        check_block(s["skmem"], [(k, "u32", 4 * (i + 1)) for i, k in enumerate(SKMEM_KEYS)],
                    path(w, "skmem"), need, check_keys, ordered)
    tcp_only = ("congestion", "tcp_info", "bbr", "dctcp", "vegas")
    for k in tcp_only:
        if k in s:
            need(s["netid"] == "tcp", path(w, k), "TCP only", s[k])
    if "congestion" in s:
        need(isinstance(s["congestion"], str) and s["congestion"], path(w, "congestion"),
             "expected a non-empty string", s["congestion"])
    if "tcp_info" in s:
        ti = s["tcp_info"]
        check_block(ti, TCP_INFO, path(w, "tcp_info"), need, check_keys, ordered)
        # the window scales: with opt_wscale only; sent when anything after
        # their byte is
        later = any(end > 7 for k, _, end in TCP_INFO if k in ti)
        for k in ("snd_wscale", "rcv_wscale"):
            if k in ti:
                need(ti.get("opt_wscale") is True, path(w, "tcp_info." + k),
                     "only with opt_wscale", ti[k])
            elif ti.get("opt_wscale") is True:
                need(not later, path(w, "tcp_info." + k),
                     "missing: opt_wscale is true and later fields were sent", None)
    blocks = [k for k in ("bbr", "dctcp", "vegas") if k in s]
    need(len(blocks) <= 1, w or "socket", "at most one of bbr, dctcp, vegas", blocks)
    for k, fields in (("bbr", BBR), ("dctcp", DCTCP), ("vegas", VEGAS)):
        if k in s:
            check_block(s[k], fields, path(w, k), need, check_keys, ordered)


GOOD = ('"timer":{"name":"keepalive","expires_ms":7199832,"retrans":0},'
        '"shutdown":{"read":false,"write":true},"cgroup":"/a b",'
        '"tos":16,"tclass":0,"class_id":0,'
        '"sockopt":{"recverr":false,"is_icsk":true,"freebind":false,'
        '"hdrincl":false,"mc_loop":true,"transparent":false,"mc_all":true,'
        '"nodefrag":false,"bind_address_no_port":false,"recverr_rfc4884":false,'
        '"defer_connect":false},'
        '"skmem":{"rmem_alloc":0,"rcvbuf":131072,"wmem_alloc":0,"sndbuf":16384,'
        '"fwd_alloc":0,"wmem_queued":0,"optmem":0,"backlog":0},'
        '"congestion":"bbr",'
        '"tcp_info":{"ca_state":0,"retransmits":0,"probes":0,"backoff":0,'
        '"opt_timestamps":true,"opt_sack":true,"opt_wscale":true,"opt_ecn":false,'
        '"opt_ecn_seen":false,"opt_syn_data":false,"opt_usec_ts":false,'
        '"opt_tfo_child":false,"snd_wscale":10,"rcv_wscale":7,'
        '"delivery_rate_app_limited":false,"fastopen_client_fail":0,'
        '"rto_us":204000,"ato_us":40000},'
        '"bbr":{"bw_bytes_per_sec":169450836,"min_rtt_us":41,'
        '"pacing_gain":2.88671875,"cwnd_gain":2}')

BAD = [
    ('"name":"keepalive"', '"name":"off"'),
    ('"expires_ms":7199832', '"expires_ms":-1'),
    ('"retrans":0}', '"retrans":256}'),
    ('"write":true', '"write":1'),
    ('"cgroup":"/a b"', '"cgroup":"a"'),
    ('"tos":16', '"tos":256'),
    ('"tclass":0,', ''),
    ('"mc_all":true,', ''),
    ('"rcvbuf":131072,', ''),
    ('"congestion":"bbr"', '"congestion":""'),
    ('"probes":0,', ''),
    ('"snd_wscale":10,', ''),
    ('"opt_wscale":true', '"opt_wscale":false'),
    ('"rto_us":204000', '"rto_us":4294967296'),
    ('"pacing_gain":2.88671875', '"pacing_gain":2.886'),
    ('"min_rtt_us":41,', ''),
    ('"bbr":{', '"dctcp":{"enabled":true},"bbr":{'),
]


def undocumented(doc):
    """The members this module knows that doc (doc/json-schema.md's text)
    does not name in backquotes."""
    names = [k for k, _ in DETAIL_KEYS] + SOCKOPT_KEYS + SKMEM_KEYS + \
        [k for k, _, _ in TCP_INFO + BBR + DCTCP + VEGAS] + \
        ["name", "expires_ms", "retrans", "read", "write"]
    return [k for k in names if "`%s`" % k not in doc]
