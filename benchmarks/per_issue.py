"""Per-issue figures of ybbulletin's own renders, and the floors' inputs (a subprocess of run.py).

    .venv/bin/python benchmarks/per_issue.py PROJECT WORK [--sample 20] [--formats docx,pdf] [--inputs]

Loads the generated archive (from the archive cache of PROJECT/build when there
is one), spreads ``--sample`` issues evenly over it and, in this one warm process,
times each format's render function on each of them (the function a build's
worker calls: ``IssueFormat.render(context, view)``), after the format's warm-up
and one untimed render (a worker renders up to 100 issues warm), with the loaded
archive frozen for the garbage collector as a build freezes it before rendering. Wall and CPU
seconds per issue. With ``--inputs`` it also writes what the floors read: the
print HTML of the sampled issues (``print-html/``), their content for raw
python-docx (``word.json``, ``benchmarks/docx_floor.py``), and every article's title and Markdown for raw
Jinja + markdown-it and Hugo (``pages.json``). Writes ``per-issue.json`` in WORK.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import docx_floor  # noqa: E402 - the Word floor's input (the "word" engineer's)


def chosen_views(views: list[Any], sample: int) -> list[Any]:
    step = max(1, len(views) // sample)
    return views[::step][:sample]


def time_renders(fmt: Any, context: Any, views: list[Any]) -> dict[str, object]:
    started = time.perf_counter()
    if fmt.warm_up is not None:
        fmt.warm_up()
    fmt.render(context, views[0])  # untimed: first use of templates, fonts, styles
    warm = time.perf_counter() - started
    walls, cpus = [], []
    for view in views:
        wall, cpu = time.perf_counter(), time.process_time()
        fmt.render(context, view)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "issues": len(views),
        "wall": round(statistics.median(walls), 4),
        "cpu": round(statistics.median(cpus), 4),
        "wall_mean": round(statistics.fmean(walls), 4),
        "cpu_mean": round(statistics.fmean(cpus), 4),
        "warm_up": round(warm, 3),
    }


def write_inputs(
    project: Path, work: Path, archive: Any, views: list[Any], chosen: list[Any]
) -> None:
    from ybbulletin.render.pages import make_environment
    from ybbulletin.render.pdf import print_html

    html_dir = work / "print-html"
    html_dir.mkdir(parents=True, exist_ok=True)
    for old in html_dir.glob("*.html"):
        old.unlink()
    env = make_environment(project, "print")
    for view in chosen:
        (html_dir / f"{view.dir.replace('/', '-')}.html").write_text(
            print_html(env, archive.publication, view), encoding="utf-8"
        )
    # the Word floor's input: the same content as ybbulletin's Word file, and the text alone
    word = {
        "contents": [docx_floor.issue_content(archive, view) for view in chosen],
        "texts": [docx_floor.issue_text(view) for view in chosen],
    }
    (work / "word.json").write_text(json.dumps(word, ensure_ascii=False), encoding="utf-8")
    pages = [(a.title, body_source(a)) for v in views for a in v.articles]
    (work / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")


def body_source(article: Any) -> str:
    entry = article.entry
    if entry.kind == "case_notice":
        return (entry.intro or "") + "\n\n" + "\n\n".join(c.body for c in entry.cases)
    return str(entry.body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--inputs", action="store_true")
    args = parser.parse_args()

    from ybbulletin.archive_cache import CACHE_FILE, ArchiveCache
    from ybbulletin.build import render_context
    from ybbulletin.plan import build_views
    from ybbulletin.project import load_archive
    from ybbulletin.render.registry import FORMATS

    started = time.perf_counter()
    cache = ArchiveCache.load(args.project / "build" / CACHE_FILE)
    archive = load_archive(args.project, cache=cache)
    views = build_views(archive)
    chosen = chosen_views(views, args.sample)
    result: dict[str, object] = {
        "load": round(time.perf_counter() - started, 3),
        "sample": [v.dir for v in chosen],
    }
    if args.inputs:
        write_inputs(args.project, args.work, archive, views, chosen)
        result["pages"] = sum(len(v.articles) for v in views)
    # As a build does before rendering (collector.long_lived): the archive and its views
    # frozen, so the collector's passes during the renders leave them alone, in the build's
    # workers (forked after it) as here. Without it every full pass walks the ~500,000
    # objects of a 500-issue archive: +0.03 s a PDF, a cost the build does not have.
    gc.freeze()
    context = render_context(archive)
    by_name = {fmt.name: fmt for fmt in FORMATS}
    for name in filter(None, args.formats.split(",")):
        result[name] = time_renders(by_name[name], context, chosen)
        print(name, result[name], file=sys.stderr, flush=True)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "per-issue.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
