"""Case facts: subject, its type, amounts in 万元 and legal basis read from a case's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ybbulletin.importer.draft import Case
from ybbulletin.proofread import CJK

__all__ = ["CaseFacts", "case_facts"]

_AMOUNT = r"(\d+(?:\.\d+)?)万元"


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
