"""The two sides of the PDF comparison, as run inside one issue worker (``pdf_pair.py``).

Imported by a worker of the pool a build renders PDFs in (``build/issue_pool.py``),
or, for the instruction counts, run under callgrind as a fresh process that starts
the way that pool's fork server does (the modules ``issue_pool.preload(["pdf"])``
names: the worker side and the ``pdf`` warm-up) and then acts as one of its workers:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=OUT \
        python benchmarks/pdf_sides.py TASKS N SIDE OUT

- :func:`ours` is what a build's worker does for one PDF task: read and unpickle the
  task from its file (the detached issue view and its images' files),
  ``render_detached`` (print HTML, WeasyPrint with the justification, the pikepdf finish, the glyph check), pickle
  the result back; then the young collection the render put off (it pauses the
  cyclic collector), so the next task does not pay it.
- :func:`floor` is raw WeasyPrint on the print HTML ybbulletin made for that issue,
  same stylesheet file, base URL and options (PDF/A-2b, tagged) with the
  justification extension (``justified``, the goal's floor), and its variants.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: The floor's variants, the goal's first.
FLOORS = ("justified", "same_options", "plain", "justified_paused")
#: What each part of ours costs in the task being timed (CPU s), see ``_time_parts``.
_PARTS: dict[str, float] = {}
_FLOOR: dict[str, Any] = {}


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _PARTS[name] = _PARTS.get(name, 0.0) + time.process_time() - started

    return timed


def _time_parts() -> None:
    """Time render/pdf.py's steps in this worker (a few µs a call)."""
    from ybbulletin.render import detached, pdf

    if not _PARTS.get("installed"):
        for name in ("print_html", "render_pdf", "_stylesheet", "finish", "check_pdf"):
            setattr(pdf, name, _timed(name, getattr(pdf, name)))
        detached.unpacked = _timed("unpacked", detached.unpacked)  # type: ignore[attr-defined]
        _PARTS["installed"] = 1.0


def ours(payload: bytes) -> dict[str, Any]:
    """One PDF task as a build's worker runs it, timed from its pickled form to its answer's."""
    from ybbulletin.render.detached import render_detached

    _time_parts()
    _PARTS.clear()
    _PARTS["installed"] = 1.0
    parcel = Path(tempfile.mkdtemp()) / "task.pickle"  # as the build's main process writes it
    parcel.write_bytes(payload)
    before = _usage()
    wall, cpu = time.perf_counter(), time.process_time()
    rendered = render_detached(str(parcel))
    done = time.process_time()
    parcel.parent.rmdir()  # render_detached removed the file
    answer = pickle.dumps(rendered, pickle.HIGHEST_PROTOCOL)
    pickled = time.process_time()
    gc.collect(0)  # the young pass the paused collector put off: ours, not the next task's
    end, end_wall = time.process_time(), time.perf_counter()
    parts = {
        "task read and unpickled": _PARTS.get("unpacked", 0.0),
        "print HTML": _PARTS.get("print_html", 0.0),
        "stylesheet (cached)": _PARTS.get("_stylesheet", 0.0),
        "WeasyPrint write_pdf": _PARTS.get("render_pdf", 0.0)
        - _PARTS.get("_stylesheet", 0.0)
        - _PARTS.get("finish", 0.0),
        "pikepdf finish": _PARTS.get("finish", 0.0),
        "glyph check": _PARTS.get("check_pdf", 0.0),
        "result pickled": pickled - done,
        "young GC pass": end - pickled,
    }
    parts["rest of render_issue"] = end - cpu - sum(parts.values())
    got = {"wall": end_wall - wall, "cpu": end - cpu, "parts": parts, "answer": answer}
    return got | _used(before)


def floor(variant: str, root: str, css: str, html: str) -> dict[str, Any]:
    """Raw WeasyPrint on one issue's print HTML (``variant`` of :data:`FLOORS`)."""
    render = _floor_renders(css)[variant]
    base = Path(root).as_uri() + "/"
    before = _usage()
    wall, cpu = time.perf_counter(), time.process_time()
    render(html, base)
    got = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    return got | _used(before)


def _usage() -> tuple[float, float, int]:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime, used.ru_stime, used.ru_minflt


def _used(before: tuple[float, float, int]) -> dict[str, float]:
    """User and system seconds and page faults since ``before`` (what the CPU time is made of)."""
    now = _usage()
    return {"user": now[0] - before[0], "sys": now[1] - before[1], "faults": now[2] - before[2]}


def _floor_renders(css_path: str) -> dict[str, Callable[[str, str], None]]:
    """The floor's render functions; its font configuration and stylesheet made once."""
    if _FLOOR.get("css_path") != css_path:
        from ybbulletin.render.pdf import PDF_VARIANT, use_fonts_conf

        use_fonts_conf()
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from ybbulletin.render.justify import cjk_justification

        fc = FontConfiguration()
        css = weasyprint.CSS(filename=css_path, font_config=fc)
        # WeasyPrint's sRGB profile (the PDF/A output intent) is opened and left open
        warnings.simplefilter("ignore", ResourceWarning)
        same = {"uncompressed_pdf": False, "pdf_variant": PDF_VARIANT, "pdf_tags": True}

        def plain(html: str, base: str) -> None:
            weasyprint.HTML(string=html, base_url=base).write_pdf(stylesheets=[css], font_config=fc)

        def same_options(html: str, base: str) -> None:
            weasyprint.HTML(string=html, base_url=base).write_pdf(
                stylesheets=[css], font_config=fc, **same
            )

        def justified(html: str, base: str) -> None:
            with cjk_justification():
                same_options(html, base)

        def justified_paused(html: str, base: str) -> None:  # no cyclic GC, as ybbulletin
            gc.disable()
            try:
                justified(html, base)
            finally:
                gc.enable()
            gc.collect(0)

        _FLOOR.clear()
        _FLOOR.update(
            css_path=css_path,
            renders={
                "plain": plain,
                "same_options": same_options,
                "justified": justified,
                "justified_paused": justified_paused,
            },
        )
    renders: dict[str, Callable[[str, str], None]] = _FLOOR["renders"]
    return renders


def _callgrind(tasks_file: Path, count: int, side: str, out: str) -> list[int]:
    """Instructions of ``count`` renders of one side, in this process (run under callgrind)."""
    saved = pickle.loads(tasks_file.read_bytes())
    for module in saved["preload"]:  # what the fork server imports (issue_pool.preload)
        importlib.import_module(module)
    from ybbulletin.render.detached import install

    install(Path(saved["root"]), saved["publication"])  # as a worker starts
    pid = str(os.getpid())

    def control(*args: str) -> None:
        subprocess.run(["callgrind_control", *args, pid], capture_output=True, check=True)

    def run(index: int) -> None:
        if side == "ybbulletin":
            ours(saved["payloads"][index])
        else:
            floor(side, saved["root"], saved["css"], saved["htmls"][index])

    run(-1)  # the spare issue: warming up, untimed
    counts = []
    for index in range(count):
        control("-i", "on")
        run(index)
        control("-i", "off")
        control("-d", f"{side}-{index}")
        dump = Path(f"{out}.{index + 1}").read_text(encoding="utf-8", errors="replace")
        total = next(line for line in dump.splitlines() if line.startswith("totals:"))
        counts.append(int(total.split()[1]))
    return counts


if __name__ == "__main__":
    tasks, count, side, out = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    print(json.dumps(_callgrind(tasks, count, side, out)))
