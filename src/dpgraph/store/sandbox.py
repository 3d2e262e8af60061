"""What a query worker gives up before it reads any query: the network, its parent's lifetime, its priority.

The endpoint refuses SERVICE and LOAD after parsing the request (querycheck.py), but Oxigraph
would still fetch them with its own HTTP client if a request got past that check. So a worker
installs a seccomp filter that makes every attempt to open an Internet socket fail with EACCES
(io_uring too, which could open sockets out of seccomp's sight): whatever a query says, it
reaches no host. The worker also asks the kernel to kill it when the app dies (a worker in
the middle of a runaway query would otherwise run on, unlimited), and runs at a lower
priority, so a runaway query slows the pages less than it slows other queries.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct

# Linux constants (linux/prctl.h, linux/seccomp.h, linux/filter.h, linux/audit.h).
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EACCES, ENOSYS = 13, 38
AF_INET, AF_INET6, AF_PACKET = 2, 10, 17
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
# seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6] (little-endian: the low word first).
NR_OFFSET, ARCH_OFFSET, ARG0_OFFSET = 0, 4, 16
# machine -> (AUDIT_ARCH_*, socket(2) number, io_uring_setup(2) number)
ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
WORKER_NICENESS = 5


class SandboxError(OSError):
    """The kernel refused the sandbox: the worker must not serve queries without it."""


def _instruction(code: int, jump_true: int, jump_false: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jump_true, jump_false, k)


def network_filter(machine: str) -> bytes:
    """The BPF program: socket(AF_INET | AF_INET6 | AF_PACKET, ...) and io_uring_setup fail; all else runs."""
    if machine not in ARCHES:
        raise SandboxError(f"no seccomp filter is defined for this processor ({machine})")
    arch, socket_nr, io_uring_nr = ARCHES[machine]
    allow, deny, deny_nosys = 9, 10, 11  # the indexes of the three return instructions
    program = [
        (BPF_LD_W_ABS, 0, 0, ARCH_OFFSET),  # 0
        (BPF_JEQ_K, 0, allow - 2, arch),  # 1: another ABI is never what this interpreter runs
        (BPF_LD_W_ABS, 0, 0, NR_OFFSET),  # 2
        (BPF_JEQ_K, deny_nosys - 4, 0, io_uring_nr),  # 3
        (BPF_JEQ_K, 0, allow - 5, socket_nr),  # 4
        (BPF_LD_W_ABS, 0, 0, ARG0_OFFSET),  # 5: the socket's address family
        (BPF_JEQ_K, deny - 7, 0, AF_INET),  # 6
        (BPF_JEQ_K, deny - 8, 0, AF_INET6),  # 7
        (BPF_JEQ_K, deny - 9, 0, AF_PACKET),  # 8
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),  # 9
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EACCES),  # 10
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS),  # 11
    ]
    return b"".join(_instruction(*step) for step in program)


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def _prctl(*arguments: int | ctypes.c_void_p) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    padded = [*arguments, *[0] * (5 - len(arguments))]
    if libc.prctl(*padded) != 0:
        errno = ctypes.get_errno()
        raise SandboxError(errno, f"prctl({arguments[0]}) failed: {os.strerror(errno)}")


def forbid_network() -> None:
    """From now on this process (and any thread or child of it) cannot open an Internet socket."""
    program = network_filter(platform.machine())
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.addressof(buffer))
    _prctl(PR_SET_NO_NEW_PRIVS, 1)  # what lets an unprivileged process install a filter
    _prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.c_void_p(ctypes.addressof(fprog)))


def die_with_parent(parent_pid: int) -> None:
    """Be killed by the kernel when the app's process ends, however it ends (SIGKILL included)."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the app died before the request above was made
        os._exit(1)


def lower_priority() -> None:
    os.nice(WORKER_NICENESS)
