"""``ybbulletin import``: a draft issue file from a bulletin as text or Word.

Reads what offices have (text copied from a website or a Word file, with the
artefacts that come with it) and writes an issue file that ``check`` accepts,
with a ``# 请核对: …`` comment at every guess the editor should confirm. The
steps, in order: lines -> clean-up -> header, contents and 上一篇/下一篇 dropped ->
栏目 headings -> articles (titles, sub-titles, sources, bylines, 按语) -> case
notices as structured cases -> YAML.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.model import ENTRY_KINDS, file_stem
from ybbulletin.proofread import CJK, fix_text

__all__ = ["Draft", "parse", "read_docx", "read_text", "render_yaml"]

KNOWN_SECTIONS = {
    "工作动态": "work_update",
    "基层动态": "work_update",
    "经验交流": "experience",
    "工作交流": "experience",
    "案例通报": "case_notice",
    "典型案例": "case_notice",
    "曝光台": "case_notice",
    "要闻": "news",
    "医保要闻": "news",
    "新闻": "news",
}
_SECTION_LIKE = re.compile(
    r"^.{2,8}(动态|交流|通报|要闻|之窗|专栏|聚焦|园地|视点|解读|实事|风采|简讯)$"
)
_HEADER = re.compile(
    r"^(?P<name>\S+?)\s*(?P<year>\d{4})年(?P<kind>增刊|专刊)?第(?P<number>\d+)期"
    r"(?:[（(]总第(?P<total>\d+)期[)）])?"
)
_NUMBER_LINE = re.compile(
    r"^(?:(?P<kind>增刊|专刊))?第(?P<number>\d+)期(?:（总第(?P<total>\d+)期）)?$"
)
_IMPRINT = re.compile(
    r"^(?P<publisher>\S+)\s+(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$"
)
_COLOPHON = re.compile(r"^(报|送|发|抄送)：|^（共印\d+份）$|^(编辑|审核|签发)：")
_PUBLISHED = re.compile(r"发布时间[:：]\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_FROM = re.compile(r"来源[:：]\s*(\S+)")
_NAV = re.compile(r"^(上一篇|下一篇)[:：]")
_END = "。！？；…”’）》"
_UNIT = re.compile(r"^\S{2,16}(局|中心|委员会|办公室|医院|厅|处|科|所|站|院)$")
_BYLINE = re.compile(r"^■?\s*(摄影\s*)?(记者|通讯员)")
_CASE_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?P<title>.{2,40}案)$")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")
_AMOUNT = r"(\d+(?:\.\d+)?)万元"


@dataclass
class Line:
    """A paragraph of the source, cleaned, with the blank line that preceded it."""

    text: str
    after_blank: bool = False
    table: list[list[str]] | None = None
    image: str | None = None


@dataclass
class Case:
    title: str
    body: list[str] = field(default_factory=list)


@dataclass
class Article:
    """One entry of the draft, with the guesses to confirm."""

    title: str
    section: str
    kind: str
    subtitle: str | None = None
    source: str | None = None
    note: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    confirm: list[str] = field(default_factory=list)
    joined: int = 0


@dataclass
class Draft:
    """What the importer read: the issue's numbers and its articles."""

    name: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    kind: str = "regular"
    theme: str | None = None
    date: datetime.date | None = None
    source: str | None = None
    articles: list[Article] = field(default_factory=list)
    custom_sections: dict[str, str] = field(default_factory=dict)
    confirm: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # titles a contents list names


# --- reading ------------------------------------------------------------------------------


