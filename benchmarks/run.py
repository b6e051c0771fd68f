"""Benchmark ybbulletin on a generated archive against the engines' floors.

    .venv/bin/python benchmarks/run.py [--issues 500] [--articles 8] [--repeat 3] [--out DIR]

Generates an archive of ``--issues`` issues × ``--articles`` entries from the demo
bulletin (images and tables included), then measures, each as a fresh process:
full build per format, ``--jobs 1`` vs ``--jobs 2`` on PDFs, a no-op rebuild, a
one-issue edit, one issue built alone, start-up of ``--help`` and ``check``, peak
memory; and beside them the floors on the same input: raw WeasyPrint on the same
print HTML, raw Jinja + markdown-it on the same pages, raw python-docx on the same
text, and Hugo (Debian package) on the same articles as Markdown. Writes
``docs/benchmarks.md`` (medians and ratios) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
YB = [PYTHON, "-m", "ybbulletin"]
# the generated issues are not signed: without --drafts the site would leave every page out
BUILD = YB + ["build", "--drafts"]


# --- the archive ------------------------------------------------------------------


def generate(target: Path, issues: int, articles: int) -> None:
    """An archive like the demo, ``issues`` regular issues of ``articles`` entries each."""
    sys.path.insert(0, str(REPO))
    from PIL import Image

    from ybbulletin.project import load_archive

    demo = load_archive(REPO)
    entries = [(a.located, i) for a in demo.issues for i in range(len(a.issue.entries))]
    texts = []
    for located, index in entries:
        raw = located.lines
        node = located.data["entries"][index]
        texts.append((node, located, index, raw))
    shutil.rmtree(target, ignore_errors=True)
    (target / "content/issues").mkdir(parents=True)
    settings = (REPO / "ybbulletin.yaml").read_text(encoding="utf-8")
    (target / "ybbulletin.yaml").write_text(
        settings.replace("first_total: 39", "first_total: 1"), encoding="utf-8"
    )
    per_year = 50
    first_year = 2025 - (issues - 1) // per_year
    for n in range(issues):
        year, number = first_year + n // per_year, n % per_year + 1
        folder = target / "content/issues" / str(year)
        if not (folder / "images").exists():
            (folder / "images").mkdir(parents=True)
            image = Image.new("RGB", (1200, 800), (200, 40 + year % 50, 40))
            image.save(folder / "images/现场.png")
        day = 1 + (number * 7) % 360
        date = f"{year}-{(day - 1) // 30 + 1:02d}-{(day - 1) % 30 + 1:02d}"
        lines = [f"year: {year}", f"number: {number}", f"date: {date}", "entries:"]
        for k in range(articles):
            node, _located, _index, _raw = texts[(n * articles + k) % len(texts)]
            entry = dict(node)
            entry["title"] = f"{entry['title']}（{year}-{number}-{k + 1}）"
            if k == 0 and "body" in entry:
                entry["body"] = entry["body"] + "\n![现场](images/现场.png)\n"
            lines.append(_yaml_entry(entry))
        (folder / f"{number:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _yaml_entry(entry: dict[str, object]) -> str:
    """One entry as YAML: JSON for the scalar fields is valid YAML and keeps it simple."""
    out = []
    first = True
    for key, value in entry.items():
        prefix = "  - " if first else "    "
        first = False
        if isinstance(value, str) and "\n" in value:
            body = "\n".join(
                ("      " + line) if line else "" for line in value.rstrip("\n").split("\n")
            )
            out.append(f"{prefix}{key}: |\n{body}")
        else:
            out.append(f"{prefix}{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
    return "\n".join(out)


# --- measuring ---------------------------------------------------------------------


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time (s) and peak RSS (MB, the largest process of the run) of one command."""
    # stderr goes to a file: thousands of 校对 warnings would fill a pipe and block the build
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            errors.seek(0)
            raise SystemExit(
                f"failed ({status}): {' '.join(command)}\n{errors.read().decode()[-3000:]}"
            )
    return elapsed, usage.ru_maxrss // 1024


