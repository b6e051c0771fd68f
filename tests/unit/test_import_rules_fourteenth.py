# ruff: noqa: E501  (tables of published text read best one row a line)
"""The importer's rules for shapes the fourteenth held-out batch brought (tests/fixtures/corpus/156–166):
a township or a sub-district signing off its own item with its writer ((甲河乡 李某)).

Every text here is made up in the shape of the published one, not copied from it.
"""

from __future__ import annotations

import pytest

from tests.importing import parsed as _draft


@pytest.mark.parametrize(
    ("closing", "unit"),
    [
        ("(甲河乡 李乙)", "甲河乡"),
        ("（乙山镇 王甲 周乙）", "乙山镇"),
        ("(丙北街道 张甲乙)", "丙北街道"),
        ("(丁城街道办事处 赵甲)", "丁城街道办事处"),
    ],
)
def test_a_township_signing_off_its_item_is_its_source(closing: str, unit: str) -> None:
    draft = _draft(
        "为将城乡居民医疗保险这一惠民政策落到实处,11月10日上午,甲河乡召开了城乡居民医疗保险基金征收工作动员大会,全体乡村干部参加了会议。\n"
        f"乡长王甲要求,全体乡村干部要做好政策的宣传解释工作,引导群众自愿参保,力求应保尽保。{closing}\n"
    )
    [article] = draft.articles
    assert article.source == unit
    assert article.kind == "work_update"


def test_a_reporter_in_brackets_at_the_end_is_no_unit() -> None:
    draft = _draft(
        "甲县召开医疗保障推进会\n"
        "6月20日,甲县召开医疗保障推进会,县医保局等相关部门负责人参会。\n"
        "会议就县域医疗卫生一体化改革工作进行了研究讨论。(甲县融媒记者 李乙)\n"
    )
    [article] = draft.articles
    assert article.source is None