def read_text(raw: bytes) -> list[Line]:
    """A .txt file (UTF-8, or GB18030 as Chinese Windows saves it) as cleaned lines."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    lines: list[Line] = []
    blank = False
    for original in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cleaned = _clean(original)
        if not cleaned:
            blank = True
            continue
        if cleaned.startswith("#"):  # Markdown headings in text copied from a CMS
            cleaned = cleaned.lstrip("#").strip()
        lines.append(Line(cleaned, after_blank=blank))
        blank = False
    return _tables(lines)


def read_docx(path: Path, images_dir: Path) -> list[Line]:
    """Paragraphs, tables and images of a Word file, in document order; images saved."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[Line] = []
    saved = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            for blip in child.iter(qn("a:blip")):
                part = document.part.related_parts.get(blip.get(qn("r:embed")))
                if part is not None:
                    saved += 1
                    suffix = Path(part.partname).suffix or ".png"
                    images_dir.mkdir(parents=True, exist_ok=True)
                    name = f"图{saved}{suffix}"
                    (images_dir / name).write_bytes(part.blob)
                    lines.append(Line("", image=f"images/{name}"))
            text = _clean(_marked_text(paragraph).replace("\n", ""))
            if text:
                lines.append(Line(text, after_blank=True))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            rows = [[_clean(cell.text) for cell in row.cells] for row in table.rows]
            lines.append(Line("", table=rows))
    return lines


def _marked_text(paragraph: object) -> str:
    """A paragraph's text with bold runs as **Markdown**, as the bulletin's lead sentences are."""
    parts: list[str] = []
    bold = False
    for run in paragraph.runs:  # type: ignore[attr-defined]
        text = run.text
        if not text:
            continue
        if bool(run.bold) != bold and text.strip():
            parts.append("**")
            bold = not bold
        parts.append(text)
    if bold:
        parts.append("**")
    joined = "".join(parts)
    whole = paragraph.text  # type: ignore[attr-defined]
    # a paragraph all in bold is a heading or a title: keep its text plain
    return whole if joined == f"**{whole}**" else joined


def _clean(text: str) -> str:
    """Extraction artefacts: half-width punctuation, stray spaces, full-width spaces at ends."""
    text = text.replace("\u00a0", " ").strip()
    text = fix_text(text, title=True)  # spaces between hanzi go later, titles keep theirs
    return re.sub(r"\s{2,}", " ", text)


def _tables(lines: list[Line]) -> list[Line]:
    """Runs of lines with | separators (as text copies of tables look) become tables."""
    result: list[Line] = []
    for line in lines:
        if line.text.count("|") >= 2 and not line.text.startswith("!"):
            cells = [c.strip() for c in line.text.strip("|").split("|")]
            if result and result[-1].table is not None:
                result[-1].table.append(cells)
                continue
            result.append(Line("", table=[cells]))
        else:
            result.append(line)
    return result


# --- parsing --------------------------------------------------------------------------------


