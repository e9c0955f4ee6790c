"""The bookkeeping and the processes of scripts/prod_smoke.py.

Each check passes or fails as it is made, and phases are timed. Each process runs in its own session
(and so process group) with its own log; stopping one sends a signal, checks its exit code, and checks
that no member of its group outlives it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class SmokeRun:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.procs: dict[str, subprocess.Popen] = {}
        self.results: list[tuple[bool, str, str]] = []
        self.timings: dict[str, float] = {}
        self.started = time.monotonic()

    # --- bookkeeping ---------------------------------------------------------------------------------

    def check(self, ok: bool, what: str, detail: object = "") -> bool:
        self.results.append((bool(ok), what, str(detail)))
        print(f"{'PASS' if ok else 'FAIL'}  {what}" + (f"  ({detail})" if detail != "" else ""), flush=True)
        return bool(ok)

    def mark(self, phase: str, since: float) -> None:
        self.timings[phase] = time.monotonic() - since

    def log_text(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def report(self) -> int:
        print("\ntimings:")
        for phase, seconds in self.timings.items():
            print(f"  {seconds:7.1f}s  {phase}")
        print(f"  {time.monotonic() - self.started:7.1f}s  total")
        failed = [r for r in self.results if not r[0]]
        if failed:
            print(f"\nlogs: {self.logs}")
            for name in ("web", "worker", "beat", "fake_edgar", "migrate"):
                tail = self.log_text(name).splitlines()[-15:]
                if tail:
                    print(f"--- {name}.log (last lines)\n" + "\n".join(tail))
        print(f"\nprod-smoke: {len(self.results) - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0

    # --- processes -----------------------------------------------------------------------------------

    def run(self, name: str, argv: list[str], env: dict[str, str], timeout: float = 300) -> int:
        with open(self.logs / f"{name}.log", "ab") as log:
            return subprocess.run(
                argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=timeout
            ).returncode

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        # Its own session (and so process group): what is left in the group after it exits is an orphan.
        with open(self.logs / f"{name}.log", "ab") as log:
            proc = subprocess.Popen(
                argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        self.procs[name] = proc
        return proc

    def stop(self, name: str, sig: signal.Signals, expected: set[int], timeout: float = 60) -> None:
        proc = self.procs.pop(name)
        began = time.monotonic()
        proc.send_signal(sig)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        self.timings[f"stop {name}"] = time.monotonic() - began
        self.check(code in expected, f"{name} exits on {sig.name}", f"exit {code} in {time.monotonic() - began:.1f}s")
        deadline = time.monotonic() + 5
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = group_members(proc.pid)
        self.check(not left, f"{name} leaves no orphan processes", f"left: {left}" if left else "")
        kill_group(proc.pid)

    def kill_all(self) -> None:
        for name, proc in list(self.procs.items()):
            kill_group(proc.pid)
            proc.wait(timeout=10)
            self.procs.pop(name)


# --- helpers -----------------------------------------------------------------------------------------


def venv_path() -> str:
    # gunicorn and celery are the virtualenv's, as they are the image's on its PATH.
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "/usr/bin:/bin")])


def wait_for(probe: Callable[[], object], timeout: float, every: float = 0.5) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def group_members(pgid: int) -> list[str]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(f"{stat.parent.name} {text[text.index('(') + 1 : text.rindex(')')]}")
    return members


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
