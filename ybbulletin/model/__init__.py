"""The domain types: publication, issue, entries and cases, with their glossary.

Glossary (the Chinese term editors use, and the field that holds it):

- 简报 / 信息 — a *publication* (``Publication``): one bulletin title such as
  《宁夏医保信息》, set up once in ``ybbulletin.yaml``.
- 报头 — the masthead: ``Publication.name`` in red on page one.
- 编印单位 — ``Publication.publisher``, printed left of the date under the masthead.
- 期 — an *issue* (``Issue``), one file ``content/issues/<year>/<NN>.yaml``.
- 第N期 — ``Issue.number``, counted from 1 each year per kind of issue.
- 总第M期 — the running number of regular issues, ``ArchiveIssue.total``.
- 正刊 / 增刊 / 专刊 — ``Issue.kind``: ``regular`` / ``supplement`` / ``special``.
- 栏目 — a *section*: a key of ``Publication.sections`` such as ``work_update``
  (工作动态); every entry belongs to one.
- 文章 — an *entry*, of one of the kinds declared in :mod:`ybbulletin.model.kinds`:
  ``News`` (要闻/新闻, with 记者 ``reporters`` and 通讯员 ``correspondents``),
  ``WorkUpdate`` (工作动态), ``Experience`` (经验交流) or ``CaseNotice`` (案例通报).
- 来源 — ``source``: the unit that reported an entry.
- 按语 / 编者按 — ``Experience.note``, printed before the body after “按：”.
- 发文机关 — ``CaseNotice.issuer``, the body that issued a case notice.
- 案例 — a *case* (``Case``) inside a case notice; 涉案金额 ``amounts.involved``,
  追回 ``amounts.recovered``, 罚款 ``amounts.fined``, all in 万元.
- 报尾 / 版记 — the block at the end: 报/送/发 (``Distribution``), the staff
  line (``Issue.staff``) and 共印N份 (``print_run``).
- 审核 / 签发 — sign-offs (``Signature`` in ``Issue.signoff``): an issue is a
  draft (草稿) until its 签发 matches its content (:mod:`ybbulletin.signoff`).

Modules: ``base`` (scalar types, cases), ``kinds`` (the entry kinds, declared once),
``issue`` (publication, issue, archive issue).
"""

from ybbulletin.model.base import (
    CASE_FIELDS,
    SUBJECT_TYPES,
    Amounts,
    Case,
    Period,
    SubjectType,
    _iso_date,
    _one_or_many,
    _year_month,
)
from ybbulletin.model.issue import (
    DIGEST_PATTERN,
    FILE_PREFIXES,
    ISSUE_KINDS,
    NUMBERS,
    YEARS,
    ArchiveIssue,
    Distribution,
    Issue,
    IssueKind,
    Numbering,
    Publication,
    Signature,
    SiteSettings,
    file_stem,
)
from ybbulletin.model.kinds import (
    ENTRY_FIELDS,
    ENTRY_KINDS,
    KINDS,
    CaseNotice,
    Entry,
    EntryBase,
    Experience,
    Kind,
    News,
    Policy,
    WorkUpdate,
    entry_texts,
    kind_of,
    kinds_by_section_name,
    markdown_names,
)

__all__ = [
    "CASE_FIELDS",
    "DIGEST_PATTERN",
    "ENTRY_FIELDS",
    "ENTRY_KINDS",
    "FILE_PREFIXES",
    "ISSUE_KINDS",
    "KINDS",
    "NUMBERS",
    "SUBJECT_TYPES",
    "YEARS",
    "Amounts",
    "ArchiveIssue",
    "Case",
    "CaseNotice",
    "Distribution",
    "Entry",
    "EntryBase",
    "Experience",
    "Issue",
    "IssueKind",
    "Kind",
    "News",
    "Numbering",
    "Period",
    "Policy",
    "Publication",
    "Signature",
    "SiteSettings",
    "SubjectType",
    "WorkUpdate",
    "entry_texts",
    "file_stem",
    "kind_of",
    "kinds_by_section_name",
    "markdown_names",
]

# The schema walker recognises these validators by identity.
_SCHEMA_VALIDATORS = (_iso_date, _one_or_many, _year_month)
