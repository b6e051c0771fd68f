"""Place the draft in the project: read and check everything first, then write atomically.

Nothing is written until the file was read, the issue's year and number are known, the
target file is free and no image name collides: then the images, a new 栏目 in
``ybbulletin.yaml`` and the draft are each written to a temporary file and renamed into
place. A failed import leaves the project as it was.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from ybbulletin.atomic import write_atomic
from ybbulletin.errors import Diagnostics, Location
from ybbulletin.importer.draft import UNTITLED, Draft
from ybbulletin.importer.read import MAX_PARAGRAPHS, read_source
from ybbulletin.importer.recognise import KNOWN_SECTIONS, parse
from ybbulletin.importer.text import ReadError
from ybbulletin.importer.write import render_yaml
from ybbulletin.interrupt import deferred
from ybbulletin.model import ENTRY_KINDS, NUMBERS, YEARS, file_stem
from ybbulletin.model.issue import MAX_ENTRIES
from ybbulletin.oserrors import OUTSIDE, leads_outside

__all__ = ["MAX_PARAGRAPHS", "import_file"]


def import_file(
    path: Path,
    root: Path,
    *,
    year: int | None,
    number: int | None,
    date: datetime.date | None,
    diags: Diagnostics,
) -> Path | None:
    """Read ``path``, write the draft issue file under ``root``; None with a diagnostic if not."""
    shown = path.name
    if not path.is_file():
        diags.error(Location(shown), "找不到要导入的文件")
        return None
    if not _settings_readable(root, diags):
        return None
    try:
        source = read_source(path)
    except ReadError as exc:
        diags.error(Location(shown, exc.line), exc.message, exc.hint)
        return None
    if len(source.lines) > MAX_PARAGRAPHS:
        # parsing is linear, but at some 60 µs a paragraph (and as much again to write and
        # check each entry) a 10 MB file of one-character lines would take many minutes
        diags.error(
            Location(shown),
            f"原文有 {len(source.lines)} 段，超过导入上限 {MAX_PARAGRAPHS} 段，不像是一期简报",
            "请把文件按期分开后再分别导入",
        )
        return None
    draft = parse(source.lines)
    draft.confirm += source.notes
    dropped = draft.articles[MAX_ENTRIES:]
    if dropped:  # an issue holds at most MAX_ENTRIES entries: the rest is named, not lost
        del draft.articles[MAX_ENTRIES:]
        first = dropped[0].title if dropped[0].title != UNTITLED else "没有标题的一篇"
        dropped_note = (
            f"原文读出 {MAX_ENTRIES + len(dropped)} 篇文章，一期最多 {MAX_ENTRIES} 篇："
            f"从第 {MAX_ENTRIES + 1} 篇“{first[:30]}”起的 {len(dropped)} 篇没有写入草稿"
        )
        draft.confirm.append(dropped_note)
    if not draft.articles:
        diags.error(
            Location(shown),
            "没有读出任何文章：文件里只有网页栏目、按钮或报头报尾文字",
            "检查文件内容是否是简报或文章的正文",
        )
        return None
    if year is None and draft.year is None and draft.date is not None and number is not None:
        draft.year = draft.date.year
        draft.confirm.append(f"年份取自原文日期 {draft.date.isoformat()}")
    draft.year = year if year is not None else draft.year
    draft.number = number if number is not None else draft.number
    if draft.year is None or draft.number is None:
        diags.error(
            Location(shown),
            "文件中没有“××××年第×期”，无法确定期号",
            "用 --year 和 --number 指定，例如 --year 2021 --number 1",
        )
        return None
    if not YEARS[0] <= draft.year <= YEARS[1] or not NUMBERS[0] <= draft.number <= NUMBERS[1]:
        diags.error(
            Location(shown),
            f"期号“{draft.year}年第{draft.number}期”不成立：年份应在 {YEARS[0]}–{YEARS[1]} 之间，"
            f"期号应在 {NUMBERS[0]}–{NUMBERS[1]} 之间",
            "用 --year 和 --number 指定，例如 --year 2021 --number 1",
        )
        return None
    if date:
        draft.date = date
    elif draft.date is None or draft.date.year != draft.year:
        if draft.date is not None:
            draft.confirm.append(f"原文日期 {draft.date.isoformat()} 不在 {draft.year} 年")
        draft.date = datetime.date(draft.year, 1, 1)
        draft.confirm.append("原文没有本期日期，暂定为当年1月1日；用 --date 指定印发日期")
    stem = file_stem(draft.kind, draft.number)
    folder = root / "content" / "issues" / str(draft.year)
    target = folder / f"{stem}.yaml"
    names = {name: f"{stem}-{name}" for name in source.images}
    for path in [target, *(folder / "images" / final for final in names.values())]:
        if leads_outside(root, path):
            diags.error(Location(path.relative_to(root).as_posix()), *OUTSIDE)
            return None
    if target.exists():
        diags.error(
            Location(target.relative_to(root).as_posix()),
            "文件已存在，不会覆盖",
            "如需重新导入，请先改名或删除原文件",
        )
        return None
    for name, final in names.items():
        existing = folder / "images" / final
        if existing.exists() and existing.read_bytes() != source.images[name]:
            diags.error(
                Location(existing.relative_to(root).as_posix()),
                "图片文件已存在，内容不同，不会覆盖",
                "请先改名或删除这个图片文件",
            )
            return None
    if draft.total is None and draft.kind == "regular" and not _anchored(root, target):
        draft.total = draft.number
        draft.total_guessed = True
        draft.confirm.append(f"原文没有总期数，档案中也没有可推算的依据，暂定总第{draft.number}期")
    text = render_yaml(draft, source_name=shown, image_names=names)
    settings = _settings_with_sections(root, draft)
    # everything is known: write the images, the settings and the draft, each atomically,
    # all of them (a Ctrl-C meanwhile is raised after)
    with deferred():
        for name, final in names.items():
            write_atomic(folder / "images" / final, source.images[name])
        if settings is not None:
            write_atomic(root / "ybbulletin.yaml", settings.encode("utf-8"))
        write_atomic(target, text.encode("utf-8"))
    shown_target = Location(target.relative_to(root).as_posix())
    if dropped:
        diags.warning(shown_target, dropped_note, "请把原文按期分开后再分别导入")
    untitled = sum(1 for article in draft.articles if article.title == UNTITLED)
    if untitled:
        diags.warning(
            shown_target,
            f"原文有 {untitled} 篇文章没有标题，已写成“{UNTITLED}”",
            "请在草稿中补写标题（标有“# 请核对”）",
        )
    return target


def _settings_readable(root: Path, diags: Diagnostics) -> bool:
    """The settings load and validate: the import may add 栏目 to them, and the draft is
    checked against them (a broken ybbulletin.yaml was an internal error half-way)."""
    from ybbulletin.project import SETTINGS_FILE, load_publication

    found = Diagnostics()
    if load_publication(root, found) is not None and not found.errors:
        return True
    diags.extend(found.errors)
    diags.error(
        Location(SETTINGS_FILE),
        "设置文件有错误，没有导入",
        "先改正 ybbulletin.yaml 中列出的错误，再运行 ybbulletin import",
    )
    return False


def _anchored(root: Path, target: Path) -> bool:
    """Can numbering compute this issue's total: first_total set, or other regular issues?"""
    from ybbulletin.project import discover, load_publication

    quiet = Diagnostics()
    publication = load_publication(root, quiet)
    if publication is not None and publication.numbering.first_total is not None:
        return True
    return any(f.path != target and not f.stem.startswith("z") for f in discover(root, quiet))


def _settings_with_sections(root: Path, draft: Draft) -> str | None:
    """ybbulletin.yaml with the 栏目 the draft uses and the settings lack (ruamel round-trip)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    settings = root / "ybbulletin.yaml"
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(settings.read_text(encoding="utf-8"))
    current = data.get("sections")
    wanted = dict(draft.custom_sections)
    labels = {key: label for label, key in KNOWN_SECTIONS.items()} | dict(ENTRY_KINDS)
    for article in draft.articles:
        key = article.section
        if current is not None and key not in current and key not in wanted:
            wanted[key] = labels.get(key, key)
        if current is None and key not in ENTRY_KINDS and key not in wanted:
            wanted[key] = labels.get(key, key)
    if not wanted:
        return None
    if current is None:
        current = CommentedMap(ENTRY_KINDS)
        data["sections"] = current
    for key, label in wanted.items():
        if key not in current:
            current[key] = label
            current.yaml_add_eol_comment("由 ybbulletin import 添加，请核对栏目名", key)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
