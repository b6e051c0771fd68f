"""Case facts read from a case's heading and text: subject and its type, region, period,
amounts in 万元, legal basis and actions. Each is a guess the draft marks ``# 请核对``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ybbulletin.importer.amounts import read_amounts, rounded
from ybbulletin.importer.draft import Case
from ybbulletin.importer.scripts import fold, rule
from ybbulletin.importer.text import SURNAMES

__all__ = ["CaseFacts", "case_facts"]

_HANZI = "\u4e00-\u9fff"
_HANZI_CHAR = rule(f"[{_HANZI}]")
_INSTITUTION = (
    r"社区卫生服务中心|社区卫生服务站|卫生服务中心|健康服务中心|卫生院|卫生室|卫生所|卫生站|医疗站|诊所|门诊部|医务室|"
    r"(?:药业|医药|大药房|药房)连锁[\u4e00-\u9fff（）()]{1,14}?店|大药房|药房|药店|医院|妇幼保健院|保健院|护理院|医学中心|医疗中心|康复中心|体检中心|"
    r"透析中心|血液透析中心|有限公司|公司"
)
_INSTITUTION_AT = rule(f"(?:{_INSTITUTION})")
_BRANCH = (
    r"(?:第?[一二三四五六七八九十百\d]+(?:分店|分院|门诊部|门市部)"
    r"|[\u4e00-\u9fff]{1,6}(?:分店|分院|门店))?"
)
# (a name may be masked: ○○診所, **卫生院, ××药店)
_MASK = "○〇×＊*"
_NAME = rule(
    rf"[{_HANZI}{_MASK}（）()\d]{{2,40}}?(?:{_INSTITUTION}){_BRANCH}(?:\d+家(?:药店|药房|门店))?"
)
# A name goes on past its first institution word when another follows with no verb between:
# 安捷医院有限公司, 某集团有限公司方达大厦门诊部, 肾之道医院管理有限公司 (its head is the last).
_MORE = rule(rf"[{_HANZI}（）()\d]{{0,20}}?(?:{_INSTITUTION}){_BRANCH}")
_NOT_NAME = rule(r"违|骗|伙同|冒|虚|串换|套|涉嫌|通过|以|等|存在|和|与|及|对|在|为|将|向|被|于")
_VERB_START = set(
    "骗冒违伪虚倒隐重等伙利涉套诱串挂使非私盗从在通与及和因被持犯作存将以于的为向把经"
)
_ROLE = rule(
    r"(?:多点执业)?(?:参保人员?|参保职工|参保居民|患者|医师|医生|执业药师|药师|收费人员|职工|人员|村医)$"
)
_LAW_TITLE = rule(
    r"《[^》]*(?:法|条例|办法|规定|细则|协议|意见|通知|决定|解释|规范|标准|规则|章程)》"
)
# 当事人：云阳伍小静中西医结合诊所 (a penalty decision names its party so)
_PARTY = rule(
    r"(?:^|\n|[。；])\s*当事人(?:[（(][^）)]{1,10}[)）])?[:：]\s*([^\s，。；：:（(]{2,40})"
)  # 当事人（姓名或名称）：…
# A court's case is named by its defendants and the crime: 曾望清诈骗案, 靳利娟、罗安君等诈骗案
_DEFENDANTS = rule(
    rf"^(?P<names>[{_HANZI}]{{2,4}}?(?:、[{_HANZI}]{{2,4}}?)*)等?"
    r"(?:合同诈骗|诈骗|贪污|职务侵占|挪用公款|受贿|掩饰、隐瞒犯罪所得)罪?案"
)
_REGION = rule(
    rf"^(?:[{_HANZI}]{{2,7}}?(?:省|自治区))?(?:[{_HANZI}]{{2,8}}?(?:市|州|盟|地区))?"
    rf"(?:[{_HANZI}]{{1,6}}?(?:市|县|区|旗))?"
)
_AGENCY = rule(r"局|部门|机关|委员会|政府|检察院|法院|公安|纪委")
# (a review names the party it decides on as the applicant: 申请人系○○诊所负责医师)
_CUT = rule(
    r".*(?:发现|对|经查|检查|举报|反映|根据|依据|显示|通报|曝光|关于|(?:申请人|当事人)(?:系|是|为))"
)
_PERIOD = rule(
    r"(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?:\d{1,2}日)?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月"
)
_LAW = rule(
    r"《[^《》]{2,60}》(?:第[一二三四五六七八九十百零〇\d]+条(?:第[一二三四五六七八九十\d]+款)?)?"
)
_LAW_NAME = rule(r"(法|条例|办法|规定|细则|协议|意见|通知|决定|解释|规范|标准|规则|章程|目录)》")
_ACTIONS = (
    r"解除[^，。；、]{0,14}?协议",
    r"(?:暂停|中止|终止)[^，。；、]{0,16}?(?:协议|服务|结算|资格|权限|支付)",
    r"移(?:交|送)[^，。；、]{0,10}?(?:公安机关|公安部门|公安|司法机关|检察机关|纪检监察机关|卫健部门|卫生健康部门)",
    r"吊销[^，。；、]{0,12}?(?:许可证|执业资格|执照)",
    r"责令(?:其)?(?:限期)?整改",
    r"约谈[^，。；、]{0,8}?(?:负责人|相关人员|责任人)",
    r"停业整顿",
)
_ACTION = rule("|".join(_ACTIONS))
_METHOD_END = rule(
    r"(?:骗取|套取|违法违规使用|违规使用|违法使用|欺诈骗保|骗保|违规报销)[^，、]*?(?:案例|案)$"
    r"|(?:医保基金)?(?:案例|案)$"
)
_GENERIC = {"欺诈骗保", "违规", "违法违规", "骗保"}
_GENERIC_CASE = rule(r"(?:违法违规|违规|违法|欺诈骗保|骗保)(?:使用医保基金)?案$")
_KEYS = {"involved": "涉案", "recovered": "追回", "fined": "罚款"}


@dataclass
class CaseFacts:
    subject: str
    subject_type: str
    region: str | None = None
    period: tuple[str, str | None] | None = None
    amounts: dict[str, Decimal] = field(default_factory=dict)
    legal_basis: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    confirm: list[str] = field(default_factory=list)


def case_facts(case: Case, intro: str) -> CaseFacts:
    """What a case's heading and text say."""
    body = "".join(case.body)
    confirm: list[str] = []
    party = _PARTY.search(body) or _PARTY.search(intro)
    subject = _subject(case.title) or (party.group(1) if party else None) or _subject_in(body)
    named = _GENERIC_CASE.sub("", case.title)
    if subject is None and named != case.title and len(named) >= 4:
        subject = named  # 红胜大街忠艳保健按摩店违规案: the heading's name before a bare 违规案
        confirm.append("当事方取自案例标题（去掉“违规案”等字），请核对")
    if subject is None:
        subject = case.title
        confirm.append("原文没有写明当事方，暂用案例标题，请改为机构名称或人名")
    region = None
    person = _person(subject)
    if person and not rule(f"(?:{_INSTITUTION})").search(subject):
        region = _region(subject[: person[0]])
        subject = person[1]
    else:
        region = _region(subject) if len(_region(subject) or "") < len(subject) - 1 else None
    region = case.region or region
    facts = CaseFacts(subject, _type(subject, case.title), region=region, confirm=confirm)
    method = _method(case.title, subject)
    if method:
        facts.methods = [method]
    if facts.subject_type == "other":
        confirm.append("当事方类型不能确定")
    found = _PERIOD.search(body)
    if found:
        year2 = found.group("y2") or found.group("y1")
        facts.period = (
            f"{found.group('y1')}-{int(found.group('m1')):02d}",
            f"{year2}-{int(found.group('m2')):02d}",
        )
    money = read_amounts(body)
    for kind, values in money.found.items():
        if kind not in _KEYS:
            continue
        facts.amounts[kind] = rounded(sum((v for v, _ in values), Decimal(0)))
        spots = "；".join(f"“{spot}”" for _, spot in values)
        if len(values) > 1:
            parts = " + ".join(str(rounded(v)) for v, _ in values)
            confirm.append(f"{_KEYS[kind]}金额是 {parts} 之和（原文：{spots}）")
        elif not rule(r"万(?:余|多)?元$").search(values[0][1]):
            confirm.append(f"{_KEYS[kind]}金额由元换算为万元（原文：{spots}）")
    whole = rule(r"(?:全部|全额)(?:追回|退回|退还|收回)|(?:追回|退回|退还)(?:了)?全部").search(body)
    if whole and "involved" in facts.amounts and "recovered" not in facts.amounts:
        facts.amounts["recovered"] = facts.amounts["involved"]
        confirm.append(f"追回金额取涉案金额（原文“{whole.group()}”）")
    if money.unclassed:
        confirm.append(
            "这些金额没有归入涉案、追回、罚款：" + "；".join(f"“{s}”" for s in money.unclassed)
        )
    laws = [
        law for law in dict.fromkeys(_LAW.findall(body)) if _LAW_NAME.search(law.split("第")[0])
    ]
    if not laws and "相关法律法规" in fold(body):
        laws = [law for law in dict.fromkeys(_LAW.findall(intro)) if _LAW_NAME.search(law)]
        if laws:
            confirm.append("法律依据取自导语中列出的“相关法律法规”")
    facts.legal_basis = laws
    facts.actions = list(dict.fromkeys(m.group() for m in _ACTION.finditer(body)))
    return facts


