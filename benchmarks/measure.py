"""One command measured as a fresh process: wall time, CPU time and the memory of
every process it starts.

- CPU: user + system seconds of the process and every child it waited for
  (``os.wait4``'s rusage), the steadier figure on a shared machine; and of the
  descendants it left behind to end after it (the issue workers' fork server, with
  its workers), which this process, their subreaper, waits for.
- Memory: a thread polls ``/proc`` while the command runs and keeps, for the
  command's process and each descendant (the build's worker processes), the
  high-water mark of its resident set (``VmHWM``) and of its proportional set
  (``Pss``: shared pages divided among the processes sharing them). ``VmHWM`` is
  what ``top`` would have shown at the worst moment; a forked worker's counts the
  pages it still shares with its parent. ``ru_maxrss`` is kept as a cross-check
  only: on Linux a child's ``ru_maxrss`` includes the high-water mark of the
  process that exec'ed it (the harness), so a harness that grew inflates it.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FORK_SERVER = "multiprocessing.forkserver import main"  # the fork server's command line
POLL = 0.05  # seconds between two looks at /proc
EXEC_POLLS = 20  # a child's command line is read again for its first this many polls
PSS_EVERY = 10  # read Pss (costlier: walks the page tables) every this many polls
PR_SET_CHILD_SUBREAPER = 36  # prctl(2)


@dataclass
class Process:
    pid: int
    parent: int
    command: str
    hwm_mb: float = 0.0
    pss_mb: float = 0.0
    polls: int = 0  # how many looks found it alive
    cpu: float = 0.0  # user + system seconds at the last look (its own, not its children's)


@dataclass
class Measured:
    wall: float
    cpu: float
    processes: list[Process] = field(default_factory=list)
    ru_maxrss_mb: float = 0.0

    @property
    def peak_mb(self) -> float:
        return max((p.hwm_mb for p in self.processes), default=0.0)

    @property
    def main_mb(self) -> float:
        return self.processes[0].hwm_mb if self.processes else 0.0

    @property
    def workers(self) -> list[Process]:
        """The build's workers: forked copies of the main process (same command line), and
        the issue formats' fork server and the workers it forks (``build/issue_pool.py``)."""
        main = self.processes[0].command if self.processes else None
        # a child seen only once or twice with the main's command line is a vfork()ed
        # helper before its exec (it shows the parent's memory): not a worker
        return [p for p in self.processes[1:] if _is_worker(p.command, main) and p.polls >= 3]

    @property
    def helpers(self) -> list[Process]:
        main = self.processes[0].command if self.processes else None
        return [p for p in self.processes[1:] if not _is_worker(p.command, main)]

    @property
    def workers_mb(self) -> float:
        return max((p.hwm_mb for p in self.workers), default=0.0)

    def figures(self) -> dict[str, object]:
        return {
            "wall": round(self.wall, 3),
            "cpu": round(self.cpu, 3),
            "peak_mb": round(self.peak_mb, 1),
            "main_mb": round(self.main_mb, 1),
            "workers_mb": round(self.workers_mb, 1),
            "workers": len(self.workers),
            # other programs it ran (fc-match, gcc via ctypes …); a vfork()ed child seen
            # before its exec shows its parent's memory and is left out of both figures
            "helpers": len(self.helpers),
            "helpers_mb": round(max((p.hwm_mb for p in self.helpers), default=0.0), 1),
            # CPU seen in the main process and in the workers (last look before each ended)
            "cpu_main": round(self.processes[0].cpu, 2) if self.processes else 0.0,
            "cpu_workers": round(sum(p.cpu for p in self.workers), 2),
            "peak_pss_mb": round(max((p.pss_mb for p in self.processes), default=0.0), 1),
            "ru_maxrss_mb": round(self.ru_maxrss_mb, 1),
        }


def _is_worker(command: str, main: str | None) -> bool:
    return command == main or FORK_SERVER in command


