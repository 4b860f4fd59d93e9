#!/usr/bin/env python3
"""netns.py - -N NAME|PATH: sockview lists another network namespace's
sockets, as ss -N does, without remounting /sys.

Usage: netns.py SOCKVIEW MANIFEST COUNTS-FILE

Run by run.sh (as root). Re-executes itself in a network namespace of its
own (unshare -n: namespace A), where it starts a child in a second new
namespace (B) holding a TCP listener on 127.0.0.1:4242, one on [::1]:4243,
a connection to the first and a UDP socket on 127.0.0.1:5353; A has a
listener of its own on 127.0.0.1:4244. The oracle for B is ss run inside B
(nsenter --net=/proc/PID/ns/net ss).

The checks:
  rows          -N /proc/PID/ns/net -Htuan: ss's rows in B, in ss's order
  only B        the same listing has nothing of A (4244), and sockview
                without -N has nothing of B
  -p            -N PATH -Htlnp: the child holds 4242 and 4243
  JSON          -N PATH -tlnj: validate.py accepts it, ports 4242 and 4243
  mount         under strace, -N makes one setns(CLONE_NEWNET) and no
                unshare, mount or umount2 (ip netns exec remounts /sys,
                which hides the cgroup2 mount)
  errors        a name with no namespace under /run/netns, a path that is
                not a network namespace (/proc/self/ns/uts, /etc/hostname),
                "", and a path that does not exist: exit 3, nothing on
                stdout, a message naming the argument and why
  nobody        as nobody: exit 3, "it needs root"
  --container   in cgroups this script makes under the cgroup2 mount (a
                Docker-style scope docker-<64 hex>.scope and a service
                sv-test.service, in sv-test-PID.slice), a child makes a
                listener each: --container names them docker:<12 hex> and
                service:sv-test.service, JSON gives container.kind, .id
                (all 64 digits) and .unit, and the listener of this
                process's own cgroup names nothing; the filter words
                container ID (first digits, any case) and unit PATTERN
                select them; a socket made in a cgroup that names nothing,
                whose process then moved into the docker scope, is named by
                its holder's cgroup with -p ("holder": true), by nothing
                without; the cgroups are removed
  names         a Podman-style scope libpod-<64 hex>.scope too; in a private
                mount namespace (unshare -m, mount --make-rprivate /) with
                tmpfs on /var/lib/docker and /var/lib/containers/storage
                (on /var/lib first when they do not exist: the host's are
                never written) holding a fabricated config.v2.json and
                containers.json: --container shows docker:sv-web/<12 hex>
                and podman:sv-db/<12 hex>, JSON container.name, and the
                filter word container NAME selects by exact name. Without
                root or unshare -m: a visible skip (a failure with CI=true)
"""
import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = [0, 0]
ENV = {k: v for k, v in os.environ.items() if k not in ("TCPDIAG_FILE", "COLUMNS")}
ENV["LC_ALL"] = "C"
# an ASan build: the blocks libnftables and libxtables keep are theirs
ENV["LSAN_OPTIONS"] = ":".join(filter(None, (ENV.get("LSAN_OPTIONS"), "suppressions=" +
                                             os.path.join(HERE, "..", "..", "tools",
                                                          "lsan.supp") + ":print_suppressions=0")))

CHILD = r"""
import socket, subprocess, sys
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
keep = []
for fam, addr in ((socket.AF_INET, ("127.0.0.1", 4242)), (socket.AF_INET6, ("::1", 4243))):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(addr)
    s.listen(8)
    keep.append(s)
c = socket.create_connection(("127.0.0.1", 4242))
keep += [c, keep[0].accept()[0]]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 5353))
keep.append(u)
print("ready", flush=True)
sys.stdin.read()
"""


def report(name, problems):
    if problems:
        RESULTS[1] += 1
        print("not ok - %s" % name)
        for p in problems[:30]:
            for line in str(p).splitlines():
                print("#   " + line)
    else:
        RESULTS[0] += 1
        print("ok - %s" % name)
    sys.stdout.flush()


def skip(name, why):
    """A check that cannot run here: visible, and a failure with CI=true."""
    if os.environ.get("CI") == "true":
        report(name, ["skipped: %s (CI=true: a skipped check is a failure)" % why])
    else:
        print("ok - %s # SKIP %s" % (name, why))
        sys.stdout.flush()


def run(argv, env=None):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env or ENV, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def rows(text):
    return [l.split() for l in text.splitlines() if l.strip()]


