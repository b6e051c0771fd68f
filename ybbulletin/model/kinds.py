"""Entry kinds, each declared once: its model, fields and their Chinese labels, Markdown
fields, default 栏目, the layout partial the site and print templates include, and the
scaffold snippet.

Everything else derives from ``KINDS``: validation messages and did-you-mean
(``validate``), which texts are Markdown (``project``, ``proofread``), the feed
summary, the byline and 来源 line of the views, the ``new`` skeleton (``scaffold``),
the importer's 栏目 guesses. Adding a kind: a model class and a :class:`Kind` here
(append it to ``KINDS`` and to the ``Entry`` union), a layout partial
``templates/kinds/<name>.html`` and, if the Word writer must place fields other
than title, subtitle, credit line and Markdown texts, a branch in
``render/docx/layout.py``. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from ybbulletin.model.base import Case, DocNumber, Markdown, Model, Names, SectionKey, Text

__all__ = [
    "ENTRY_FIELDS",
    "ENTRY_KINDS",
    "KINDS",
    "MAX_CASES",
    "CaseNotice",
    "Entry",
    "EntryBase",
    "Experience",
    "Kind",
    "News",
    "Policy",
    "WorkUpdate",
    "entry_texts",
    "kind_of",
    "kinds_by_section_name",
    "markdown_names",
]


class EntryBase(Model):
    """What every entry has: a title, an optional subtitle, an optional 栏目."""

    title: Text
    subtitle: Text | None = None
    section: SectionKey | None = None
    digest: Text | None = None  # 摘要 for the 公众号; generated from the first paragraph if absent

    @property
    def section_key(self) -> str:
        kind: str = getattr(self, "kind")  # noqa: B009 - declared on each subclass
        return self.section or kind


#: What editors call the fields every entry has.
ENTRY_FIELDS: dict[str, str] = {
    "kind": "类型",
    "title": "标题",
    "subtitle": "副标题",
    "section": "栏目",
    "digest": "摘要",
}


class News(EntryBase):
    """A news item (要闻) with bylines: 记者, 通讯员, 摄影."""

    kind: Literal["news"]
    source: Text | None = None
    reporters: Names = Field(default_factory=list)
    correspondents: Names = Field(default_factory=list)
    photographers: Names = Field(default_factory=list)
    body: Markdown


class WorkUpdate(EntryBase):
    """A work update (工作动态) from a city or county bureau."""

    kind: Literal["work_update"]
    source: Text | None = None
    body: Markdown


class Experience(EntryBase):
    """An experience report (经验交流), optionally with an editor's note (按语)."""

    kind: Literal["experience"]
    source: Text | None = None
    note: Markdown | None = None
    body: Markdown


#: The most cases one case notice may have: the longest notices of the corpus list 16
#: (黑龙江省医疗保障局) and 15 (黄石市医保局); docs/editor-guide.md states it.
MAX_CASES = 100


class CaseNotice(EntryBase):
    """A case notice (案例通报): an intro, the cases, an optional closing."""

    kind: Literal["case_notice"]
    issuer: Text | None = None
    intro: Markdown | None = None
    cases: Annotated[list[Case], Field(min_length=1, max_length=MAX_CASES)]
    closing: Markdown | None = None


class Policy(EntryBase):
    """A policy explained (政策解读): a document's meaning, from its issuer or a source."""

    kind: Literal["policy"]
    issuer: Text | None = None
    source: Text | None = None
    doc_number: DocNumber | None = None  # 文号 of the document it explains
    body: Markdown


Entry = Annotated[News | WorkUpdate | Experience | CaseNotice | Policy, Field(discriminator="kind")]


@dataclass(frozen=True)
class Kind:
    """One entry kind as editors, validation, the planner and every output see it."""

    name: str  # the value of ``kind:``
    model: type[EntryBase]
    label: str  # what editors call it; the 栏目 it goes under when ``sections`` does not say
    fields: Mapping[str, str]  # its own fields (beyond ENTRY_FIELDS) -> Chinese label
    #: Markdown fields in print order; ``cases.*.body`` is the body of every case.
    markdown: tuple[str, ...]
    #: The fields of the line printed in parentheses under the title (来源, 发文机关):
    #: the first one written.
    credit: tuple[str, ...] = ()
    #: Fields printed as bylines instead of the credit line, role = the field's label.
    bylines: tuple[str, ...] = ()
    #: Plain fields printed as "label：value" lines before the texts (文号).
    lines: tuple[str, ...] = ()
    #: Fields that hold codes, not prose: not proofread (a 文号 is validated instead).
    codes: tuple[str, ...] = ()
    #: Other names bulletins give its 栏目 (the importer's guesses).
    section_names: tuple[str, ...] = ()
    #: For ``new``: the example entry, as YAML indented under ``entries:``.
    snippet: str = ""

    @property
    def partial(self) -> str:
        """The layout partial of its body, shared by the site and print templates."""
        return f"kinds/{self.name}.html"

    def field_label(self, name: str) -> str | None:
        return self.fields.get(name) or ENTRY_FIELDS.get(name)


