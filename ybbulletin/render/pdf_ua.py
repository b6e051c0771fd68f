"""The tagged PDF finished for PDF/UA-1 where WeasyPrint 70 stops short.

- Page furniture as artifacts: WeasyPrint gives the content of page margin boxes (the page
  number, the draft mark) marked-content ids that no structure element in the tree holds
  ("that is only allowed in PDF 2.0", tags.py). They become ``/Artifact`` (pagination)
  sequences, with an empty ``/ActualText`` span inside, so that text extraction that honours
  it (pdftotext) no longer puts a page number in the middle of a sentence.
- Link descriptions: a link annotation's ``/Contents`` is its target (``article-3``);
  the 目录's links get the title of the article they lead to.
- Identification: ``pdfuaid:part`` 1 in the XMP metadata, with the PDF/A extension schema
  that declares it (PDF/A allows only declared properties).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["describe_links", "furniture_as_artifacts", "identify"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = f"""<rdf:Description xmlns:rdf="{RDF}" rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{PDFUAID}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""
IDENTIFICATION = (
    f'<rdf:Description xmlns:rdf="{RDF}" rdf:about="" xmlns:pdfuaid="{PDFUAID}">'
    "<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
)


def _reachable(root: Any) -> set[tuple[int, int]]:
    """The structure elements the tree holds (object ids)."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    todo = [root.get("/K")]
    while todo:
        kid = todo.pop()
        if isinstance(kid, pikepdf.Array):
            todo.extend(kid)
        elif (
            isinstance(kid, pikepdf.Dictionary)
            and kid.objgen not in seen
            and kid.get("/Type") == pikepdf.Name.StructElem
        ):
            seen.add(kid.objgen)
            todo.append(kid.get("/K"))
    return seen


def _orphans(pdf: Any) -> dict[int, set[int]]:
    """Per StructParents key: the marked-content ids whose element is not in the tree."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return {}
    held = _reachable(root)
    nums = root.ParentTree.get("/Nums", [])
    orphans: dict[int, set[int]] = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, pikepdf.Array):
            continue
        lost = {mcid for mcid, elem in enumerate(value) if elem.objgen not in held}
        if lost:
            orphans[int(key)] = lost
            for mcid in lost:
                value[mcid] = None  # no longer structure content
    return orphans


def furniture_as_artifacts(pdf: Any) -> int:
    """Turn marked content outside the structure tree into pagination artifacts."""
    import pikepdf

    orphans = _orphans(pdf)
    changed = 0
    artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
    silent = pikepdf.Dictionary(ActualText=pikepdf.String(""))
    for page in pdf.pages:
        lost = orphans.get(int(page.obj.get("/StructParents", -1)), set())
        if not lost:
            continue
        out: list[Any] = []
        stack: list[bool] = []
        for instruction in pikepdf.parse_content_stream(page):
            operator = str(instruction.operator)
            operands = list(instruction.operands)
            if operator == "BDC" and len(operands) == 2 and hasattr(operands[1], "get"):
                mcid = operands[1].get("/MCID")
                if mcid is not None and int(mcid) in lost:
                    out.append(
                        pikepdf.ContentStreamInstruction(
                            [pikepdf.Name.Artifact, artifact], pikepdf.Operator("BDC")
                        )
                    )
                    out.append(
                        pikepdf.ContentStreamInstruction(
                            [pikepdf.Name.Span, silent], pikepdf.Operator("BDC")
                        )
                    )
                    stack.append(True)
                    continue
            if operator in ("BDC", "BMC"):
                stack.append(False)
            elif operator == "EMC" and stack and stack.pop():
                out.append(instruction)  # closes the span; the one below closes the artifact
            out.append(instruction)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        changed += 1
    return changed


def describe_links(pdf: Any, titles: Mapping[str, str]) -> None:
    """Internal links to an article get its title as their description."""
    import pikepdf

    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            target = annotation.get("/Dest")
            if annotation.get("/Subtype") == "/Link" and isinstance(target, pikepdf.String):
                title = titles.get(str(target))
                if title:
                    annotation.Contents = pikepdf.String(f"转到：{title}")


def identify(pdf: Any) -> None:
    """Declare PDF/UA-1 in the XMP metadata (kept uncompressed, as PDF/A asks)."""
    import pikepdf
    from lxml import etree

    stream = pdf.Root.get("/Metadata")
    if stream is None:
        return
    packet = stream.read_bytes()
    tree = etree.fromstring(
        packet[packet.index(b"<x:xmpmeta") : packet.rindex(b"</x:xmpmeta>") + 12]
    )
    rdf = tree.find(f"{{{RDF}}}RDF")
    if rdf is None or rdf.find(f".//{{{PDFUAID}}}part") is not None:
        return
    rdf.append(etree.fromstring(IDENTIFICATION))
    rdf.append(etree.fromstring(EXTENSION))
    body = etree.tostring(tree, encoding="utf-8")
    data = (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + body
        + b'\n<?xpacket end="r"?>'
    )
    pdf.Root.Metadata = pikepdf.Stream(
        pdf, data, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )
