"""Located data -> typed model, turning every validation error into a located message."""

from __future__ import annotations

from pydantic import ValidationError

from ybbulletin.errors import Diagnostics, excerpt
from ybbulletin.explain import FIELD_LABELS, did_you_mean, report
from ybbulletin.located import Located
from ybbulletin.model import FILE_PREFIXES, ISSUE_KINDS, Issue, Publication, file_stem

__all__ = ["FIELD_LABELS", "did_you_mean", "validate_issue", "validate_publication"]


def validate_publication(located: Located, diags: Diagnostics) -> Publication | None:
    """``ybbulletin.yaml`` -> Publication, or None with every problem reported."""
    try:
        return Publication.model_validate(located.data)
    except ValidationError as exc:
        report(exc, located, Publication, diags)
        return None


def validate_issue(
    located: Located, diags: Diagnostics, publication: Publication | None, year_dir: str, stem: str
) -> Issue | None:
    """One issue file -> Issue, with the cross-field rules the schema cannot say."""
    try:
        issue = Issue.model_validate(located.data)
    except ValidationError as exc:
        report(exc, located, Issue, diags)
        return None
    # These errors stop the build, but the issue still takes part in numbering
    # so that, say, a copied file is also reported as a duplicate number.
    _check_file_name(issue, located, diags, year_dir, stem)
    if publication is not None:
        _check_sections(issue, located, diags, publication)
        _check_order(issue, located, diags, publication)
    return issue


def _check_file_name(
    issue: Issue, located: Located, diags: Diagnostics, year_dir: str, stem: str
) -> None:
    if year_dir != str(issue.year):
        diags.error(
            located.location(("year",)),
            f"year 是 {issue.year}，但文件在 {year_dir} 目录中",
            f"把文件移到 content/issues/{issue.year}/，或改正 year",
        )
    expected = file_stem(issue.kind, issue.number)
    prefix, expected_prefix = stem.rstrip("0123456789"), expected.rstrip("0123456789")
    if prefix != expected_prefix:
        named = {v: k for k, v in FILE_PREFIXES.items()}.get(prefix, "regular")
        diags.error(
            located.location(("kind",)),
            f"文件名 {stem}.yaml 表示{ISSUE_KINDS[named]}，但本期是{ISSUE_KINDS[issue.kind]}"
            f"（kind: {issue.kind}），应为 {expected}.yaml",
            "正刊的文件名为 NN.yaml；增刊为 zengkan-NN.yaml（kind: supplement）；"
            "专刊为 zhuankan-NN.yaml（kind: special）",
        )
    elif stem != expected:
        diags.error(
            located.location(("number",)),
            f"文件名 {stem}.yaml 与本期的{_describe(issue)}不符，应为 {expected}.yaml",
            "复制上一期文件后，记得同时修改文件名和 number",
        )


def _describe(issue: Issue) -> str:
    kind = "" if issue.kind == "regular" else ISSUE_KINDS[issue.kind]
    return f"期号（{kind}第{issue.number}期）"


def _check_sections(
    issue: Issue, located: Located, diags: Diagnostics, publication: Publication
) -> None:
    for index, entry in enumerate(issue.entries):
        key = entry.section_key
        if key in publication.sections:
            continue
        field = "section" if entry.section else "kind"
        known = "、".join(f"{k}（{v}）" for k, v in publication.sections.items())
        guess = did_you_mean(key, list(publication.sections))
        diags.error(
            located.location(("entries", index, field)),
            f"栏目“{excerpt(key)}”没有在 ybbulletin.yaml 的 sections 中定义",
            (f"是不是“{guess}”？" if guess else "")
            + f"已有栏目：{known}；新栏目请先加到 sections 中",
        )


def _check_order(
    issue: Issue, located: Located, diags: Diagnostics, publication: Publication
) -> None:
    """``order: as_written`` that interleaves 栏目 prints a 栏目 twice in the 目录: say so."""
    if issue.order != "as_written":
        return
    labels = [publication.sections.get(e.section_key, e.section_key) for e in issue.entries]
    runs = [label for i, label in enumerate(labels) if i == 0 or labels[i - 1] != label]
    for label in dict.fromkeys(runs):
        if runs.count(label) > 1:
            diags.warning(
                located.location(("order",)),
                f"按文件中的顺序排列（order: as_written），栏目“{label}”"
                f"在本期目录中分 {runs.count(label)} 处出现",
                "把同一栏目的文章写在一起，或删去 order: as_written，按栏目排列",
            )
