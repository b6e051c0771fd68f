"""The parts of a benchmark run (``run.py``): the site, the per-issue renders, memory,
the issue-12 ratios, each measured into ``say(name, figures)``."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import cache_suite
from measure import aside, interleaved, median, tidy_aside, timed

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = sys.executable
YB = [PYTHON, "-m", "ybbulletin"]
BUILD = YB + ["build", "--drafts"]
MANIFEST = ".ybbulletin-manifest"  # ybbulletin/cache.py
SITE_TEXTS = ".ybbulletin-site-texts"  # render/text_memo.py

Say = Callable[[str, object], None]


def site(project: Path, repeat: int, say: Say, cold_repeat: int = 1, jobs1: bool = True) -> None:
    """The HTML site: from nothing, ``--force`` after a build (and again without the site's
    kept texts), warm (manifest removed: every page made again, the archive cache, the
    search terms and the site's texts kept), no-op."""
    out = project / "build"
    html = BUILD + ["--formats", "html"]

    def manifest_gone() -> None:
        (out / MANIFEST).unlink(missing_ok=True)

    def texts_gone() -> None:
        (out / SITE_TEXTS).unlink(missing_ok=True)

    if cold_repeat:
        try:
            cold = median(cold_repeat, html + ["--jobs", "2"], project, aside(out))
        finally:
            tidy_aside(out)
        say("html_cold_jobs2", cold)
    say("html_force_jobs2", median(repeat, html + ["--jobs", "2", "--force"], project))
    say("html_warm_jobs2", median(repeat, html + ["--jobs", "2"], project, manifest_gone))
    # the same --force build with the site's texts not kept (as after an upgrade of
    # ybbulletin with the archive cache still of the same content): every text parsed
    # and rendered again
    say(
        "html_force_texts_jobs2",
        median(repeat, html + ["--jobs", "2", "--force"], project, texts_gone),
    )
    if jobs1:
        say("html_warm_jobs1", median(1, html + ["--jobs", "1"], project, manifest_gone))
    say("html_noop_jobs2", median(repeat, html + ["--jobs", "2"], project))
    target = cache_suite.middle_issue(project)
    original = target.read_text(encoding="utf-8")
    counter = iter(range(10_000))

    def edit() -> None:
        target.write_text(original.replace("。", f"。{next(counter)}", 1), encoding="utf-8")

    try:
        say("html_edit_jobs2", median(repeat, html + ["--jobs", "2"], project, edit))
    finally:
        target.write_text(original, encoding="utf-8")


def versus_hugo(
    project: Path, work: Path, pairs: int, cold_pairs: int
) -> dict[str, object] | None:
    """The site builds of ``site`` again, each run taking turns with Hugo on the same
    articles (its site made by ``floors``): ``pairs`` of each, ``cold_pairs`` from nothing.
    Each ratio is the median of ybbulletin / Hugo over pairs of runs made seconds apart."""
    from run import hugo_aside, hugo_tidy

    hugo = shutil.which("hugo")
    other = work / "hugo"
    if hugo is None or not (other / "config.toml").is_file():
        return None
    out = project / "build"
    html = BUILD + ["--formats", "html", "--jobs", "2"]
    first = ([hugo, "--quiet"], other, hugo_aside(other))

    def manifest_gone() -> None:
        (out / MANIFEST).unlink(missing_ok=True)

    result: dict[str, object] = {}
    try:
        timed(html, project)  # the caches of the site's last build (per_issue's renders since)
        result["force"] = interleaved(pairs, first, (html + ["--force"], project, None))
        result["warm"] = interleaved(pairs, first, (html, project, manifest_gone))
        if cold_pairs:
            result["cold"] = interleaved(cold_pairs, first, (html, project, aside(out)))
    finally:
        hugo_tidy(other)
        tidy_aside(out)
    return result


def per_issue(
    project: Path, work: Path, sample: int, formats: str, say: Say, inputs: bool = True
) -> None:
    """ybbulletin's own per-issue renders in one warm process (and the floors' inputs)."""
    command = [PYTHON, str(BENCH / "per_issue.py"), str(project), str(work)]
    command += ["--sample", str(sample), "--formats", formats]
    if inputs:
        command.append("--inputs")
    measured = timed(command, REPO)
    figures = json.loads((work / "per-issue.json").read_text(encoding="utf-8"))
    figures["process"] = measured.figures()
    say("per_issue", figures)


def pdf_pair(project: Path, work: Path, sample: int, instructions: int, say: Say) -> None:
    """PDF per issue and raw WeasyPrint taking turns in one build worker (``pdf_pair.py``)."""
    command = [PYTHON, str(BENCH / "pdf_pair.py"), str(project), str(work)]
    command += ["--sample", str(sample), "--instructions", str(instructions)]
    measured = timed(command, REPO)
    figures = json.loads((work / "pdf-pair.json").read_text(encoding="utf-8"))
    figures.pop("raw", None)
    figures["process"] = measured.figures()
    say("pdf_pair", figures)


def memory_probe(project: Path, issues: int, say: Say) -> None:
    """Word and PDF of ``issues`` issues in ``--jobs 2`` workers forked from a main
    process that loaded the whole archive: what the archive's size costs each process."""
    files = sorted((project / "content/issues").glob("*/*.yaml"))
    step = max(1, len(files) // issues)
    only = []
    for path in files[::step][:issues]:
        only += ["--only", f"{path.parent.name}/{path.stem}"]
    command = BUILD + ["--formats", "docx,pdf", "--jobs", "2", *only]
    say("memory_probe", median(1, command, project))


def full(
    project: Path,
    work: Path,
    repeat: int,
    sample: int,
    say: Say,
    cold_repeat: int = 1,
    pdf_instructions: int = 2,
) -> None:
    """Every figure at the run's main size (the 500-issue archive of issue 17)."""
    from run import floors, justification

    shutil.rmtree(project / "build", ignore_errors=True)
    cache_suite.check_figures(project, repeat, say)
    site(project, repeat, say, cold_repeat=cold_repeat)
    per_issue(project, work, sample, "docx", say)
    pdf_pair(project, work, sample, pdf_instructions, say)
    say("floors", floors(project, work, repeat))
    say("versus_hugo", versus_hugo(project, work, 2 * repeat, cold_repeat))
    say("justification", justification(project, work / "print-html", 1))
    cache_suite.build_figures(project, work, repeat, "", say, clean=True)


def scale(project: Path, work: Path, sample: int, say: Say, cold: bool = True) -> None:
    """The cheaper figures at another size, one run each, for the growth of each figure."""
    from run import floors

    shutil.rmtree(project / "build", ignore_errors=True)
    cache_suite.check_figures(project, 1, say)
    site(project, 1, say, cold_repeat=1 if cold else 0, jobs1=False)
    per_issue(project, work, sample, "docx", say)
    pdf_pair(project, work, sample, 0, say)
    say("floors", floors(project, work, 1, documents=False))
    memory_probe(project, 4, say)
