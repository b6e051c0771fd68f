"""The issue-17 section of docs/benchmarks.md, from one run's results (``run.py``).

The section sits between MARKERS; writing it replaces only that part of the report
(``cache_suite.write_section``), so the hand-written reading of the figures and the
other sections stay.
"""

from __future__ import annotations

import math
from typing import Any

MARKERS = ("<!-- issue-17: benchmarks/run.py -->", "<!-- /issue-17 -->")

R = dict[str, Any]


def _f(x: float | None, digits: int = 2) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _wc(figures: R | None, digits: int = 2) -> str:
    """'wall s (CPU s)' of a measured command."""
    if not figures:
        return "—"
    return f"{_f(figures['wall'], digits)} s ({_f(figures['cpu'], digits)} s CPU)"


def _met(ratio: float | None, limit: float) -> str:
    if ratio is None or math.isnan(ratio):
        return "not measured"
    return "**yes**" if ratio <= limit else "no"


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


#: The site figures measured again taking turns with Hugo (``suites.versus_hugo``).
_TURNS = {"html_force_jobs2": "force", "html_warm_jobs2": "warm", "html_cold_jobs2": "cold"}


def main_rows(m: R) -> list[tuple[str, str, str, str, str, str]]:
    """(measure, ybbulletin, floor, ratio, goal, met?) of the main size."""
    f = m.get("floors", {})
    hugo = f.get("hugo") or {}
    hugo_wall = hugo.get("wall")
    pages = f.get("pages", "?")
    rows = []
    for key, what, limit in (
        (
            "html_force_jobs2",
            "site, `--jobs 2 --force` after a build (archive cache, search terms and the site's texts kept: no text parsed)",
            1.0,
        ),
        (
            "html_force_texts_jobs2",
            "site, `--jobs 2 --force`, the site's texts not kept (`.ybbulletin-site-texts` removed, as after an upgrade: every text parsed and rendered)",
            1.0,
        ),
        (
            "html_warm_jobs2",
            "site, `--jobs 2`, warm (manifest removed: every page made; archive cache, search terms and site's texts kept)",
            1.0,
        ),
        ("html_cold_jobs2", "site, `--jobs 2`, cold (no `build/` at all)", 1.5),
    ):
        if key in m:
            ratio = _div(m[key]["wall"], hugo_wall)
            shown = f"{_f(ratio)} × (CPU {_f(_div(m[key]['cpu'], hugo.get('cpu')))} ×)"
            # the same build taking turns with Hugo (``suites.versus_hugo``): what decides
            turns = (m.get("versus_hugo") or {}).get(_TURNS.get(key, ""))
            if turns:
                ratio = turns["wall_ratio"]
                shown += (
                    f"; **{_f(ratio)} ×** taking turns with Hugo (median of {turns['pairs']} "
                    f"pairs' ratios; CPU {_f(turns['cpu_ratio'])} ×)"
                )
            rows.append(
                (
                    f"{what}, {pages} articles",
                    _wc(m[key]),
                    f"Hugo {hugo.get('version', '')} {_wc(hugo)}",
                    shown,
                    f"≤ {limit} ×",
                    _met(ratio, limit),
                )
            )
    if "html_warm_jobs1" in m and f.get("jinja_markdown_seconds"):
        jinja = f["jinja_markdown_seconds"]
        rows.append(
            (
                "site, `--jobs 1`, warm",
                _wc(m["html_warm_jobs1"]),
                f"raw Jinja + markdown-it {_f(jinja)} s (one process, no start-up)",
                f"{_f(_div(m['html_warm_jobs1']['wall'], jinja))} ×",
                "—",
                "—",
            )
        )
    per = m.get("per_issue", {})
    if "docx" in per and f.get("docx_per_issue"):
        ratio = _div(per["docx"]["wall"], f["docx_per_issue"])
        rows.append(
            (
                f"Word per issue (median of {per['docx']['issues']} issues, one warm process)",
                f"{_f(per['docx']['wall'], 3)} s ({_f(per['docx']['cpu'], 3)} s CPU)",
                f"raw python-docx {_f(f['docx_per_issue'], 3)} s "
                f"({_f(f.get('docx_cpu_per_issue'), 3)} s CPU), same content; the text alone "
                f"{_f(f.get('docx_text_per_issue'), 3)} s ({_f(f.get('docx_text_cpu_per_issue'), 3)}"
                " s CPU)",
                f"{_f(ratio)} × (CPU {_f(_div(per['docx']['cpu'], f.get('docx_cpu_per_issue')))} ×; "
                f"vs the text alone {_f(_div(per['docx']['wall'], f.get('docx_text_per_issue')))} ×)",
                "≤ 2 ×",
                _met(ratio, 2.0),
            )
        )
    rows += pdf_rows(m.get("pdf_pair"))
    j = m.get("justification")
    if j:
        cost = _div(j["after"]["seconds_per_page"], j["before"]["seconds_per_page"])
        rows.append(
            (
                f"justification apart, `JUSTIFY` (write_pdf defaults): s/page with / without "
                f"({j['after']['pages']} pages); continued lines ≥ 4 pt short",
                f"{_f(j['after']['seconds_per_page'], 4)} s; {j['after']['over_4pt']:.1%}",
                f"{_f(j['before']['seconds_per_page'], 4)} s; {j['before']['over_4pt']:.1%}",
                f"{_f(cost, 3)} ×",
                "—",
                "—",
            )
        )
    peak = peak_process(m)
    if peak:
        name, figures = peak
        full = m.get("build_full", {})
        rows.append(
            (
                "peak resident memory of any process (`VmHWM`, main and workers)",
                f"{_f(figures['peak_mb'], 0)} MB in `{name}`; all-formats `--jobs 2` build: "
                f"main {_f(full.get('main_mb'), 0)} MB, workers {_f(full.get('workers_mb'), 0)} MB",
                "—",
                "—",
                "≤ 400 MB",
                _met(figures["peak_mb"], 400.0),
            )
        )
    return rows


