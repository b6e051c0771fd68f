"""Benchmark ybbulletin on a generated archive against the engines' floors (issues 17 and 12).

    .venv/bin/python benchmarks/run.py --issues 500 --articles 8 --scale 100,2000 \\
        --out /tmp/ybbulletin-bench

One run makes every figure of issue 17 beside its floor, measured minutes apart on
the same archive (``benchmarks/generate.py``: varied texts, deterministic), and the
ratios of issue 12 section 2; each build is a fresh process timed for wall and CPU
seconds (user + system, children included) with the peak resident memory of each
of its processes (``benchmarks/measure.py``):

- site: HTML ``--jobs 2`` cold (no ``build/``), ``--force`` after a build, and warm
  (manifest removed: every page made, archive cache and search terms kept), beside
  Hugo on the same articles as Markdown and raw Jinja + markdown-it in one process;
- Word per issue: ybbulletin's render function in one warm process over ``--sample``
  issues spread over the archive (``benchmarks/per_issue.py``), beside raw
  python-docx on the same texts;
- PDF per issue: ybbulletin's PDF task and raw WeasyPrint on the same print HTML
  (same options, fonts, justification; and variants), taking turns in ONE worker of
  the pool a build renders PDFs in, on the same ``--sample`` issues, with an
  instruction count under callgrind (``benchmarks/pdf_pair.py``), and the Chinese
  justification measured apart (seconds per page with and without);
- memory: an all-formats ``--jobs 2`` build from nothing (main process and workers);
- issue 12: ``check`` warm / cold, no-op build / warm ``check``, one-issue edit /
  that issue alone (all formats), and the preview's save-to-reload in Chromium;
- ``--scale 100,2000``: the same archive at other sizes, the cheaper figures only
  (site, check, no-op, edit, per-issue renders of a few issues, the workers'
  memory on a few issues), for the growth of each figure.

Writes WORK/results.json and the report's issue-17 section (between its markers) in
``--report`` (default docs/benchmarks.md); every other part of the report is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from measure import aside, median, tidy_aside

__all__ = ["floors", "generate", "justification", "main"]

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
YB = [PYTHON, "-m", "ybbulletin"]
# the generated issues are not signed: without --drafts the site would leave every page out
BUILD = YB + ["build", "--drafts"]


# --- floors (the "word" engineer owns FLOOR_DOCX, the "pdf" engineer JUSTIFY and
# justification(); raw WeasyPrint per issue is measured beside ybbulletin's PDF in one
# build worker, benchmarks/pdf_pair.py) ------------------------------------------------


JUSTIFY = """
import io, sys, time, json, statistics
from pathlib import Path
from pypdf import PdfReader
sys.path.insert(0, {repo!r})
import weasyprint
from ybbulletin.render.pdf import _font_config
from ybbulletin.render.justify import cjk_justification
from tests.e2e.test_justify import continued_lines
root = Path({root!r})
htmls = [p.read_text(encoding="utf-8") for p in sorted(Path({html_dir!r}).glob("*.html"))]
css = weasyprint.CSS(filename={css!r})
fc = _font_config()
def render(html):
    return weasyprint.HTML(string=html, base_url=root.as_uri() + "/").write_pdf(
        stylesheets=[css], font_config=fc)
render(htmls[0])
result = {{}}
for name, justified in (("before", False), ("after", True)):
    seconds, gaps, pages = [], [], 0
    for html in htmls:
        times = []
        for _ in range({repeat}):
            started = time.perf_counter()
            if justified:
                with cjk_justification():
                    data = render(html)
            else:
                data = render(html)
            times.append(time.perf_counter() - started)
        seconds.append(statistics.median(times))
        pages += len(PdfReader(io.BytesIO(data)).pages)
        gaps += [line[2] for line in continued_lines(data)]
    gaps.sort()
    result[name] = {{
        "seconds_per_page": sum(seconds) / pages, "pages": pages, "lines": len(gaps),
        "median_pt": statistics.median(gaps), "p90_pt": gaps[int(len(gaps) * 0.9)],
        "max_pt": max(gaps, key=abs), "over_4pt": sum(g >= 4 for g in gaps) / len(gaps),
        "over_half_pt": sum(abs(g) > 0.5 for g in gaps) / len(gaps),
    }}