def _method(title: str, subject: str) -> str | None:
    """What the heading says was done after its subject (冯文某冒名住院骗取医保基金案: 冒名住院)."""
    at = title.find(subject)
    if at < 0:
        return None
    rest = title[at + len(subject) :]
    rest = rule(r"^(?:以|通过|涉嫌|等|存在)").sub("", rest)
    rest = _METHOD_END.sub("", rest)
    if not 2 <= len(rest) <= 16 or re.search("[，,、；]", rest) or fold(rest) in _GENERIC:
        return None
    return rest


def _subject(title: str) -> str | None:
    """The subject a case heading names first: a person (X某) or an institution."""
    court = _DEFENDANTS.match(title)
    if court and not _NAME.search(court.group("names")):
        return court.group("names")
    person = _person(title)
    institution = _NAME.search(title)
    if person and (institution is None or person[0] < institution.end() - 2):
        lead = title[: person[0]]
        return _ROLE.sub("", lead) + person[1]
    if institution:
        return _trim(title[institution.start() : _name_end(title, institution.end())])
    return None


def _name_end(text: str, end: int) -> int:
    """Where a name matched up to ``end`` really ends (see ``_MORE``)."""
    while (more := _MORE.match(text, end)) and not _NOT_NAME.search(more.group()):
        end = more.end()
    return end


