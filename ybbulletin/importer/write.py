"""Write: a draft -> the issue file's YAML text, with a ``# 请核对`` comment at every guess."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ybbulletin.importer.cases import case_facts
from ybbulletin.importer.draft import Draft
from ybbulletin.importer.text import tidy

__all__ = ["render_yaml"]


def render_yaml(draft: Draft, *, source_name: str) -> str:
    """The draft issue file: valid YAML, a 请核对 comment at every guess."""
    q = _quote
    out = [
        f"# 由 ybbulletin import 从 {source_name} 生成的草稿。",
        "# 请逐条核对“# 请核对”标注的地方，再运行 ybbulletin check。",
    ]
    for note in draft.confirm:
        out.append(f"# 请核对: {note}")
    out += [f"year: {draft.year}", f"number: {draft.number}"]
    if draft.total is not None:
        out.append(f"total: {draft.total}               # 原文写明的总期数")
    if draft.kind != "regular":
        out.append(f"kind: {draft.kind}")
    if draft.theme:
        out.append(f"theme: {q(draft.theme)}")
    assert draft.date is not None
    out.append(f"date: {draft.date.isoformat()}")
    out.append("entries:")
    for article in draft.articles:
        out.append(f"  - kind: {article.kind}")
        for note in article.confirm:
            out.append(f"    # 请核对: {note}")
        if article.section != article.kind:
            out.append(f"    section: {article.section}")
        out.append(f"    title: {q(article.title)}")
        if article.subtitle:
            out.append(f"    subtitle: {q(article.subtitle)}")
        if article.kind == "news":
            for key in ("reporters", "correspondents", "photographers"):
                names = getattr(article, key)
                if names:
                    out.append(f"    {key}: [{', '.join(q(n) for n in names)}]")
        if article.source and article.kind != "case_notice":
            out.append(f"    source: {q(article.source)}")
        if article.kind == "case_notice":
            if article.source:
                out.append(f"    issuer: {q(article.source)}")
            intro = article.body
            if intro:
                out.append("    intro: |")
                out.append(_block(intro, 6))
            out.append("    cases:")
            for case in article.cases:
                facts = case_facts(case, "\n".join(intro))
                out.append(f"      - title: {q(case.title)}")
                for note in facts.confirm:
                    out.append(f"        # 请核对: {note}")
                out.append(f"        subject: {q(facts.subject)}")
                out.append(f"        subject_type: {facts.subject_type}   # 请核对: 当事方类型")
                if facts.amounts:
                    pairs = ", ".join(f"{k}: {v}" for k, v in facts.amounts.items())
                    out.append(f"        amounts: {{{pairs}}}   # 请核对: 从正文读出，单位万元")
                if facts.legal_basis:
                    out.append(
                        f"        legal_basis: [{', '.join(q(b) for b in facts.legal_basis)}]"
                    )
                out.append("        body: |")
                out.append(_block(case.body or [case.title], 10))
        else:
            if article.note:
                out.append("    note: |")
                out.append(_block(article.note, 6))
            out.append("    body: |")
            out.append(_block(article.body or ["（正文缺失，请补写）"], 6))
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block(paragraphs: Iterable[str], indent: int) -> str:
    pad = " " * indent
    blocks = []
    for paragraph in (tidy(p) if not p.startswith("|") else p for p in paragraphs):
        blocks.append("\n".join(pad + line for line in paragraph.split("\n")))
    return "\n\n".join(blocks)
