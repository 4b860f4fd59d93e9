#!/usr/bin/env python3
"""dumps.py - recorded dumps that must never lie, on a population big
enough that a recording takes a while (population.py bulk: ~16,000
sockets).

Usage: dumps.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh inside the private network namespace. Checks:
  - sockview -D FILE killed (SIGKILL) at random moments of a recording: FILE
    is always either the old recording or a whole new one (it replays),
    and no temporary file is left in its directory;
  - sockview -D - into a pipe whose reader stops early: the bytes the
    reader got are refused by --replay (no end marker);
  - as nobody, -D with a filter the kernel refuses (fwmark needs
    CAP_NET_ADMIN): the failed attempt is not recorded, the file replays and
    holds the rows nobody lists.
Writes "PASSED FAILED" to COUNTS-FILE.
"""
import grp
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
import time

import checks as C


def replays(path, args=("-tan",)):
    rc, out, err = C.sv(["--replay", path] + list(args))
    return rc, out, err


def killed_recordings(tmp):
    d = os.path.join(tmp, "kill")
    os.mkdir(d)
    f = os.path.join(d, "rec.dump")
    rc, _, err = C.sv(["-D", f, "-tl"])
    old = open(f, "rb").read() if rc == 0 else b""
    probs = [] if rc == 0 else ["the first recording failed: %d %r" % (rc, err)]
    rng = random.Random(7)
    complete = killed = 0
    for i in range(20):
        p = subprocess.Popen([C.SV, "-D", f, "-tan"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=C.ENV)
        time.sleep(rng.uniform(0, 0.06))
        p.kill()
        p.wait()
        killed += p.returncode < 0
        now = open(f, "rb").read()
        if now == old:
            continue
        rc, out, err = replays(f)
        if rc != 0:
            probs.append("run %d: the file does not replay: %r" % (i, err.strip()))
        else:
            complete += 1
            old = now
    left = sorted(set(os.listdir(d)) - {"rec.dump"})
    if left:
        probs.append("left in the directory: %s" % ", ".join(left))
    if killed < 5:
        probs.append("only %d of 20 runs were killed before they ended: nothing proved" % killed)
    C.report("-D FILE killed at random moments (%d of 20 runs killed, %d new recordings "
             "completed): FILE is the old recording or a whole new one, no temporary file "
             "left" % (killed, complete), probs)


def cut_pipe(tmp):
    cut = os.path.join(tmp, "cut.dump")
    sh = '"$0" -tan -D - | head -c 20000 > "$1"; echo "${PIPESTATUS[0]}"'
    p = subprocess.run(["bash", "-c", sh, C.SV, cut], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=C.ENV, timeout=30)
    probs = []
    status = p.stdout.decode().strip()
    if status != "0":
        probs.append("sockview -D - | head: status %s (a reader that goes away is no "
                     "error), stderr %r" % (status, p.stderr.decode()[:300]))
    if os.path.getsize(cut) != 20000:
        probs.append("head got %d bytes" % os.path.getsize(cut))
    rc, out, err = replays(cut)
    if rc != 3 or out or "byte" not in err:
        probs.append("--replay of the cut recording: exit %d, stdout %d bytes, stderr %r"
                     % (rc, len(out), err.strip()))
    C.report("-D - | head -c 20000: the bytes head kept are refused (%s)" % err.strip()[:90],
             probs)


def refused_program(tmp):
    pw = pwd.getpwnam("nobody")
    try:
        gname = grp.getgrgid(pw.pw_gid).gr_name
    except KeyError:
        gname = str(pw.pw_gid)
    d = tempfile.mkdtemp(prefix="sockview-dumps.")
    os.chmod(d, 0o777)
    exe = os.path.join(d, "sockview")
    shutil.copy2(C.SV, exe)
    os.chmod(exe, 0o755)
    f = os.path.join(d, "nobody.dump")
    as_nobody = ["setpriv", "--reuid=nobody", "--regid=%s" % gname, "--clear-groups"]
    rc, out, err = C.run(as_nobody + [exe, "-D", f, "-tan", "fwmark", "=", "0x1"])
    rcl, live, errl = C.run(as_nobody + [exe, "-tan"])
    probs = []
    if rc != 0 or out:
        probs.append("-D as nobody: exit %d, stdout %d bytes, stderr %r" % (rc, len(out), err))
    if "refused" not in err:
        probs.append("no word of the refused program on stderr: %r" % err)
    rcr, rep, errr = replays(f)
    if rcr != 0:
        probs.append("--replay: exit %d %r" % (rcr, errr.strip()))
    elif rep != live:
        probs.append("the replay differs from nobody's live listing")
        probs += C.compare_rows(C.lines_of(live)[1:], C.lines_of(rep)[1:], C.layout(["-tan"]))[:10]
    C.report("-D as nobody with a program the kernel refuses (fwmark): the refused attempt "
             "is not in the file, which replays nobody's %d rows" % (len(C.lines_of(live)) - 1),
             probs)
    shutil.rmtree(d, ignore_errors=True)


def main():
    C.SV = sys.argv[1]
    C.COUNTS = sys.argv[3]
    tmp = os.path.dirname(os.path.abspath(C.COUNTS))
    side = C.Side("bulk", "8000")
    if side.wait(60):
        try:
            killed_recordings(tmp)
            cut_pipe(tmp)
            refused_program(tmp)
        finally:
            side.stop()
    with open(C.COUNTS, "w") as f:
        f.write("%d %d\n" % tuple(C.RESULTS))


if __name__ == "__main__":
    main()
