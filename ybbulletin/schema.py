"""JSON Schemas (draft-07) of ``ybbulletin.yaml`` and issue files, generated from the model.

Editors' tools (VS Code's YAML extension and every editor on yaml-language-server)
read them through a first-line modeline and then complete keys, show each
field's Chinese title and description, and flag mistakes while the editor
types. The schemas are walked out of the pydantic models: every field becomes a
property with its Chinese title, entry kinds become an enumeration with their
descriptions, dates ``format: date``, and every object ``additionalProperties:
false``. The words come from :mod:`ybbulletin.schema_words`.

The schema is a help for editors, not the validator: ``ybbulletin check`` stays
the judge (it knows file names, numbering and cross-field rules a schema cannot).
"""

from __future__ import annotations

import datetime
import json
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel, BeforeValidator, StringConstraints

from ybbulletin import model
from ybbulletin.atomic import write_atomic
from ybbulletin.schema_words import (
    CHOICE_DESCRIPTIONS,
    FIELD_DESCRIPTIONS,
    KIND_DESCRIPTIONS,
    MODEL_WORDS,
    field_title,
)

__all__ = [
    "ISSUE_SCHEMA",
    "SCHEMA_DIR",
    "SETTINGS_SCHEMA",
    "issue_schema",
    "modeline",
    "schema_texts",
    "settings_schema",
    "write_schemas",
]

SCHEMA_DIR = "schema"
SETTINGS_SCHEMA = "ybbulletin.schema.json"
ISSUE_SCHEMA = "issue.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"
#: How a period's month is written: 2017-08 or 2017-08-03.
YEAR_MONTH_PATTERN = r"^\d{4}-\d{1,2}(-\d{1,2})?$"


def settings_schema() -> dict[str, Any]:
    """The schema of ``ybbulletin.yaml``."""
    return _Walker().document(model.Publication)


def issue_schema() -> dict[str, Any]:
    """The schema of an issue file ``content/issues/<year>/<NN>.yaml``."""
    return _Walker().document(model.Issue)


def schema_texts() -> dict[str, str]:
    """File name -> JSON text of both schemas, stable bytes (sorted definitions, LF)."""
    return {
        SETTINGS_SCHEMA: _dump(settings_schema()),
        ISSUE_SCHEMA: _dump(issue_schema()),
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into ``folder``; return the files whose bytes changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_texts().items():
        target = folder / name
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(target, data)
        changed.append(target)
    return changed


def modeline(file_relpath: str, schema_name: str = ISSUE_SCHEMA) -> str:
    """The first line that points yaml-language-server at the project's schema."""
    depth = file_relpath.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_name}\n"


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


