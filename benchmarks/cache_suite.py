"""The archive cache and the preview, measured on the generated archive (``run.py --cache``).

Ratios of issue 12, each side measured as a fresh process (median of ``repeat``
runs; wall time and CPU time, user + system, of the process and its children):

- ``check`` from a warm archive cache / ``check`` without one (target ≤ 25 %);
- a no-op ``build`` / ``check`` from a warm cache (target ≤ 1.2);
- a one-issue edit / building that issue alone in a project of its own (≤ 1.3);
- ``serve``: saving an article's YAML -> the new title shown in the open page, in
  headless Chromium (median of 10 edits; target ≤ 0.5 s).

Every build uses ``--drafts``: the generated issues are not signed, and a site
without drafts would leave nearly every page out.

Each run of the no-op, the warm ``check`` beside it, the edit and the lone build starts
with the disk settled (``sync`` before it, not timed): the writeback of what the step
before wrote is the kernel's, not the run's.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import measure

PYTHON = sys.executable
YB = [PYTHON, "-m", "ybbulletin"]
CACHE_FILE = ".ybbulletin-archive-cache"
MARKERS = ("<!-- archive-cache: benchmarks/run.py --cache -->", "<!-- /archive-cache -->")


def median(
    repeat: int, command: list[str], cwd: Path, before: Callable[[], None] | None = None
) -> dict[str, object]:
    """Medians of wall and CPU seconds of fresh runs, with each process's peak memory."""
    return measure.median(repeat, command, cwd, before)


Say = Callable[[str, object], None]


def check_figures(project: Path, repeat: int, say: Say) -> None:
    """``check`` without an archive cache, then from the cache it left."""
    cache = project / "build" / CACHE_FILE
    say(
        "check_cold", median(repeat, YB + ["check"], project, lambda: cache.unlink(missing_ok=True))
    )
    say("check_warm", median(repeat, YB + ["check"], project))


def settled(before: Callable[[], None] | None = None) -> Callable[[], None]:
    """``before``, then what it and earlier steps wrote flushed to the disk (``sync``)."""

    def run() -> None:
        if before is not None:
            before()
        os.sync()

    return run


def build_figures(
    project: Path,
    work: Path,
    repeat: int,
    formats: str,
    say: Say,
    clean: bool = False,
    full: bool = True,
) -> None:
    """A full build (from nothing with ``clean``), a no-op one, ``check`` beside it, a
    one-issue edit and that issue built alone in a project of its own."""
    out = project / "build"
    build = YB + ["build", "--drafts", "--jobs", "2"]
    if formats:
        build += ["--formats", formats]
    if full:
        try:
            full_build = median(1, build, project, measure.aside(out) if clean else None)
        finally:
            measure.tidy_aside(out)
        say("build_full", full_build)
    # each run below starts with the disk settled (``settled``): what the step before it
    # wrote (the full build's ~700 MB) is being written back by the kernel meanwhile,
    # which is no part of what is measured (a no-op build writes nothing: strace)
    say("build_noop", median(repeat, build, project, settled()))
    say("check_warm_after_build", median(repeat, YB + ["check"], project, settled()))
    target = middle_issue(project)
    original = target.read_text(encoding="utf-8")
    counter = iter(range(10_000))

    def edit() -> None:
        target.write_text(original.replace("。", f"。{next(counter)}", 1), encoding="utf-8")

    try:
        say("one_issue_edit", median(repeat, build, project, settled(edit)))
    finally:
        target.write_text(original, encoding="utf-8")
    alone = work / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    year = target.parent.name
    (alone / "content/issues" / year).mkdir(parents=True)
    shutil.copy(project / "ybbulletin.yaml", alone / "ybbulletin.yaml")
    shutil.copy(target, alone / "content/issues" / year)
    if (target.parent / "images").is_dir():
        shutil.copytree(target.parent / "images", alone / "content/issues" / year / "images")
    # from nothing each run (no build/, so no archive cache, no search terms): the edit
    # re-parses and re-renders the edited issue cold, so this is the like-for-like figure
    say(
        "one_issue_alone",
        median(
            repeat,
            build,
            alone,
            settled(lambda: shutil.rmtree(alone / "build", ignore_errors=True)),
        ),
    )