#: The entry kinds, in the order of the default 栏目.
KINDS: tuple[Kind, ...] = (
    Kind(
        "work_update",
        WorkUpdate,
        "工作动态",
        {"source": "来源", "body": "正文"},
        ("body",),
        credit=("source",),
        section_names=("基层动态",),
        snippet="""\
- kind: work_update
  title: 标题
  source: 来源单位
  body: |
    正文第一段。

    正文第二段。
""",
    ),
    Kind(
        "experience",
        Experience,
        "经验交流",
        {"source": "来源", "note": "按语", "body": "正文"},
        ("note", "body"),
        credit=("source",),
        section_names=("工作交流",),
        snippet="""\
- kind: experience
  title: 标题
  source: 来源单位
  note: 按语（可选）
  body: |
    正文。
""",
    ),
    Kind(
        "case_notice",
        CaseNotice,
        "案例通报",
        {"issuer": "发文机关", "intro": "导语", "cases": "案例", "closing": "结语"},
        ("intro", "cases.*.body", "closing"),
        credit=("issuer",),
        section_names=("典型案例", "曝光台"),
        snippet="""\
- kind: case_notice
  title: 关于……典型案例的通报
  issuer: 发文机关
  intro: |
    导语。
  cases:
    - title: ……骗取医保基金案
      subject: 当事方名称
      subject_type: hospital     # hospital、clinic、pharmacy、individual、other
      region: 所在地区
      period: {from: 2020-01, to: 2020-06}
      methods: [违规手段]
      amounts: {involved: 0.00, recovered: 0.00, fined: 0.00}   # 单位：万元
      actions: [处理措施]
      legal_basis: [《中华人民共和国社会保险法》第八十七条]
      body: |
        经查，……
""",
    ),
    Kind(
        "news",
        News,
        "要闻",
        {
            "source": "来源",
            "reporters": "记者",
            "correspondents": "通讯员",
            "photographers": "摄影",
            "body": "正文",
        },
        ("body",),
        credit=("source",),
        bylines=("reporters", "correspondents", "photographers"),
        section_names=("医保要闻", "新闻"),
        snippet="""\
- kind: news
  title: 标题
  reporters: [记者姓名]
  correspondents: [通讯员姓名]
  body: |
    本报讯 正文。
""",
    ),
    Kind(
        "policy",
        Policy,
        "政策解读",
        {
            "issuer": "发文机关",
            "source": "来源",
            "doc_number": "文号",
            "body": "正文",
        },
        ("body",),
        credit=("source", "issuer"),
        lines=("doc_number",),
        codes=("doc_number",),
        section_names=("政策解答", "解读"),
        snippet="""\
- kind: policy
  title: 《……办法》政策解读
  issuer: 发文机关
  doc_number: 医保发〔2025〕1号   # 所解读文件的文号（可选）
  body: |
    一、出台背景
""",
    ),
)

_BY_NAME = {kind.name: kind for kind in KINDS}

#: Entry kinds and the 栏目 label each one gets when ``sections`` does not say.
ENTRY_KINDS: dict[str, str] = {kind.name: kind.label for kind in KINDS}


def entry_texts(entry: EntryBase) -> list[tuple[tuple[str | int, ...], str]]:
    """The Markdown texts an entry has, in print order, with their path inside the entry."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for pattern in kind_of(entry).markdown:
        head, _, rest = pattern.partition(".*.")
        value = getattr(entry, head)
        if rest:
            for index, item in enumerate(value):
                found.append(((head, index, rest), getattr(item, rest)))
        elif value is not None:
            found.append(((head,), value))
    return found


def markdown_names() -> set[str]:
    """The names of every Markdown field of any kind (body, note, intro, closing …)."""
    return {pattern.rpartition(".")[2] for kind in KINDS for pattern in kind.markdown}


def kinds_by_section_name() -> dict[str, str]:
    """栏目 names bulletins print (工作动态, 基层动态 …) -> the kind their entries are."""
    return {label: kind.name for kind in KINDS for label in (kind.label, *kind.section_names)}


def kind_of(entry: EntryBase | str) -> Kind:
    """The declaration of an entry (or of a kind name)."""
    name = entry if isinstance(entry, str) else str(getattr(entry, "kind"))  # noqa: B009
    return _BY_NAME[name]
