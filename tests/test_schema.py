"""The JSON Schemas editors' tools read: valid for real files, precise on broken ones, in step."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from tests.conftest import REPO
from ybbulletin import model
from ybbulletin.cli import main
from ybbulletin.errors import Diagnostics
from ybbulletin.located import load_file
from ybbulletin.schema import (
    ISSUE_SCHEMA,
    SCHEMA_DIR,
    SETTINGS_SCHEMA,
    issue_schema,
    schema_texts,
    settings_schema,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
PROJECTS = [REPO, REPO / "examples" / "huaibei"]


def _data(path: Path) -> Any:
    """The file as ybbulletin reads it (YAML 1.2: dates stay text, as in yaml-language-server)."""
    diags = Diagnostics()
    located = load_file(path, path.name, diags)
    assert located is not None, diags.sorted()
    return located.data


def _errors(schema: dict[str, Any], data: Any) -> list[tuple[list[str | int], str]]:
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return sorted(
        (list(error.absolute_path), error.validator) for error in validator.iter_errors(data)
    )


def test_the_schemas_are_valid_draft_07() -> None:
    for schema in (settings_schema(), issue_schema()):
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_demo_and_example_pass(project: Path) -> None:
    assert _errors(settings_schema(), _data(project / "ybbulletin.yaml")) == []
    issues = sorted((project / "content" / "issues").glob("*/*.yaml"))
    assert issues
    for path in issues:
        assert _errors(issue_schema(), _data(path)) == [], path


def test_a_broken_issue_fails_at_the_expected_paths(tmp_path: Path) -> None:
    text = (REPO / "content/issues/2025/12.yaml").read_text(encoding="utf-8")
    text = text.replace("date: 2025-08-13", "date: 2025-8-13", 1)
    text = text.replace("  - kind: work_update\n", "  - kind: work_updte\n", 1)
    text = text.replace("    source: 吴忠市医保局\n", "    sourse: 吴忠市医保局\n", 1)
    path = tmp_path / "12.yaml"
    path.write_text(text, encoding="utf-8")
    assert _errors(issue_schema(), _data(path)) == [
        (["date"], "format"),
        (["entries", 0, "kind"], "enum"),
        (["entries", 1], "additionalProperties"),  # 'sourse' was unexpected
    ]


def test_a_broken_case_and_settings_fail_where_they_are_wrong() -> None:
    case = {"title": "案", "subject": "某医院", "subject_type": "hopsital", "body": "经查。"}
    notice = {"kind": "case_notice", "title": "通报", "cases": [case]}
    issue = {"year": 2025, "number": 1, "date": "2025-01-02", "entries": [notice]}
    assert _errors(issue_schema(), issue) == [(["entries", 0, "cases", 0, "subject_type"], "enum")]
    case.update(subject_type="hospital", amounts={"involved": -1})
    case["period"] = {"from": "2017年8月"}
    assert _errors(issue_schema(), issue) == [
        (["entries", 0, "cases", 0, "amounts", "involved"], "minimum"),
        (["entries", 0, "cases", 0, "period"], "anyOf"),  # a period, or nothing
    ]
    settings = {"name": "简报", "publisher": "局", "short_name": "NX", "sections": {"a b": "栏"}}
    assert _errors(settings_schema(), settings) == [
        (["sections"], "pattern"),  # of a key (propertyNames)
        (["short_name"], "pattern"),
    ]
    # a single name where a list is expected is what editors write, and the model takes it
    news = {"kind": "news", "title": "新闻", "reporters": "刘星", "body": "本报讯。"}
    issue["entries"] = [news]
    assert _errors(issue_schema(), issue) == []


# --- in step with the model ------------------------------------------------------------


def test_the_committed_schemas_are_the_generated_ones() -> None:
    """`schema/` in the demo is what `ybbulletin schema` writes (run it after a model change)."""
    for name, text in schema_texts().items():
        committed = (REPO / SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run `ybbulletin schema`"


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        model_class = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if model_class and annotation.__name__ not in found:
            found[annotation.__name__] = annotation
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


@pytest.mark.parametrize(
    ("root", "make"), [(model.Issue, issue_schema), (model.Publication, settings_schema)]
)
def test_every_model_field_is_in_the_schema_with_chinese_words(
    root: type[BaseModel], make: typing.Callable[[], dict[str, Any]]
) -> None:
    schema = make()
    definitions = {**schema.get("definitions", {}), root.__name__: schema}
    for name, cls in _models(root).items():
        described = definitions[name]
        assert CHINESE.search(described["title"]), name
        assert CHINESE.search(described["description"]), name
        assert described["additionalProperties"] is False, name
        fields = {info.alias or field for field, info in cls.model_fields.items()}
        assert set(described["properties"]) == fields, name
        required = {info.alias or f for f, info in cls.model_fields.items() if info.is_required()}
        assert set(described.get("required", [])) == required, name
        for key, prop in described["properties"].items():
            assert CHINESE.search(prop["title"]), f"{name}.{key}: no Chinese title"
            assert CHINESE.search(prop["description"]), f"{name}.{key}: no description"
            for text in prop.get("enumDescriptions", []):
                assert CHINESE.search(text), f"{name}.{key}: a choice without a description"


def test_entry_kinds_are_an_enumeration_with_descriptions() -> None:
    kind = issue_schema()["definitions"]["Entry"]["properties"]["kind"]
    assert kind["enum"] == [
        typing.get_args(cls.model_fields["kind"].annotation)[0]
        for cls in typing.get_args(typing.get_args(model.Entry)[0])
    ]
    assert set(kind["enum"]) == set(model.ENTRY_KINDS)
    for value, text in zip(kind["enum"], kind["enumDescriptions"], strict=True):
        assert text.startswith(model.ENTRY_KINDS[value]), (value, text)


def test_dates_are_format_date() -> None:
    schema = issue_schema()
    assert schema["properties"]["date"] == {
        "title": "日期",
        "description": schema["properties"]["date"]["description"],
        "type": "string",
        "format": "date",
    }


# --- commands ----------------------------------------------------------------------------


def test_schema_command_writes_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["--project", str(REPO), "schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [ISSUE_SCHEMA, SETTINGS_SCHEMA]
    assert json.loads((out / ISSUE_SCHEMA).read_text(encoding="utf-8")) == issue_schema()
    assert "已写入" in capsys.readouterr().out
    assert main(["--project", str(REPO), "schema", "--out", str(out)]) == 0
    assert "已写入" not in capsys.readouterr().out  # unchanged files are left alone


def test_new_files_start_with_the_modeline_and_the_schema_is_there(demo: Path) -> None:
    assert main(["--project", str(demo), "new", "--date", "2025-09-01"]) == 0
    path = demo / "content/issues/2025/13.yaml"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == "# yaml-language-server: $schema=../../../schema/issue.schema.json"
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (demo / "schema" / ISSUE_SCHEMA).resolve()
    assert json.loads(target.read_text(encoding="utf-8")) == issue_schema()