print(json.dumps(result))
"""


def justification(project: Path, html_dir: Path, repeat: int = 3) -> dict[str, object]:
    """Right edges of continued body lines and seconds per page, without and with render/justify."""
    css = REPO / "ybbulletin/templates/print/print.css"
    script = JUSTIFY.format(
        repo=str(REPO), root=str(project), html_dir=str(html_dir), css=str(css), repeat=repeat
    )
    env_vars = {**os.environ, "FONTCONFIG_FILE": str(REPO / "ybbulletin/fonts/fonts.conf")}
    result = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, env=env_vars)
    if result.returncode:
        raise SystemExit(f"justification figures failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout))


def demo_print_html(target: Path) -> Path:
    """The demo's print HTML, one file per issue (for ``--justification``)."""
    sys.path.insert(0, str(REPO))
    from ybbulletin.project import load_archive
    from ybbulletin.render.pages import make_environment
    from ybbulletin.render.pdf import print_html
    from ybbulletin.site import build_views

    archive = load_archive(REPO)
    env = make_environment(REPO, "print")
    target.mkdir(parents=True, exist_ok=True)
    for view in build_views(archive):
        html = print_html(env, archive.publication, view)
        (target / f"{view.dir.replace('/', '-')}.html").write_text(html, encoding="utf-8")
    return target


FLOOR_DOCX = """
import sys, time, json
from pathlib import Path
sys.path.insert(0, {repo!r})
sys.path.insert(0, {bench!r})
from docx_floor import write_issue, write_text
from ybbulletin.build import render_context
from ybbulletin.project import load_archive
images = dict(render_context(load_archive(Path({root!r}))).images)
work = json.loads(Path({work!r}).read_text(encoding="utf-8"))
write_issue(work["contents"][0], images)
write_text(work["texts"][0])
out = {{"same_content": [], "text_only": [], "same_content_cpu": [], "text_only_cpu": []}}
for content, texts in zip(work["contents"], work["texts"]):
    for name, write, data in (("same_content", write_issue, (content, images)),
                              ("text_only", write_text, (texts,))):
        wall, cpu = time.perf_counter(), time.process_time()
        write(*data)
        out[name].append(time.perf_counter() - wall)
        out[name + "_cpu"].append(time.process_time() - cpu)
print(json.dumps(out))
"""

FLOOR_JINJA = """
import sys, time, json
from pathlib import Path
import jinja2
from markdown_it import MarkdownIt
pages = json.loads(Path({pages!r}).read_text(encoding="utf-8"))
out = Path({out!r})
t = time.perf_counter()
md = MarkdownIt("commonmark", {{"html": False}}).enable("table")
env = jinja2.Environment(autoescape=True)
template = env.from_string(
    "<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>{{{{ title }}}}</title></head>"
    "<body><h1>{{{{ title }}}}</h1>{{{{ body|safe }}}}</body></html>")
for i, (title, body) in enumerate(pages):
    (out / f"{{i}}.html").write_text(template.render(title=title, body=md.render(body)), encoding="utf-8")
print(json.dumps(time.perf_counter() - t))
"""


