"""Incremental == fresh, under random edits: the property every build cache rests on.

A project (the demo, or a small generated archive) is built into A; then, step by step,
one random valid edit (``tests/fuzz_edits.py``, ``tests/fuzz_settings.py``) is applied,
A is built again (incrementally; sometimes with ``--force``) and the same project is
built from nothing into B, with the same options, and the two trees must be equal byte
for byte (bookkeeping files aside). An edit that makes the project invalid must fail
both builds and leave A as it was; it is then undone. Seeded: a failing step is printed
with its seed, its edit and the project's diff, and replays with the same arguments.

    .venv/bin/python -m tests.fuzz_run --seed 1 --steps 200 --formats html,wechat,docx
    .venv/bin/python -m tests.fuzz_run --seed 7 --steps 20 --formats html,pdf --base gen:6
    .venv/bin/python -m tests.fuzz_run --seed 3 --steps 100 --serve   # the preview's path

A is built in this process (as ``serve`` does: process-wide memos live on between
builds); B in a new process by default (``--fresh-here`` builds it here too: faster, but
a stale process-wide memo would then be stale in both).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests import fuzz_issues, fuzz_settings  # noqa: F401 - register their edits
from tests.conftest import REPO, copy_project
from tests.fuzz_edits import EDITS, Project
from tests.fuzz_trees import compare, restore, snapshot, text_diff, tree
from ybbulletin.errors import Diagnostics

__all__ = ["Failure", "Options", "run"]


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...] = ("html", "wechat", "docx")
    drafts: bool = True
    jobs: int = 1
    force_rate: float = 0.1  # how often A's build is a --force one
    #: how often A is first built with other options (--only one issue, fewer formats,
    #: drafts shown or not), before the build compared
    detour_rate: float = 0.1
    fresh_here: bool = False  # B built in this process (faster) instead of a new one
    serve: bool = False  # A is the preview's incremental builder (html, wechat)
    only: tuple[str, ...] = ()  # edits to draw from (names in EDITS); all when empty


@dataclass
class Failure:
    seed: int
    step: int
    edit: str
    said: str
    project_diff: str
    files: list[str]
    detail: str

    def __str__(self) -> str:
        return (
            f"STALE OUTPUT: seed {self.seed} step {self.step}: {self.edit}: {self.said}\n"
            f"differing files ({len(self.files)}): {self.files[:20]}\n"
            f"{self.detail}\n--- the edit ---\n{self.project_diff}"
        )


@dataclass
class Tally:
    steps: int = 0
    applied: int = 0
    invalid: int = 0
    forced: int = 0
    by_edit: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def make_project(base: str, target: Path) -> Path:
    """The demo (``demo``) or a generated archive (``gen:N``: N issues of 4 entries)."""
    if base == "demo":
        copy_project(REPO, target)
        return target
    count = int(base.partition(":")[2] or 6)
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate

    generate.generate(target, count, 4)
    return target


class Builds:
    """A's builds (here, or the preview's builder) and B's fresh ones."""

    def __init__(self, root: Path, work: Path, options: Options) -> None:
        self.root, self.options = root, options
        self.a, self.b = work / "A", work / "B"
        self.builder = None
        self.said_a: list[str] = []  # the last builds' messages (B's only when built here)
        self.said_b: list[str] = []
        if options.serve:
            from ybbulletin.serve.builder import Builder
            from ybbulletin.serve.state import PreviewState

            self.state = PreviewState()
            self.builder = Builder(root, self.a, self.state, lambda said: None)

    def kwargs(self) -> dict[str, object]:
        if self.options.serve:
            return {
                "formats": ("html", "wechat"),
                "links": ["pdf", "docx"],
                "drafts": True,
                "later": ("search",),
            }
        return {"formats": self.options.formats, "drafts": self.options.drafts}

    def incremental(
        self, force: bool, changed: set[str], detour: dict[str, object] | None = None
    ) -> bool:
        """Build A (first with the ``detour`` options, if any); False when the content
        is refused."""
        from ybbulletin.build import build
        from ybbulletin.errors import ContentError, UsageError

        if self.builder is not None:
            self.builder.rebuild(changed or None)
            self.builder.settle()
            return not self.state.report.errors
        try:
            if detour:
                with contextlib.suppress(UsageError):  # --only an issue no longer there
                    build(self.root, self.a, jobs=self.options.jobs, **{**self.kwargs(), **detour})  # type: ignore[arg-type]
            result = build(self.root, self.a, jobs=self.options.jobs, force=force, **self.kwargs())  # type: ignore[arg-type]
        except ContentError as error:
            self.said_a = told(error.diagnostics)
            return False
        self.said_a = told(result.diagnostics)
        return True

    def fresh(self) -> bool:
        shutil.rmtree(self.b, ignore_errors=True)
        kwargs = self.kwargs()
        if self.options.fresh_here or self.options.serve:
            from ybbulletin.build import build
            from ybbulletin.errors import ContentError

            try:
                result = build(self.root, self.b, jobs=self.options.jobs, **kwargs)  # type: ignore[arg-type]
            except ContentError as error:
                self.said_b = told(error.diagnostics)
                return False
            self.said_b = told(result.diagnostics)
            return True
        command = [
            sys.executable,
            "-m",
            "ybbulletin",
            "build",
            "--project",
            str(self.root),
            "--out",
            str(self.b),
            "--formats",
            ",".join(kwargs["formats"]),  # type: ignore[arg-type]
            "--jobs",
            str(self.options.jobs),
        ] + (["--drafts"] if kwargs["drafts"] else [])
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"fresh build crashed ({done.returncode}):\n{done.stderr[-3000:]}")
        return done.returncode == 0

    def compare(self) -> tuple[list[str], str]:
        if not self.options.serve:
            files, detail = compare(self.a, self.b)
            if self.options.fresh_here and self.said_a != self.said_b:  # a cached issue's too
                files.append("(the build's messages)")
                lines = difflib.unified_diff(self.said_b, self.said_a, "fresh", "incremental", n=0)
                detail += "\n" + "\n".join(list(lines)[:20])
            return files, detail
        # the preview folder keeps its own bookkeeping; compare what the fresh build made
        from ybbulletin.cache import Manifest

        wanted = set(Manifest.load(self.b).entries)
        on_disk = {
            p.relative_to(self.a).as_posix()
            for top in ("site", "wechat")
            for p in (self.a / top).rglob("*")
            if p.is_file()
        }
        files = sorted(wanted ^ on_disk)
        for name in sorted(wanted & on_disk):
            if (self.a / name).read_bytes() != (self.b / name).read_bytes():
                files.append(name)
        detail = ""
        for name in files:
            if (self.a / name).is_file() and (self.b / name).is_file():
                detail = "\n".join(
                    list(
                        difflib.unified_diff(
                            (self.b / name).read_text(errors="replace").splitlines(),
                            (self.a / name).read_text(errors="replace").splitlines(),
                            f"fresh/{name}",
                            f"preview/{name}",
                            n=0,
                            lineterm="",
                        )
                    )[:30]
                )
                break
        return files, detail


