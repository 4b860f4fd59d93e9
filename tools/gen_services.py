#!/usr/bin/env python3
"""Generate src/enrich/services_table.c from the IANA service-name/port CSV.

Usage:
    python3 tools/gen_services.py                 # write the C file to stdout
    python3 tools/gen_services.py -o src/enrich/services_table.c
    python3 tools/gen_services.py --check         # exit 1 if the file is stale

Standard library only. The output depends only on the CSV and this script,
so two runs give the same bytes. The layout it fills is described in
src/enrich/services_table.h.

Rules (data/NOTICE.md says where the data comes from):
  - Only tcp and udp rows count: there is one table per protocol. Rows for
    sctp or dccp, or with no protocol, are skipped.
  - Port ranges such as "6000-6063" are expanded to every port in them.
  - Rows with an empty Service Name name nothing: the port keeps its IANA
    class (computed from the number) but gets no name.
  - Names are stored in lower case (service names are case-insensitive,
    RFC 6335 section 5.1; the few mixed-case registrations are folded).
  - Primary name of a (port, protocol): the first record in registry
    order, except that a "marked" row never beats a plain row. A row is
    marked if its Description or Assignment Notes contain one of the words
    alias, duplicate, historic, deprecated, unassigned, reserved or
    conflict. "conflict" is there for 2049: the registry lists "shilp"
    (note: "<== NOTE Conflict on 2049 !") before "nfs".
  - Every name (primary or alias) maps back to one port per protocol: the
    port of its first record, as getservbyname() picks the first line of
    /etc/services (http-alt -> 591, not 8008 or 8080; msp -> 18, whose row
    says "historic", not 2438). Markers do not matter here: they say which
    name to show for a port, not which port a name means. A range maps to
    its first port.
"""

import argparse
import csv
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSV_REL = "data/iana-service-names-port-numbers.csv"
OUT_REL = "src/enrich/services_table.c"

# Protocols in enum sv_proto order (include/sockview/sock.h).
TABLES = ("udp", "tcp")
C_TABLES = ("SV_PROTO_UDP", "SV_PROTO_TCP")

WORD_BITS = 64
WORDS = 65536 // WORD_BITS

COLUMNS = [
    "Service Name", "Port Number", "Transport Protocol", "Description",
    "Assignee", "Contact", "Registration Date", "Modification Date",
    "Reference", "Service Code", "Unauthorized Use Reported",
    "Assignment Notes",
]

MARKER = re.compile(
    r"\b(alias|duplicate|historic|deprecated|unassigned|reserved|conflict)\b",
    re.IGNORECASE)
PORT_RE = re.compile(r"([0-9]+)(?:-([0-9]+))?")
# Characters that may appear in a C string literal as they are.
C_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+-./_*:!#$%&'()"
                   ",;<=>@[]^`{|}~ ")


class InputError(Exception):
    """The CSV does not look like the IANA export this script knows."""


