"""The package in and out: a template document made once per process, saved with fixed times.

Everything an issue does not decide — the reference document (or python-docx's own), its
named styles, the page, the footers, a draft's header, the Chinese theme — is set up once
per process and kept as a package with an empty body; each issue opens a fresh document
from it instead of setting up the styles again. The styles' ids are looked up once, too: python-docx
would look each paragraph's style up by name.

No issue changes the styles (it names them), so an issue's document keeps the styles
part as the template's bytes, neither parsed nor serialised again (most of what opening
and saving a document costs: python-docx's styles are 360 kB of XML); the fonts the
styles bring, which the font table lists, are read once with them. Code that would
change or read the styles through python-docx while writing an issue (``document.styles``,
``add_paragraph(style=...)``, ``add_table``) fails loudly instead: use the ids.

Saving writes each part once, straight into a zip whose members carry the issue's date
(python-docx would stamp the time of saving: bytes would differ per run).
"""

from __future__ import annotations

import datetime
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.package import Package

from ybbulletin.errors import ContentError, Diagnostics, Location
from ybbulletin.render.docx.clean import StyleFonts, clean_theme
from ybbulletin.render.docx.page import clear_body, draft_header, setup_page
from ybbulletin.render.docx.styles import setup_styles, style_ids

__all__ = ["Template", "save_package", "template"]

_MEMO = "docx.template"


@dataclass(frozen=True)
class Template:
    """The starting document of every issue: its package, the styles' names, ids and fonts."""

    package: Any  # python-docx's PackageReader of the package: its parts' bytes, read once
    style_names: dict[str, str]  # role -> style name
    style_ids: dict[str, str | None]  # role -> style id (None: the default paragraph style)
    style_fonts: StyleFonts
    deflated: dict[bytes, bytes]  # the styles' bytes -> deflated as the zip deflates them

    def document(self) -> DocumentObject:
        """A fresh document: ``Document(template)``, its styles part left as bytes."""
        package = Package()
        unmarshal: Any = Unmarshaller.unmarshal  # what Package.open does, with _part
        unmarshal(self.package, package, _part)
        document: DocumentObject = package.main_document_part.document
        return document


def _part(partname: PackURI, content_type: str, reltype: str, blob: bytes, package: Any) -> Any:
    """python-docx's part for the bytes, but the styles: a plain part keeping its bytes."""
    if content_type == CT.WML_STYLES:
        return Part(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


def template(
    reference: Path | None, memo: dict[str, Any] | None = None, mark: str = ""
) -> Template:
    """The template for ``reference`` (None: python-docx's), made once per ``memo``.

    ``mark``: a draft's 「草稿」 header, on every page (it is the template's: each mark
    has its own). Keyed on the reference document's bytes: an edited reference.docx
    makes new ones (only the latest reference's are kept).
    """
    data = reference.read_bytes() if reference is not None else None
    kept: tuple[bytes | None, dict[str, Template]] | None = None
    if memo is not None:
        kept = memo.get(_MEMO)
    if kept is None or kept[0] != data:
        kept = (data, {})
        if memo is not None:
            memo[_MEMO] = kept
    made = kept[1].get(mark)
    if made is None:
        made = kept[1][mark] = _make(data, mark)
    return made


def _make(reference: bytes | None, mark: str) -> Template:
    try:
        document = Document(io.BytesIO(reference) if reference is not None else None)
    except Exception:  # not a zip, no document part, broken XML: whatever python-docx meets
        if reference is None:
            raise
        diags = Diagnostics()
        diags.error(
            Location("templates/docx/reference.docx"),
            "reference.docx 不是有效的 Word 文件（.docx），无法从中读取样式",
            "用 Word 或 WPS 打开后另存为 .docx；不需要自定义样式时删除它",
        )
        raise ContentError(diags) from None
    clear_body(document)
    names = setup_styles(document, keep_existing=reference is not None)
    setup_page(document)
    if mark:
        draft_header(document, mark)
    clean_theme(document)
    raw = io.BytesIO()
    document.save(raw)
    read: Any = PackageReader.from_file
    reader = read(io.BytesIO(raw.getvalue()))
    return Template(
        reader,
        names,
        style_ids(document, names),
        StyleFonts.of(document.styles.element),
        {
            blob: _deflate(blob)
            for _name, content_type, _rel, blob in reader.iter_sparts()
            if content_type == CT.WML_STYLES
        },
    )


def _deflate(data: bytes) -> bytes:
    """``data`` deflated as zipfile deflates a ZIP_DEFLATED member (its default level)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class _Deflated:
    """A zip member's compressor handing over the bytes deflated beforehand."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def compress(self, _chunk: bytes) -> bytes:
        data, self.data = self.data, b""
        return data

    def flush(self) -> bytes:
        return b""


class _FixedTimeZip:
    """python-docx's package writer's zip, with every member dated ``stamp``.

    A member whose bytes are in ``deflated`` (the template's styles, 360 kB) is not
    deflated again: the zip's compressor for it hands over the bytes deflated once per
    process (the CRC and sizes are still the zip's own). The same bytes either way.
    """

    def __init__(
        self,
        target: io.BytesIO,
        stamp: tuple[int, int, int, int, int, int],
        deflated: dict[bytes, bytes],
    ) -> None:
        self.zip = zipfile.ZipFile(target, "w")
        self.stamp = stamp
        self.deflated = deflated

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        member.compress_type = zipfile.ZIP_DEFLATED
        member.external_attr = 0o644 << 16
        deflated = self.deflated.get(blob)
        if deflated is None:
            self.zip.writestr(member, blob)
            return
        member.file_size = len(blob)  # what writestr does, then writes through open()
        with self.zip.open(member, "w") as dest:
            if getattr(dest, "_compressor", None) is not None:  # zipfile's own deflater
                dest._compressor = _Deflated(deflated)  # type: ignore[attr-defined]
            dest.write(blob)

    def close(self) -> None:
        self.zip.close()


def save_package(
    document: DocumentObject, date: datetime.date, deflated: dict[bytes, bytes] | None = None
) -> bytes:
    """The .docx bytes, members in python-docx's order, each dated ``date`` (midnight).

    ``deflated``: members' bytes already deflated (:class:`Template`'s).
    """
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    writer: Any = _FixedTimeZip(out, stamp, deflated or {})
    steps: Any = PackageWriter  # PackageWriter.write's steps, with this zip
    steps._write_content_types_stream(writer, parts)
    steps._write_pkg_rels(writer, package.rels)
    steps._write_parts(writer, parts)
    writer.close()
    return out.getvalue()