PDF_FLOORS = (
    (
        "justified",
        "raw WeasyPrint, same print HTML, CSS, fonts and options (PDF/A-2b, tagged) **with** the "
        "justification extension",
    ),
    (
        "justified_paused",
        "raw WeasyPrint as above with the cyclic garbage collector paused during each render as "
        "ybbulletin pauses it (what ybbulletin's own work adds)",
    ),
    ("same_options", "raw WeasyPrint, same HTML, CSS and options, no justification"),
    ("plain", "raw WeasyPrint, same HTML and CSS, `write_pdf` defaults"),
)


def pdf_rows(pair: R | None) -> list[tuple[str, str, str, str, str, str]]:
    """PDF per issue beside raw WeasyPrint, both in one build worker (``pdf_pair.py``)."""
    if not pair:
        return []
    wall, cpu = pair["wall"], pair["cpu"]
    ours = f"{_f(wall['ybbulletin'], 3)} s ({_f(cpu['ybbulletin'], 3)} s CPU)"
    rows = []
    for index, (name, what) in enumerate(PDF_FLOORS):
        ratio = _div(wall["ybbulletin"], wall.get(name))
        cpu_ratio = _div(cpu["ybbulletin"], cpu.get(name))
        rows.append(
            (
                f"PDF per issue (median of {pair['issues']} issues; PDF/A-2b, tagged, "
                "justification on, as every build), in a build's own PDF worker, taking turns "
                "with the floor"
                if index == 0
                else "PDF per issue, the same figure",
                ours,
                f"{what}: {_f(wall.get(name), 3)} s ({_f(cpu.get(name), 3)} s CPU), same worker",
                f"CPU {_f(cpu_ratio)} × (wall {_f(ratio)} ×; CPU per issue "
                f"{_f(pair['ratio_of_issues'].get(name))} ×)",
                "≤ 1.1 × (CPU: the worker's own seconds)" if index == 0 else "—",
                _met(cpu_ratio, 1.1) if index == 0 else "—",
            )
        )
    counted = pair.get("instructions") or {}
    for name, what, goal in (
        ("justified", "raw WeasyPrint, same options, justified", "≤ 1.1 ×"),
        ("justified_paused", "the same with the collector paused as ybbulletin pauses it", "—"),
    ):
        if "ratio_" + name in counted:
            rows.append(
                (
                    f"PDF per issue in instructions (callgrind, {counted['issues']} issues, the "
                    "same process kind; the load cannot move it)",
                    f"{_f(counted['ybbulletin_g'], 3)} G",
                    f"{what}: {_f(counted[name + '_g'], 3)} G",
                    f"{_f(counted['ratio_' + name], 3)} × (median per issue)",
                    goal,
                    _met(counted["ratio_" + name], 1.1) if goal != "—" else "—",
                )
            )
    rows.append(
        (
            "justification apart: WeasyPrint per issue with / without the extension (same worker)",
            f"{_f(wall.get('justified'), 3)} s",
            f"{_f(wall.get('same_options'), 3)} s",
            f"{_f(_div(wall.get('justified'), wall.get('same_options')), 3)} ×",
            "—",
            "—",
        )
    )
    parts = pair.get("parts") or {}
    added = {k: v for k, v in parts.items() if k != "WeasyPrint write_pdf"}
    rows.append(
        (
            "what ybbulletin does per issue besides WeasyPrint's `write_pdf` (CPU s, medians)",
            "; ".join(f"{k} {_f(v, 4)}" for k, v in added.items()),
            f"its `write_pdf` (GC paused): {_f(parts.get('WeasyPrint write_pdf'), 3)} s",
            "—",
            "—",
            "—",
        )
    )
    return rows