def told(diagnostics: Diagnostics) -> list[str]:
    return [d.format() for d in diagnostics.sorted()]


def _detour(rng: random.Random, options: Options, project: Project) -> dict[str, object] | None:
    """Other options for a build of A before the one compared, or None."""
    if rng.random() >= options.detour_rate:
        return None
    which = rng.choice(("only", "formats", "drafts"))
    if which == "only":
        path = rng.choice(project.issue_files())
        return {"only": [f"{path.parent.name}/{path.stem}"]}
    if which == "formats" and len(options.formats) > 1:
        return {
            "formats": tuple(rng.sample(options.formats, rng.randint(1, len(options.formats) - 1)))
        }
    return {"drafts": not options.drafts}


def run(
    seed: int,
    steps: int,
    work: Path,
    options: Options = Options(),
    base: str = "demo",
    say: Callable[[str], None] = print,
    stop_at_failure: bool = True,
) -> Tally:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    root = make_project(base, work / "project")
    rng = random.Random(seed)
    project = Project(root, rng)
    builds = Builds(root, work, options)
    tally = Tally()
    assert builds.incremental(False, set()), "the base project does not build"
    names = sorted(options.only or EDITS)
    weights = [max(1, EDITS[name][0]) if options.only else EDITS[name][0] for name in names]
    for step in range(1, steps + 1):
        tally.steps += 1
        name = rng.choices(names, weights)[0]
        before = snapshot(root)
        said = EDITS[name][1](project)
        after = snapshot(root)
        if said is None or before == after:
            continue
        changed = {n for n in set(before) | set(after) if before.get(n) != after.get(n)}
        force = not options.serve and rng.random() < options.force_rate
        detour = None if options.serve else _detour(rng, options, project)
        a_before = tree(builds.a)
        ok_a = builds.incremental(force, changed, detour)
        ok_b = builds.fresh()
        diff = text_diff(before, after)
        if not ok_a or not ok_b:
            if ok_a != ok_b:
                failure = Failure(
                    seed,
                    step,
                    name,
                    said,
                    diff,
                    [],
                    f"incremental build {'passed' if ok_a else 'refused'}, "
                    f"fresh build {'passed' if ok_b else 'refused'}",
                )
            elif tree(builds.a) != a_before and not options.serve:
                failure = Failure(seed, step, name, said, diff, [], "a refused build changed A")
            elif options.fresh_here and not options.serve and builds.said_a != builds.said_b:
                detail = "\n".join(difflib.unified_diff(builds.said_b, builds.said_a, n=0))
                failure = Failure(seed, step, name, said, diff, [], f"messages differ:\n{detail}")
            else:
                tally.invalid += 1
                say(f"step {step}: {name}: {said}: refused by both builds, undone")
                restore(root, before)
                if options.serve:  # the preview learns of the undo as of any save
                    builds.incremental(False, changed)
                continue
            tally.failures.append(failure)
            say(str(failure))
            if stop_at_failure:
                return tally
            restore(root, before)
            continue
        tally.applied += 1
        tally.forced += force
        tally.by_edit[name] = tally.by_edit.get(name, 0) + 1
        files, detail = builds.compare()
        if detour:
            said += f" [A first built with {detour}]"
        say(
            f"step {step}: {name}{' (--force)' if force else ''}: {said}: "
            f"{'OK' if not files else f'{len(files)} FILES DIFFER'}"
        )
        if files:
            failure = Failure(seed, step, name, said, diff, files, detail)
            tally.failures.append(failure)
            say(str(failure))
            if stop_at_failure:
                return tally
            # go on from a clean A (a fresh build's copy)
            shutil.rmtree(builds.a, ignore_errors=True)
            builds.incremental(False, set())
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=1, help="run this many seeds from --seed")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--base", default="demo", help="demo or gen:N")
    parser.add_argument("--formats", default="html,wechat,docx")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-drafts", action="store_true")
    parser.add_argument("--force-rate", type=float, default=0.1)
    parser.add_argument("--detour-rate", type=float, default=0.1)
    parser.add_argument("--fresh-here", action="store_true")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated edit names")
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("--work", default=f"/tmp/fuzz-{os.getpid()}")
    args = parser.parse_args()
    options = Options(
        formats=tuple(args.formats.split(",")),
        drafts=not args.no_drafts,
        jobs=args.jobs,
        force_rate=args.force_rate,
        detour_rate=args.detour_rate,
        fresh_here=args.fresh_here,
        serve=args.serve,
        only=tuple(filter(None, args.only.split(","))),
    )
    total = Tally()
    for seed in range(args.seed, args.seed + args.seeds):
        started = time.monotonic()
        tally = run(
            seed,
            args.steps,
            Path(args.work) / str(seed),
            options,
            args.base,
            stop_at_failure=not args.keep_going,
        )
        print(
            f"seed {seed}: {tally.applied} edits built and compared, {tally.invalid} refused "
            f"and undone, {tally.forced} with --force, {len(tally.failures)} failures, "
            f"{time.monotonic() - started:.0f} s; by edit: {tally.by_edit}",
            flush=True,
        )
        total.applied += tally.applied
        total.invalid += tally.invalid
        total.failures += tally.failures
    print(
        f"TOTAL: {total.applied} edits compared, {total.invalid} refused, "
        f"{len(total.failures)} failures"
    )
    return 1 if total.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