def read_rows(path):
    """Yield (line, row dict) for every record; line is the starting line."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != COLUMNS:
            raise InputError(f"{path}: unexpected header {header!r}")
        line = reader.line_num + 1
        for fields in reader:
            if len(fields) != len(COLUMNS):
                raise InputError(f"{path}:{line}: {len(fields)} fields, "
                                 f"expected {len(COLUMNS)}")
            yield line, dict(zip(COLUMNS, fields))
            line = reader.line_num + 1


def parse_ports(text, where):
    """Return (first, last) of a "N" or "N-M" Port Number field."""
    m = PORT_RE.fullmatch(text)
    if not m:
        raise InputError(f"{where}: bad port number {text!r}")
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) is not None else first
    if not 0 <= first <= last <= 65535:
        raise InputError(f"{where}: bad port range {text!r}")
    return first, last


def load(path):
    """Read the CSV. Returns (records, primary, reverse, shared).

    primary[t][port] = name; reverse[t][name] = port; shared[t][port] =
    every name at that port, best first. A port's names are ranked by
    (marked, record index), lowest wins; a name's port is its first record.
    """
    primary = {t: {} for t in TABLES}
    reverse = {t: {} for t in TABLES}
    best_port = {t: {} for t in TABLES}   # port -> (rank, name)
    best_name = {t: {} for t in TABLES}   # name -> (index, first port)
    candidates = {t: {} for t in TABLES}  # port -> {name: rank}
    records = 0
    for index, (line, row) in enumerate(read_rows(path)):
        records += 1
        where = f"{path}:{line}"
        proto = row["Transport Protocol"].strip().lower()
        ports = row["Port Number"].strip()
        name = row["Service Name"].strip().lower()
        if proto not in TABLES or not ports or not name:
            continue
        if not name.isascii() or not name.isprintable():
            raise InputError(f"{where}: service name {name!r} is not "
                             "printable ASCII")
        first, last = parse_ports(ports, where)
        marked = bool(MARKER.search(row["Description"]) or
                      MARKER.search(row["Assignment Notes"]))
        rank = (marked, index)
        for port in range(first, last + 1):
            old = best_port[proto].get(port)
            if old is None or rank < old[0]:
                best_port[proto][port] = (rank, name)
            names = candidates[proto].setdefault(port, {})
            if name not in names or rank < names[name]:
                names[name] = rank
        if name not in best_name[proto]:
            best_name[proto][name] = (index, first)
    shared = {t: {} for t in TABLES}
    for t in TABLES:
        for port, (_, name) in best_port[t].items():
            primary[t][port] = name
        for name, (_, port) in best_name[t].items():
            reverse[t][name] = port
        for port, names in candidates[t].items():
            if len(names) > 1:
                shared[t][port] = sorted(names, key=names.get)
    return records, primary, reverse, shared


def c_string(name):
    """Body of a C string literal for name (no quotes)."""
    return "".join(c if c in C_SAFE else f"\\{ord(c):03o}" for c in name)


def wrap(items, indent="\t", width=80):
    """Join items with ", " into lines of at most width columns (tab = 8)."""
    lines, cur = [], ""
    margin = 8 * indent.count("\t")
    for item in items:
        piece = item + ","
        if cur and margin + len(cur) + 1 + len(piece) > width:
            lines.append(indent + cur)
            cur = piece
        else:
            cur = f"{cur} {piece}" if cur else piece
    if cur:
        lines.append(indent + cur)
    return lines


def generate(path):
    """Return the text of services_table.c for the CSV at path."""
    records, primary, reverse, _ = load(path)
    for t in TABLES:
        if 0 in primary[t]:
            raise InputError(f"port 0/{t} has a name; the table uses port 0 "
                             "as 'no port'")

    names = sorted({n for t in TABLES for n in reverse[t]},
                   key=lambda n: n.encode("ascii"))
    name_id = {n: i for i, n in enumerate(names)}
    if not names:
        raise InputError(f"{path}: no tcp or udp service names")
    if len(names) > 0xffff:
        raise InputError(f"{len(names)} names do not fit uint16_t ids")

    offsets, pool_size = [], 0
    for n in names:
        offsets.append(pool_size)
        pool_size += len(n) + 1
    if pool_size > 0xffffffff:
        raise InputError("string pool does not fit uint32_t offsets")

    bits = {t: [0] * WORDS for t in TABLES}
    rank = {t: [0] * WORDS for t in TABLES}
    dense = []
    for t in TABLES:
        for w in range(WORDS):
            rank[t][w] = len(dense)
            for port in range(w * WORD_BITS, (w + 1) * WORD_BITS):
                if port in primary[t]:
                    bits[t][w] |= 1 << (port % WORD_BITS)
                    dense.append(name_id[primary[t][port]])
    if len(dense) > 0xffff:
        raise InputError(f"{len(dense)} named ports do not fit uint16_t ranks")

    out = []
    emit = out.append
    emit("/* Generated by tools/gen_services.py from "
         "data/iana-service-names-port-numbers.csv: do not edit by hand. */")
    emit("/*")
    emit(" * IANA Service Name and Transport Protocol Port Number Registry,")
    emit(" * public domain (CC0 1.0), see data/NOTICE.md. Layout and rationale:")
    emit(" * services_table.h.")
    emit(f" * {records} records read. Named ports: "
         + ", ".join(f"{len(primary[t])} {t}" for t in TABLES) + ".")
    emit(f" * {len(names)} names (with aliases), {pool_size} bytes of "
         "strings.")
    emit(" */")
    emit('#include "services_table.h"')
    emit("")
    emit("_Static_assert(" + " && ".join(
        f"{c} == {i}" for i, c in enumerate(C_TABLES))
        + f" && SV_PROTO_MAX == {len(TABLES)},")
    emit('\t       "tools/gen_services.py emits the tables in this order");')
    emit("")
    emit(f"const uint32_t sv_services_table_name_count = {len(names)};")
    emit("")
    emit("/* Per protocol, bit (port % 64) of word (port / 64) is set if the "
         "port has")
    emit(" * a name. Words not listed are zero. */")
    emit("const uint64_t sv_services_table_bits[SV_PROTO_MAX]"
         "[SV_SERVICES_TABLE_WORDS] = {")
    for t, c in zip(TABLES, C_TABLES):
        emit(f"\t[{c}] = {{")
        for w in range(WORDS):
            if bits[t][w]:
                emit(f"\t\t[{w}] = UINT64_C(0x{bits[t][w]:016x}), "
                     f"/* {w * WORD_BITS}-{(w + 1) * WORD_BITS - 1} */")
        emit("\t},")
    emit("};")
    emit("")
    emit("/* Per protocol and word, how many named (protocol, port) pairs "
         "come before")
    emit(" * it: an index into sv_services_table_port_name. */")
    emit("const uint16_t sv_services_table_rank[SV_PROTO_MAX]"
         "[SV_SERVICES_TABLE_WORDS] = {")
    for t, c in zip(TABLES, C_TABLES):
        emit(f"\t[{c}] = {{")
        out.extend(wrap([str(r) for r in rank[t]], indent="\t\t"))
        emit("\t},")
    emit("};")
    emit("")
    emit("/* Name id (index into sv_services_table_names) of every named port, "
         "by")
    emit(" * protocol, then port. */")
    emit("const uint16_t sv_services_table_port_name[] = {")
    out.extend(wrap([str(i) for i in dense]))
    emit("};")
    emit("")
    emit("/* Every name, sorted: pool offset, then its port for "
         + ", ".join(TABLES) + " (0: none). */")
    emit("const struct sv_services_table_name sv_services_table_names[] = {")
    for n, off in zip(names, offsets):
        ports = ", ".join(str(reverse[t].get(n, 0)) for t in TABLES)
        emit(f"\t{{ {off}, {{ {ports} }} }},")
    emit("};")
    emit("")
    emit("/* The names, sorted, each ended by a NUL. One long literal: quiet")
    emit(" * -pedantic's note that C11 only promises 4095 characters. */")
    emit('#pragma GCC diagnostic ignored "-Woverlength-strings"')
    emit("const char sv_services_table_pool[] =")
    for i, n in enumerate(names):
        end = ";" if i == len(names) - 1 else ""
        nul = "" if i == len(names) - 1 else "\\0"
        emit(f'\t"{c_string(n)}{nul}"{end}')
    return "\n".join(out) + "\n"


def report(path, stream):
    """Write every (port, protocol) with several names to stream."""
    _, primary, _, shared = load(path)
    for t in TABLES:
        for port in sorted(shared[t]):
            names = shared[t][port]
            stream.write(f"{port}/{t}: {primary[t][port]}"
                         f" (also: {', '.join(names[1:])})\n")


def check(text, target):
    """Compare text with the file at target. Return the exit status."""
    rel = os.path.relpath(target)
    try:
        with open(target, encoding="utf-8", newline="") as f:
            old = f.read()
    except OSError as e:
        sys.stderr.write(f"gen_services: cannot read {rel}: {e.strerror}\n")
        return 1
    if old == text:
        return 0
    old_lines, new_lines = old.split("\n"), text.split("\n")
    line = next((i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines))
                 if a != b), min(len(old_lines), len(new_lines)))
    sys.stderr.write(
        f"gen_services: {rel} is out of date (first difference at line "
        f"{line}): it does not match what tools/gen_services.py makes from "
        f"{CSV_REL}.\nRegenerate it with: python3 tools/gen_services.py "
        f"-o {OUT_REL}\n")
    return 1


def write_file(text, target):
    """Write text to target through a temporary file in the same folder."""
    tmp = f"{target}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    ap = argparse.ArgumentParser(
        description="Generate src/enrich/services_table.c from the IANA registry.")
    ap.add_argument("--csv", default=os.path.join(ROOT, CSV_REL),
                    help=f"registry CSV (default: {CSV_REL})")
    ap.add_argument("-o", "--output", metavar="PATH",
                    help="write here instead of stdout; with --check, the "
                    f"file to compare (default: {OUT_REL})")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and exit 1 if the committed "
                    "file differs")
    ap.add_argument("--report", action="store_true",
                    help="list ports with several names and the primary "
                    "chosen, then exit")
    args = ap.parse_args(argv)

    try:
        if args.report:
            report(args.csv, sys.stdout)
            return 0
        text = generate(args.csv)
    except (OSError, InputError, csv.Error) as e:
        sys.stderr.write(f"gen_services: {e}\n")
        return 2

    if args.check:
        return check(text, args.output or os.path.join(ROOT, OUT_REL))
    if args.output:
        write_file(text, args.output)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
