"""The tagged PDF finished for PDF/UA-1 where WeasyPrint 70 stops short.

- Page furniture as artifacts: WeasyPrint gives the content of page margin boxes (the page
  number, the draft mark) marked-content ids that no structure element in the tree holds
  ("that is only allowed in PDF 2.0", tags.py). They become ``/Artifact`` (pagination,
  header or footer) sequences with an empty ``/ActualText`` span inside, so that text
  extraction that honours it (pdftotext) no longer puts a page number in the middle of a
  sentence or the draft mark into copied text.
- Link descriptions: a link annotation's ``/Contents`` is its target (``article-3``);
  the 目录's links get the title of the article they lead to.
- Identification: ``pdfuaid:part`` 1 in the XMP metadata, with the PDF/A extension schema
  that declares it (PDF/A allows only declared properties).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["describe_links", "furniture_as_artifacts", "identify", "orphans"]

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

    # type codes rather than isinstance(kid, pikepdf.Array): that check runs in Python
    array, dictionary = pikepdf.ObjectType.array, pikepdf.ObjectType.dictionary
    struct_elem = pikepdf.Name.StructElem
    seen: set[tuple[int, int]] = set()
    todo = [root.get("/K")]
    while todo:
        kid = todo.pop()
        if not isinstance(kid, pikepdf.Object):  # an MCID (int) or nothing
            continue
        code = kid._type_code
        if code == array:
            todo.extend(kid)
        elif code == dictionary:
            objgen = kid.objgen
            if objgen not in seen and kid.get("/Type") == struct_elem:
                seen.add(objgen)
                todo.append(kid.get("/K"))
    return seen


def orphans(pdf: Any) -> dict[int, set[int]]:
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


def _in_footer(
    instructions: Sequence[Any], names: Sequence[str], start: int, height: float
) -> bool:
    """Whether the marked content opening at ``start`` is drawn in the lower half of the page."""
    for index in range(start + 1, len(names)):
        operator = names[index]
        if operator == "EMC":
            return False
        if operator == "Tm":  # WeasyPrint's text matrix: y from the top, in CSS px
            return float(instructions[index].operands[5]) * 0.75 > height / 2
    return False


_MARKS = frozenset(("BDC", "BMC", "EMC"))


def furniture_as_artifacts(
    instructions: Sequence[Any], names: Sequence[str], lost: set[int], height: float
) -> tuple[list[Any], list[str]]:
    """A page's instructions with the marked content ``lost`` (MCIDs) as pagination artifacts.

    ``names`` are the instructions' operators (``str(instruction.operator)``), ``lost``
    comes from :func:`orphans` (the page's StructParents key); ``height`` is the page's.
    Each artifact gets an empty ``/ActualText`` span inside, so text extraction that
    honours it skips it: no page number in a sentence, no draft mark in copied text.
    Returns the new instructions and their operators. Only the marked-content operators
    are looked at; the runs between them are copied as slices.
    """
    import pikepdf

    silent = pikepdf.Dictionary(ActualText=pikepdf.String(""))
    out: list[Any] = []
    out_names: list[str] = []
    copied = 0  # instructions[:copied] are in out
    stack: list[int] = []  # EMCs to write for each open sequence
    for index in [i for i, name in enumerate(names) if name in _MARKS]:
        operator = names[index]
        if operator == "BDC":
            operands = instructions[index].operands
            if len(operands) == 2 and hasattr(operands[1], "get"):
                mcid = operands[1].get("/MCID")
                if mcid is not None and int(mcid) in lost:
                    footer = _in_footer(instructions, names, index, height)
                    kind = pikepdf.Name.Footer if footer else pikepdf.Name.Header
                    artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=kind)
                    out += instructions[copied:index]
                    out_names += names[copied:index]
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
                    out_names += ("BDC", "BDC")
                    copied = index + 1
                    stack.append(2)
                    continue
            stack.append(1)
        elif operator == "BMC":
            stack.append(1)
        elif stack:  # EMC
            extra = stack.pop() - 1  # the span's, then the artifact's
            if extra:
                out += instructions[copied:index]
                out_names += names[copied:index]
                out += [instructions[index]] * extra
                out_names += ["EMC"] * extra
                copied = index
    out += instructions[copied:]
    out_names += names[copied:]
    return out, out_names


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