def median_of(
    repeat: int, command: list[str], cwd: Path, before: object = None
) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(repeat):
        if callable(before):
            before()
        elapsed, peak = run(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


FLOOR_WEASYPRINT = """
import sys, time, json
from pathlib import Path
sys.path.insert(0, {repo!r})
from ybbulletin.render.pdf import use_fonts_conf
use_fonts_conf()
import weasyprint
root = Path({root!r})
htmls = [p.read_text(encoding="utf-8") for p in sorted(Path({html_dir!r}).glob("*.html"))]
css = weasyprint.CSS(filename={css!r})
from weasyprint.text.fonts import FontConfiguration
fc = FontConfiguration()
weasyprint.HTML(string=htmls[0], base_url=root.as_uri() + "/").write_pdf(stylesheets=[css], font_config=fc)
times = []
for html in htmls:
    t = time.perf_counter()
    weasyprint.HTML(string=html, base_url=root.as_uri() + "/").write_pdf(stylesheets=[css], font_config=fc)
    times.append(time.perf_counter() - t)
print(json.dumps(times))
"""

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
times, text_times = [], []
for content, texts in zip(work["contents"], work["texts"]):
    t = time.perf_counter()
    write_issue(content, images)
    times.append(time.perf_counter() - t)
    t = time.perf_counter()
    write_text(texts)
    text_times.append(time.perf_counter() - t)
print(json.dumps({{"same_content": times, "text_only": text_times}}))
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


def floors(project: Path, work: Path, sample: int) -> dict[str, object]:
    """Raw engines on the same input."""
    sys.path.insert(0, str(REPO))
    from ybbulletin.project import load_archive
    from ybbulletin.render.pages import make_environment
    from ybbulletin.render.pdf import print_html
    from ybbulletin.site import build_views

    archive = load_archive(project)
    views = build_views(archive)
    step = max(1, len(views) // sample)
    chosen = views[::step][:sample]
    html_dir = work / "print-html"
    html_dir.mkdir(parents=True, exist_ok=True)
    env = make_environment(project, "print")
    for view in chosen:
        (html_dir / f"{view.dir.replace('/', '-')}.html").write_text(
            print_html(env, archive.publication, view), encoding="utf-8"
        )
    sys.path.insert(0, str(REPO / "benchmarks"))
    from docx_floor import issue_content, issue_text

    word = {
        "contents": [issue_content(archive, view) for view in chosen],
        "texts": [issue_text(view) for view in chosen],
    }
    (work / "word.json").write_text(json.dumps(word, ensure_ascii=False), encoding="utf-8")
    css = REPO / "ybbulletin/templates/print/print.css"
    env_vars = {**os.environ, "FONTCONFIG_FILE": str(REPO / "ybbulletin/fonts/fonts.conf")}
    weasy = json.loads(
        subprocess.run(
            [
                PYTHON,
                "-c",
                FLOOR_WEASYPRINT.format(
                    repo=str(REPO), root=str(project), html_dir=str(html_dir), css=str(css)
                ),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env_vars,
        ).stdout
    )
    docx = json.loads(
        subprocess.run(
            [
                PYTHON,
                "-c",
                FLOOR_DOCX.format(
                    repo=str(REPO),
                    bench=str(REPO / "benchmarks"),
                    root=str(project),
                    work=str(work / "word.json"),
                ),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    pages = [
        (a.title, tokens_source)
        for v in views
        for a in v.articles
        for tokens_source in [_body_source(archive, a)]
    ]
    (work / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    jinja_out = work / "jinja-out"
    jinja_out.mkdir(exist_ok=True)
    jinja = statistics.median(
        float(
            subprocess.run(
                [
                    PYTHON,
                    "-c",
                    FLOOR_JINJA.format(pages=str(work / "pages.json"), out=str(jinja_out)),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(3)
    )
    hugo = hugo_time(work, pages)
    return {
        "sample_issues": len(chosen),
        "weasyprint_per_issue": statistics.median(weasy),
        "docx_per_issue": statistics.median(docx["same_content"]),
        "docx_text_per_issue": statistics.median(docx["text_only"]),
        "jinja_markdown_pages": len(pages),
        "jinja_markdown_seconds": jinja,
        "hugo_seconds": hugo,
    }


def _body_source(archive: object, article: object) -> str:
    entry = article.entry  # type: ignore[attr-defined]
    if entry.kind == "case_notice":
        return (entry.intro or "") + "\n\n" + "\n\n".join(c.body for c in entry.cases)
    return str(entry.body)


def hugo_time(work: Path, pages: list[tuple[str, str]]) -> float | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
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
    times = []
    for _ in range(3):
        shutil.rmtree(site / "public", ignore_errors=True)
        times.append(run([hugo, "--quiet"], site)[0])
    return statistics.median(times)


# --- the report ---------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cheap measurement")
    parser.add_argument("--sample", type=int, default=20, help="issues for the per-issue floors")
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "ybbulletin-bench"
    )
    parser.add_argument("--report", type=Path, default=REPO / "docs/benchmarks.md")
    parser.add_argument(
        "--justification",
        action="store_true",
        help="only the Chinese justification on the demo: right edges and seconds per page",
    )
    parser.add_argument(
        "--site",
        action="store_true",
        help="only the HTML site: cold, warm (manifest gone, caches kept) and one-issue builds",
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
        write_section(args.report, section(results, args.issues, arguments))
        print(section(results, args.issues, arguments))
        return
    if args.site:
        site_suite(work / "archive", args.issues, args.articles, args.repeat)
        return
    if args.justification:
        html_dir = demo_print_html(work / "demo-print-html")
        print(json.dumps(justification(REPO, html_dir, args.repeat), indent=1))
        return
    project = work / "archive"
    print(f"generating {args.issues} issues × {args.articles} articles in {project}", flush=True)
    generate(project, args.issues, args.articles)
    out = project / "build"
    results: dict[str, object] = {}

    def clean() -> None:
        shutil.rmtree(out, ignore_errors=True)

    def measure(name: str, command: list[str], repeat: int, before: object = None) -> None:
        elapsed, peak = median_of(repeat, command, project, before)
        results[name] = {"seconds": round(elapsed, 3), "peak_mb": peak}
        print(f"{name}: {elapsed:.2f} s, peak {peak} MB", flush=True)

    measure("help", YB + ["--help"], 5)
    measure("check_demo", YB + ["--project", str(REPO), "check"], 5)
    measure("check_archive", YB + ["check"], args.repeat)
    measure("html_full", BUILD + ["--formats", "html", "--force"], args.repeat, clean)
    measure("docx_full", BUILD + ["--formats", "docx", "--force"], 1, clean)
    measure("pdf_full_jobs1", BUILD + ["--formats", "pdf", "--jobs", "1", "--force"], 1, clean)
    measure("pdf_full_jobs2", BUILD + ["--formats", "pdf", "--jobs", "2", "--force"], 1, clean)
    measure("all_full_jobs2", BUILD + ["--jobs", "2"], 1, clean)
    measure("noop", BUILD + ["--jobs", "2"], args.repeat)
    edit_target = sorted((project / "content/issues").glob("*/*.yaml"))[
        len(list((project / "content/issues").glob("*/*.yaml"))) // 2
    ]
    original = edit_target.read_text(encoding="utf-8")
    counter = iter(range(1000))

    def edit() -> None:
        edit_target.write_text(original.replace("。", f"。{next(counter)}", 1), encoding="utf-8")

    measure("one_issue_edit", BUILD + ["--jobs", "2"], args.repeat, edit)
    edit_target.write_text(original, encoding="utf-8")
    alone = work / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    (alone / "content/issues" / edit_target.parent.name).mkdir(parents=True)
    shutil.copy(project / "ybbulletin.yaml", alone / "ybbulletin.yaml")
    shutil.copy(edit_target, alone / "content/issues" / edit_target.parent.name)
    shutil.copytree(
        edit_target.parent / "images", alone / "content/issues" / edit_target.parent.name / "images"
    )
    alone_time, alone_peak = median_of(args.repeat, BUILD + ["--force"], alone)
    results["one_issue_alone"] = {"seconds": round(alone_time, 3), "peak_mb": alone_peak}
    print(f"one_issue_alone: {alone_time:.2f} s", flush=True)
    results["floors"] = floors(project, work, args.sample)
    print(json.dumps(results["floors"], indent=1), flush=True)
    results["justification"] = justification(project, work / "print-html")
    print(json.dumps(results["justification"], indent=1), flush=True)
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }
    results["issues"], results["articles"] = args.issues, args.articles
    (work / "results.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    report = render_report(results, " ".join(sys.argv[1:]))
    args.report.write_text(report, encoding="utf-8")
    print(report)


def site_suite(project: Path, issues: int, articles: int, repeat: int) -> None:
    """The HTML site alone (issue 17): cold and warm full builds at jobs 1 and 2, and a
    one-issue edit with and without the search terms kept from the last run."""
    print(f"generating {issues} issues × {articles} articles in {project}", flush=True)
    generate(project, issues, articles)
    out = project / "build"
    html = BUILD + ["--formats", "html"]
    results: dict[str, object] = {}

    def clean() -> None:
        shutil.rmtree(out, ignore_errors=True)

    def manifest_gone() -> None:  # every page made again; archive cache and search terms kept
        (out / ".ybbulletin-manifest.json").unlink(missing_ok=True)

    edit_target = sorted((project / "content/issues").glob("*/*.yaml"))[issues // 2]
    original = edit_target.read_text(encoding="utf-8")
    counter = iter(range(1000))

    def edit() -> None:
        text = original.replace("。", f"。{next(counter)}", 1)
        edit_target.write_text(text, encoding="utf-8")

    def edit_without_terms() -> None:
        edit()
        (out / ".ybbulletin-search-terms").unlink(missing_ok=True)

    for name, command, before in [
        ("html_cold_jobs1", html + ["--jobs", "1"], clean),
        ("html_cold_jobs2", html + ["--jobs", "2"], clean),
        ("html_warm_jobs1", html + ["--jobs", "1"], manifest_gone),
        ("html_warm_jobs2", html + ["--jobs", "2"], manifest_gone),
        ("html_noop_jobs2", html + ["--jobs", "2"], None),
        ("html_edit_jobs2", html + ["--jobs", "2"], edit),
        ("html_edit_no_terms_jobs2", html + ["--jobs", "2"], edit_without_terms),
    ]:
        elapsed, peak = median_of(repeat, command, project, before)
        results[name] = {"seconds": round(elapsed, 3), "peak_mb": peak}
        print(f"{name}: {elapsed:.2f} s, peak {peak} MB", flush=True)
    edit_target.write_text(original, encoding="utf-8")
    path = project.parent / "site-results.json"
    path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written {path}")


def render_report(r: dict, arguments: str) -> str:  # type: ignore[type-arg]
    s = {k: v["seconds"] for k, v in r.items() if isinstance(v, dict) and "seconds" in v}
    f = r["floors"]
    n = r["issues"]
    pages = f["jinja_markdown_pages"]
    pdf_per_issue = s["pdf_full_jobs1"] / n
    docx_per_issue = s["docx_full"] / n
    peak = max(v["peak_mb"] for v in r.values() if isinstance(v, dict) and "peak_mb" in v)
    full = s["all_full_jobs2"]
    rows = [
        (
            "PDF per issue vs raw WeasyPrint on the same print HTML (jobs 1)",
            f"{pdf_per_issue:.3f} s vs {f['weasyprint_per_issue']:.3f} s",
            pdf_per_issue / f["weasyprint_per_issue"],
            "≤ 1.1",
        ),
        (
            "PDF full build, jobs 1 / jobs 2 (speed-up)",
            f"{s['pdf_full_jobs1']:.1f} s / {s['pdf_full_jobs2']:.1f} s",
            s["pdf_full_jobs1"] / s["pdf_full_jobs2"],
            "≥ 1.7",
        ),
        (
            f"HTML site ({pages} articles, jobs 1) vs Hugo",
            f"{s['html_full']:.2f} s vs {f['hugo_seconds'] or float('nan'):.2f} s",
            s["html_full"] / f["hugo_seconds"] if f["hugo_seconds"] else float("nan"),
            "≤ 1.0",
        ),
        (
            "HTML site vs raw Jinja + markdown-it on the same pages",
            f"{s['html_full']:.2f} s vs {f['jinja_markdown_seconds']:.2f} s (in-process)",
            s["html_full"] / f["jinja_markdown_seconds"],
            "—",
        ),
        (
            "Word per issue vs raw python-docx on the same text",
            f"{docx_per_issue:.3f} s vs {f['docx_per_issue']:.3f} s",
            docx_per_issue / f["docx_per_issue"],
            "—",
        ),
        (
            "no-op rebuild / full build (all formats, jobs 2)",
            f"{s['noop']:.2f} s / {full:.1f} s",
            s["noop"] / full,
            "≤ 0.05",
        ),
        (
            "one-issue edit / that issue built alone",
            f"{s['one_issue_edit']:.2f} s / {s['one_issue_alone']:.2f} s",
            s["one_issue_edit"] / s["one_issue_alone"],
            "≤ 2",
        ),
        ("`ybbulletin --help` start-up", f"{s['help']:.3f} s", s["help"] / 0.3, "≤ 1 (0.3 s)"),
        (
            "`ybbulletin check` on the demo",
            f"{s['check_demo']:.3f} s",
            s["check_demo"] / 0.3,
            "≤ 1 (0.3 s)",
        ),
        ("peak memory of any build (MB)", f"{peak} MB", peak / 500, "≤ 1 (500 MB)"),
    ]
    j = r["justification"]
    rows.append(
        (
            "Chinese justification: s/page with / without; continued lines ≥ 4 pt short",
            f"{j['after']['seconds_per_page']:.3f} s / {j['before']['seconds_per_page']:.3f} s; "
            f"{j['after']['over_4pt']:.1%} vs {j['before']['over_4pt']:.1%}",
            j["after"]["seconds_per_page"] / j["before"]["seconds_per_page"],
            "—",
        )
    )
    lines = [
        "# Benchmarks",
        "",
        f"Generated archive: {n} issues × {r['articles']} articles ({pages} articles; images and",
        "tables included), made from the demo bulletin. Every figure is the median of the runs",
        "(single runs for the multi-minute full PDF and Word builds), each build a fresh process.",
        f"Machine: {r['machine']['cpus']} cores, Python {r['machine']['python']}, {r['machine']['system']}.",
        "",
        "Command:",
        "",
        "```sh",
        f".venv/bin/python benchmarks/run.py {arguments}".rstrip(),
        "```",
        "",
        "| measure | figures | ratio | target |",
        "|---|---|---|---|",
    ]
    for name, figures, ratio, target in rows:
        lines.append(f"| {name} | {figures} | {ratio:.2f} | {target} |")
    lines += [
        "",
        "Raw timings (seconds, peak MB):",
        "",
        "```json",
        json.dumps(r, indent=1, ensure_ascii=False),
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