def inner(sv, counts):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    import socket
    mine = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    mine.bind(("127.0.0.1", 4244))
    mine.listen(1)
    child = subprocess.Popen(["unshare", "-n", "--", sys.executable, "-c", CHILD],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        if child.stdout.readline().strip() != b"ready":
            report("the child in namespace B started", ["no 'ready' from it"])
            return
        checks(sv, "/proc/%d/ns/net" % child.pid, child.pid)
        container_checks(sv)
    finally:
        child.stdin.close()
        child.wait(timeout=10)
        mine.close()
        write_counts(counts)


def checks(sv, path, pid):
    nsenter = ["nsenter", "--net=" + path]
    rc, out, err = run([sv, "-N", path, "-Htuan"])
    rc2, want, err2 = run(nsenter + ["ss", "-Htuan"])
    got, exp = rows(out), rows(want)
    probs = []
    if rc != 0 or err:
        probs.append("exit %d, stderr %r" % (rc, err))
    if rc2 != 0 or not exp:
        probs.append("ss in B: exit %d, %r %r" % (rc2, want, err2))
    if len(got) != len(exp) or any(g[:len(e)] != e for e, g in zip(exp, got)):
        probs.append("sockview:\n%s\nss:\n%s" % (out, want))
    report("-N %s -Htuan: ss's rows in that namespace (%d)" % (path, len(exp)), probs)

    rc, here, err = run([sv, "-Htuan"])
    probs = []
    if ":4244" in out:
        probs.append("-N lists A's listener 4244:\n" + out)
    if ":4242" in here or ":4243" in here or ":4244" not in here:
        probs.append("without -N: %r" % here)
    report("-N lists only that namespace; without it, only this one", probs)

    rc, out, err = run([sv, "-N", path, "-Htlnp"])
    probs = []
    for port in ("4242", "4243"):
        line = [l for l in out.splitlines() if (":%s " % port) in l]
        if len(line) != 1 or ("pid=%d," % pid) not in line[0]:
            probs.append("port %s: %r" % (port, line))
    report("-N %s -Htlnp: the child (pid %d) holds 4242 and 4243" % (path, pid), probs)

    rc, js, err = run([sv, "-N", path, "-tlnj"])
    v = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py")],
                       input=js.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    probs = []
    if rc != 0 or v.returncode != 0:
        probs.append("exit %d; validate.py: %s" % (rc, v.stdout.decode()))
    else:
        ports = sorted(o["local"]["port"] for o in json.loads(js))
        if ports != [4242, 4243]:
            probs.append("ports %r" % ports)
    report("-N %s -tlnj: valid JSON, the two listeners" % path, probs)

    # ip netns exec unshares the mount namespace and remounts /sys, which
    # hides the cgroup2 mount; -N only calls setns(CLONE_NEWNET)
    probs = []
    trace = os.path.join(tempfile.mkdtemp(prefix="sockview-strace."), "trace")
    st = subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e",
                         "trace=setns,unshare,mount,umount2", sv, "-N", path, "-tln"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                        # LeakSanitizer cannot run under ptrace (an ASan build)
                        env=dict(ENV, ASAN_OPTIONS=(ENV.get("ASAN_OPTIONS", "") +
                                                    ":detect_leaks=0").lstrip(":")))
    with open(trace) as f:
        calls = [l.split(None, 1)[1] if l[:1].isdigit() else l for l in f.read().splitlines()]
    shutil.rmtree(os.path.dirname(trace), ignore_errors=True)
    if st.returncode != 0:
        probs.append("strace sockview: exit %d %r" % (st.returncode, st.stderr))
    if not any(c.startswith("setns(") and "CLONE_NEWNET" in c for c in calls):
        probs.append("no setns(CLONE_NEWNET): %r" % calls)
    others = [c for c in calls if not c.startswith("setns(") and not c.startswith("+++")]
    if others:
        probs.append("mount namespace calls: %r" % others)
    report("-N enters the namespace with setns alone: no unshare, mount or umount "
           "(/sys is not remounted)", probs)

    for arg, why in (("sv-no-such-namespace", "no such name under /run/netns"),
                     ("/proc/self/ns/uts", "not a network namespace"),
                     ("/etc/hostname", "not a network namespace"),
                     ("/nonexistent/ns", "No such file or directory"),
                     ("", "Invalid argument")):
        rc, out, err = run([sv, "-N", arg, "-tln"])
        probs = []
        if rc != 3 or out or ("'%s'" % arg) not in err or why not in err:
            probs.append("exit %d, stdout %r, stderr %r (want 3, %r)" % (rc, out, err, why))
        report("-N %r: exit 3, nothing on stdout, stderr names it: %s" % (arg, why), probs)

    try:
        pw = pwd.getpwnam("nobody")
        gname = grp.getgrgid(pw.pw_gid).gr_name
    except KeyError:
        report("-N as nobody", ["no user 'nobody'"])
        return
    d = tempfile.mkdtemp(prefix="sockview-netns.")
    try:
        os.chmod(d, 0o755)
        exe = os.path.join(d, "sockview")
        shutil.copy2(sv, exe)
        os.chmod(exe, 0o755)
        rc, out, err = run(["setpriv", "--reuid=nobody", "--regid=%s" % gname,
                            "--clear-groups", exe, "-N", path, "-tln"])
        probs = []
        if rc != 3 or out or "it needs root" not in err:
            probs.append("exit %d, stdout %r, stderr %r" % (rc, out, err))
        report("-N as nobody: exit 3, stderr says it needs root", probs)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def cgroup2_mount():
    with open("/proc/self/mounts") as f:
        for line in f:
            w = line.split()
            if len(w) > 2 and w[2] == "cgroup2":
                return w[1]
    return None


