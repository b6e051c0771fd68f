"""Predicates and clean-ups on one paragraph's text, shared by the import stages."""

from __future__ import annotations

from ybbulletin.proofread import fix_text

END = "。！？；…”’）》"


def ends_sentence(text: str) -> bool:
    return (bool(text) and text[-1] in END and not text.endswith(("》", "”"))) or text.endswith(
        "。”"
    )


def tidy(paragraph: str) -> str:
    """Spaces between hanzi inside a paragraph are extraction artefacts."""
    return fix_text(paragraph)
