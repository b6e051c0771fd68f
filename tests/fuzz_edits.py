"""Random but valid edits of a content project, as an editor makes them (for the
incremental == fresh property: ``tests/fuzz_run.py``).

Each edit is a function of a :class:`Project` (the project folder and a seeded
``random.Random``) that changes one thing through ruamel.yaml's round trip (comments and
layout kept) and returns what it did in one line, or None when it does not apply to the
project as it is. An edit may still make the project invalid (a date that goes back, a
栏目 no longer defined): the runner checks and undoes it.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "ybbulletin" / "templates"

WORDS = (
    "医保",
    "基金",
    "监管",
    "参保",
    "待遇",
    "结算",
    "药品",
    "集采",
    "门诊",
    "住院",
    "救助",
    "乡村振兴",
    "经办",
    "服务",
    "异地就医",
    "定点",
    "医疗机构",
    "骗保",
    "追回",
    "整改",
    "宣传",
    "培训",
    "信息化",
    "支付方式",
    "改革",
    "银川",
    "石嘴山",
    "吴忠",
    "固原",
    "中卫",
)
PLACES = ("银川市", "石嘴山市", "吴忠市", "固原市", "中卫市", "贺兰县", "同心县", "盐池县")
NAMES = ("张明", "李华", "王芳", "刘星", "陈晨", "杨帆", "赵磊", "马丽")
UNITS = ("银川市医保局", "固原市医保局", "自治区医疗保障局", "中卫市医保局", "贺兰县医保局")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class Project:
    root: Path
    rng: random.Random

    # -- files -------------------------------------------------------------------------
    def issue_files(self) -> list[Path]:
        return sorted((self.root / "content" / "issues").glob("*/*.yaml"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def load(self, path: Path) -> Any:
        return _yaml().load(path.read_text(encoding="utf-8"))

    def save(self, path: Path, document: Any) -> None:
        buffer = io.StringIO()
        _yaml().dump(document, buffer)
        path.write_text(buffer.getvalue(), encoding="utf-8")

    # -- random values -----------------------------------------------------------------
    def phrase(self, lo: int = 2, hi: int = 5) -> str:
        return "".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))

    def sentence(self) -> str:
        return self.phrase(3, 8) + self.rng.choice(("。", "，成效明显。", "，群众满意。"))

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def amount(self) -> float:
        return round(self.rng.uniform(0, 500), self.rng.choice((0, 1, 2, 4)))

    def markdown(self) -> LiteralScalarString:
        parts = [self.paragraph() for _ in range(self.rng.randint(1, 3))]
        return LiteralScalarString("\n\n".join(parts) + "\n")

    def pick_issue(self) -> tuple[Path, Any]:
        path = self.rng.choice(self.issue_files())
        return path, self.load(path)

    def pick_entry(self, kinds: tuple[str, ...] = ()) -> tuple[Path, Any, int, Any] | None:
        choices = []
        for path in self.issue_files():
            document = self.load(path)
            for index, entry in enumerate(document["entries"]):
                if not kinds or entry["kind"] in kinds:
                    choices.append((path, index))
        if not choices:
            return None
        path, index = self.rng.choice(choices)
        document = self.load(path)
        return path, document, index, document["entries"][index]

    def sections(self) -> dict[str, str]:
        settings = self.load(self.root / "ybbulletin.yaml")
        return dict(settings.get("sections") or {})


Edit = Callable[[Project], "str | None"]
EDITS: dict[str, tuple[int, Edit]] = {}  # name -> (weight, edit)


def edit(weight: int = 1) -> Callable[[Edit], Edit]:
    def register(function: Edit) -> Edit:
        EDITS[function.__name__] = (weight, function)
        return function

    return register


def short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "…" + text[-4:]


def _set_or_drop(p: Project, mapping: Any, key: str, value: object) -> str:
    """Set ``key`` (or, a third of the time when present, remove it); say what was done."""
    if key in mapping and p.rng.random() < 0.33:
        old = mapping.pop(key)
        return f"removed {key} (was {short(old)})"
    old = mapping.get(key)
    mapping[key] = value
    return f"{key}: {short(old)} -> {short(value)}"


def _entry_edit(kinds: tuple[str, ...], key: str, value: Callable[[Project], object]) -> Edit:
    def apply(p: Project) -> str | None:
        found = p.pick_entry(kinds)
        if found is None:
            return None
        path, document, index, entry = found
        said = _set_or_drop(p, entry, key, value(p))
        p.save(path, document)
        return f"{p.rel(path)} entries[{index}] ({entry['kind']}) {said}"

    apply.__name__ = f"entry_{key}_{'_'.join(kinds) or 'any'}"
    return apply


# -- entries: common fields ----------------------------------------------------------------


@edit(4)
def entry_title(p: Project) -> str | None:
    found = p.pick_entry()
    assert found is not None
    path, document, index, entry = found
    old = entry["title"]
    entry["title"] = old[:-1] + p.phrase(1, 2) if p.rng.random() < 0.5 else p.phrase(3, 7)
    p.save(path, document)
    return f"{p.rel(path)} entries[{index}] title {old!r} -> {entry['title']!r}"


for _key, _value in (
    ("subtitle", lambda p: "——" + p.phrase()),
    ("digest", lambda p: p.sentence()),
):
    edit(1)(_entry_edit((), _key, _value))
for _key, _value in (("source", lambda p: p.rng.choice(UNITS)),):
    edit(1)(_entry_edit(("news", "work_update", "experience", "policy"), _key, _value))
for _key in ("reporters", "correspondents", "photographers"):
    edit(1)(_entry_edit(("news",), _key, lambda p: p.rng.sample(NAMES, p.rng.randint(1, 3))))
edit(2)(_entry_edit(("experience",), "note", lambda p: p.markdown()))
edit(1)(_entry_edit(("case_notice", "policy"), "issuer", lambda p: p.rng.choice(UNITS)))
edit(1)(_entry_edit(("case_notice",), "intro", lambda p: p.markdown()))
edit(1)(_entry_edit(("case_notice",), "closing", lambda p: p.markdown()))
edit(1)(
    _entry_edit(
        ("policy",),
        "doc_number",
        lambda p: f"宁医保发〔{p.rng.randint(2018, 2025)}〕{p.rng.randint(1, 99)}号",
    )
)


@edit(2)
def entry_section(p: Project) -> str | None:
    found = p.pick_entry()
    assert found is not None
    path, document, index, entry = found
    said = _set_or_drop(p, entry, "section", p.rng.choice(sorted(p.sections())))
    p.save(path, document)
    return f"{p.rel(path)} entries[{index}] {said}"


# -- bodies ------------------------------------------------------------------------------


def _markdown_slots(entry: Any) -> list[tuple[Any, str, str]]:
    """(mapping, key, where) of every Markdown text of an entry."""
    slots = [(entry, key, key) for key in ("body", "note", "intro", "closing") if key in entry]
    for number, case in enumerate(entry.get("cases") or ()):
        slots.append((case, "body", f"cases[{number}].body"))
    return slots


def _body_change(p: Project, text: str, images: list[str]) -> tuple[str, str]:
    paragraphs = text.rstrip("\n").split("\n\n")
    choice = p.rng.choice(
        (
            "append",
            "replace",
            "drop",
            "heading",
            "bold",
            "list",
            "table",
            "link",
            "image",
            "swap",
            "char",
        )
    )
    if choice == "image" and not images:
        choice = "append"
    if choice == "drop" and len(paragraphs) < 2:
        choice = "append"
    position = p.rng.randrange(len(paragraphs) + 1)
    if choice == "append":
        paragraphs.insert(position, p.paragraph())
    elif choice == "replace":
        paragraphs[min(position, len(paragraphs) - 1)] = p.paragraph()
    elif choice == "drop":
        del paragraphs[min(position, len(paragraphs) - 1)]
    elif choice == "heading":
        paragraphs.insert(position, "#" * p.rng.randint(1, 4) + " " + p.phrase())
    elif choice == "bold":
        paragraphs.insert(position, f"**{p.phrase()}**。{p.sentence()}")
    elif choice == "list":
        marker = p.rng.choice(("-", "1."))
        paragraphs.insert(position, "\n".join(f"{marker} {p.phrase()}" for _ in range(3)))
    elif choice == "table":
        rows = [f"| {p.phrase(1, 2)} | {p.rng.randint(1, 999)} |" for _ in range(2)]
        paragraphs.insert(position, "\n".join(["| 项目 | 数量 |", "|---|---:|", *rows]))
    elif choice == "link":
        target = p.rng.choice(("https://www.nhsa.gov.cn/", "#top", "../index.html"))
        paragraphs.insert(position, f"详见[{p.phrase(1, 3)}]({target})。")
    elif choice == "image":
        caption = p.phrase(1, 3) if p.rng.random() < 0.8 else ""
        paragraphs.insert(position, f"![{caption}]({p.rng.choice(images)})")
    elif choice == "swap" and len(paragraphs) > 1:
        i, j = p.rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    else:  # one character changed in the middle of a paragraph
        i = min(position, len(paragraphs) - 1)
        para = paragraphs[i]
        at = p.rng.randrange(len(para)) if para else 0
        paragraphs[i] = para[:at] + p.rng.choice(WORDS)[0] + para[at + 1 :]
    return choice, "\n\n".join(paragraphs) + "\n"


def _images(p: Project, path: Path) -> list[str]:
    folder = path.parent / "images"
    return sorted(f"images/{f.name}" for f in folder.glob("*.png")) if folder.is_dir() else []


@edit(8)
def markdown_text(p: Project) -> str | None:
    found = p.pick_entry()
    assert found is not None
    path, document, index, entry = found
    holder, key, where = p.rng.choice(_markdown_slots(entry))
    choice, text = _body_change(p, str(holder[key]), _images(p, path))
    holder[key] = LiteralScalarString(text)
    p.save(path, document)
    return f"{p.rel(path)} entries[{index}].{where}: {choice}"