def _script(script: str, env: dict[str, str] | None = None) -> object:
    """Run one floor script in a fresh process; its JSON answer."""
    result = subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, env=env, cwd=REPO
    )
    if result.returncode:
        raise SystemExit(f"floor script failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def floors(project: Path, work: Path, repeat: int, documents: bool = True) -> dict[str, object]:
    """Raw engines on the inputs per_issue.py --inputs wrote into ``work`` (not WeasyPrint:
    ``pdf_pair.py`` measures it beside ybbulletin's PDF)."""
    pages = json.loads((work / "pages.json").read_text(encoding="utf-8"))
    result: dict[str, object] = {"pages": len(pages)}
    if documents:
        docx = _script(
            FLOOR_DOCX.format(
                repo=str(REPO),
                bench=str(REPO / "benchmarks"),
                root=str(project),
                work=str(work / "word.json"),
            )
        )
        result["docx_per_issue"] = statistics.median(docx["same_content"])  # type: ignore[index]
        result["docx_text_per_issue"] = statistics.median(docx["text_only"])  # type: ignore[index]
        result["docx_cpu_per_issue"] = statistics.median(docx["same_content_cpu"])  # type: ignore[index]
        result["docx_text_cpu_per_issue"] = statistics.median(docx["text_only_cpu"])  # type: ignore[index]
    jinja_out = work / "jinja-out"
    shutil.rmtree(jinja_out, ignore_errors=True)
    jinja_out.mkdir(parents=True)
    result["jinja_markdown_seconds"] = statistics.median(
        float(_script(FLOOR_JINJA.format(pages=str(work / "pages.json"), out=str(jinja_out))))  # type: ignore[arg-type]
        for _ in range(repeat)
    )
    result["hugo"] = hugo_time(work, pages, repeat)
    return result


def hugo_time(work: Path, pages: list[tuple[str, str]], repeat: int) -> dict[str, object] | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    site = hugo_site(work, pages)
    figures = median(repeat, [hugo, "--quiet"], site, hugo_aside(site))
    hugo_tidy(site)
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()
    figures["version"] = version[1] if len(version) > 1 else "?"
    return figures


def hugo_site(work: Path, pages: list[tuple[str, str]]) -> Path:
    """A Hugo site of the same articles as Markdown, with minimal templates."""
    site = work / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content/posts").mkdir(parents=True)
    (site / "layouts/_default").mkdir(parents=True)
    (site / "config.toml").write_text(
        'baseURL = "https://example.gov.cn/"\ntitle = "bench"\n'
        'disableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    (site / "layouts/_default/single.html").write_text(
        "<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
        "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>",
        encoding="utf-8",
    )
    (site / "layouts/_default/list.html").write_text(
        '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>',
        encoding="utf-8",
    )
    for i, (title, body) in enumerate(pages):
        (site / f"content/posts/{i:05d}.md").write_text(
            f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}\n",
            encoding="utf-8",
        )
    return site


def hugo_aside(site: Path) -> Callable[[], None]:
    """What runs before each Hugo run: its last output moved aside (``measure.aside``)."""
    return aside(site / "public")


def hugo_tidy(site: Path) -> None:
    tidy_aside(site / "public")


# --- one run ------------------------------------------------------------------------


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _sizes(project: Path) -> dict[str, float]:
    out = project / "build"
    sizes = {}
    for name, file in (
        ("archive_cache_mb", ".ybbulletin-archive-cache"),
        ("search_terms_mb", ".ybbulletin-search-terms"),
        ("site_texts_mb", ".ybbulletin-site-texts"),
    ):
        if (out / file).is_file():
            sizes[name] = round((out / file).stat().st_size / 2**20, 2)
    sizes["outputs"] = sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0
    return sizes