def parse(lines: list[Line]) -> Draft:
    """Lines -> a draft: header, 栏目, articles, cases."""
    draft = Draft()
    lines = _header(lines, draft)
    lines = _drop_navigation(lines)
    listed = draft.listed
    lines = _drop_contents(lines, listed)
    section: str | None = None
    article: Article | None = None
    pending_source: str | None = None
    newsy = any(_BYLINE.match(line.text) for line in lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if line.table is None and line.image is None and _is_section(text):
            section = _section_key(text, draft)
            article = None
            i += 1
            continue
        if (
            line.table is None
            and line.image is None
            and _UNIT.match(text)
            and i + 1 < len(lines)
            and _is_title(lines, i + 1)
        ):
            pending_source = text
            i += 1
            continue
        last = _last_text(article)
        continues = (
            bool(last) and not _ends_sentence(last) and not last.startswith(("|", "![", "#"))
        )
        key = text.replace(" ", "")
        if key and any(title.startswith(key) for title in listed):
            continues = False  # the contents list it: a title, even after a paragraph cut short
        if (
            not continues
            and _is_title(lines, i, newsy=newsy)
            and (article is None or article.body or article.cases or article.note)
        ):
            title, i = _title(lines, i)
            kind = KNOWN_SECTIONS.get(_label_of(section, draft), "news") if section else "news"
            article = Article(title=title, section=section or kind, kind=kind)
            if pending_source:
                article.source = pending_source
                article.confirm.append(f"来源“{pending_source}”取自标题前的一行")
                pending_source = None
            if section is None and re.match(r"^\S{2,8}?(市|县|区)医(疗)?保(障)?局", title):
                article.kind = article.section = "work_update"
                article.confirm.append("没有栏目标题；标题以市县医保局开头，暂归入“工作动态”")
            elif section is None:
                article.confirm.append("没有栏目标题，暂归入“要闻”")
            if "通报" in title:
                article.kind = "case_notice"
                if section is None:
                    article.section = "case_notice"
            draft.articles.append(article)
            if i < len(lines) and lines[i].text.startswith(("—", "－")):
                article.subtitle = lines[i].text.lstrip("—－ ")
                i += 1
            unit = re.fullmatch(r"（(\S{2,20})）", lines[i].text) if i < len(lines) else None
            if unit:
                article.source = unit.group(1)
                i += 1
            continue
        if article is None:
            draft.confirm.append(f"开头的一段未能归入文章，已略去：{text[:30]}")
            i += 1
            continue
        if (
            _BYLINE.match(text)
            and not text.startswith(("■摄影", "■ 摄影", "摄影"))
            and (article.body or article.reporters)
            and _ends_sentence(_last_text(article))
        ):
            # a byline after an article's text opens the next article, whose title is missing
            article = Article(
                title="（原文缺少标题，请补写）", section=article.section, kind="news"
            )
            article.confirm.append("原文这篇文章没有标题，请补写")
            draft.articles.append(article)
        _body_line(article, line)
        i += 1
    for article in draft.articles:
        _finish(article)
    return draft


def _last_text(article: Article | None) -> str:
    if article is None:
        return ""
    if article.cases and article.cases[-1].body:
        return article.cases[-1].body[-1]
    return article.body[-1] if article.body else ""


def _header(lines: list[Line], draft: Draft) -> list[Line]:
    rest: list[Line] = []
    in_contents = False
    for index, line in enumerate(lines):
        text = line.text
        # the layout ybbulletin's own print and Word files have (and many bulletins share)
        number_line = _NUMBER_LINE.match(text) if index < 4 else None
        if number_line:
            draft.number = int(number_line.group("number"))
            draft.total = int(number_line.group("total")) if number_line.group("total") else None
            kinds = {"增刊": "supplement", "专刊": "special"}
            draft.kind = kinds.get(number_line.group("kind") or "", "regular")
            if index == 1 and rest:
                draft.name = rest.pop().text
            continue
        imprint = _IMPRINT.match(text) if index < 5 else None
        if imprint:
            draft.year = int(imprint.group("year"))
            draft.date = datetime.date(
                draft.year, int(imprint.group("month")), int(imprint.group("day"))
            )
            draft.source = imprint.group("publisher")
            continue
        if text.startswith("本期专题："):
            draft.theme = text.removeprefix("本期专题：")
            continue
        if text in ("本期目录", "本期要目", "目录"):
            in_contents = True
            continue
        if in_contents:
            if re.fullmatch(r"【.+】", text):
                in_contents = False
            else:
                draft.listed.append(text.replace(" ", ""))
                continue
        if _COLOPHON.match(text):
            continue  # 报尾: 报/送/发 lines and 共印N份 are not articles
        match = _HEADER.match(line.text) if index < 3 else None
        if match:
            draft.name = match.group("name")
            draft.year, draft.number = int(match.group("year")), int(match.group("number"))
            draft.total = int(match.group("total")) if match.group("total") else None
            draft.kind = {"增刊": "supplement", "专刊": "special"}.get(
                match.group("kind") or "", "regular"
            )
            continue
        published = _PUBLISHED.search(line.text) if index < 4 else None
        if published:
            draft.date = datetime.date(*(int(g) for g in published.groups()))
            source = _FROM.search(line.text)
            draft.source = source.group(1) if source else None
            continue
        if "字体【" in line.text or "【字体" in line.text:
            continue
        rest.append(line)
    return rest


def _drop_navigation(lines: list[Line]) -> list[Line]:
    for index, line in enumerate(lines):
        if _NAV.match(line.text):
            return lines[:index]
    return lines


def _drop_contents(lines: list[Line], listed: list[str]) -> list[Line]:
    """A website's table of contents: leading title lines that all come again further down.

    The titles it lists are added to ``listed``: below, they are titles for sure.
    """
    keys = [line.text.replace(" ", "") for line in lines]
    count = 0
    for index, line in enumerate(lines):
        if line.table or line.image or _ends_sentence(line.text) or len(line.text) > 45:
            break
        later = "".join(keys[index + 1 :])
        if keys[index] not in later:
            break
        count += 1
    # the last of them may be the first article's own title: keep what is not listed twice
    while count and "".join(keys[count:]).count(keys[count - 1]) < 1:
        count -= 1
    if count < 2:
        return lines
    listed.extend(keys[:count])
    return lines[count:]


def _ends_sentence(text: str) -> bool:
    return (bool(text) and text[-1] in _END and not text.endswith(("》", "”"))) or text.endswith(
        "。”"
    )


def _is_section(text: str) -> bool:
    text = text.strip("【】")
    return text in KNOWN_SECTIONS or bool(_SECTION_LIKE.match(text))


def _section_key(text: str, draft: Draft) -> str:
    text = text.strip("【】")
    if text in KNOWN_SECTIONS:
        return KNOWN_SECTIONS[text]
    for key, label in draft.custom_sections.items():
        if label == text:
            return key
    key = f"lanmu-{len(draft.custom_sections) + 1}"
    draft.custom_sections[key] = text
    return key


def _label_of(section: str | None, draft: Draft) -> str:
    if section in draft.custom_sections:
        return "工作动态"  # a custom 栏目 holds work updates unless the editor says otherwise
    return next((label for label, key in KNOWN_SECTIONS.items() if key == section), "要闻")


def _looks_like_title(text: str) -> bool:
    if not text or len(text) > 45 or _ends_sentence(text) or text.endswith(("，", "、", "：")):
        return False
    if re.match(r"^(一|二|三|四|五|六|七|八|九|十)是", text) or _BYLINE.match(text):
        return False
    if text.startswith(("按：", "编者按", "本报讯", "经查", "■", "表")) or _NUMBERED.match(text):
        return False
    if re.match(r"^（[一二三四五六七八九十]+）|^\d+[.、．]", text):
        return False  # a heading inside an article
    if text[-1] in "在的了和与及对把被从向以于将并而等或" or text.count("《") != text.count("》"):
        return False  # a line cut off mid-sentence, not a title
    return bool(re.search(f"[{CJK}]", text))


def _is_title(lines: list[Line], i: int, *, newsy: bool = False) -> bool:
    line = lines[i]
    if line.table or line.image or not _looks_like_title(line.text) or i + 1 >= len(lines):
        return False
    if newsy and "，" in line.text:
        # a newspaper page: a fragment cut by a page break (会议指出，数据清查工作涉) is no
        # title; a title there is followed by its byline or 本报讯 lead
        following = lines[i + 1].text
        return bool(_BYLINE.match(following)) or following.startswith("本报讯")
    return True


def _title(lines: list[Line], i: int) -> tuple[str, int]:
    """A title, joined when it was broken over two lines."""
    title = lines[i].text
    i += 1
    if (
        i < len(lines)
        and _looks_like_title(lines[i].text)
        and not lines[i].text.startswith("—")
        and len(title) + len(lines[i].text) <= 45
        and i + 1 < len(lines)
        and not _looks_like_title(lines[i + 1].text)
        and not _BYLINE.match(lines[i].text)
    ):
        title += lines[i].text
        i += 1
    return title, i


def _body_line(article: Article, line: Line) -> None:
    text = line.text
    if line.table is not None:
        article.body.append(_markdown_table(line.table))
        return
    if line.image is not None:
        article.body.append(f"![图片]({line.image})")
        article.confirm.append("图片说明请补写")
        return
    byline = _BYLINE.match(text)
    if byline:
        _bylines(article, text)
        article.kind = "news" if article.kind in ("news", "work_update") else article.kind
        return
    if text.startswith(("按：", "编者按：")):
        article.note.append(text.split("：", 1)[1])
        if article.kind in ("work_update", "news"):
            article.kind = "experience"
        return
    if text.startswith("本报讯"):
        article.kind = "news" if article.kind != "case_notice" else article.kind
        text = re.sub(r"^本报讯\s*", "本报讯 ", text)
    if article.kind == "case_notice":
        head = _CASE_HEAD.match(text)
        if head and (_NUMBERED.match(text) or not article.cases):
            article.cases.append(Case(head.group("title")))
            return
        if article.cases:
            article.cases[-1].body.append(text)
            return
    # a paragraph broken by a page break: the previous one stops mid-sentence and this one
    # does not open with a lead sentence of its own (精准参保“全覆盖”，织密医疗保障网。)
    previous = article.body[-1] if article.body else ""
    if (
        previous
        and not _ends_sentence(previous)
        and not previous.startswith(("|", "![", "#"))
        and not _NUMBERED.match(text)
        and not _opens_with_lead(text)
    ):
        article.body[-1] = previous + text
        article.joined += 1
        return
    if _NUMBERED.match(text) and len(text) <= 40 and not _ends_sentence(text):
        article.body.append("# " + text)
        return
    if re.match(r"^（[一二三四五六七八九十]+）", text) and len(text) <= 40:
        article.body.append("## " + text)
        return
    if article.body and text == article.body[-1]:
        article.confirm.append(f"段落重复：“{text[:20]}…”，已保留，请删去多余的一段")
    article.body.append(text)


def _tidy(paragraph: str) -> str:
    """Spaces between hanzi inside a paragraph are extraction artefacts."""
    return fix_text(paragraph)


def _opens_with_lead(text: str) -> bool:
    first = re.match(r"^[^。！？]*[。！？]", text)
    if first is None:
        return False
    return len(first.group()) <= 20 and bool(re.search("[，“]", first.group()))


def _bylines(article: Article, text: str) -> None:
    for role, names in re.findall(
        r"(摄影\s*记者|记者|通讯员)\s*([^■记通]+)", text.replace("■", " ")
    ):
        people = [n for n in names.split() if n]
        if role.startswith("摄影"):
            article.photographers += people
        elif role == "记者":
            article.reporters += people
        else:
            article.correspondents += people


def _markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(padded[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in padded[1:]]
    return "\n".join(lines)


def _finish(article: Article) -> None:
    if article.joined:
        article.confirm.append(f"合并了 {article.joined} 处被分页或换行断开的段落")
    if article.kind == "case_notice" and not article.cases:
        article.kind = "work_update" if article.section == "work_update" else "news"
        if article.section == "case_notice":
            article.section = article.kind
    if article.note and article.kind != "experience":
        article.kind = "experience"


# --- cases ------------------------------------------------------------------------------------


@dataclass
class CaseFacts:
    subject: str
    subject_type: str
    amounts: dict[str, Decimal]
    legal_basis: list[str]
    confirm: list[str]


def case_facts(case: Case, intro: str) -> CaseFacts:
    """What a case's text says: subject, its type, the amounts in 万元, the laws it names."""
    body = "".join(case.body)
    subject = re.sub(
        r"(骗取医保基金|违规使用医保基金|冒名住院骗取医保基金|诱导刷卡消费)?案$", "", case.title
    )
    confirm = []
    if any(w in subject for w in ("诊所", "门诊部", "卫生院", "卫生室")):
        kind = "clinic"
    elif any(w in subject for w in ("药店", "药房", "医药")):
        kind = "pharmacy"
    elif "医院" in subject:
        kind = "hospital"
    elif re.fullmatch(f"[{CJK}]{{1,4}}某", subject) or "某" in subject[:4]:
        kind = "individual"
    else:
        kind = "other"
        confirm.append("当事方类型不能确定")
    amounts: dict[str, Decimal] = {}
    involved = [
        Decimal(v) for v in re.findall(r"(?:骗取|涉及|涉案)(?:(?!罚款)[^，。；])*?" + _AMOUNT, body)
    ]
    if involved:
        amounts["involved"] = sum(involved, Decimal(0))
        if len(involved) > 1:
            confirm.append(f"涉案金额是 {' + '.join(map(str, involved))} 之和")
    recovered = re.findall(r"(?:追回|退回|收回)[^，。；]*?" + _AMOUNT, body)
    if recovered:
        amounts["recovered"] = Decimal(recovered[0])
    fined = re.findall(r"罚款" + _AMOUNT, body) or re.findall(
        r"处[^，。；]*?罚款[^，。；]*?" + _AMOUNT, body
    )
    if fined:
        amounts["fined"] = Decimal(fined[0])
    laws = list(dict.fromkeys(re.findall(r"《[^》]+》(?:第[^，。；、]+条)?", body)))
    if not laws and "相关法律法规" in body:
        laws = list(dict.fromkeys(re.findall(r"《[^》]+》", intro)))
        if laws:
            confirm.append("法律依据取自导语中列出的“相关法律法规”")
    return CaseFacts(subject, kind, amounts, laws, confirm)


# --- writing ----------------------------------------------------------------------------------


def render_yaml(draft: Draft, *, source_name: str) -> str:
    """The draft issue file: valid YAML, a 请核对 comment at every guess."""
    q = _quote
    out = [
        f"# 由 ybbulletin import 从 {source_name} 生成的草稿。",
        "# 请逐条核对“# 请核对”标注的地方，再运行 ybbulletin check。",
    ]
    for note in draft.confirm:
        out.append(f"# 请核对: {note}")
    out += [f"year: {draft.year}", f"number: {draft.number}"]
    if draft.total is not None:
        out.append(f"total: {draft.total}               # 原文写明的总期数")
    if draft.kind != "regular":
        out.append(f"kind: {draft.kind}")
    if draft.theme:
        out.append(f"theme: {q(draft.theme)}")
    assert draft.date is not None
    out.append(f"date: {draft.date.isoformat()}")
    out.append("entries:")
    for article in draft.articles:
        out.append(f"  - kind: {article.kind}")
        for note in article.confirm:
            out.append(f"    # 请核对: {note}")
        if article.section != article.kind:
            out.append(f"    section: {article.section}")
        out.append(f"    title: {q(article.title)}")
        if article.subtitle:
            out.append(f"    subtitle: {q(article.subtitle)}")
        if article.kind == "news":
            for key in ("reporters", "correspondents", "photographers"):
                names = getattr(article, key)
                if names:
                    out.append(f"    {key}: [{', '.join(q(n) for n in names)}]")
        if article.source and article.kind != "case_notice":
            out.append(f"    source: {q(article.source)}")
        if article.kind == "case_notice":
            if article.source:
                out.append(f"    issuer: {q(article.source)}")
            intro = article.body
            if intro:
                out.append("    intro: |")
                out.append(_block(intro, 6))
            out.append("    cases:")
            for case in article.cases:
                facts = case_facts(case, "\n".join(intro))
                out.append(f"      - title: {q(case.title)}")
                for note in facts.confirm:
                    out.append(f"        # 请核对: {note}")
                out.append(f"        subject: {q(facts.subject)}")
                out.append(f"        subject_type: {facts.subject_type}   # 请核对: 当事方类型")
                if facts.amounts:
                    pairs = ", ".join(f"{k}: {v}" for k, v in facts.amounts.items())
                    out.append(f"        amounts: {{{pairs}}}   # 请核对: 从正文读出，单位万元")
                if facts.legal_basis:
                    out.append(
                        f"        legal_basis: [{', '.join(q(b) for b in facts.legal_basis)}]"
                    )
                out.append("        body: |")
                out.append(_block(case.body or [case.title], 10))
        else:
            if article.note:
                out.append("    note: |")
                out.append(_block(article.note, 6))
            out.append("    body: |")
            out.append(_block(article.body or ["（正文缺失，请补写）"], 6))
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block(paragraphs: Iterable[str], indent: int) -> str:
    pad = " " * indent
    blocks = []
    for paragraph in (_tidy(p) if not p.startswith("|") else p for p in paragraphs):
        blocks.append("\n".join(pad + line for line in paragraph.split("\n")))
    return "\n\n".join(blocks)


def import_file(
    path: Path,
    root: Path,
    *,
    year: int | None,
    number: int | None,
    date: datetime.date | None,
    diags: Diagnostics,
) -> Path | None:
    """Read ``path``, write the draft issue file under ``root``; None with a diagnostic if not."""
    shown = path.name
    if not path.is_file():
        diags.error(Location(shown), "找不到要导入的文件")
        return None
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".docx"):
        diags.error(
            Location(shown), "只能导入 .txt 或 .docx 文件", "Word 的 .doc 文件请先另存为 .docx"
        )
        return None
    images_tmp = root / "content" / "issues" / ".import-images"
    lines = read_docx(path, images_tmp) if suffix == ".docx" else read_text(path.read_bytes())
    draft = parse(lines)
    draft.year = year or draft.year
    draft.number = number or draft.number
    if draft.year is None or draft.number is None:
        diags.error(
            Location(shown),
            "文件中没有“××××年第×期”，无法确定期号",
            "用 --year 和 --number 指定，例如 --year 2021 --number 1",
        )
        return None
    if date:
        draft.date = date
    elif draft.date is None or draft.date.year != draft.year:
        draft.date = datetime.date(draft.year, 1, 1)
        draft.confirm.append("原文没有日期，暂定为当年1月1日；用 --date 指定印发日期")
    if not draft.articles:
        diags.error(Location(shown), "没有读出任何文章", "检查文件内容是否是一期简报的正文")
        return None
    target = (
        root
        / "content"
        / "issues"
        / str(draft.year)
        / f"{file_stem(draft.kind, draft.number)}.yaml"
    )
    if target.exists():
        diags.error(
            Location(target.relative_to(root).as_posix()),
            "文件已存在，不会覆盖",
            "如需重新导入，请先改名或删除原文件",
        )
        return None
    if draft.total is None and draft.kind == "regular" and not _anchored(root, target):
        draft.total = draft.number
        draft.confirm.append(f"原文没有总期数，档案中也没有可推算的依据，暂定总第{draft.number}期")
    target.parent.mkdir(parents=True, exist_ok=True)
    if images_tmp.is_dir():
        images = target.parent / "images"
        images.mkdir(exist_ok=True)
        for image in sorted(images_tmp.iterdir()):
            image.replace(images / image.name)
        images_tmp.rmdir()
    _add_sections(root, draft.custom_sections)
    target.write_text(render_yaml(draft, source_name=shown), encoding="utf-8")
    return target


def _anchored(root: Path, target: Path) -> bool:
    """Can numbering compute this issue's total: first_total set, or other regular issues?"""
    from ybbulletin.project import discover, load_publication

    quiet = Diagnostics()
    publication = load_publication(root, quiet)
    if publication is not None and publication.numbering.first_total is not None:
        return True
    return any(f.path != target and not f.stem.startswith("z") for f in discover(root, quiet))


def _add_sections(root: Path, sections: dict[str, str]) -> None:
    """Unknown 栏目 go into ybbulletin.yaml's sections, with a comment (ruamel round-trip)."""
    if not sections:
        return
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    settings = root / "ybbulletin.yaml"
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(settings.read_text(encoding="utf-8"))
    current = data.get("sections")
    if current is None:
        current = CommentedMap(ENTRY_KINDS)
        data["sections"] = current
    for key, label in sections.items():
        if key not in current:
            current[key] = label
            current.yaml_add_eol_comment("由 ybbulletin import 添加，请核对栏目名", key)
    out = io.StringIO()
    yaml.dump(data, out)
    settings.write_text(out.getvalue(), encoding="utf-8")