class _Walker:
    """Turns pydantic models into draft-07 definitions, one per model class."""

    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}
        self.entry_classes: set[type] = set()

    def document(self, root: type[BaseModel]) -> dict[str, Any]:
        body = self._object(root)
        title, description = MODEL_WORDS[root.__name__]
        document: dict[str, Any] = {"$schema": DRAFT, **body}
        document["title"], document["description"] = title, description
        if self.definitions:
            document["definitions"] = dict(sorted(self.definitions.items()))
        return document

    def _object(self, cls: type[BaseModel]) -> dict[str, Any]:
        title, description = MODEL_WORDS.get(cls.__name__, ("", ""))
        properties: dict[str, Any] = {}
        required: list[str] = []
        for name, info in cls.model_fields.items():
            key = info.alias or name
            # an entry's ``kind`` is the entry kind (described once, on Entry), not the issue's
            owner = "Entry" if cls in self.entry_classes and key == "kind" else cls.__name__
            schema = self._field(owner, key, info.annotation, info.metadata)
            properties[key] = {
                "title": field_title(owner, key),
                "description": _describe(owner, key),
                **schema,
            }
            if info.is_required():
                required.append(key)
        result: dict[str, Any] = {
            "title": title,
            "description": description,
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        return result

    def _ref(self, cls: type[BaseModel]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # recursion guard
            self.definitions[name] = self._object(cls)
        return {"$ref": f"#/definitions/{name}"}

    def _field(self, owner: str, name: str, annotation: Any, metadata: list[Any]) -> dict[str, Any]:
        schema = self._type(annotation, list(metadata))
        choices = KIND_DESCRIPTIONS if owner == "Entry" else CHOICE_DESCRIPTIONS.get(name)
        if choices and "enum" in schema:
            schema["enumDescriptions"] = [choices.get(value, "") for value in schema["enum"]]
        return schema

    def _type(self, annotation: Any, metadata: list[Any]) -> dict[str, Any]:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            inner, *extra = typing.get_args(annotation)
            # ``Annotated[Decimal, Field(ge=0)]`` keeps its bounds inside the FieldInfo
            flat = [m for item in extra for m in getattr(item, "metadata", None) or [item]]
            return self._type(inner, [*metadata, *flat])
        if origin in (typing.Union, types.UnionType):
            return self._union(annotation, metadata)
        if origin is typing.Literal:
            return {"type": "string", "enum": list(typing.get_args(annotation))}
        if origin is list:
            (item,) = typing.get_args(annotation)
            array: dict[str, Any] = {"type": "array", "items": self._type(item, [])}
            array.update(_numeric(metadata, "minItems", "maxItems"))
            if _before(metadata) is _ONE_OR_MANY:  # ``reporters: 刘星`` is a list of one
                return {"anyOf": [array["items"], array]}
            return array
        if origin is dict:
            key, value = typing.get_args(annotation)
            mapping: dict[str, Any] = {
                "type": "object",
                "additionalProperties": self._type(value, []),
            }
            mapping.update(_numeric(metadata, "minProperties", "maxProperties"))
            names = self._type(key, [])
            if "pattern" in names:
                mapping["propertyNames"] = {"pattern": names["pattern"]}
            return mapping
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self._ref(annotation)
        return self._scalar(annotation, metadata)

    def _union(self, annotation: Any, metadata: list[Any]) -> dict[str, Any]:
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        nullable = len(members) < len(typing.get_args(annotation))
        discriminator = next(
            (getattr(m, "discriminator", None) for m in metadata if hasattr(m, "discriminator")),
            None,
        )
        if discriminator == "kind":
            schema = self._entry(members)
        elif len(members) == 1:
            schema = self._type(members[0], metadata)
        else:
            schema = {"anyOf": [self._type(m, []) for m in members]}
        # an empty value (``source:``) reads as null, which the model takes as "not given"
        return _nullable(schema) if nullable else schema

    def _entry(self, members: list[Any]) -> dict[str, Any]:
        """Entries: ``kind`` as an enumeration; the rest of the fields follow from it."""
        kinds: list[str] = []
        branches = []
        self.entry_classes.update(members)
        for cls in members:
            (kind,) = typing.get_args(cls.model_fields["kind"].annotation)
            kinds.append(kind)
            branches.append(
                {
                    "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                    "then": self._ref(cls),
                }
            )
        title, description = MODEL_WORDS["Entry"]
        self.definitions["Entry"] = {
            "title": title,
            "description": description,
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {
                    "title": field_title("Entry", "kind"),
                    "description": FIELD_DESCRIPTIONS["Entry.kind"],
                    "type": "string",
                    "enum": kinds,
                    "enumDescriptions": [KIND_DESCRIPTIONS.get(kind, "") for kind in kinds],
                }
            },
            "allOf": branches,
        }
        return {"$ref": "#/definitions/Entry"}

    def _scalar(self, annotation: Any, metadata: list[Any]) -> dict[str, Any]:
        before = _before(metadata)
        if before is _ISO_DATE or annotation is datetime.date:
            return {"type": "string", "format": "date"}
        if before is _YEAR_MONTH:
            return {"type": "string", "pattern": YEAR_MONTH_PATTERN}
        if annotation is str:
            schema: dict[str, Any] = {"type": "string"}
            for item in metadata:
                if isinstance(item, StringConstraints):
                    if item.min_length:
                        schema["minLength"] = item.min_length
                    if item.max_length:
                        schema["maxLength"] = item.max_length
                    if item.pattern:
                        schema["pattern"] = str(item.pattern)
            schema.update(_numeric(metadata, "minLength", "maxLength"))
            return schema
        if annotation is int:
            return {"type": "integer", **_numeric(metadata, "minimum", "maximum")}
        if annotation in (float, Decimal):
            return {"type": "number", **_numeric(metadata, "minimum", "maximum")}
        if annotation is bool:
            return {"type": "boolean"}
        raise TypeError(f"no schema for {annotation!r}")  # a new field type: teach the walker


_ONE_OR_MANY = getattr(model, "_one_or_many", None)
_ISO_DATE = getattr(model, "_iso_date", None)
_YEAR_MONTH = getattr(model, "_year_month", None)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Also allow null: in the type where that is possible (precise errors), else as anyOf."""
    if isinstance(schema.get("type"), str) and "anyOf" not in schema:
        schema = {**schema, "type": [schema["type"], "null"]}
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def _before(metadata: list[Any]) -> Any:
    """The function of the field's BeforeValidator, if it has one."""
    for item in metadata:
        if isinstance(item, BeforeValidator):
            return item.func
    return None


def _numeric(metadata: list[Any], low: str, high: str) -> dict[str, Any]:
    """Bounds from annotated-types metadata (Ge, Le, MinLen, MaxLen) under the given keywords."""
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            found[low] = item.ge
        elif isinstance(item, annotated_types.Le):
            found[high] = item.le
        elif isinstance(item, annotated_types.MinLen):
            found[low] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found[high] = item.max_length
    return found


def _describe(owner: str, name: str) -> str:
    # a field without words gets an empty description; tests/test_schema.py says which
    return FIELD_DESCRIPTIONS.get(f"{owner}.{name}") or FIELD_DESCRIPTIONS.get(name, "")
