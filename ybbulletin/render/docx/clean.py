"""A clean package: no parts left over from python-docx's template, Chinese theme and fonts.

python-docx starts every file from its own template, which brings a ``stylesWithEffects.xml``,
a bibliography ``customXml`` item, a blank thumbnail, a font table of Japanese and Western
fonts (ＭＳ 明朝, ＭＳ ゴシック, Cambria …) and a theme whose East-Asian fonts are Japanese.
Word and LibreOffice read the font table and the theme when they pick substitutes, so a
bulletin that names 仿宋_GB2312 should list exactly the fonts it uses, as a Chinese Word does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ybbulletin.render.docx.ooxml import FONT_SCRIPTS

__all__ = ["StyleFonts", "clean_package", "clean_theme"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

#: How a Chinese Word describes the office fonts (GB2312 character set, alternative names).
KNOWN_FONTS: dict[str, tuple[str | None, str, str, str]] = {
    # name: (altName, charset, family, pitch)
    "仿宋_GB2312": ("仿宋", "86", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "86", "modern", "fixed"),
    "方正小标宋简体": (None, "86", "roman", "variable"),
    "黑体": ("SimHei", "86", "modern", "fixed"),
    "宋体": ("SimSun", "86", "auto", "variable"),
}
#: The theme's East-Asian fonts: headings 黑体, body 仿宋_GB2312 (as the named styles).
THEME_EAST_ASIAN = {"majorFont": "黑体", "minorFont": "仿宋_GB2312"}


def _drop_leftovers(document: DocumentObject) -> None:
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


def _font_names(trees: list[Any]) -> set[str]:
    return {
        name
        for tree in trees
        for fonts in tree.iter(f"{{{W}}}rFonts")
        for script in FONT_SCRIPTS
        if (name := fonts.get(script))
    }


@dataclass(frozen=True)
class StyleFonts:
    """The fonts the styles bring: each style's own and those of the styles it is based
    on, linked to or followed by; ``always``: those of the first default style and of the
    document defaults. Read once from the template's styles (which no issue changes)."""

    by_style: dict[str | None, frozenset[str]]
    always: frozenset[str]

    @classmethod
    def of(cls, styles: Any) -> StyleFonts:
        by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.iterfind(f"{{{W}}}style")}
        default = next((i for i, s in by_id.items() if s.get(f"{{{W}}}default") == "1"), None)

        def reached(start: str | None) -> list[Any]:
            todo, seen, found = [start], set(), []
            while todo:
                style = by_id.get(todo.pop())
                if style is None or id(style) in seen:
                    continue
                seen.add(id(style))
                found.append(style)
                for link in ("basedOn", "link", "next"):
                    linked = style.find(f"{{{W}}}{link}")
                    if linked is not None:
                        todo.append(linked.get(f"{{{W}}}val"))
            return found

        defaults = styles.find(f"{{{W}}}docDefaults")
        always = reached(default) + ([defaults] if defaults is not None else [])
        return cls(
            {i: frozenset(_font_names(reached(i))) for i in by_id},
            frozenset(_font_names(always)),
        )

    def fonts(self, used: set[str | None]) -> set[str]:
        return set(self.always).union(*(self.by_style.get(i, ()) for i in used))


def _used_fonts(document: DocumentObject, style_fonts: StyleFonts) -> list[str]:
    """Fonts named by the text, its headers and footers, and the styles these use."""
    part = document.part
    trees = [part.element]
    for rel in part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            trees.append(rel.target_part.element)
    used = {
        e.get(f"{{{W}}}val")
        for tree in trees
        for e in tree.iter(f"{{{W}}}pStyle", f"{{{W}}}rStyle", f"{{{W}}}tblStyle")
    }
    return sorted(_font_names(trees) | style_fonts.fonts(used))


def _font_table(document: DocumentObject, style_fonts: StyleFonts) -> None:
    part = next(
        (r.target_part for r in document.part.rels.values() if r.reltype == RT.FONT_TABLE), None
    )
    if part is None:
        return
    fonts = etree.Element(f"{{{W}}}fonts", nsmap={"w": W})
    for name in _used_fonts(document, style_fonts):
        alt, charset, family, pitch = KNOWN_FONTS.get(name, (None, "00", "auto", "variable"))
        font = etree.SubElement(fonts, f"{{{W}}}font", {f"{{{W}}}name": name})
        if alt:
            etree.SubElement(font, f"{{{W}}}altName", {f"{{{W}}}val": alt})
        etree.SubElement(font, f"{{{W}}}charset", {f"{{{W}}}val": charset})
        etree.SubElement(font, f"{{{W}}}family", {f"{{{W}}}val": family})
        etree.SubElement(font, f"{{{W}}}pitch", {f"{{{W}}}val": pitch})
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_theme(document: DocumentObject) -> None:
    """The theme's East-Asian fonts Chinese, no Japanese or Korean fallbacks."""
    part: Any = next(
        (r.target_part for r in document.part.rels.values() if r.reltype == RT.THEME), None
    )
    if part is None:
        return
    theme = etree.fromstring(part.blob)
    for which, typeface in THEME_EAST_ASIAN.items():
        for scheme in theme.iter(f"{{{A}}}{which}"):
            ea = scheme.find(f"{{{A}}}ea")
            if ea is not None:
                ea.set("typeface", typeface)
            for font in scheme.findall(f"{{{A}}}font"):
                if font.get("script") == "Hans":
                    font.set("typeface", typeface)
                elif font.get("script") in ("Jpan", "Hang", "Hant"):
                    scheme.remove(font)  # no Japanese or Korean fallbacks in a Chinese file
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_package(document: DocumentObject, style_fonts: StyleFonts) -> None:
    """Drop the template's leftover parts; a font table of the fonts used.

    Call it last, just before saving: the font table lists what the document holds then,
    and the parts dropped keep their relationship ids taken until then (the ids of the
    parts added later depend on it). The theme is the template's (:func:`clean_theme`).
    ``style_fonts``: what the document's styles bring (read once, from the template).
    """
    _drop_leftovers(document)
    _font_table(document, style_fonts)