def _subject_in(body: str) -> str | None:
    """The first institution or person the case's text names (the agencies left out, and
    the titles of laws and agreements: 《…定点零售药店服务协议》 names no party)."""
    body = _LAW_TITLE.sub("《》", body)
    for clause in re.split(r"[，。；：,;:、]", body):
        person = _person(clause)
        for match in _NAME.finditer(clause):
            name = _trim(clause[match.start() : _name_end(clause, match.end())])
            if person and person[0] < match.start():
                break
            if person and person[0] == match.start() and _acts(clause, person):
                break  # 林某某于…利用其经营的某医院: the person who acts, not the institution
            if name and not _AGENCY.search(name):
                return name
        if person:
            return person[1]
    return None


def _acts(text: str, person: tuple[int, str]) -> bool:
    """The person's name is followed by a verb or a preposition (林某某于…, 张某利用…), not by
    the rest of an institution's name (王某某诊所)."""
    following = text[person[0] + len(person[1]) : person[0] + len(person[1]) + 1]
    return bool(following) and fold(following) in _VERB_START


def _person(text: str) -> tuple[int, str] | None:
    """The first person named the way notices name them: 张某, 李某某, 刘某金, 冯文某."""
    for index, char in enumerate(text):
        if char != "某" or index == 0:
            continue
        before = text[index - 1]
        if not _HANZI_CHAR.match(before) or fold(before) in "某县市区省镇乡村院所店室":
            continue
        if _INSTITUTION_AT.match(text, index + 1):
            continue  # 某医院, 某诊所: an institution left unnamed, not a person
        start = index - 2 if index >= 2 and fold(text[index - 2]) in SURNAMES else index - 1
        end = index + 1
        following = text[end] if end < len(text) else ""
        if following == "某" or (
            start == index - 1
            and _HANZI_CHAR.match(following)
            and fold(following) not in _VERB_START
        ):
            end += 1
        return start, text[start:end]
    return None


def _trim(name: str) -> str:
    name = _CUT.sub("", name)
    name = rule(r"^(?:\d+年)?(?:\d+月)?(?:\d+日)?").sub("", name)
    name = _AGENCY.split(name)[-1] if _AGENCY.search(name) else name
    return name if len(name) >= 4 or name.startswith("某") else ""  # 某医院: left unnamed


def _region(name: str) -> str | None:
    found = _REGION.match(name)
    region = found.group() if found else ""
    return region or None


_COMPANY = rule(
    r"(?:有限责任公司|股份有限公司|有限公司|公司)(?:.{0,12}(?:分店|分院|门店|门市部))?$"
)


_CLINIC = rule("诊所|门诊部|卫生院|卫生室|卫生所|卫生站|医疗站|社区(?:卫生|健康)服务|医务室")


def _type(subject: str, title: str) -> str:
    company = _COMPANY.search(subject)
    if company:
        # a company is what its name's last words before 公司 say it runs: 安捷医院有限公司 a
        # hospital, 医药连锁有限公司 a pharmacy, 医院管理有限公司 or 透析服务管理有限公司
        # neither (the head of a Chinese name is its last word)
        trade = subject[: company.start()]
        if rule("诊所|门诊部").search(trade[-4:]):
            return "clinic"
        if rule("药店|药房|医药|药业").search(trade):
            return "pharmacy"
        if rule("医院|护理院").search(trade[-3:]):
            return "hospital"
        return "other"
    for text in (subject, title):
        # (社区健康服务中心: a community clinic under Shenzhen's name, 社康)
        if _CLINIC.search(text):
            return "clinic"
        if rule("药店|药房|医药|药业").search(text):
            return "pharmacy"
        if rule("医院|保健院|护理院|医学中心|医疗中心|透析").search(text):
            return "hospital"
        if _person(text):
            return "individual"
    court = _DEFENDANTS.match(title)
    if court and court.group("names") == subject:
        return "individual"  # defendants named in full by a court
    return "other"
