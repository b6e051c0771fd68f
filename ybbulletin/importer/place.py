"""Place the draft in the project: issue file name, images, new 栏目 in ybbulletin.yaml."""

from __future__ import annotations

import datetime
from pathlib import Path

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.importer.read import read_docx, read_text
from ybbulletin.importer.recognise import parse
from ybbulletin.importer.write import render_yaml
from ybbulletin.model import ENTRY_KINDS, file_stem

__all__ = ["import_file"]


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
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".docx"):
        diags.error(
            Location(shown), "只能导入 .txt 或 .docx 文件", "Word 的 .doc 文件请先另存为 .docx"
        )
        return None
    images_tmp = root / "content" / "issues" / ".import-images"
    lines = read_docx(path, images_tmp) if suffix == ".docx" else read_text(path.read_bytes())
    draft = parse(lines)
    draft.year = year or draft.year
    draft.number = number or draft.number
    if draft.year is None or draft.number is None:
        diags.error(
            Location(shown),
            "文件中没有“××××年第×期”，无法确定期号",
            "用 --year 和 --number 指定，例如 --year 2021 --number 1",
        )
        return None
    if date:
        draft.date = date
    elif draft.date is None or draft.date.year != draft.year:
        draft.date = datetime.date(draft.year, 1, 1)
        draft.confirm.append("原文没有日期，暂定为当年1月1日；用 --date 指定印发日期")
    if not draft.articles:
        diags.error(Location(shown), "没有读出任何文章", "检查文件内容是否是一期简报的正文")
        return None
    target = (
        root
        / "content"
        / "issues"
        / str(draft.year)
        / f"{file_stem(draft.kind, draft.number)}.yaml"
    )
    if target.exists():
        diags.error(
            Location(target.relative_to(root).as_posix()),
            "文件已存在，不会覆盖",
            "如需重新导入，请先改名或删除原文件",
        )
        return None
    if draft.total is None and draft.kind == "regular" and not _anchored(root, target):
        draft.total = draft.number
        draft.confirm.append(f"原文没有总期数，档案中也没有可推算的依据，暂定总第{draft.number}期")
    target.parent.mkdir(parents=True, exist_ok=True)
    if images_tmp.is_dir():
        images = target.parent / "images"
        images.mkdir(exist_ok=True)
        for image in sorted(images_tmp.iterdir()):
            image.replace(images / image.name)
        images_tmp.rmdir()
    _add_sections(root, draft.custom_sections)
    target.write_text(render_yaml(draft, source_name=shown), encoding="utf-8")
    return target


def _anchored(root: Path, target: Path) -> bool:
    """Can numbering compute this issue's total: first_total set, or other regular issues?"""
    from ybbulletin.project import discover, load_publication

    quiet = Diagnostics()
    publication = load_publication(root, quiet)
    if publication is not None and publication.numbering.first_total is not None:
        return True
    return any(f.path != target and not f.stem.startswith("z") for f in discover(root, quiet))


def _add_sections(root: Path, sections: dict[str, str]) -> None:
    """Unknown 栏目 go into ybbulletin.yaml's sections, with a comment (ruamel round-trip)."""
    if not sections:
        return
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    settings = root / "ybbulletin.yaml"
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(settings.read_text(encoding="utf-8"))
    current = data.get("sections")
    if current is None:
        current = CommentedMap(ENTRY_KINDS)
        data["sections"] = current
    for key, label in sections.items():
        if key not in current:
            current[key] = label
            current.yaml_add_eol_comment("由 ybbulletin import 添加，请核对栏目名", key)
    out = io.StringIO()
    yaml.dump(data, out)
    settings.write_text(out.getvalue(), encoding="utf-8")
