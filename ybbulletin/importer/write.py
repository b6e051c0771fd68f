"""Write: a draft -> the issue file's YAML text, with a ``# 请核对`` comment at every guess.

Whatever the draft holds that its entry's kind has no field for (a byline on a work
update, a 按语 on a news item) is written as a comment, never left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ybbulletin.characters import FORBIDDEN_CHARS
from ybbulletin.errors import code_point
from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import Article, Draft
from ybbulletin.importer.scripts import rule
from ybbulletin.importer.text import tidy
from ybbulletin.model import kind_of

__all__ = ["render_yaml"]

_DOC_NUMBER = rule(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d{1,4}号")
_BYLINES = (("reporters", "记者"), ("correspondents", "通讯员"), ("photographers", "摄影"))


def _shown_name(name: str) -> str:
    """A file's name as the draft names it: characters an issue file may not hold (bidi
    controls, control characters: a file name can carry them) as U+XXXX, so that the
    draft passes its own check."""
    return FORBIDDEN_CHARS.sub(code_point, name)


def render_yaml(
    draft: Draft, *, source_name: str, image_names: dict[str, str] | None = None
) -> str:
    """The draft issue file: valid YAML, a 请核对 comment at every guess."""
    names = image_names or {}
    out = [
        f"# 由 ybbulletin import 从 {_shown_name(source_name)} 生成的草稿。",
        "# 请逐条核对“# 请核对”标注的地方，再运行 ybbulletin check。",
    ]
    out += [f"# 请核对: {note}" for note in draft.confirm]
    if draft.dropped:
        out.append("# 请核对: 下面这些原文文字没有放进条目（报头、目录、报尾、网页栏目和按钮等）：")
        out += [f"#   {_one_line(text)}" for text in draft.dropped]
    out += [f"year: {draft.year}", f"number: {draft.number}"]
    if draft.total is not None and draft.total_guessed:
        out.append(f"total: {draft.total}               # 请核对: 暂定的总期数")
    elif draft.total is not None:
        out.append(f"total: {draft.total}               # 原文写明的总期数")
    if draft.kind != "regular":
        out.append(f"kind: {draft.kind}")
    if draft.theme:
        out.append(f"theme: {_quote(draft.theme)}")
    assert draft.date is not None
    out.append(f"date: {draft.date.isoformat()}")
    if draft.staff:
        pairs = ", ".join(f"{_quote(k)}: {_quote(v)}" for k, v in draft.staff.items())
        out.append(f"staff: {{{pairs}}}   # 请核对: 取自原文报尾")
    out.append("entries:")
    section = None
    for article in draft.articles:
        if article.sectioned and article.section != section:
            label = draft.section_labels.get(article.section, article.section)
            out.append(f"  # 栏目：{label}（原文的栏目标题）")
        section = article.section if article.sectioned else None
        out += _article(article, names)
    return "\n".join(out) + "\n"


def _article(article: Article, names: dict[str, str]) -> list[str]:
    """One entry, with the fields its kind declares (model/kinds.py); the rest as comments."""
    q = _quote
    kind = kind_of(article.kind)
    out = [f"  - kind: {article.kind}"]
    out += [f"    # 请核对: {_one_line(note)}" for note in article.confirm]
    if article.section != article.kind:
        out.append(f"    section: {article.section}")
    out.append(f"    title: {q(article.title)}")
    if article.subtitle:
        out.append(f"    subtitle: {q(article.subtitle)}")
    for key, label in _BYLINES:
        people = getattr(article, key)
        if people and key in kind.bylines:
            out.append(f"    {key}: [{', '.join(q(n) for n in people)}]")
        elif people:
            out.append(f"    # 请核对: 原文署名 {label}：{'、'.join(people)}（这个类型没有署名栏）")
    if article.source:
        credit = next(iter(kind.credit), None)
        if credit:
            out.append(f"    {credit}: {q(article.source)}")
        else:
            out.append(f"    # 请核对: 原文来源 {article.source}（这个类型没有来源栏）")
    if "doc_number" in kind.fields:  # 文号 of the document a 政策解读 explains
        number = _DOC_NUMBER.search(" ".join([article.title, *article.body]))
        if number:
            out.append(
                f"    doc_number: {q(number.group())}   # 请核对: 取自正文，是否为所解读文件的文号"
            )
    if "cases" in kind.fields:
        out += _notice(article, names)
        return out
    if article.note and "note" in kind.fields:
        out.append("    note: |")
        out.append(_block(article.note, 6, names))
    elif article.note:
        out += [f"    # 请核对: 原文按语：{_one_line(note)}" for note in article.note]
    out.append("    body: |")
    out.append(_block(article.body or ["（正文缺失，请补写）"], 6, names))
    return out


def _notice(article: Article, names: dict[str, str]) -> list[str]:
    q = _quote
    out = []
    intro = article.body
    if article.note:
        out.append("    # 请核对: 原文有按语，案例通报没有按语栏，已放在导语前")
        intro = article.note + intro
    if intro:
        out.append("    intro: |")
        out.append(_block(intro, 6, names))
    out.append("    cases:")
    for case in article.cases:
        facts = case_facts(case, "\n".join(intro))
        out.append(f"      - title: {q(case.title)}")
        out += [f"        # 请核对: {_one_line(note)}" for note in case.confirm + facts.confirm]
        out.append(f"        subject: {q(facts.subject)}")
        out.append(f"        subject_type: {facts.subject_type}   # 请核对: 当事方类型")
        if facts.region:
            where = "案例上方的地区标题" if case.region else "当事方名称"
            out.append(f"        region: {q(facts.region)}   # 请核对: 地区取自{where}")
        if facts.period:
            start, end = facts.period
            out.append(f"        period: {{from: {start}, to: {end}}}   # 请核对: 取自正文")
        if facts.methods:
            methods = ", ".join(q(m) for m in facts.methods)
            out.append(f"        methods: [{methods}]   # 请核对: 取自案例标题")
        if facts.amounts:
            pairs = ", ".join(f"{k}: {v}" for k, v in facts.amounts.items())
            out.append(f"        amounts: {{{pairs}}}   # 请核对: 从正文读出，单位万元")
        if facts.actions:
            out.append(f"        actions: [{', '.join(q(a) for a in facts.actions)}]   # 请核对")
        if facts.legal_basis:
            out.append(f"        legal_basis: [{', '.join(q(b) for b in facts.legal_basis)}]")
        out.append("        body: |")
        out.append(_block(case.body or [case.title], 10, names))
    if article.closing:
        out.append("    # 请核对: 最后一个案例之后面向各地的话，作为结语")
        out.append("    closing: |")
        out.append(_block(article.closing, 6, names))
    return out


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _block(paragraphs: Iterable[str], indent: int, names: dict[str, str]) -> str:
    pad = " " * indent
    blocks = []
    for paragraph in paragraphs:
        if paragraph.startswith("![图片]("):
            name = paragraph[len("![图片](") : -1]
            paragraph = f"![图片](images/{names.get(name, name)})"
        elif not paragraph.startswith("|"):
            paragraph = tidy(paragraph)
        blocks.append("\n".join(pad + line for line in paragraph.split("\n")))
    return "\n\n".join(blocks)
