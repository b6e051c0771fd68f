"""The entry-kind declarations agree with the model, and everything derived from them works."""

from __future__ import annotations

import typing

import pytest
from pydantic import TypeAdapter
from ruamel.yaml import YAML

from ybbulletin.model import ENTRY_FIELDS, KINDS, Entry, Issue, entry_texts, kind_of
from ybbulletin.validate import FIELD_LABELS

NAMES = [kind.name for kind in KINDS]


def _model_fields(kind_name: str) -> set[str]:
    model = kind_of(kind_name).model
    return {info.alias or name for name, info in model.model_fields.items()}


def test_the_entry_union_is_the_declared_kinds() -> None:
    (union, *_meta) = typing.get_args(Entry)
    assert set(typing.get_args(union)) == {kind.model for kind in KINDS}
    for kind in KINDS:
        (literal,) = typing.get_args(kind.model.model_fields["kind"].annotation)
        assert literal == kind.name


@pytest.mark.parametrize("name", NAMES)
def test_every_field_is_declared_with_a_label(name: str) -> None:
    kind = kind_of(name)
    assert set(kind.fields) | set(ENTRY_FIELDS) == _model_fields(name)
    for field in _model_fields(name):
        assert kind.field_label(field)


@pytest.mark.parametrize("name", NAMES)
def test_markdown_fields_are_markdown(name: str) -> None:
    kind = kind_of(name)
    fields = kind.model.model_fields
    for pattern in kind.markdown:
        head = pattern.split(".")[0]
        assert head in fields
        if "." not in pattern:
            assert "str" in str(fields[head].annotation)  # Markdown is an annotated str
    for name in [*kind.credit, *kind.bylines, *kind.lines, *kind.codes]:
        assert name in kind.fields


def test_a_field_means_one_thing_in_every_kind() -> None:
    for kind in KINDS:
        for field, label in kind.fields.items():
            assert FIELD_LABELS[field] == label, (kind.name, field)


@pytest.mark.parametrize("name", NAMES)
def test_scaffold_snippet_is_a_valid_entry(name: str) -> None:
    kind = kind_of(name)
    data = YAML(typ="safe").load(kind.snippet)
    assert isinstance(data, list)
    assert len(data) == 1
    entry = TypeAdapter(Entry).validate_python(data[0])
    assert kind_of(entry) is kind
    assert entry_texts(entry), "the example shows at least one Markdown text"


def test_entry_texts_follow_the_declared_print_order() -> None:
    issue = Issue.model_validate(
        {
            "year": 2025,
            "number": 1,
            "date": "2025-01-02",
            "entries": [YAML(typ="safe").load(kind_of("case_notice").snippet)[0]],
        }
    )
    paths = [path for path, _text in entry_texts(issue.entries[0])]
    assert paths == [("intro",), ("cases", 0, "body")]