class Tree:
    """The processes descending from ``root``, polled from a thread."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.seen: dict[int, Process] = {}
        self.parents: dict[int, int] = {}  # every pid looked at (not only ours)
        self.alive: set[int] = set()
        self.done: list[Process] = []  # ours, whose pid went to another process since
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Tree:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _loop(self) -> None:
        n = 0
        while not self.stop.is_set():
            self.poll(pss=n % PSS_EVERY == 0)
            n += 1
            self.stop.wait(POLL)

    def poll(self, pss: bool = False) -> None:
        try:
            pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
        except OSError:
            return
        # a pid not there at the last look is a new process (pids wrap and are reused)
        for pid in set(pids) - self.alive:
            self.parents[pid] = _parent(pid)
            if pid in self.seen:  # one of ours ended and its pid was given to another
                self.done.append(self.seen.pop(pid))
        self.alive = set(pids)
        for pid in pids:
            if pid in self.seen or self._ours(pid):
                process = self.seen.get(pid)
                if process is None:
                    process = self.seen[pid] = Process(pid, self.parents.get(pid, 0), _cmd(pid))
                elif process.polls < EXEC_POLLS and (command := _cmd(pid)) != process.command:
                    # a child seen before its exec showed its parent's memory (and command
                    # line): what it is from the exec on counts
                    process.command, process.hwm_mb, process.pss_mb = command, 0.0, 0.0
                hwm = _status_kb(pid, "VmHWM")
                if hwm is not None:
                    process.hwm_mb = max(process.hwm_mb, hwm / 1024)
                    process.polls += 1
                    process.cpu = max(process.cpu, _cpu(pid))
                if pss:
                    value = _pss_kb(pid)
                    if value is not None:
                        process.pss_mb = max(process.pss_mb, value / 1024)

    def _ours(self, pid: int) -> bool:
        steps = 0
        while pid > 1 and steps < 20:
            if pid == self.root:
                return True
            pid = self.parents.get(pid, 0)
            steps += 1
        return False

    def processes(self) -> list[Process]:
        every = [*self.seen.values(), *self.done]
        return sorted(every, key=lambda p: (p.pid != self.root, p.pid))


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _cmd(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:120]


def _status_kb(pid: int, key: str) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def _pss_kb(pid: int) -> int | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` once in ``cwd``; fail loudly (its stderr's tail) if it fails."""
    _subreaper()
    # stderr goes to a file: thousands of 校对 warnings would fill a pipe and block the build
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=env
        )
        with Tree(process.pid) as tree:
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            orphans = _reap_orphans()
        process.returncode = os.waitstatus_to_exitcode(status)
        if status != 0:
            errors.seek(0)
            raise SystemExit(
                f"failed ({status}): {' '.join(command)}\n{errors.read().decode()[-3000:]}"
            )
    cpu = usage.ru_utime + usage.ru_stime + orphans
    return Measured(wall, cpu, tree.processes(), usage.ru_maxrss / 1024)


def _subreaper() -> None:
    """Make this process the reaper of its descendants' orphans: the issue workers' fork
    server ends just after the build's process (its alive pipe closes), unwaited by it, so
    its CPU and its workers' would reach no ``wait4`` of ours otherwise."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_orphans(deadline: float = 30.0) -> float:
    """Wait for the orphans handed to us (see ``_subreaper``); their CPU, children included."""
    cpu, until = 0.0, time.monotonic() + deadline
    while time.monotonic() < until:
        try:
            pid, _status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break  # none left
        if pid == 0:
            time.sleep(0.01)
            continue
        cpu += usage.ru_utime + usage.ru_stime
    return cpu


def median(
    repeat: int, command: list[str], cwd: Path, before: Callable[[], None] | None = None
) -> dict[str, object]:
    """Medians of wall and CPU over ``repeat`` fresh runs; memory the worst of them."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(timed(command, cwd))
    worst = max(runs, key=lambda m: m.peak_mb)
    figures = worst.figures()
    figures["wall"] = round(statistics.median(m.wall for m in runs), 3)
    figures["cpu"] = round(statistics.median(m.cpu for m in runs), 3)
    figures["runs"] = repeat
    if repeat > 1:
        figures["walls"] = [round(m.wall, 2) for m in runs]
    return figures


Side = tuple[list[str], Path, Callable[[], None] | None]  # command, folder, run before it


def interleaved(pairs: int, first: Side, second: Side) -> dict[str, object]:
    """``pairs`` runs of each of two commands taking turns (first, second; then second,
    first …): each side's median wall and CPU, and the medians of the ratios second / first
    of the two runs of each pair. On a machine whose speed drifts over minutes (this
    one's did, by a third), a ratio of runs made seconds apart says more than one of two
    medians made minutes apart. Each run starts with the disk settled (``os.sync``): what
    the run before wrote (Hugo's whole site each time, where a ``--force`` build writes
    nothing) is flushed before, not during, the next run of the other side."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for index in range(pairs):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for side in order:
            command, cwd, before = (first, second)[side]
            if before is not None:
                before()
            os.sync()
            run = timed(command, cwd)
            walls[side].append(run.wall)
            cpus[side].append(run.cpu)
    return {
        "pairs": pairs,
        "first": {"wall": statistics.median(walls[0]), "cpu": statistics.median(cpus[0])},
        "second": {"wall": statistics.median(walls[1]), "cpu": statistics.median(cpus[1])},
        "wall_ratio": round(statistics.median(b / a for a, b in zip(*walls, strict=True)), 3),
        "cpu_ratio": round(statistics.median(b / a for a, b in zip(*cpus, strict=True)), 3),
        "walls": [[round(w, 2) for w in side] for side in walls],
    }


def aside(folder: Path) -> Callable[[], None]:
    """What runs before each run that starts from nothing: ``folder`` (the last run's
    output) moved aside, not deleted; ``tidy_aside`` removes what was moved after the
    runs. A tree of thousands of files deleted just before a run slowed the run writing
    the next one on this machine's disk (Hugo's system time 1.0 -> 2.5 s, rising run by
    run), which measures the delete, not the run: Hugo's output and a cold ybbulletin
    build's folder alike are moved."""
    count = itertools.count()

    def move() -> None:
        if folder.exists():
            folder.rename(folder.with_name(f".aside-{folder.name}-{os.getpid()}-{next(count)}"))

    return move


def tidy_aside(folder: Path) -> None:
    """Remove what ``aside(folder)`` moved aside."""
    for old in folder.parent.glob(f".aside-{folder.name}-*"):
        shutil.rmtree(old, ignore_errors=True)
