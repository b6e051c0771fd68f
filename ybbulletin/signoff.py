"""Sign-off: 审核 and 签发 records bound to an issue's validated content.

An issue is a draft (草稿) until it has a 签发 whose digests match its content.
``ybbulletin sign`` writes the ``signoff:`` block into the issue file through
ruamel.yaml's round-trip loader, so the file's comments and layout stay. The
digests are taken from the validated model (canonical JSON), not from the
file's text: re-indenting, re-quoting or editing a comment changes nothing,
while a changed character of an entry, a number, the date or the 报尾 does.
One digest per entry lets ``check`` name the entries changed after 签发.
"""

from __future__ import annotations

import datetime
import enum
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from ybbulletin.atomic import write_atomic
from ybbulletin.characters import FORBIDDEN_CHARS, describe_char
from ybbulletin.errors import ContentError, Diagnostics, Location, UsageError, excerpt
from ybbulletin.loaded import HASHES, digest
from ybbulletin.model import YEARS, ArchiveIssue, Signature
from ybbulletin.project import Archive, load_archive

__all__ = [
    "ROLES",
    "Changes",
    "Digests",
    "Review",
    "SignResult",
    "State",
    "check_signoffs",
    "digests",
    "images_of",
    "review",
    "reviews",
    "sign",
]

#: The sign-off roles, in the order they happen.
ROLES = ("审核", "签发")
#: what no name contains: the content files' forbidden characters and line breaks
_ODD_IN_NAME = re.compile(f"{FORBIDDEN_CHARS.pattern}|[\t\n\r\u2028\u2029]")
_COMMENT = "审核、签发记录：由 ybbulletin sign 写入，请勿手改；签发后改动内容需要重新签发"


class State(enum.Enum):
    """Editorial state of an issue; the value is the word editors see."""

    DRAFT = "草稿"
    REVIEWED = "已审核"
    SIGNED = "已签发"
    CHANGED = "签发后有改动"


@dataclass(frozen=True)
class Digests:
    """What a sign-off binds: the issue's header digest and one digest per entry."""

    content: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    """How an issue differs from what a signature covers."""

    entries: tuple[int, ...] = ()  # indexes of entries not covered (edited or added)
    removed: int = 0  # signed entries no longer in the issue
    header: bool = False  # numbers, date, theme, 报尾
    order: bool = False  # same entries, another order

    def __bool__(self) -> bool:
        return bool(self.entries or self.removed or self.header or self.order)


@dataclass(frozen=True)
class Review:
    """An issue's sign-offs checked against its content."""

    archive_issue: ArchiveIssue
    state: State
    signatures: dict[str, Signature] = field(default_factory=dict)
    changes: dict[str, Changes] = field(default_factory=dict)

    @property
    def draft(self) -> bool:
        return self.state is not State.SIGNED

    @property
    def mark(self) -> str | None:
        """The mark drafts carry in print: 送审稿 once reviewed, 草稿 before; None when signed."""
        if self.state is State.SIGNED:
            return None
        return "送审稿" if self.state is State.REVIEWED else "草稿"


@dataclass(frozen=True)
class SignResult:
    """What ``sign`` wrote, and the warnings to show."""

    path: Path
    label: str
    diagnostics: Diagnostics


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _short(text: str) -> str:
    return digest(text.encode("utf-8"))[:16]


def digests(archive: Archive, archive_issue: ArchiveIssue) -> Digests:
    """The digests of an issue's validated content (defaults left out, so that a new
    optional field in a later ybbulletin does not unsign every issue)."""
    issue = archive_issue.issue
    header = issue.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude={"entries", "signoff"}
    )
    header["total"] = archive_issue.total  # the 总第 number printed, computed or declared
    entries = []
    for index, entry in enumerate(issue.entries):
        data = entry.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        images = [list(i) for i in images_of(archive, archive_issue, index)]
        entries.append(_short(_canonical([data, images])))
    return Digests(_short(_canonical(header)), tuple(entries))


def images_of(
    archive: Archive, archive_issue: ArchiveIssue, index: int | None = None
) -> Iterator[tuple[str, str | None]]:
    """(src, sha256) of every image an issue (or its entry ``index``) shows."""
    folder = (archive.root / archive_issue.path).parent
    texts = archive.images.get(archive_issue.path, {})  # known without parsing the texts
    for keypath, sources in sorted(texts.items(), key=lambda kv: str((archive_issue.path, kv[0]))):
        if index is not None and tuple(keypath[:2]) != ("entries", index):
            continue
        for source in sources:
            src = unquote(source)
            try:
                yield src, HASHES.sha256(folder / src)  # kept by the file's size and times
            except OSError:
                yield src, None  # validation reported it


def _compare(signature: Signature, current: Digests) -> Changes:
    signed = list(signature.entry_digests)
    covered = set(signed)
    edited = tuple(i for i, d in enumerate(current.entries) if d not in covered)
    removed = max(0, len(signed) - len(current.entries))  # edits replace, the rest is gone
    kept_order = [d for d in current.entries if d in covered]
    return Changes(
        entries=edited,
        removed=removed,
        header=signature.issue_digest != current.content,
        order=not edited and not removed and kept_order != signed,
    )


def review(archive: Archive, archive_issue: ArchiveIssue) -> Review:
    """The issue's state: 草稿 / 已审核 / 已签发 / 签发后有改动."""
    signatures: dict[str, Signature] = {
        str(role): sig for role, sig in archive_issue.issue.signoff.items()
    }
    if not signatures:
        return Review(archive_issue, State.DRAFT)
    current = digests(archive, archive_issue)
    changes = {role: _compare(sig, current) for role, sig in signatures.items()}
    if "签发" in signatures:
        state = State.CHANGED if changes["签发"] else State.SIGNED
    elif "审核" in signatures and not changes["审核"]:
        state = State.REVIEWED
    else:
        state = State.DRAFT
    return Review(archive_issue, state, signatures, changes)


def reviews(archive: Archive) -> dict[str, Review]:
    """Every issue's review, by slug (2025/12)."""
    return {a.slug: review(archive, a) for a in archive.issues}


def check_signoffs(archive: Archive, diags: Diagnostics) -> dict[str, Review]:
    """Report changes after 签发 (errors, naming the entries), after 审核 and date mismatches."""
    found = reviews(archive)
    for item in found.values():
        _report(item, diags)
    return found


def _report(item: Review, diags: Diagnostics) -> None:
    archive_issue = item.archive_issue
    located = archive_issue.located
    issue = archive_issue.issue
    slug = archive_issue.slug
    for role in ROLES:
        signature = item.signatures.get(role)
        changes = item.changes.get(role)
        if signature is None or not changes:
            continue
        if role == "审核" and "签发" in item.signatures:
            continue  # once signed, the 签发 record is what counts
        report = diags.error if role == "签发" else diags.warning
        who = f"{role}：{signature.signer}，{signature.date.isoformat()}"
        hint = (
            f"请{role}人核对后重新签：ybbulletin sign {slug} --role {role} "
            f"--name {signature.signer}"
        )
        for index in changes.entries:
            title = issue.entries[index].title
            report(
                located.location(("entries", index)),
                f"第{index + 1}篇《{title}》在{role}后有改动（{who}）",
                hint,
            )
        where = located.location(("signoff", role), key=True)
        if changes.removed:
            report(where, f"{role}后删除了{changes.removed}篇文章（{who}）", hint)
        if changes.header:
            report(where, f"{role}后期号、日期、专题或报尾有改动（{who}）", hint)
        if changes.order:
            report(where, f"{role}后文章的顺序有改动（{who}）", hint)
    for role, signature in item.signatures.items():
        if not YEARS[0] <= signature.date.year <= YEARS[1]:  # a hand-edited record: ``sign``
            diags.error(  # refuses such a date (--date 0001-01-01: a slip, not a sign-off)
                located.location(("signoff", role, "date")),
                f"{role}日期 {signature.date.isoformat()} 不成立："
                f"年份应在 {YEARS[0]}–{YEARS[1]} 之间",
                f"审核、签发记录由 ybbulletin sign 写入，请勿手改：ybbulletin sign {slug} "
                f"--role {role} --name {signature.signer} 重新签",
            )
    signed = item.signatures.get("签发")
    if signed is not None and signed.date != issue.date:
        diags.warning(
            located.location(("signoff", "签发", "date")),
            f"签发日期 {signed.date.isoformat()} 与本期日期 {issue.date.isoformat()} 不一致",
            "本期的日期就是签发日期：改正 date 后重新签发，或签发时用 --date 指定日期",
        )


