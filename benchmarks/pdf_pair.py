"""PDF per issue beside raw WeasyPrint, both in a build's own PDF worker (issue 17 goal 3).

    .venv/bin/python benchmarks/pdf_pair.py PROJECT WORK [--sample 20] [--instructions 2]

This process plays a build's main process: it loads the archive (from the archive
cache of PROJECT/build when there is one), freezes it for the collector as a build
does, and starts the pool a build renders PDFs in (``build/issue_pool.py``: a fork
server that imported only the ``pdf`` warm-up). Every side gets ONE worker of its
own forked from that server (the same kind of process, never recycled during the
run), on ``--sample`` issues spread over the archive:

- ybbulletin (``pdf_sides.ours``, in the build's own pool): one PDF task exactly as
  a build sends it (the detached view and its images' files, pickled), rendered by
  ``render_detached`` and its answer pickled back; plus, measured here, this
  process's share (detaching and pickling the task, unpickling the answer). Writing
  the file is left out on both sides (a raw WeasyPrint user writes the bytes too).
- the floor (``pdf_sides.floor``): raw WeasyPrint on the print HTML ybbulletin made
  for the same issue, same stylesheet file, base URL, fontconfig file and options
  (PDF/A-2b, tagged), with the justification extension (the goal's floor); and, each
  in a worker of its own, three variants: without the justification, with
  ``write_pdf`` defaults, and the justified one with the cyclic collector paused as
  ybbulletin pauses it.

A worker apiece, because a process renders an issue it has rendered before ~3-4 %
cheaper (instructions, callgrind), even with another font configuration: sharing
one would hand that discount to whichever side came second. The sides take turns
issue by issue (A/B/A/B, the order rotated at each issue; only one worker busy at a
time, so all see the same load), each rendering every sampled issue once, after one
issue outside the sample warmed each up, untimed. Medians of wall and CPU seconds
(the worker's ``process_time``), the median of the per-issue ratios, and what each
step of ours costs (``pdf_sides.ours``'s parts).

Each worker is a process of its own, and so is its allocator's state: ours runs the
build's initializer (``detached.install``, which fixes glibc's heap thresholds:
``heap.keep_freed``), the floors' workers run none and keep glibc's defaults, as a raw
WeasyPrint program does. With the defaults a process may give its freed heap back after
every render and fault it in again in the next (~27,000 minor faults an issue instead of
~4,000, +0.1 s of system time), or not, by the sizes it happened to free before: the
``usage`` figures (user and system seconds, faults) show which state each side was in.

``--instructions N``: ybbulletin, the justified floor and the same with the collector
paused, each in a fresh process started as the fork server starts (importing what
``issue_pool.preload(["pdf"])`` names; the three at once), under callgrind, on the
same N issues after the same warm-up, instructions counted around each render only:
a figure the machine's load cannot move (the collector's passes still move the GC-on
floor's count by where they fall; the paused one's does not). Needs valgrind; left
out without it. Writes ``pdf-pair.json`` in WORK.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import pdf_sides  # noqa: E402 - imported by name, so the worker can find its functions

SIDES = ("ybbulletin", *pdf_sides.FLOORS)
#: What callgrind counts: ours, the goal's floor, and the floor with the collector paused
#: (with the collector on, a count moves by ~0.3 G with where the full passes fall).
COUNTED = ("ybbulletin", "justified", "justified_paused")


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def measure(project: Path, work: Path, sample: int, instructions: int) -> dict[str, Any]:
    from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
    from ybbulletin.build.issue_pool import issue_pool, preload
    from ybbulletin.build.keys import media
    from ybbulletin.plan import build_views
    from ybbulletin.project import load_archive
    from ybbulletin.render.pages import make_environment
    from ybbulletin.render.pdf import _print_css, print_html
    from ybbulletin.views import detached

    project = project.resolve()
    archive = load_archive(project, cache=ArchiveCache.load(project / "build" / CACHE_FILE))
    views = build_views(archive)
    step = max(1, len(views) // sample)
    chosen = views[::step][:sample]
    picked = {id(v) for v in chosen}
    spare = next((v for v in views if id(v) not in picked), chosen[0])  # the warm-up's issue
    files: dict[str, dict[str, Path]] = {}  # as build/workers.py gives the issue workers
    for site_path, found in media(archive).items():
        for issue_path in found.issues:
            files.setdefault(issue_path, {})[site_path.removeprefix("media/")] = found.path
    env = make_environment(project, "print")
    htmls = [print_html(env, archive.publication, v) for v in [*chosen, spare]]
    css = str(_print_css(project))
    root = str(project)
    gc.freeze()  # as build() freezes the archive before rendering
    start = (project, archive.publication)

    def payload(view: Any) -> bytes:
        task = ("pdf", detached(view), files.get(view.archive_issue.path, {}))
        return pickle.dumps(task, pickle.HIGHEST_PROTOCOL)

    n = len(chosen)
    wall: dict[str, list[float]] = {name: [] for name in SIDES}
    cpu: dict[str, list[float]] = {name: [] for name in SIDES}
    parts: dict[str, list[float]] = {}
    main_share: list[float] = []
    usage: dict[str, dict[str, list[float]]] = {}  # the worker's user and system s, page faults
    with contextlib.ExitStack() as stack:
        pools = {"ybbulletin": stack.enter_context(issue_pool(*start, ["pdf"], 1, 10**6))}
        server = multiprocessing.get_context("forkserver")  # the server issue_pool started
        for name in pdf_sides.FLOORS:
            pools[name] = stack.enter_context(server.Pool(processes=1))

        def render(name: str, index: int) -> None:  # one side, one issue (-1: the spare)
            pool = pools[name]
            if name != "ybbulletin":
                got = pool.apply(pdf_sides.floor, (name, root, css, htmls[index]))
            else:
                started = time.process_time()
                sent = payload(chosen[index] if index >= 0 else spare)
                sent_cpu = time.process_time() - started
                got = pool.apply(pdf_sides.ours, (sent,))
                back = time.process_time()
                pickle.loads(got["answer"])
                share = sent_cpu + time.process_time() - back
                got["wall"] += share
                got["cpu"] += share
                if index >= 0:
                    main_share.append(share)
                    for part, seconds in got["parts"].items():
                        parts.setdefault(part, []).append(seconds)
            if index >= 0:
                wall[name].append(got["wall"])
                cpu[name].append(got["cpu"])
                for key in ("user", "sys", "faults"):
                    usage.setdefault(key, {}).setdefault(name, []).append(got[key])

        for name in SIDES:
            render(name, -1)
        for index in range(n):
            turn = index % len(SIDES)
            for name in SIDES[turn:] + SIDES[:turn]:
                render(name, index)
    parts["main process: task pickled, answer unpickled"] = main_share
    result: dict[str, Any] = {
        "issues": n,
        "sample": [v.dir for v in chosen],
        "wall": {name: _median(wall[name]) for name in SIDES},
        "cpu": {name: _median(cpu[name]) for name in SIDES},
        "ratio_of_issues": {  # median over issues of ours / floor on the same issue
            name: round(
                statistics.median(a / b for a, b in zip(cpu["ybbulletin"], cpu[name], strict=True)),
                4,
            )
            for name in pdf_sides.FLOORS
        },
        "parts": {part: _median(seconds) for part, seconds in parts.items()},
        "usage": {key: {n: _median(v) for n, v in by.items()} for key, by in usage.items()},
        "raw": {"wall": wall, "cpu": cpu},
    }
    if instructions and shutil.which("valgrind") and shutil.which("callgrind_control"):
        which = list(range(n))[:: max(1, n // instructions)][:instructions]
        saved = {
            "preload": preload(["pdf"]),
            "root": root,
            "css": css,
            "publication": archive.publication,
            "payloads": [payload(chosen[i]) for i in which] + [payload(spare)],
            "htmls": [htmls[i] for i in which] + [htmls[-1]],
        }
        result["instructions"] = count_instructions(work, saved, len(which))
    return result


def count_instructions(work: Path, saved: dict[str, Any], count: int) -> dict[str, Any]:
    """Instructions per render of each of COUNTED, each in a process of its own (callgrind)."""
    folder = work / "callgrind"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tasks = folder / "tasks.pickle"
    tasks.write_bytes(pickle.dumps(saved, pickle.HIGHEST_PROTOCOL))
    started = time.perf_counter()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    running = {}
    for name in COUNTED:  # at once: a count does not depend on the load
        out = folder / name
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no"]
        command += [f"--callgrind-out-file={out}", sys.executable, str(BENCH / "pdf_sides.py")]
        command += [str(tasks), str(count), name, str(out)]
        running[name] = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO
        )
    counts: dict[str, list[int]] = {}
    try:
        for name, process in running.items():
            stdout, stderr = process.communicate()
            if process.returncode:
                return {"error": f"{name}: {stderr[-2000:]}"}
            counts[name] = json.loads(stdout.strip().splitlines()[-1])
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    result: dict[str, Any] = {"issues": count, "counts": counts}
    for name in COUNTED:
        result[name + "_g"] = round(statistics.median(counts[name]) / 1e9, 4)
    for name in COUNTED[1:]:  # medians of ours / floor on the same issue
        pairs = zip(counts["ybbulletin"], counts[name], strict=True)
        result["ratio_" + name] = round(statistics.median(a / b for a, b in pairs), 4)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--instructions", type=int, default=2, help="issues under callgrind")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    result = measure(args.project, args.work, args.sample, args.instructions)
    (args.work / "pdf-pair.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    shown = {k: v for k, v in result.items() if k != "raw"}
    print(json.dumps(shown, indent=1), flush=True)


if __name__ == "__main__":
    main()