def peak_process(m: R) -> tuple[str, R] | None:
    measured = [(k, v) for k, v in m.items() if isinstance(v, dict) and "peak_mb" in v]
    measured = [(k, v) for k, v in measured if k != "one_issue_alone"]
    return max(measured, key=lambda kv: kv[1]["peak_mb"]) if measured else None


# figures of the scale table: (label, how to get it from one size's results)
SCALE_ROWS: list[tuple[str, Any]] = [
    ("`check` cold, CPU s", lambda r: r["check_cold"]["cpu"]),
    ("`check` warm, CPU s", lambda r: r["check_warm"]["cpu"]),
    ("site cold `--jobs 2`, wall s", lambda r: r.get("html_cold_jobs2", {}).get("wall")),
    ("site cold `--jobs 2`, CPU s", lambda r: r.get("html_cold_jobs2", {}).get("cpu")),
    ("site `--force` `--jobs 2`, wall s", lambda r: r["html_force_jobs2"]["wall"]),
    ("site warm `--jobs 2`, wall s", lambda r: r["html_warm_jobs2"]["wall"]),
    ("site warm `--jobs 2`, CPU s", lambda r: r["html_warm_jobs2"]["cpu"]),
    ("site warm: main process CPU s (serial part)", lambda r: r["html_warm_jobs2"].get("cpu_main")),
    (
        "site warm: workers' CPU s (parallel part)",
        lambda r: r["html_warm_jobs2"].get("cpu_workers"),
    ),
    ("site cold: main process CPU s", lambda r: r.get("html_cold_jobs2", {}).get("cpu_main")),
    ("site cold: workers' CPU s", lambda r: r.get("html_cold_jobs2", {}).get("cpu_workers")),
    ("site no-op, wall s", lambda r: r["html_noop_jobs2"]["wall"]),
    ("Hugo, wall s", lambda r: (r["floors"].get("hugo") or {}).get("wall")),
    ("raw Jinja + markdown-it, s", lambda r: r["floors"]["jinja_markdown_seconds"]),
    ("one-issue edit (site), wall s", lambda r: r["html_edit_jobs2"]["wall"]),
    ("one-issue edit (site), CPU s", lambda r: r["html_edit_jobs2"]["cpu"]),
    ("Word per issue, CPU s", lambda r: r["per_issue"]["docx"]["cpu"]),
    ("PDF per issue, CPU s", lambda r: r["pdf_pair"]["cpu"]["ybbulletin"]),
    ("raw WeasyPrint per issue (justified), CPU s", lambda r: r["pdf_pair"]["cpu"]["justified"]),
    ("main process peak, site cold, MB", lambda r: r.get("html_cold_jobs2", {}).get("main_mb")),
    ("main process peak, site warm, MB", lambda r: r["html_warm_jobs2"]["main_mb"]),
    ("Word/PDF worker peak, MB", lambda r: _worker_peak(r)),
    ("archive cache file, MB", lambda r: r.get("sizes", {}).get("archive_cache_mb")),
    ("search terms file, MB", lambda r: r.get("sizes", {}).get("search_terms_mb")),
]


def _worker_peak(r: R) -> float | None:
    probe = r.get("memory_probe") or r.get("build_full")
    return probe.get("workers_mb") if probe else None