POD_UID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

LISTENER = r"""
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
if len(sys.argv) > 2:  # then into another cgroup: the socket stays where it was made
    with open(sys.argv[2] + "/cgroup.procs", "w") as f:
        f.write("0")
print("ready", flush=True)
sys.stdin.read()
"""


def container_checks(sv):
    mnt = cgroup2_mount()
    if not mnt:
        report("--container: a cgroup2 mount", ["none in /proc/self/mounts"])
        return
    ident = "%064x" % (0x3f2a1b4c5d6e << 200 | os.getpid())
    ident = ident[-64:]
    kident = "ab" + ident[2:]  # the pod's container: another id
    pident = "cc" + ident[2:]  # a Podman container's
    top = os.path.join(mnt, "sv-test-%d.slice" % os.getpid())
    groups = {4301: os.path.join(top, "docker-%s.scope" % ident),
              4302: os.path.join(top, "sv-test.service"),
              4303: os.path.join(top, "sv-plain"),
              4305: os.path.join(top, "libpod-%s.scope" % pident),
              4304: os.path.join(top, "kubepods-burstable-pod%s.slice" % POD_UID.replace("-", "_"),
                                 "cri-containerd-%s.scope" % kident)}
    kids = []
    try:
        for path in groups.values():
            os.makedirs(path)
        for port, path in groups.items():
            # the child enters the cgroup before it makes its socket: a
            # socket belongs to its creator's cgroup; 4303's child then
            # moves into the docker scope, its socket staying in sv-plain
            extra = [groups[4301]] if port == 4303 else []
            kid = subprocess.Popen(["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$1" -c "$2" "$3" "$4"',
                                    path, sys.executable, LISTENER, str(port)] + extra,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            kids.append(kid)
            if kid.stdout.readline().strip() != b"ready":
                report("--container: a listener in %s" % path, ["it did not start"])
                return
        rc, out, err = run([sv, "-Htln", "--container"])
        probs = []
        want = {"4301": "docker:" + ident[:12], "4302": "service:sv-test.service",
                "4304": "kubernetes:%s/%s" % (POD_UID, kident[:12]),
                "4305": "podman:" + pident[:12]}
        for port, word in want.items():
            line = [l for l in out.splitlines() if (":%s " % port) in l]
            if len(line) != 1 or not line[0].endswith(" " + word):
                probs.append("port %s: %r, want it to end with %r" % (port, line, word))
        mine = [l for l in out.splitlines() if ":4244 " in l]
        if len(mine) != 1 or mine[0].split()[-1].startswith(("docker:", "service:")):
            probs.append("this process's listener: %r" % mine)
        if rc != 0 or err:
            probs.append("exit %d, stderr %r" % (rc, err))
        report("--container: docker:<12 hex>, podman:<12 hex>, service:sv-test.service "
               "and kubernetes:<pod uid>/<12 hex> for sockets made in those cgroups", probs)
        probs = []
        rc, out, err = run([sv, "-Htln", "--container", "sport", "=", ":4303"])
        if rc != 0 or len(out.splitlines()) != 1 or "docker:" in out:
            probs.append("without -p: exit %d %r (want the row, no container)" % (rc, out))
        rc, out, err = run([sv, "-Htlnp", "--container", "sport", "=", ":4303"])
        if rc != 0 or not out.rstrip("\n").endswith(" docker:" + ident[:12]):
            probs.append("with -p: exit %d %r" % (rc, out))
        rc, js, err = run([sv, "-tlnpj", "--container", "sport", "=", ":4303"])
        try:
            ct = json.loads(js)[0].get("container")
        except (ValueError, IndexError):
            ct = "unparsable: %r" % js
        if ct != {"kind": "docker", "id": ident, "holder": True}:
            probs.append("JSON container %r" % ct)
        report("--container: a socket made in a cgroup that names nothing, held by a "
               "process now in a docker scope: docker with -p (JSON holder: true), "
               "nothing without", probs)
        rc, js, err = run([sv, "-tlnj", "--container"])
        v = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py"),
                            "--details", "container"],
                           input=js.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        probs = []
        if rc != 0 or v.returncode != 0:
            probs.append("exit %d; validate.py: %s" % (rc, v.stdout.decode()))
        else:
            by = {o["local"]["port"]: o.get("container") for o in json.loads(js)}
            if by.get(4301) != {"kind": "docker", "id": ident}:
                probs.append("4301: %r" % by.get(4301))
            if by.get(4302) != {"kind": "service", "unit": "sv-test.service"}:
                probs.append("4302: %r" % by.get(4302))
            if by.get(4304) != {"kind": "kubernetes", "id": kident, "pod": POD_UID,
                                "qos": "burstable"}:
                probs.append("4304: %r" % by.get(4304))
            if by.get(4305) != {"kind": "podman", "id": pident}:
                probs.append("4305: %r" % by.get(4305))
            if by.get(4244) is not None:
                probs.append("4244 (the root cgroup): %r" % by.get(4244))
        report("--container -j: container.kind, .id (64 digits), .unit; none for the "
               "root cgroup", probs)
        for words, port in ((["container", ident[:12]], "4301"),
                            (["container", ident.upper()], "4301"),
                            (["unit", "sv-test.service"], "4302"),
                            (["unit", "sv-*"], "4302")):
            rc, out, err = run([sv, "-Htln"] + words)
            ports = [l.split()[3].rsplit(":", 1)[1] for l in out.splitlines() if l.strip()]
            probs = [] if rc == 0 and ports == [port] and not err else \
                ["exit %d, ports %r, stderr %r (want %s)" % (rc, ports, err, port)]
            report("filter %s: the socket made in that cgroup alone" % " ".join(words), probs)
        names_checks(sv, ident, pident)
    finally:
        for kid in kids:
            kid.stdin.close()
            kid.wait(timeout=10)
        for path in list(groups.values()) + [os.path.dirname(groups[4304]), top]:
            try:
                os.rmdir(path)
            except OSError:
                pass