def run_suite(
    project: Path, work: Path, repeat: int, formats: str = "", edits: int = 10
) -> dict[str, object]:
    """Every measure of the suite, printed as it goes (builds of ``formats``, or all)."""
    results: dict[str, object] = {}

    def say(name: str, value: object) -> None:
        results[name] = value
        print(f"{name}: {value}", flush=True)

    shutil.rmtree(project / "build", ignore_errors=True)
    check_figures(project, repeat, say)
    build_figures(project, work, repeat, formats, say)
    say("serve_reload", serve_latency(project, edits))
    return results


def middle_issue(project: Path) -> Path:
    files = sorted((project / "content/issues").glob("*/*.yaml"))
    return files[len(files) // 2]


def serve_latency(project: Path, edits: int) -> dict[str, object]:
    """Seconds from saving an article's YAML to its new title in the open page (Chromium).

    Beside each edit: ``served``, from the save to the page's new HTML received by the
    browser (navigation or resource timing: what the server's rebuild costs; the preview
    fetches a page whose body alone changed and puts the body in place, ``live.js``); and
    the floor, measured in the same minutes: the same page reloaded whole with nothing
    changed (``page.reload()`` to its title shown), what a full reload alone needs here.
    """
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project.parent / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*YB, "--project", str(project), "serve", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    target = middle_issue(project)
    original = target.read_text(encoding="utf-8")
    title = re.search(r'^  - kind: .*\n    title: "?([^"\n]+)"?$', original, re.M)
    assert title is not None, target
    old = title.group(1)
    year, stem = target.parent.name, target.stem
    seconds: list[float] = []
    served: list[float] = []
    floor: list[float] = []
    shown = "t => document.querySelector('h1.article-title')?.textContent === t"
    # the page's HTML as last received: by a reload (navigation) or, as the preview now
    # does for a page whose body alone changed, by its script's fetch (a resource entry)
    received = (
        "() => { const got = [...performance.getEntriesByType('navigation'),"
        " ...performance.getEntriesByType('resource').filter(e => e.name === location.href)];"
        " performance.clearResourceTimings();"
        " return performance.timeOrigin + Math.max(...got.map(e => e.responseEnd)); }"
    )
    try:
        deadline = time.monotonic() + 600
        while "已更新预览" not in log.read_text(encoding="utf-8", errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        first_build = re.search(r"用时 ([\d.]+) 秒", log.read_text(encoding="utf-8"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{year}/{stem}/index.html")
            link = page.get_by_role("link", name=old, exact=True).first
            link.click()
            page.wait_for_selector("h1.article-title")
            for n in range(edits):
                new = f"{old}（改{n}）"
                text = target.read_text(encoding="utf-8")
                current = old if n == 0 else f"{old}（改{n - 1}）"
                saved = time.time()
                started = time.perf_counter()
                target.write_text(text.replace(current, new, 1), encoding="utf-8")
                page.wait_for_function(shown, arg=new, timeout=60_000)
                seconds.append(time.perf_counter() - started)
                served.append(page.evaluate(received) / 1000 - saved)
                time.sleep(0.5)  # let the reload settle before the next save
                started = time.perf_counter()  # the floor: the same page, nothing changed
                page.reload(wait_until="commit")
                page.wait_for_function(shown, arg=new, timeout=60_000)
                floor.append(time.perf_counter() - started)
                time.sleep(0.5)
            browser.close()
    finally:
        target.write_text(original, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    return {
        "median": round(statistics.median(seconds), 3),
        "max": round(max(seconds), 3),
        "edits": [round(s, 3) for s in seconds],
        "served_median": round(statistics.median(served), 3),
        "served": [round(s, 3) for s in served],
        "reload_floor_median": round(statistics.median(floor), 3),
        "reload_floor": [round(s, 3) for s in floor],
        "first_build": float(first_build.group(1)) if first_build else None,
    }


ISSUE_12 = (
    "check_cold",
    "check_warm",
    "build_full",
    "build_noop",
    "check_warm_after_build",
    "one_issue_edit",
    "one_issue_alone",
    "serve_reload",
)


def section(results: dict[str, object], issues: int, arguments: str, command: str = "") -> str:
    """The report's archive-cache section (between its markers); ``command``: the run's
    command line when it was not ``run.py --cache``."""
    r: dict[str, dict[str, float]] = results  # type: ignore[assignment]
    serve: dict[str, object] = results["serve_reload"]  # type: ignore[assignment]

    def ratio(a: str, b: str, kind: str) -> float:
        return r[a][kind] / r[b][kind]

    rows = [
        ("`check`, warm cache / no cache", "check_warm", "check_cold", "≤ 0.25"),
        ("no-op `build` / warm `check`", "build_noop", "check_warm_after_build", "≤ 1.2"),
        (
            "one-issue edit / that issue built alone from nothing (its own project, no `build/`)",
            "one_issue_edit",
            "one_issue_alone",
            "≤ 1.3",
        ),
    ]
    lines = [
        MARKERS[0],
        "## Archive cache and preview (issue 12)",
        "",
        f"{issues} generated issues (see above), every build with `--drafts` (the generated issues",
        f"are not signed), `--jobs 2`, formats: {results.get('formats', 'all')}. Each figure is the",
        "median of fresh processes; CPU is user +",
        "system time of the process and its children, the steadier figure on this shared machine.",
        "",
        "```sh",
        command or f".venv/bin/python benchmarks/run.py --cache {arguments}".rstrip(),
        "```",
        "",
        "| ratio | wall | CPU | target | met (CPU / wall) |",
        "|---|---|---|---|---|",
    ]
    for name, a, b, target in rows:
        limit = float(target.split()[-1])
        wall, cpu = ratio(a, b, "wall"), ratio(a, b, "cpu")
        lines.append(
            f"| {name} ({r[a]['cpu']:.2f} s / {r[b]['cpu']:.2f} s CPU) | {wall:.2f} | {cpu:.2f} "
            f"| {target} | {'yes' if cpu <= limit else 'no'} / {'yes' if wall <= limit else 'no'} |"
        )
    median_s = float(serve["median"])  # type: ignore[arg-type]
    lines += [
        f"| `serve`: save → new title in the page (Chromium, median of "
        f"{len(serve['edits'])} edits; max {serve['max']} s) "  # type: ignore[arg-type]
        f"| {median_s:.2f} s | — | ≤ 0.5 s | {'yes' if median_s <= 0.5 else 'no'} |",
        "",
        "Raw figures (seconds):",
        "",
        "```",
        *(f"{name}: {_brief(results[name])}" for name in ISSUE_12 if name in results),
        "```",
        MARKERS[1],
    ]
    return "\n".join(lines) + "\n"


def write_section(report: Path, text: str, markers: tuple[str, str] = MARKERS) -> None:
    """Put the section (``text``, which starts and ends with ``markers``) into the report,
    replacing the one between the same markers; everything else in the report is kept.
    Without an earlier one, the section goes after the report's first line (its title)."""
    old = report.read_text(encoding="utf-8") if report.exists() else ""
    start, end = old.find(markers[0]), old.find(markers[1])
    if start >= 0 and end > start:
        new = old[:start] + text.rstrip("\n") + old[end + len(markers[1]) :]
    elif old.startswith("# "):
        title, _, rest = old.partition("\n")
        new = title + "\n\n" + text.rstrip("\n") + "\n\n" + rest.lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    report.write_text(new, encoding="utf-8")


def _brief(value: object) -> object:
    """Wall, CPU and peak memory of a measure (the rest is in the run's results.json)."""
    if isinstance(value, dict) and "wall" in value and "cpu" in value:
        keep = ("wall", "cpu", "peak_mb", "main_mb", "workers_mb")
        return {k: value[k] for k in keep if k in value}
    return value
