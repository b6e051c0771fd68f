"""The PDF as an archival, tagged document: what pikepdf, pdfplumber and pdftotext can check.

veraPDF is not installable here, so PDF/A-2b and PDF/UA-1 conformance is not validated as a
whole; these tests check the parts that can be read back (see docs/architecture.md).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from lxml import etree

from tests.e2e.test_pdf import NAMES
from ybbulletin.project import load_archive

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


@pytest.fixture(scope="module", params=NAMES)
def pdf(request: pytest.FixtureRequest, built_demo: Path) -> Any:
    with pikepdf.open(built_demo.parent / "pdf" / request.param) as document:
        yield document


def structure(element: Any, found: list[str]) -> list[str]:
    """The structure types of the tree, depth first."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found.append(str(kid.S))
            structure(kid, found)
    return found


def test_tagged_with_a_structure_tree_headings_and_language(pdf: Any) -> None:
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "zh-CN"
    assert root.ViewerPreferences.DisplayDocTitle is True
    kinds = structure(root.StructTreeRoot, [])
    assert kinds[0] == "/Document"
    titles = [str(item.title) for item in pdf.open_outline().root]
    assert kinds.count("/H1") == len(titles)  # one H1 per article title
    assert kinds.count("/P") > 20
    assert "/Link" in kinds  # the 目录
    assert all(page.obj.Tabs == "/S" for page in pdf.pages)


def test_xmp_says_pdfa_2b_and_pdfua_1_and_declares_its_schema(pdf: Any) -> None:
    stream = pdf.Root.Metadata
    assert "/Filter" not in stream  # PDF/A: metadata readable without decoding
    packet = stream.read_bytes()
    xmp = etree.fromstring(packet[packet.index(b"<x:xmpmeta") : packet.rindex(b">") + 1])

    def values(name: str) -> list[str]:
        """A property written as an element or as an attribute of rdf:Description."""
        prefix, local = name.split(":")
        attribute = f"{{{NS[prefix]}}}{local}"
        return [e.text or "" for e in xmp.iterfind(f".//{name}", NS)] + [
            e.attrib[attribute]
            for e in xmp.iterfind(".//rdf:Description", NS)
            if attribute in e.attrib
        ]

    assert values("pdfaid:part") == ["2"]
    assert values("pdfaid:conformance") == ["B"]
    assert values("pdfuaid:part") == ["1"]
    declared = [e.text for e in xmp.iterfind(".//pdfaSchema:namespaceURI", NS)]
    assert NS["pdfuaid"] in declared
    title = xmp.find(".//dc:title//rdf:li", NS)
    assert title is not None
    assert title.text == str(pdf.docinfo.Title)
    created = xmp.find(".//xmp:CreateDate", NS)
    assert created is not None
    assert str(pdf.docinfo.CreationDate) == "D:" + re.sub(r"\D", "", created.text or "") + "Z"


def test_output_intent_is_an_srgb_profile(pdf: Any) -> None:
    [intent] = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1"
    profile = intent.DestOutputProfile
    assert int(profile.N) == 3
    assert profile.read_bytes()[36:40] == b"acsp"  # an ICC profile
    assert "/ID" in pdf.trailer


def test_page_numbers_are_artifacts_outside_the_tree(pdf: Any) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        shown, in_artifact, depth = [], [], []
        for instruction in pikepdf.parse_content_stream(page):
            operator = str(instruction.operator)
            if operator in ("BDC", "BMC"):
                depth.append(str(instruction.operands[0]))
            elif operator == "EMC":
                depth.pop()
            elif operator == "TJ" and "/Artifact" in depth:
                in_artifact.append(instruction)
            elif operator == "TJ":
                shown.append(instruction)
        assert in_artifact, number  # the folio
        assert shown, number


def test_pdftotext_reads_no_page_number_inside_a_sentence(built_demo: Path) -> None:
    for name in NAMES:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(built_demo.parent / "pdf" / name), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert not re.search(r"—\s*\d+\s*—", text), name
        # a paragraph that runs over a page comes out whole, only line breaks between
        flat = re.sub(r"[\n\f]", "", text)
        assert "全市困难群众通过三重保障累计报销" in flat or name != "nxyb-2025-12.pdf"


def test_contents_entries_link_to_their_articles(built_demo: Path, demo: Path) -> None:
    archive = load_archive(demo)
    for name in NAMES:
        path = built_demo.parent / "pdf" / name
        slug = name.removeprefix("nxyb-").removesuffix(".pdf").replace("-", "/")
        [issue] = [a for a in archive.issues if a.slug == slug]
        with pikepdf.open(path) as document, pdfplumber.open(path) as plumber:
            pages = {page.objgen: n for n, page in enumerate(document.pages)}
            dests = document.Root.Names.Dests.Names
            where = {
                str(k): pages[v[0].objgen] for k, v in zip(dests[::2], dests[1::2], strict=True)
            }
            linked = {}
            for page in document.pages:
                for annotation in page.obj.get("/Annots", []):
                    target = str(annotation.Dest)
                    assert str(annotation.Contents).startswith("转到：")
                    assert "/StructParent" in annotation
                    linked[target] = where[target]
            assert len(linked) == len(issue.issue.entries)
            for index, entry in enumerate(issue.issue.entries, start=1):
                text = re.sub(r"\s", "", plumber.pages[linked[f"article-{index}"]].extract_text())
                assert re.sub(r"\s", "", entry.title)[:12] in text, (name, entry.title)


def test_a_contents_group_stays_with_its_heading(built_demo: Path) -> None:
    """A page the contents run onto starts with a 栏目 heading (黑体), not with an entry."""
    for name in NAMES:
        with pdfplumber.open(built_demo.parent / "pdf" / name) as document:
            for number, page in enumerate(document.pages):
                lines: dict[int, list[dict[str, Any]]] = {}
                for char in page.chars:
                    if round(char["size"]) == 16:
                        lines.setdefault(round(char["top"]), []).append(char)
                rows = [sorted(chars, key=lambda c: c["x0"]) for _y, chars in sorted(lines.items())]
                texts = ["".join(c["text"] for c in row) for row in rows]
                articles = next((i for i, t in enumerate(texts) if t.startswith("【")), None)
                if number and rows and articles != 0:  # contents go on onto this page
                    assert "Sans" in rows[0][0]["fontname"], (name, number + 1, texts[0])
                if articles is not None:
                    break
