#!/usr/bin/env python3
"""nodiag.py - run a command where the kernel refuses sock_diag.

Usage: nodiag.py ERRNO-NAME COMMAND [ARG...]

Installs a seccomp filter (no privileges needed: no_new_privs is set first)
under which socket(AF_NETLINK, *, NETLINK_SOCK_DIAG) fails with the named
errno (EPERM, EACCES, EPROTONOSUPPORT...), as in a container whose policy
forbids it or on a kernel without it; every other system call, netlink's
other protocols included, goes through. Then execs COMMAND. Exits 77 when
seccomp filters cannot be installed on this kernel or architecture.
"""
import ctypes
import errno
import os
import platform
import struct
import sys

# struct seccomp_data: nr (u32), arch (u32), ip (u64), args[6] (u64)
OFF_NR, OFF_ARCH, OFF_ARG0, OFF_ARG2 = 0, 4, 16, 32
ARCHES = {  # machine: (AUDIT_ARCH_*, __NR_socket)
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}
AF_NETLINK, NETLINK_SOCK_DIAG = 16, 4
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


def insn(code, jt, jf, k):
    return struct.pack("HBBI", code, jt, jf, k)


def program(arch, nr, err):
    # each test falls through on a match and jumps to "allow" otherwise
    body = [
        (BPF_LD_W_ABS, 0, 0, OFF_ARCH), (BPF_JEQ_K, 0, None, arch),
        (BPF_LD_W_ABS, 0, 0, OFF_NR), (BPF_JEQ_K, 0, None, nr),
        (BPF_LD_W_ABS, 0, 0, OFF_ARG0), (BPF_JEQ_K, 0, None, AF_NETLINK),
        (BPF_LD_W_ABS, 0, 0, OFF_ARG2), (BPF_JEQ_K, 0, None, NETLINK_SOCK_DIAG),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | err),
    ]
    allow = len(body)
    out = b""
    for i, (code, jt, jf, k) in enumerate(body):
        out += insn(code, jt, allow - i - 1 if jf is None else jf, k)
    return out + insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW), allow + 1


def main(argv):
    if len(argv) < 3 or not hasattr(errno, argv[1]):
        sys.stderr.write("usage: nodiag.py ERRNO-NAME COMMAND [ARG...]\n")
        return 2
    machine = platform.machine()
    if machine not in ARCHES:
        sys.stderr.write("nodiag.py: no seccomp numbers for %s\n" % machine)
        return 77
    code, count = program(ARCHES[machine][0], ARCHES[machine][1],
                          getattr(errno, argv[1]))
    buf = ctypes.create_string_buffer(code, len(code))

    class Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Fprog(count, ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
                       ctypes.byref(prog), 0, 0) != 0):
        sys.stderr.write("nodiag.py: cannot install a seccomp filter: %s\n"
                         % os.strerror(ctypes.get_errno()))
        return 77
    os.execvp(argv[2], argv[2:])
    return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv))