def growth(a: float | None, b: float | None, na: int, nb: int) -> str:
    if not a or not b or na == nb:
        return "—"
    exponent = math.log(b / a) / math.log(nb / na)
    word = "linear" if 0.85 <= exponent <= 1.15 else "sub-linear" if exponent < 0.85 else "worse"
    return f"{b / a:.2f} × ({word}, n^{exponent:.2f})"


def scale_table(sizes: dict[int, R]) -> list[str]:
    ns = sorted(sizes)
    head = "| figure | " + " | ".join(f"{n:,} issues" for n in ns)
    head += " | " + " | ".join(f"growth {a:,}→{b:,}" for a, b in zip(ns, ns[1:])) + " |"
    lines = [head, "|---" * (1 + len(ns) + len(ns) - 1) + "|"]
    for label, get in SCALE_ROWS:
        values = []
        for n in ns:
            try:
                values.append(get(sizes[n]))
            except (KeyError, TypeError):
                values.append(None)
        if all(v is None for v in values):
            continue
        cells = [_f(v, 3 if v is not None and v < 1 else 2) for v in values]
        grow = [growth(values[i], values[i + 1], ns[i], ns[i + 1]) for i in range(len(ns) - 1)]
        lines.append(f"| {label} | " + " | ".join(cells + grow) + " |")
    return lines


def section(results: R, arguments: str) -> str:
    m: R = results["main"]
    n, articles = results["issues"], results["articles"]
    machine = results["machine"]
    lines = [
        MARKERS[0],
        f"## Issue 17: one run, every figure beside its floor ({n} issues, {results['date']})",
        "",
        f"Generated archive: {n} issues × {articles} articles (`benchmarks/generate.py`: the demo's",
        "entry shapes, every paragraph written afresh by an order-2 Markov chain over the demo's,",
        "the example's and the sample bulletins' sentences, seeded: no text, clause or run repeats",
        "beyond chance, so caches keyed on text are not flattered), every build",
        "with `--drafts` (the generated issues are unsigned). Each figure is a fresh process (median",
        f"of {results['repeat']} runs for the cheap ones; {results.get('cold_repeat', 1)} of the cold "
        "site build, one of the full all-formats build);",
        "CPU is user + system of the process and its children. Memory is each process's resident",
        "high-water mark (`VmHWM`, polled from `/proc`; a forked worker's includes the pages it",
        "shares with the main process). Floors ran in the same run, minutes apart, on the same",
        "input; the PDF and its floor in one build worker, taking turns issue by issue (how: the",
        f"section after this one). Machine: {machine['cpus']} cores, Python {machine['python']}, "
        f"{machine['system']}; load average {machine.get('load_before', '?')} before the run, "
        f"{machine.get('load_after', '?')} after; {results.get('started', '')}–"
        f"{results.get('ended', '')} UTC.",
        "",
        "```sh",
        f".venv/bin/python benchmarks/run.py {arguments}".rstrip(),
        "```",
        "",
        "| measure | ybbulletin | floor | ratio | goal | met? |",
        "|---|---|---|---|---|---|",
    ]
    for row in main_rows(m):
        lines.append("| " + " | ".join(row) + " |")
    if "build_full" in m:
        lines += [
            "",
            f"All formats, `--jobs 2`, from nothing: {_wc(m['build_full'])}; "
            f"no-op: {_wc(m.get('build_noop'))}.",
        ]
    scale = results.get("scale") or {}
    if scale:
        sizes = {int(k): v for k, v in scale.items()}
        sizes[n] = m
        lines += [
            "",
            "### Scale (goal 5): the same figures at other sizes",
            "",
            "Other sizes: one run of each figure (the main size's are medians); per-issue Word and",
            f"PDF over {results.get('scale_sample', '?')} issues there; the worker peak there is a",
            "`--formats docx,pdf --only` build of 4 issues in `--jobs 2` workers forked from a main",
            "process holding the whole archive (at the main size: the all-formats build's workers,",
            "100 renders each). Growth: the ratio between two sizes and its",
            "exponent (n^1 linear; fixed costs make the small sizes look sub-linear).",
            "",
            *scale_table(sizes),
        ]
    lines += [
        "",
        f"Raw figures: `{results.get('results_path', 'results.json')}` of the run.",
        MARKERS[1],
    ]
    return "\n".join(lines) + "\n"
