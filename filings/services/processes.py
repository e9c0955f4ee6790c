"""Which process holds a claim or runs a run, and whether it is known to have died.

A process is named "host:pid:start", start being its start time in clock ticks since boot: a
pid the kernel hands out again later (a restarted container numbers its processes from 1 again)
then names another process. Death can only be known on the same host; elsewhere a claim or a
run is given up only once it is older than the fetch task's time limit.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

_PROC = Path("/proc")


def process_identity() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or 0}"


def process_is_dead(identity: str) -> bool:
    """True only when this host can tell that process is gone; False when alive, elsewhere or unknown."""
    host, _, rest = identity.partition(":")
    pid_text, _, start_text = rest.partition(":")
    if not host or host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if _PROC.is_dir():
        start = _start_ticks(pid)
        return start is None or (start_text.isdigit() and int(start_text) not in (0, start))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _start_ticks(pid: int) -> int | None:
    """The process's start time from /proc, or None when it is gone (or a zombie, which no longer runs)."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses; the fields after the last ")" do not.
    fields = stat[stat.rfind(")") + 2 :].split()
    if not fields or fields[0] in ("Z", "X"):
        return None
    try:
        return int(fields[19])  # field 22 of the whole line: starttime
    except (IndexError, ValueError):
        return None
