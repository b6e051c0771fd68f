"""A generated archive for the benchmarks: ``issues`` issues × ``articles`` entries.

    .venv/bin/python benchmarks/generate.py TARGET ISSUES ARTICLES

The entries take their shapes (kinds, fields, headings, tables, case lists) from the
demo bulletin, but every paragraph is made afresh, character by character, by an
order-2 Markov chain over the sentences of the demo's texts, the example's and the
sample bulletins' (``tests/fixtures/seeds``), seeded with the issue and the entry.
The archive is the same on every run (deterministic), and no sentence, clause or
run of text repeats beyond chance, so caches keyed on a text (search terms,
segmented runs, parsed bodies) are not flattered by repetition.
"""

from __future__ import annotations

import functools
import json
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = "ybbulletin-bench-1"
# a sentence: up to and including its full stop (。！？), closing quotes kept with it
SENTENCE = re.compile(r"[^。！？\n]+[。！？][”’」）]?")
# what a recombined sentence may contain (the demo's own characters: CJK, full-width
# punctuation, digits and Latin letters); anything else (a seed's extraction artefacts)
# leaves the sentence out
CLEAN = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z%.\-，、；：“”‘’（）《》〔〕—…·。！？]+$")
# lines of a Markdown body that are not plain paragraphs: kept as they are
KEEP = re.compile(r"^\s*(?:[#|>!*\-+<]|\d+[.)、]|$)")
BOLD_LEAD = re.compile(r"^(\*\*[^*]+\*\*[。：]?)")


def sentences() -> list[str]:
    """Every clean sentence of the demo, the example and the sample bulletins, sorted."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.yaml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").rglob("*.yaml"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((REPO / "tests/fixtures/seeds").glob("*.txt"))
    ]
    found: set[str] = set()
    for text in texts:
        text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)
        text = text.replace(",", "，").replace(";", "；").replace(":", "：")
        text = text.replace("(", "（").replace(")", "）")
        for match in SENTENCE.finditer(text):
            sentence = match.group(0).strip().lstrip("-* ").removeprefix("本报讯").strip()
            if 12 <= len(sentence) <= 160 and CLEAN.match(sentence) and "**" not in sentence:
                if _balanced(sentence):
                    found.add(sentence)
    return sorted(found)


def _balanced(sentence: str) -> bool:
    pairs = ("“”", "‘’", "（）", "《》", "〔〕")
    return all(sentence.count(a) == sentence.count(b) for a, b in pairs)


class Babble:
    """New sentences, character by character, from a model of which character follows
    each pair of characters in the pool's sentences (an order-2 Markov chain): no clause
    repeats, so a cache keyed on a sentence, a clause or a run of text is not flattered,
    while the characters and words are those of real bulletins."""

    STRIP = str.maketrans("", "", "“”‘’《》（）〔〕")  # unpaired brackets would be warnings

    def __init__(self, pool: list[str]) -> None:
        self.next: dict[str, list[str]] = {}
        texts = [sentence.translate(self.STRIP) for sentence in pool]
        self.starts = sorted({text[:2] for text in texts if len(text) > 2})
        for text in texts:
            for i in range(len(text) - 2):
                self.next.setdefault(text[i : i + 2], []).append(text[i + 2])

    def sentence(self, rng: random.Random, limit: int = 90) -> str:
        out = rng.choice(self.starts)
        while len(out) < limit:
            following = self.next.get(out[-2:])
            if not following:
                break
            out += rng.choice(following)
            if out[-1] in "。！？":
                return out
        return out.rstrip("，、；：") + "。"

    def paragraph(self, rng: random.Random, length: int) -> str:
        out = ""
        while len(out) < length:
            out += self.sentence(rng)
        return out


def recombine(text: str, pool: list[str], rng: random.Random) -> str:
    """``text`` with each paragraph replaced by new sentences of about its length."""
    babble = _babble(tuple(pool))
    out = []
    for line in text.split("\n"):
        if KEEP.match(line):
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        rest = line.strip()
        lead = BOLD_LEAD.match(rest)
        head = lead.group(1) if lead else ""
        out.append(indent + head + babble.paragraph(rng, max(20, len(rest) - len(head))))
    return "\n".join(out)


@functools.cache
def _babble(pool: tuple[str, ...]) -> Babble:
    return Babble(list(pool))


def demo_entries() -> list[dict[str, Any]]:
    """The demo's entries, as the YAML gives them (plain dicts)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    entries = []
    for path in sorted((REPO / "content/issues").glob("*/*.yaml")):
        entries += yaml.load(path.read_text(encoding="utf-8"))["entries"]
    return entries


def vary(entry: dict[str, Any], pool: list[str], rng: random.Random) -> dict[str, Any]:
    entry = dict(entry)
    for key in ("body", "intro", "note"):
        if isinstance(entry.get(key), str):
            entry[key] = recombine(entry[key], pool, rng)
    if isinstance(entry.get("cases"), list):
        cases = []
        for case in entry["cases"]:
            case = dict(case)
            if isinstance(case.get("body"), str):
                case["body"] = recombine(case["body"], pool, rng)
            cases.append(case)
        entry["cases"] = cases
    return entry


def generate(target: Path, issues: int, articles: int) -> None:
    """An archive like the demo, ``issues`` regular issues of ``articles`` entries each."""
    from PIL import Image

    pool = sentences()
    entries = demo_entries()
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
            rng = random.Random(f"{SEED}-{year}-{number}-{k}")
            entry = vary(entries[(n * articles + k) % len(entries)], pool, rng)
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


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