# Run in a private mount namespace: tmpfs on the runtimes' state
# directories (on /var/lib first when one of them does not exist, so that
# nothing is made on the host's file system), the files of argv[2] (a JSON
# object: path -> text) written there, then each sockview command of
# argv[3] (a JSON list of argument lists); prints their exit codes and
# outputs as one JSON list.
MOUNTNS = r"""
import json, os, subprocess, sys
sv, files, cmds = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
def mount(*a):
    subprocess.run(["mount"] + list(a), check=True)
mount("--make-rprivate", "/")
dirs = ["/var/lib/docker", "/var/lib/containers/storage"]
if not all(os.path.isdir(d) for d in dirs):
    mount("-t", "tmpfs", "-o", "mode=0755", "sv-test-varlib", "/var/lib")
for d in dirs:
    os.makedirs(d, exist_ok=True)
    mount("-t", "tmpfs", "-o", "mode=0700", "sv-test-ct", d)
for path, text in files.items():
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
out = []
for argv in cmds:
    p = subprocess.run([sv] + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    out.append([p.returncode, p.stdout.decode("utf-8", "replace"),
                p.stderr.decode("utf-8", "replace")])
print(json.dumps(out))
"""


def in_mountns(sv, files, cmds):
    """MOUNTNS under unshare -m: the results, or None and why not."""
    if os.geteuid() != 0:
        return None, "a mount namespace needs root"
    p = subprocess.run(["unshare", "-m", "--", sys.executable, "-c", MOUNTNS, sv,
                        json.dumps(files), json.dumps(cmds)],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if p.returncode != 0:
        return None, "unshare -m and tmpfs mounts failed (exit %d): %s" % (
            p.returncode, p.stderr.decode("utf-8", "replace").strip()[-300:])
    return json.loads(p.stdout), None


def names_checks(sv, ident, pident):
    """Docker's and Podman's names from their state on disk, fabricated in
    a private mount namespace."""
    other = "dd" + pident[2:]
    files = {
        "/var/lib/docker/containers/%s/config.v2.json" % ident: json.dumps(
            {"StreamConfig": {}, "State": {"Running": True, "Pid": 1}, "ID": ident,
             "Config": {"Env": ["A=" + "x" * 5000], "Labels": {"l": "v"}},
             "Name": "/sv-web", "Driver": "overlay2"}),
        "/var/lib/containers/storage/overlay-containers/containers.json": json.dumps(
            [{"id": other, "names": ["sv-other"]},
             {"id": pident, "names": ["sv-db", "sv-db-alias"], "image": "0" * 64,
              "layer": "1" * 64, "metadata": "{}", "created": "2024-05-01T10:00:00Z"}]),
    }
    cmds = [["-Htln", "--container"], ["-tlnj", "--container"],
            ["-Htln", "container", "sv-web"], ["-Htln", "container", "sv-db"],
            ["-Htln", "container", "sv-we"], ["-Htln", "container", "sv-db-alias"]]
    name = "--container in a mount namespace with the runtimes' state: names"
    res, why = in_mountns(sv, files, cmds)
    if res is None:
        skip(name, why)
        return
    (rc, out, err), (jrc, js, jerr) = res[0], res[1]
    probs = [] if rc == 0 and not err else ["exit %d, stderr %r" % (rc, err)]
    for port, word in (("4301", "docker:sv-web/" + ident[:12]),
                       ("4305", "podman:sv-db/" + pident[:12])):
        line = [l for l in out.splitlines() if (":%s " % port) in l]
        if len(line) != 1 or not line[0].endswith(" " + word):
            probs.append("port %s: %r, want it to end with %r" % (port, line, word))
    report(name + ": docker:sv-web/<12 hex>, podman:sv-db/<12 hex>", probs)
    v = subprocess.run([sys.executable, os.path.join(HERE, "..", "json", "validate.py"),
                        "--details", "container"],
                       input=js.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    probs = []
    if jrc != 0 or jerr or v.returncode != 0:
        probs.append("exit %d, stderr %r; validate.py: %s" % (jrc, jerr, v.stdout.decode()))
    else:
        by = {o["local"]["port"]: o.get("container") for o in json.loads(js)}
        if by.get(4301) != {"kind": "docker", "id": ident, "name": "sv-web"}:
            probs.append("4301: %r" % by.get(4301))
        if by.get(4305) != {"kind": "podman", "id": pident, "name": "sv-db"}:
            probs.append("4305: %r" % by.get(4305))
    report(name + ": JSON container.name", probs)
    for (rc, out, err), want, words in zip(res[2:], (["4301"], ["4305"], [], []),
                                           cmds[2:]):
        ports = [l.split()[3].rsplit(":", 1)[1] for l in out.splitlines() if l.strip()]
        report("filter %s (a name, exactly; the first of Podman's names): %s"
               % (" ".join(words[1:]), ", ".join(want) or "nothing"),
               [] if rc == 0 and ports == want and not err else
               ["exit %d, ports %r, stderr %r (want %r)" % (rc, ports, err, want)])

def write_counts(counts):
    """The checks' tally, for run.sh."""
    with open(counts, "w") as f:
        f.write("%d %d\n" % tuple(RESULTS))


def main_in_namespace(script, inner, flags=("-n",)):
    """A part's main: re-executed as itself inside `unshare FLAGS` (argv:
    SOCKVIEW MANIFEST COUNTS-FILE, then "inner"), where inner(sv, counts)
    runs the checks. Returns the exit status."""
    sv, counts = sys.argv[1], sys.argv[3]
    if len(sys.argv) > 4 and sys.argv[4] == "inner":
        inner(sv, counts)
        return 0
    p = subprocess.run(["unshare"] + list(flags) + ["--", sys.executable, os.path.abspath(script),
                        sv, sys.argv[2], counts, "inner"], timeout=600)
    if p.returncode != 0 or not os.path.exists(counts):
        report("%s in its own namespace (exit %d)" % (os.path.basename(script), p.returncode),
               ["unshare %s or the checks failed" % " ".join(flags)])
        write_counts(counts)
        return 1
    return 0


def main():
    return main_in_namespace(__file__, inner)


if __name__ == "__main__":
    sys.exit(main())
