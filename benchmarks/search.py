"""Benchmark the site search on the generated benchmark archive (500 issues x 8 = 4,000 articles).

    .venv/bin/python benchmarks/search.py [--issues 500] [--articles 8] [--out DIR]

Generates the archive as ``benchmarks/run.py`` does, builds the site (``--formats html
--drafts``), then reports: the time to segment and write the index, the size of every
part of the index (raw and gzip -6, as a web server would send it), and, in headless
Chromium over a loopback HTTP server with a fresh browser context per query (nothing
cached), the time from navigation start to the first results on the page and the bytes
the page fetched. Prints a Markdown section for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
QUERIES = [
    "医保基金",
    "欺诈骗保",
    "中卫仁爱医院",
    "异地就医",
    "乡村振兴 有效衔接",
    "（2023-7-3）",
    "码",
]


def sizes(files: list[Path]) -> tuple[int, int]:
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return raw, packed


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure_queries(url: str) -> list[tuple[str, float, int, int, int]]:
    """(query, ms to the results, bytes fetched by then, with the snippets, results), cold."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for query in QUERIES:
            times, fetched, snippets, count = [], 0, 0, 0
            for _ in range(3):
                context = browser.new_context()
                page = context.new_page()
                page.goto(url + "search/index.html?q=" + quote(query))
                page.wait_for_function("performance.getEntriesByName('search-results').length")
                page.wait_for_load_state("networkidle")
                # search.js marks the moment the results are on the page
                at, fetched, snippets = page.evaluate(
                    """() => {
                        const at = performance.getEntriesByName('search-results')[0].startTime;
                        const all = performance.getEntriesByType('resource').concat(
                            performance.getEntriesByType('navigation'));
                        const size = (list) =>
                            list.reduce((s, e) => s + (e.encodedBodySize || 0), 0);
                        return [at, size(all.filter(e => e.responseEnd <= at)), size(all)];
                    }"""
                )
                times.append(at)
                status = page.locator("#search-status").inner_text()
                total = re.search(r"找到 (\d+) 篇", status)
                count = int(total.group(1)) if total else 0
                context.close()
            found.append((query, statistics.median(times), int(fetched), int(snippets), count))
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ybbulletin-search-bench"))
    parser.add_argument(
        "--reuse", action="store_true", help="measure the queries on the last build"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "benchmarks"))
    from run import generate

    from ybbulletin.build import build
    from ybbulletin.plan import build_views
    from ybbulletin.project import load_archive
    from ybbulletin.render.registry import SiteContext
    from ybbulletin.render.search import search_files

    project = args.out / "archive"
    if not args.reuse:
        generate(project, args.issues, args.articles)
    archive = load_archive(project)
    views = list(build_views(archive))
    index_seconds = 0.0
    if not args.reuse:
        started = time.perf_counter()
        search_files(SiteContext(archive.publication, views, []))
        index_seconds = time.perf_counter() - started
        build(project, project / "build", formats=("html",), drafts=True)
    articles = sum(len(v.articles) for v in views)
    site = project / "build" / "site"
    search = site / "search"
    shards = sorted((search / "shards").glob("*.js"))
    texts = sorted((search / "text").rglob("*.js"))
    index_raw, index_gz = sizes([search / "index.js"])
    shards_raw, shards_gz = sizes(shards)
    biggest = max(shards, key=lambda p: p.stat().st_size)
    big_raw, big_gz = sizes([biggest])
    texts_raw, texts_gz = sizes(texts)
    server, url = serve(site)
    try:
        queries = measure_queries(url)
    finally:
        server.shutdown()
    kb = 1000
    lines = [
        f"### Search index ({articles} articles, {len(views)} issues)",
        "",
        f"Segmenting every article with jieba and writing the index: {index_seconds:.1f} s "
        "(one process; part of every build that changes an article).",
        "",
        "| part | files | raw | gzip |",
        "| --- | ---: | ---: | ---: |",
        f"| `search/index.js` (titles, issues, 来源 and case subjects) | 1 | "
        f"{index_raw / kb:.0f} KB | {index_gz / kb:.0f} KB |",
        f"| `search/shards/*.js` (postings) | {len(shards)} | {shards_raw / kb:.0f} KB | "
        f"{shards_gz / kb:.0f} KB |",
        f"| largest shard | 1 | {big_raw / kb:.0f} KB | {big_gz / kb:.0f} KB |",
        f"| `search/text/**.js` (snippet texts) | {len(texts)} | {texts_raw / kb:.0f} KB | "
        f"{texts_gz / kb:.0f} KB |",
        "",
        "Cold queries in headless Chromium (fresh context, nothing cached, loopback HTTP "
        "server without compression; median of 3):",
        "",
        "| query | results | results on the page after | fetched by then | with the 20 snippets |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for query, ms, fetched, snippets, count in queries:
        lines.append(
            f"| {query} | {count} | {ms:.0f} ms | {fetched / kb:.0f} KB | {snippets / kb:.0f} KB |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