def find_issue(archive: Archive, slug: str) -> ArchiveIssue:
    """The issue named like ``2025/12`` or ``2025/zengkan-01``; a usage error otherwise."""
    wanted = slug.strip().strip("/").removesuffix(".yaml")
    for archive_issue in archive.issues:
        if archive_issue.slug == wanted:
            return archive_issue
    known = "、".join(a.slug for a in archive.issues[-5:])
    raise UsageError(
        f"没有这一期：{excerpt(slug)}（写法如 2025/12、2025/zengkan-01；最近几期：{known}）"
    )


def sign(root: Path, slug: str, role: str, signer: str, date: datetime.date) -> SignResult:
    """Record a 审核 or 签发 of one issue in its file; refused when the content has errors."""
    if role not in ROLES:
        raise UsageError(f"角色应为{'或'.join(ROLES)}")
    signer = signer.strip()
    if not signer:
        raise UsageError("请用 --name 写明签名人的姓名")
    odd = _ODD_IN_NAME.search(signer)
    if odd:
        raise UsageError(f"姓名中有不允许的字符 {describe_char(odd.group())}：请只写签名人的姓名")
    if not YEARS[0] <= date.year <= YEARS[1]:  # --date 0001-01-01: a slip, not a sign-off
        raise UsageError(
            f"签名日期 {date.isoformat()} 不成立："
            f"年份应在 {YEARS[0]}–{YEARS[1]} 之间（与期号的年份相同）"
        )
    try:
        archive = load_archive(root)
    except ContentError as exc:
        exc.diagnostics.error(
            Location(slug), f"内容有错误，不能{role}", "请先改正上面的错误，再运行 ybbulletin sign"
        )
        raise
    archive_issue = find_issue(archive, slug)
    current = digests(archive, archive_issue)
    record = {
        "signer": signer,
        "date": date,
        "issue_digest": current.content,
        "entry_digests": list(current.entries),
    }
    path = root / archive_issue.path
    data = _with_record(path, role, record)
    _refuse_unreadable(data, archive_issue)
    write_atomic(path, data, path.stat().st_mode & 0o7777)
    diags = Diagnostics()
    signed = load_archive(root)  # what was written must read back as signed
    check_signoffs(signed, diags)
    return SignResult(path, archive_issue.label, diags)


def _refuse_unreadable(data: bytes, archive_issue: ArchiveIssue) -> None:
    """The file with its record must load and validate as it did: else nothing is written."""
    from ybbulletin.characters import decode
    from ybbulletin.located import load_text
    from ybbulletin.validate import validate_issue

    relpath = archive_issue.path
    diags = Diagnostics()
    text = decode(data, relpath, diags)
    located = load_text(text, relpath, diags) if text is not None else None
    if located is not None:
        where = PurePosixPath(relpath)
        validate_issue(located, diags, None, where.parent.name, where.stem)
    if diags.errors:
        first = diags.errors[0]
        raise UsageError(f"写入签名记录后文件不能通过检查（{first.message}），文件未改动")


def _with_record(path: Path, role: str, record: dict[str, Any]) -> bytes:
    """The file with the record in its ``signoff:`` block, everything else kept as it is."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = yaml.load(text.replace("\r\n", "\n"))
    entry = CommentedMap()
    for key, value in record.items():
        entry[key] = CommentedSeq(value) if isinstance(value, list) else value
    block = document.get("signoff")
    if not isinstance(block, CommentedMap):
        block = CommentedMap()
        document["signoff"] = block
        document.yaml_set_comment_before_after_key("signoff", before=_COMMENT)
    block[role] = entry
    # the roles in the order they happen, whatever order the file had
    for name in [r for r in ROLES if r in block]:
        block.move_to_end(name)
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue()
    if crlf:
        result = result.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8")