def full_run(args: argparse.Namespace) -> None:
    import cache_suite
    import report
    import suites

    work: Path = args.out
    work.mkdir(parents=True, exist_ok=True)
    arguments = " ".join(sys.argv[1:])
    results: dict[str, object] = {
        "issues": args.issues,
        "articles": args.articles,
        "repeat": args.repeat,
        "sample": args.sample,
        "scale_sample": args.scale_sample,
        "cold_repeat": args.cold_repeat,
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "started": time.strftime("%H:%M", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
            "load_before": _load(),
        },
        "results_path": str(work / "results.json"),
        "main": {},
        "scale": {},
    }

    def save() -> None:
        results["ended"] = time.strftime("%H:%M", time.gmtime())
        results["machine"]["load_after"] = _load()  # type: ignore[index]
        (work / "results.json").write_text(
            json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        if args.report is not None:
            cache_suite.write_section(
                args.report, report.section(results, arguments), report.MARKERS
            )
            main: dict[str, object] = results["main"]  # type: ignore[assignment]
            if "serve_reload" in main:
                command = f".venv/bin/python benchmarks/run.py {arguments}"
                cache_suite.write_section(
                    args.report, cache_suite.section(main, args.issues, arguments, command)
                )

    def sayer(into: dict[str, object]) -> suites.Say:
        def say(name: str, value: object) -> None:
            into[name] = value
            print(f"{time.strftime('%H:%M:%S', time.gmtime())} {name}: {value}", flush=True)
            save()

        return say

    project = work / "archive"
    print(f"generating {args.issues} × {args.articles} in {project}", flush=True)
    generate(project, args.issues, args.articles)
    main_results: dict[str, object] = results["main"]  # type: ignore[assignment]
    say = sayer(main_results)
    suites.full(
        project, work, args.repeat, args.sample, say, args.cold_repeat, args.pdf_instructions
    )
    say("sizes", _sizes(project))
    if not args.no_serve:  # before the other sizes: a run cut short still has issue 12's figures
        say("serve_reload", cache_suite.serve_latency(project, 10))
    for n in args.scale:
        into: dict[str, object] = {}
        results["scale"][str(n)] = into  # type: ignore[index]
        scale_work = work / f"scale-{n}"
        print(f"generating {n} × {args.articles} in {scale_work / 'archive'}", flush=True)
        generate(scale_work / "archive", n, args.articles)
        scale_say = sayer(into)
        suites.scale(
            scale_work / "archive", scale_work, args.scale_sample, scale_say, not args.no_scale_cold
        )
        scale_say("sizes", _sizes(scale_work / "archive"))
    save()
    if args.report is not None:
        print(args.report.read_text(encoding="utf-8"))


def precompile() -> None:
    """Byte-compile ybbulletin once, as installing its wheel does. With
    ``PYTHONDONTWRITEBYTECODE`` set (this machine's environment sets it) every measured
    process would otherwise compile ~50 of its modules from source, ~0.1 s a run that no
    installed copy pays (runs before 2026-11-30 14:00 paid it on both sides of each ratio)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "compileall", "-q", str(REPO / "ybbulletin")]
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cheap measurement")
    parser.add_argument("--sample", type=int, default=20, help="issues for the per-issue figures")
    parser.add_argument(
        "--scale",
        type=lambda text: [int(n) for n in text.split(",") if n and int(n)],
        default=[],
        help="other archive sizes (issues, comma-separated) for the growth of each figure",
    )
    parser.add_argument("--cold-repeat", type=int, default=1, help="runs of the cold site build")
    parser.add_argument("--scale-sample", type=int, default=5, help="per-issue sample there")
    parser.add_argument(
        "--pdf-instructions",
        type=int,
        default=2,
        help="issues whose PDF instructions callgrind counts (~2 min each; 0: none)",
    )
    parser.add_argument("--no-scale-cold", action="store_true", help="no cold site at other sizes")
    parser.add_argument("--no-serve", action="store_true", help="leave out the preview's latency")
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "ybbulletin-bench"
    )
    parser.add_argument("--report", type=Path, default=REPO / "docs/benchmarks.md")
    parser.add_argument("--no-report", dest="report", action="store_const", const=None)
    parser.add_argument(
        "--justification",
        action="store_true",
        help="only the Chinese justification on the demo: right edges and seconds per page",
    )
    parser.add_argument(
        "--site", action="store_true", help="only the HTML site figures (no report)"
    )
    parser.add_argument(
        "--cache",
        action="store_true",
        help="only the archive cache and preview ratios (issue 12), as a section of the report",
    )
    parser.add_argument(
        "--cache-formats", default="", help="formats of the --cache builds (default: all)"
    )
    parser.add_argument(
        "--cache-serve",
        action="store_true",
        help="only the preview's save-to-reload latency again, with the last --cache figures",
    )
    args = parser.parse_args()
    precompile()
    work = args.out
    if args.cache or args.cache_serve:
        from cache_suite import run_suite, section, serve_latency, write_section

        project = work / "archive"
        saved = work / "cache-results.json"
        if args.cache_serve:  # the preview again, beside the figures of the last --cache run
            results = json.loads(saved.read_text(encoding="utf-8"))
            results["serve_reload"] = serve_latency(project, 10)
        else:
            print(f"generating {args.issues} × {args.articles} in {project}", flush=True)
            generate(project, args.issues, args.articles)
            results = run_suite(project, work, args.repeat, args.cache_formats)
            results["formats"] = args.cache_formats or "all"
        saved.write_text(json.dumps(results, indent=1), encoding="utf-8")
        arguments = " ".join(a for a in sys.argv[1:] if a not in ("--cache", "--cache-serve"))
        if args.report is not None:
            write_section(args.report, section(results, args.issues, arguments))
        print(section(results, args.issues, arguments))
        return
    if args.justification:
        html_dir = demo_print_html(work / "demo-print-html")
        print(json.dumps(justification(REPO, html_dir, args.repeat), indent=1))
        return
    if args.site:
        import suites

        project = work / "archive"
        generate(project, args.issues, args.articles)
        figures: dict[str, object] = {}

        def say(name: str, value: object) -> None:
            figures[name] = value
            print(f"{name}: {value}", flush=True)

        suites.site(project, args.repeat, say)
        (work / "site-results.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
        return
    full_run(args)


if __name__ == "__main__":
    main()
