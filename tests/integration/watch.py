#!/usr/bin/env python3
"""watch.py - --watch: the changes made during the test, and nothing else.

Usage: watch.py SOCKVIEW MANIFEST COUNTS-FILE

Runs in a network namespace of its own (unshare -n). A listener on
127.0.0.1:7301 exists before sockview starts; then a connection to it is
made, held, and closed.

The checks:
  json lines  --watch=0.2 --json-lines, piped: the listener comes first as
              "existing"; the two ends of the connection as "new", then
              "closed" (or "changed" into TIME-WAIT and then closed); each
              line parses, has a time, and nothing else appears; SIGTERM
              ends it with 0
  text        --watch=0.2 -Htn piped: "TIME +" and "TIME -" lines for the
              connection's ends
  terminal    under a pseudo-terminal: the screen is redrawn ("Every
              0.2s"), the new connection marked "+"
  pipe        --watch | head -n 1: exit 0 once the reader goes away
  usage       --watch=0, --watch=x, with --ss, --all-netns, -E or -K: exit 2
"""
import json
import os
import pty
import select
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns as common  # noqa: E402


def start(sv, *args):
    return subprocess.Popen([sv] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def traffic():
    """A connection made, held and closed; its two local ports."""
    time.sleep(0.6)
    c = socket.create_connection(("127.0.0.1", 7301))
    a, _ = LISTENER.accept()
    time.sleep(0.6)
    ports = (c.getsockname()[1], 7301)
    c.close()
    a.close()
    time.sleep(0.6)
    return ports


def stop(p):
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def json_lines(sv):
    p = start(sv, "-tan", "--watch=0.2", "--json-lines")
    cport, _ = traffic()
    rc, out, err = stop(p)
    probs = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err)]
    events = []
    for line in out.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            probs.append("not JSON: %r" % line)
    seen = [(e["change"], e["socket"]["local"]["port"], e["socket"]["peer"]["port"],
             e["socket"]["state"]) for e in events if "time" in e]
    if len(seen) != len(events):
        probs.append("an event without its time")
    if not seen or seen[0][:2] != ("existing", 7301):
        probs.append("the listener first, as existing: %r" % seen[:2])
    for port in (cport, 7301):
        mine = [s for s in seen if s[0] != "existing" and
                (s[1], s[2]) in ((port, 7301 if port == cport else cport),)]
        kinds = [s[0] for s in mine]
        if not kinds or kinds[0] != "new" or "closed" not in kinds:
            probs.append("end %d: %r (want new, then closed)" % (port, mine))
    others = [s for s in seen if 7301 not in (s[1], s[2])]
    if others:
        probs.append("changes nobody made: %r" % others)
    common.report("--watch --json-lines: the listener existing, the connection new then "
                  "closed, each with its time; SIGTERM: exit 0", probs)


def text(sv):
    p = start(sv, "-Htn", "--watch=0.2")
    cport, _ = traffic()
    rc, out, err = stop(p)
    lines = out.splitlines()
    plus = [l for l in lines if " + " in l and ":%d " % cport in l]
    minus = [l for l in lines if " - " in l and ":%d " % cport in l]
    probs = [] if rc == 0 and plus and minus and all(l[:4].isdigit() for l in lines) else \
        ["exit %d, %r" % (rc, out)]
    common.report("--watch piped: TIME + and TIME - lines for the connection", probs)


def terminal(sv):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sv, [sv, "-tn", "--watch=0.2"])
    buf = b""
    cport, _ = 0, 0
    try:
        time.sleep(0.6)
        c = socket.create_connection(("127.0.0.1", 7301))
        a, _ = LISTENER.accept()
        cport = c.getsockname()[1]
        end = time.time() + 1.0
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    break
        c.close()
        a.close()
    finally:
        os.kill(pid, signal.SIGTERM)
        _, st = os.waitpid(pid, 0)
    screen = buf.decode("utf-8", "replace")
    probs = []
    if "\x1b[H\x1b[2J" not in screen or "Every 0.2s" not in screen:
        probs.append("no redraw: %r" % screen[:200])
    if not any(l.startswith("+ ") and ":%d " % cport in l for l in screen.splitlines()):
        probs.append("the new connection not marked +: %r" % screen[-600:])
    if os.WEXITSTATUS(st) != 0:
        probs.append("exit %d" % os.WEXITSTATUS(st))
    common.report("--watch on a terminal: redrawn in place, the new connection marked +",
                  probs)


def pipe(sv):
    p = subprocess.run("%s -tan --watch=0.2 | head -n 1 >/dev/null; echo ${PIPESTATUS[0]}" % sv,
                       shell=True, executable="/bin/bash", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    common.report("--watch | head -n 1: exit 0 when the reader goes away",
                  [] if p.stdout.decode().strip() == "0" and not p.stderr else
                  ["%r %r" % (p.stdout, p.stderr)])


def usage(sv):
    probs = []
    for args in (["--watch=0"], ["--watch=x"], ["--watch", "--ss"], ["--watch", "--all-netns"],
                 ["--watch", "-E"], ["--watch", "-K", "dport", "=", ":1"]):
        rc, out, err = common.run([sv, "-tan"] + args)
        if rc != 2 or out or "--watch" not in err:
            probs.append("%r: exit %d %r" % (args, rc, err))
    common.report("--watch: bad intervals and options it cannot go with exit 2", probs)


LISTENER = None


def inner(sv, counts):
    global LISTENER
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    LISTENER = socket.socket()
    LISTENER.bind(("127.0.0.1", 7301))
    LISTENER.listen(8)
    try:
        json_lines(sv)
        text(sv)
        terminal(sv)
        pipe(sv)
        usage(sv)
    finally:
        LISTENER.close()
        common.write_counts(counts)


def main():
    return common.main_in_namespace(__file__, inner)


if __name__ == "__main__":
    sys.exit(main())
