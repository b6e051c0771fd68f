"""``ybbulletin import``: the seed texts and Word files become drafts that check and build."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.importing import SEEDS, SETTINGS, import_ok, make_project
from ybbulletin.build import build
from ybbulletin.cli import main
from ybbulletin.project import load_archive
from ybbulletin.proofread import CJK


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def imported(project: Path, source: Path, *extra: str) -> list[object]:
    """Imported, passing check, and it builds (an imported issue is a draft: on the site only
    with drafts)."""
    issue_and_entries = import_ok(project, source, *extra)
    build(project, project / "build", formats=("html",), jobs=1, drafts=True)
    return issue_and_entries


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_seed_000_report_with_cases_and_tables(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _issue, *entries = imported(
        project,
        SEEDS / "000_c87f6002a01c5b37.txt",
        "--year",
        "2021",
        "--number",
        "1",
        "--date",
        "2021-01-08",
    )
    out = capsys.readouterr().out
    assert "已导入为 content/issues/2021/01.yaml" in out
    assert [e.kind for e in entries] == [
        "news",
        "case_notice",
        "news",
        "news",
        "experience",
        "work_update",
        "work_update",
        "work_update",
        "work_update",
    ]
    assert [e.title for e in entries] == [
        "宁夏医保基金绩效评价工作名列前茅",
        "关于我区6起欺诈骗取医保基金典型案例的通报",  # broken over two lines in the text
        "完善医保目录管理 推进医保治理体系治理建设能力建设",
        "助力综合医改，全面推进县域紧密型医共体医保支付方式改革",
        "关于探索建立防范化解因病致贫返贫长效机制的调研报告",
        "再添执法新利剑 欺诈骗保无处藏",
        "石嘴山市多措并举推进医保电子凭证推广应用促进医保服务进入“码”时代",
        "青铜峡市医保局“三到位”扎实开展医疗保险费催缴工作 打通“最后一公里”",
        "持续“安利”医保惠民好政策",
    ]
    assert entries[5].source == "盐池县医疗保障局"  # the unit on its own line before the title
    notice = entries[1]
    amounts = [
        (c.title, c.subject_type, c.amounts.involved, c.amounts.recovered, c.amounts.fined)
        for c in notice.cases
    ]
    assert amounts == [
        (
            "中卫仁爱医院骗取医保基金案",
            "hospital",
            Decimal("462.24"),
            Decimal("462.24"),
            Decimal("924.10"),
        ),
        (
            "中卫市万和诊所骗取医保基金案",
            "clinic",
            Decimal("7.25"),
            Decimal("7.25"),
            Decimal("14.49"),
        ),
        (
            "中宁县大战场镇中心卫生院第二门诊部骗取医保基金案",
            "clinic",
            Decimal("0.22"),
            Decimal("0.22"),
            None,
        ),
        ("宁夏德融泽医药连锁有限公司9家药店诱导刷卡消费案", "pharmacy", None, None, None),
        ("冯文某冒名住院骗取医保基金案", "individual", Decimal("4.70"), None, None),
        # “主动退回全部骗取医保基金”: all of the amount involved, as the demo's editor read it
        (
            "李进某冒名住院骗取医保基金案",
            "individual",
            Decimal("0.37"),
            Decimal("0.37"),
            Decimal("1.86"),
        ),
    ]
    assert notice.cases[0].legal_basis[0] == "《中华人民共和国社会保险法》"
    report = entries[4].body
    assert report.count("| 年度 |") == 2  # both tables kept as Markdown tables
    assert "# 一、我区医疗保障扶贫的主要成效" in report
    assert "## （一）立足区情实际，精准制定自治区医保扶贫政策。" in report
    text = (project / "content/issues/2021/01.yaml").read_text(encoding="utf-8")
    assert "# 请核对: 涉案金额是 17.96 + 444.28 之和" in text
    body = text.split("entries:")[1]
    assert "依据《中华人民共和国社会保险法》" in body
    assert not re.search(f"[{CJK}],|,[{CJK}]", body)  # half-width commas in Chinese fixed


def test_seed_002_website_page(project: Path) -> None:
    issue, *entries = imported(project, SEEDS / "002_28945524f016ccdd.txt")
    assert (issue.issue.year, issue.issue.number, issue.total) == (2025, 12, 130)
    assert issue.issue.date.isoformat() == "2025-08-13"
    assert [e.kind for e in entries] == ["work_update"] * 5  # contents and 上一篇/下一篇 dropped
    assert [e.title for e in entries] == [
        "石嘴山市医保局三举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
        "吴忠市医保局把准关键环节 抓好任务落实推动巩固拓展医保脱贫攻坚成果走深走实",
        "青铜峡市医保局“三个三”筑牢乡村振兴“医保屏障”",
        "同心县医保局筑牢三道防线织密防返贫监测网 力促参保动态清零",
        "盐池县医保局用心打造脱贫攻坚与乡村振兴有效衔接暖心纽带",
    ]
    assert [e.body.count("\n\n") + 1 for e in entries] == [4, 4, 4, 4, 5]


def test_seed_004_newspaper_page(project: Path) -> None:
    _issue, *entries = imported(
        project,
        SEEDS / "004_97da08634ce7cf70.txt",
        "--year",
        "2020",
        "--number",
        "6",
        "--date",
        "2020-06-16",
    )
    assert len(entries) == 11
    assert {e.kind for e in entries} == {"news"}
    first = entries[0]
    assert (first.title, first.reporters, first.correspondents) == (
        "护航“六稳”落实“六保” 淮北医保在行动",
        ["刘星"],
        ["邢鑫", "郑敏"],
    )
    assert entries[5].photographers == ["朱冬"]
    assert entries[-1].title == "（原文缺少标题，请补写）"  # a byline with no title before it
    # paragraphs split by page breaks are joined
    assert "社会团体等参照执行。" in first.body
    assert "会议指出，数据清查工作涉及面广" in entries[4].body
    assert first.body.startswith("本报讯 在当前落实常态化疫情防控举措")


def test_never_overwrites_and_needs_a_number(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = SEEDS / "002_28945524f016ccdd.txt"
    assert main(["--project", str(project), "import", str(seed)]) == 0
    before = (project / "content/issues/2025/12.yaml").read_bytes()
    assert main(["--project", str(project), "import", str(seed)]) == 1
    assert "文件已存在，不会覆盖" in capsys.readouterr().err
    assert (project / "content/issues/2025/12.yaml").read_bytes() == before
    assert main(["--project", str(project), "import", str(SEEDS / "004_97da08634ce7cf70.txt")]) == 1
    assert "无法确定期号" in capsys.readouterr().err


@pytest.mark.parametrize("slug", ["2025/12", "2021/01"])
def test_the_bulletins_own_word_file_imports_back(
    project: Path, built_demo: Path, slug: str
) -> None:
    docx = built_demo.parent / "docx" / f"nxyb-{slug.replace('/', '-')}.docx"
    demo = {a.slug: a for a in load_archive(REPO).issues}[slug]
    extra = ["--date", demo.issue.date.isoformat()]
    if slug == "2021/01":
        (project / "ybbulletin.yaml").write_text(
            SETTINGS + "numbering: {first_total: 39}\n", encoding="utf-8"
        )
    issue, *entries = imported(project, docx, *extra)
    assert (issue.issue.year, issue.issue.number) == (demo.issue.year, demo.issue.number)
    from ybbulletin.site import print_order

    order = print_order(demo, load_archive(REPO).publication.sections)
    originals = [demo.issue.entries[i] for i in order]
    assert [e.title for e in entries] == [e.title for e in originals]
    assert [e.kind for e in entries] == [e.kind for e in originals]
    for mine, original in zip(entries, originals, strict=True):
        if original.kind == "case_notice":
            assert [c.title for c in mine.cases] == [c.title for c in original.cases]
            assert [c.amounts for c in mine.cases] == [c.amounts for c in original.cases]
        else:
            assert mine.body.split("\n\n")[0] == original.body.split("\n\n")[0].strip()
            assert getattr(mine, "source", None) == getattr(original, "source", None)


def test_a_hand_made_word_file_with_a_table_and_an_image(project: Path, tmp_path: Path) -> None:
    from docx import Document
    from PIL import Image

    picture = tmp_path / "photo.png"
    Image.new("RGB", (300, 200), "blue").save(picture)
    document = Document()
    document.add_paragraph("测试医保信息 2025年第3期")
    document.add_paragraph("工作动态")
    document.add_paragraph("某县医保局开展政策宣传")
    document.add_paragraph("今年以来,某县医保局组织开展政策宣传活动。")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "宣传场次", (1, 1): "12"}.items():
        table.cell(r, c).text = text
    document.add_picture(str(picture))
    document.add_paragraph("下一步将继续推进。")
    source = tmp_path / "手工.docx"
    document.save(str(source))
    issue, entry = imported(project, source, "--date", "2025-03-01")
    assert (issue.issue.year, issue.issue.number) == (2025, 3)
    assert entry.kind == "work_update"
    assert entry.title == "某县医保局开展政策宣传"
    assert "今年以来，某县医保局组织开展政策宣传活动。" in entry.body
    assert "| 项目 | 数量 |\n|---|---|\n| 宣传场次 | 12 |" in entry.body
    assert "![图片](images/03-图1.png)" in entry.body
    assert (project / "content/issues/2025/images/03-图1.png").read_bytes() == picture.read_bytes()
    assert (project / "build/site/media/issues/2025/images/03-图1.png").exists()
