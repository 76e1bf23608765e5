"""CPU time a process (and its children) has used, read from ``/proc``: what a server spent per request
(and, for a server of several processes, how many of them listen yet).

A closed-loop load (N connections, each waiting for its answer) cannot go faster than the CPU the
requests need: with ``cores`` cores and ``c`` CPU seconds per request it serves at most
``cores / c`` requests per second, and each of N connections then waits at least ``N * c / cores``
per request. :func:`closed_loop_bound` writes that bound next to a latency figure, so a target
missed for want of cores says so with the machine's own numbers.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PROC = Path("/proc")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces), or None."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return raw.rsplit(")", 1)[1].split()


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for entry in PROC.glob("[0-9]*"):
        fields = _stat(int(entry.name))
        if fields and int(fields[1]) == pid:  # fields[1]: the parent's pid
            out.append(int(entry.name))
    return out


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of ``pid`` and of each of its live descendants, by pid.

    A server's worker processes are its children; a child that exited is not counted (none do
    while a benchmark loads a server).
    """
    out: dict[int, float] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        fields = _stat(p)
        if fields is None:
            continue
        out[p] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
        todo.extend(_children(p))
    return out


def process_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its live descendants together; 0.0 if it is gone."""
    return sum(tree_cpu(pid).values())


def available() -> bool:
    """Whether /proc can be read here (Linux)."""
    return _stat(os.getpid()) is not None


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def closed_loop_bound(cpu_per_request_s: float, connections: int, n_cores: int) -> tuple[float, float]:
    """(the most requests/s the CPU allows, the least latency in ms each of ``connections`` then sees)."""
    if cpu_per_request_s <= 0:
        return float("inf"), 0.0
    rps = n_cores / cpu_per_request_s
    return rps, connections / rps * 1e3


def listening_sockets(port: int) -> int | None:
    """How many TCP sockets listen on ``port`` (several: one per worker with SO_REUSEPORT); None
    where /proc/net/tcp cannot be read."""
    count = 0
    try:
        for table in ("tcp", "tcp6"):
            for line in (PROC / "net" / table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    count += 1
    except OSError:
        return None
    return count
