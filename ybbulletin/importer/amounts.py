"""Money in a case's text: each amount classed as involved, recovered or fined, in 万元.

An amount takes the class of the last head word before it in its clause (the text since
the last ，；。), brackets left out: 骗取/违规金额/违规使用… (involved; 涉及/涉案/获得 and
参与骗取, an accomplice's part, only when no stronger word names an amount of the case),
追回/退回/退缴/责令退回…/拒付 (recovered: a sum refused is one the fund never lost, as the
registers count it), 罚款/行政处罚/违约金/倍罚款 (fined), or 罚金/核减… (none of them: a
court's fine, a deduction). A word followed by 的 only describes (退回骗取的医保基金). A
clause with no head word that opens with 共计/合计/计 takes the previous clause's; an amount
followed by 已(全部)追回 is recovered; one returned under a name of what was involved
(扣回违规费用1987元) is also the involved amount when the case names no other. After 其中
the amounts are parts of one already counted. An amount after 共计/合计/以上 that adds up
those named before it in its sentence, or those of one class so far, is a total, not one
more; amounts inside a rule quoted at length (“…” of 30 characters or more) are the rule's.
A sentence that gives an instance (如该院…, 例如…) names no bill, fund payment or 涉及 sum of
the case. An involved amount a fine is reckoned on (…1700718.68元处1倍罚款) counts only when
the case names no other. Yuan become 万元, exact; a case's sum is rounded to 4 places
(``rounded``), with the original words kept for the comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ybbulletin.importer.scripts import fold, rule

__all__ = ["Money", "read_amounts", "rounded"]

# (the yuan under a 万 may follow it: 2万318元, 4 萬636 元整, 1万2,500元 — 20318, 40636, 12500)
_AMOUNT = rule(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<more>余|多)?\s*"
    r"(?:(?P<unit>亿)|(?P<wan>万)(?:\s*(?P<rest>\d,\d{3}|\d{1,4})(?!\d))?)?\s*(?:余|多)?\s*元"
)
_HEADS = (
    ("fined", r"倍(?:的)?罚款|罚款|罚锾|行政处罚|违约金"),  # 罰鍰: Taiwan's word for a fine
    # 拒付 is recovered: what the fund refused to pay it never lost, and the registers count it
    # so (追回（含扣减和拒付）, 追缴、拒付医保基金, 拒付或追回 …)
    ("recovered", r"追回|责令退回|退回|扣回|收回|追缴|退缴|退还|退赔|返还医保|挽回|拒付"),
    ("none", r"罚金|核减|扣减|奖励|补助|预算|结余|支出|收入|赔偿|处理金额"),
    (
        "involved",
        # 骗取医保基金支出 (the law's words): what was taken, not a budget's 支出
        r"(?:骗取|套取)(?:医保|医疗保障|医疗保险|社会保险)?基金支出|"
        r"骗取|套取|违规金额|违法金额|违法违规金额|涉案金额|违规使用|违法使用|"
        r"造成(?:医保)?基金损失|基金损失|损失",
    ),
    # the bill the misconduct ran up, of which the fund paid a part: involved only when the
    # case names neither the fund's loss nor the fund's payment (违规费用8720元，造成医保基金
    # 损失7398.58元; 总费用为423451.86元，基金支付199468元)
    ("fund", r"(?:医保|医疗保险|统筹)?基金(?:支付|报销|结算)|医保(?:支付|报销|结算)"),
    ("bill", r"违规(?:不合理)?费用|总费用|医疗费用|医药费用|住院费用"),
    # 参与骗取…2900余万元: one accomplice's part of a sum the case names whole
    ("weak", r"涉及|涉案|获得|获取|非法获利|骗保|参与(?:骗取|套取)"),
)
_HEAD = rule("|".join(f"(?P<{name}>{words})" for name, words in _HEADS))
_CLAUSE = re.compile(r"[，；。,;]")
_BRACKETS = re.compile(r"[（(][^（）()]*[)）]")
# …1700718.68元处1倍罚款, …1352.55元的行为处造成损失的1倍罚款: the amount a fine is reckoned on
_BASE = rule(
    r"\s*(?:的)?(?:行为)?\s*[处按]?\s*(?:造成(?:基金)?损失(?:金额)?的?)?\s*"
    r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两半])\s*倍"
)
_AFTER_RECOVERED = rule(r"^\s*(?:已|均已|已经)?(?:全部|全额)?(?:追回|退回|收回|上缴国库)")


@dataclass
class Money:
    """The amounts of one case by class, each with the words it was read from."""

    found: dict[str, list[tuple[Decimal, str]]] = field(default_factory=dict)
    unclassed: list[str] = field(default_factory=list)


def wan(number: str, unit: str | None) -> Decimal:
    """The amount in 万元, exact: amounts of a case are summed first, then rounded."""
    value = Decimal(number.replace(",", ""))
    unit = fold(unit) if unit else unit
    if unit == "亿":
        value *= 10000
    elif unit != "万":
        value /= 10000
    return value


def _value(match: re.Match[str]) -> Decimal:
    """An amount matched by ``_AMOUNT`` in 万元, with the yuan written after its 万."""
    value = wan(match.group("number"), match.group("unit") or match.group("wan"))
    if match.group("rest"):
        value += wan(match.group("rest"), None)
    return value


def rounded(value: Decimal) -> Decimal:
    """万元 to the 4 decimals the model keeps (1 元)."""
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()


# a sentence giving an instance (如该院…, 例如有的医院…): its bill, the fund's payment or a sum
# 涉及 names one instance of the case, not the case's own sum
_EXAMPLE = rule(r"^\s*(?:例如|比如|譬如|如)")
_LESSER = ("fund", "bill", "weak")
_QUOTE = re.compile(r"“[^”]{30,}”")  # a rule quoted at length: its amounts are no case's
_TOTAL = rule(r"共计|合计|总计|累计|以上")


def read_amounts(text: str) -> Money:
    money = Money()
    text = _QUOTE.sub(lambda m: "“" + "　" * (len(m.group()) - 2) + "”", text)
    for sentence in re.split(r"(?<=[。；;])", text):
        counted_before_part = False
        part = False
        earlier: list[Decimal] = []  # the amounts of this sentence so far
        for match in _AMOUNT.finditer(sentence):
            value = _value(match)
            before = sentence[: match.start()]
            if _is_total(value, before, earlier, money):
                continue  # 并处罚款192元，共计384元 / 以上共计涉及违规金额493元: a sum
            earlier.append(value)
            if "其中" in before and counted_before_part:
                part = True
            kind = _class(sentence, match.start(), match.end())
            if kind == "involved" and _BASE.match(sentence, match.end()):
                kind = "base"  # 违规使用医保基金170万元处1倍罚款: what the fine is reckoned on
            if part and kind != "none":
                continue  # 其中…: a part of an amount already counted
            if kind in _LESSER and _EXAMPLE.match(sentence):
                kind = None  # 如该院医生周某…住院费用2597.4元: one instance (the draft says so)
            if kind == "returned":  # 扣回违规费用1987元: recovered, and what was involved
                money.found.setdefault("named", []).append((value, _context(sentence, match)))
                kind = "recovered"
            if kind in (None, "none"):
                if kind is None:
                    money.unclassed.append(_context(sentence, match))
                continue
            spot = _context(sentence, match)
            entries = money.found.setdefault(kind, [])
            if all(value != known for known, _ in entries):
                entries.append((value, spot))
            if "其中" not in before:
                counted_before_part = True
    _bare_repeats(text, money)
    base = money.found.pop("base", [])
    if "involved" not in money.found and base:
        money.found["involved"] = base  # 处违规金额1.1万元2倍的罚款: the only amount named
    named = money.found.pop("named", [])
    if "involved" not in money.found and named:
        money.found["involved"] = named  # the amount returned names what was involved
    for lesser in ("fund", "bill"):  # the fund's payment, else the bill, when nothing stronger
        found = money.found.pop(lesser, [])
        if "involved" not in money.found and found:
            money.found["involved"] = found
    weak = money.found.pop("weak", [])
    if "involved" not in money.found and weak:
        money.found["involved"] = weak  # 涉及/涉案/获得 count only when nothing says 骗取/违规金额
    return money


# a number in brackets with no unit: 追回违规使用医保基金（26516.96）
_BARE = rule(r"[（(](\d+(?:\.\d+)?)[)）](?!\s*(?:余|多)?\s*(?:亿|万)?\s*元)")


def _bare_repeats(text: str, money: Money) -> None:
    """A bare number in brackets that repeats an amount the case names with its unit
    (涉及违规金额26516.96元 … 作出追回违规使用医保基金（26516.96）): that amount, classed by
    the words before the brackets."""
    units = {
        m.group("number"): m.group("unit") or m.group("wan")
        for m in _AMOUNT.finditer(text)
        if not m.group("rest")
    }
    for sentence in re.split(r"(?<=[。；;])", text):
        for bare in _BARE.finditer(sentence):
            if bare.group(1) not in units:
                continue
            start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, bare.start())), default=0)
            kind = _last_head(sentence[start : bare.start()])
            kind = "recovered" if kind == "returned" else kind
            if kind not in ("involved", "recovered", "fined"):
                continue
            value = wan(bare.group(1), units[bare.group(1)])
            entries = money.found.setdefault(kind, [])
            if all(value != known for known, _ in entries):
                entries.append((value, sentence[start : bare.end()].strip()))


def _is_total(value: Decimal, before: str, earlier: list[Decimal], money: Money) -> bool:
    """An amount after 共计/合计/以上 that adds up the amounts named before it."""
    clause = before[max((m.end() for m in _CLAUSE.finditer(before)), default=0) :]
    if not _TOTAL.search(clause):
        return False
    if len(earlier) >= 2 and value == sum(earlier, Decimal(0)):
        return True
    return any(
        len(values) >= 2 and value == sum((v for v, _ in values), Decimal(0))
        for values in money.found.values()
    )


def _class(sentence: str, start: int, end: int) -> str | None:
    inside = _BRACKETS.sub(lambda m: "（" + "　" * (len(m.group()) - 2) + "）", sentence)
    for bracket in _BRACKETS.finditer(sentence):
        if bracket.start() < start < bracket.end():  # an amount inside brackets: their words
            inside = sentence
            clause_start = bracket.start() + 1
            break
    else:
        clause_start = max((m.end() for m in _CLAUSE.finditer(inside, 0, start)), default=0)
    kind = _last_head(inside[clause_start:start])
    if kind is None and rule(r"^\s*(共计|合计|计|总计)").match(inside[clause_start:start]):
        previous = max(
            (m.end() for m in _CLAUSE.finditer(inside, 0, max(clause_start - 1, 0))), default=0
        )
        kind = _last_head(inside[previous:clause_start])
    if kind is None and _AFTER_RECOVERED.match(sentence[end:]):
        kind = "recovered"
    return kind


def _last_head(text: str) -> str | None:
    heads = []
    for match in _HEAD.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following == "的" and match.lastgroup != "fined":
            continue  # 退回骗取的医保基金: 骗取 describes, 退回 is the head
        heads.append(match.lastgroup)
        if heads[-1] == "none" and fold(match.group()) == "支出" and "recovered" in heads:
            heads[-1] = "recovered"  # 追回、拒付…不合理医保基金支出146.95万元: what is recovered
    if len(heads) >= 2 and heads[-1] in ("fund", "bill") and heads[-2] in ("none", "fined"):
        return heads[-2]  # 拒付医疗费用…, 核减违规费用…: the bill names what the verb acts on
    if heads and heads[-1] in ("involved", "fund", "bill", "weak") and "recovered" in heads:
        # 责令退回医保基金损失7.11万元: the loss is what is returned (and, if the case names
        # no other, what was involved)
        return "recovered" if heads[-1] == "weak" else "returned"
    return heads[-1] if heads else None


def _context(sentence: str, match: re.Match[str]) -> str:
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, match.start())), default=0)
    return sentence[start : match.end()].strip()
