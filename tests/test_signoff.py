"""``ybbulletin sign``, ``check`` after signing and ``ybbulletin status``, on a demo copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from ybbulletin.cli import main
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.signoff import State, digests, review

ISSUE = "content/issues/2025/12.yaml"

# Comments everywhere a person may put them: the file must come back byte for byte.
COMMENTED = """\
# 第一行注释
year: 2025   # 年份
number: 1
date: 2025-03-01    # 签发日期
staff: {编辑: 张某}   # 流式写法

entries:
  # 第一篇
  - kind: news
    title: "带引号的标题"     # 行尾注释
    body: |
      正文第一段。

      正文第二段。
  - kind: work_update
    title: 第二篇
    source: 某市医保局
    body: 第二篇正文。
# 文件末尾的注释
"""


@pytest.fixture
def demo(demo: Path) -> Path:
    """The demo copy with its issues unsigned (drafts), as before an editor signs them."""
    for path in (demo / "content/issues").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        cut = text.find("# 审核、签发记录")
        if cut >= 0:
            path.write_text(text[:cut], encoding="utf-8")
    return demo


def run(root: Path, *argv: str) -> int:
    return main(["--project", str(root), *argv])


def sign(root: Path, slug: str, role: str, name: str, date: str) -> int:
    return run(root, "sign", slug, "--role", role, "--name", name, "--date", date)


@pytest.fixture
def commented(demo: Path) -> Path:
    path = demo / "content/issues/2025/zengkan-01.yaml"
    path.write_text(COMMENTED.replace("number: 1\n", "number: 1\nkind: supplement\n"), "utf-8")
    return path


def test_sign_keeps_the_whole_file_and_appends_the_record(
    demo: Path, commented: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = commented.read_text(encoding="utf-8")
    assert sign(demo, "2025/zengkan-01", "审核", "李某", "2025-02-28") == 0
    assert sign(demo, "2025/zengkan-01", "签发", "王某", "2025-03-01") == 0
    out = capsys.readouterr()
    assert "已记录2025年增刊第1期的签发：王某，2025-03-01" in out.out
    assert "警告" not in out.err
    after = commented.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment, quote and blank line as it was
    archive = load_archive(demo)
    [supplement] = [a for a in archive.issues if a.slug == "2025/zengkan-01"]
    current = digests(archive, supplement)
    assert after[len(before) :] == (
        "# 审核、签发记录：由 ybbulletin sign 写入，请勿手改；签发后改动内容需要重新签发\n"
        "signoff:\n"
        + "".join(
            f"  {role}:\n    signer: {name}\n    date: {date}\n"
            f"    issue_digest: {current.content}\n"
            "    entry_digests:\n" + "".join(f"      - {d}\n" for d in current.entries)
            for role, name, date in (("审核", "李某", "2025-02-28"), ("签发", "王某", "2025-03-01"))
        )
    )
    assert review(archive, supplement).state is State.SIGNED
    [view] = [v for v in build_views(archive) if v.dir == "2025/zengkan-01"]
    assert view.staff == {"编辑": "张某", "审核": "李某", "签发": "王某"}
    assert view.mark is None


def test_edit_after_signing_names_the_entry_and_resigning_clears_it(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-13") == 0
    assert run(demo, "check") == 0
    capsys.readouterr()
    path = demo / ISSUE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("“全方位、广覆盖", "“全方面、广覆盖", 1), encoding="utf-8")
    assert run(demo, "check") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": 错误: " in line]
    archive = load_archive(demo)
    [issue] = [a for a in archive.issues if a.slug == "2025/12"]
    changed = [i for i, e in enumerate(issue.issue.entries) if "全方面" in e.model_dump_json()]
    assert len(changed) == 1
    title = issue.issue.entries[changed[0]].title
    where = issue.located.location(("entries", changed[0]))
    assert errors == [
        f"{where}: 错误: 第{changed[0] + 1}篇《{title}》在签发后有改动（签发：王某，2025-08-13）"
    ]
    assert review(archive, issue).state is State.CHANGED
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-13") == 0
    capsys.readouterr()
    assert run(demo, "check") == 0
    assert ": 错误: " not in capsys.readouterr().err


def test_layout_and_comments_do_not_unsign(demo: Path) -> None:
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-13") == 0
    path = demo / ISSUE
    text = path.read_text(encoding="utf-8")
    changed = text.replace("year: 2025\n", "year: 2025    # 新加的注释\n")
    changed = changed.replace("\ndate: 2025-08-13", "\ndate: '2025-08-13'")
    changed = changed.replace("    source: 石嘴山市医保局", '    source: "石嘴山市医保局"   # 引号')
    assert changed.count("新加的注释") == changed.count("'2025-08-13'") == 1
    path.write_text(changed, encoding="utf-8")
    archive = load_archive(demo)
    assert review(archive, archive.issues[-1]).state is State.SIGNED


def test_header_order_and_removal_are_named(
    demo: Path, commented: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sign(demo, "2025/zengkan-01", "签发", "王某", "2025-03-01") == 0
    text = commented.read_text(encoding="utf-8")
    first = text.index("  # 第一篇")
    second = text.index("  - kind: work_update")
    end = text.index("# 文件末尾的注释")
    swapped = text[:first] + text[second:end] + text[first:second] + text[end:]
    commented.write_text(swapped.replace("date: 2025-03-01 ", "date: 2025-03-02 "), "utf-8")
    capsys.readouterr()
    assert run(demo, "check") == 1
    err = capsys.readouterr().err
    assert "错误: 签发后期号、日期、专题或报尾有改动（签发：王某，2025-03-01）" in err
    assert "错误: 签发后文章的顺序有改动" in err
    assert "警告: 签发日期 2025-03-01 与本期日期 2025-03-02 不一致" in err
    commented.write_text(text[:second] + text[end:], "utf-8")
    assert run(demo, "check") == 1
    err = capsys.readouterr().err
    assert "zengkan-01.yaml:19:3: 错误: 签发后删除了1篇文章（签发：王某，2025-03-01）" in err


def test_signing_content_with_errors_is_refused(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo / ISSUE
    broken = path.read_text(encoding="utf-8").replace("kind: work_update", "kind: work_updte", 1)
    path.write_text(broken, encoding="utf-8")
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-13") == 1
    assert "2025/12:1:1: 错误: 内容有错误，不能签发" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == broken


def test_sign_usage_errors(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(demo, "2025/99", "签发", "王某", "2025-08-13") == 2
    assert "没有这一期：2025/99" in capsys.readouterr().err
    assert run(demo, "sign", "2025/12", "--role", "批准", "--name", "王某") == 2
    assert sign(demo, "2025/12", "签发", "  ", "2025-08-13") == 2


@pytest.mark.parametrize("name", ["王\u202e某", "王某\n签发: 李某", "王\x00某", "王\u2028某"])
def test_a_name_check_would_refuse_is_not_written(
    demo: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was written into the file, which then failed check (and every later sign)."""
    before = (demo / ISSUE).read_bytes()
    assert sign(demo, "2025/12", "签发", name, "2025-08-13") == 2
    assert "姓名中有不允许的字符 U+" in capsys.readouterr().err
    assert (demo / ISSUE).read_bytes() == before
    assert run(demo, "check") == 0


def test_a_record_that_would_not_load_is_not_written(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last guard: whatever slips past the name check, the file is checked before it is
    replaced, so sign never leaves a file that check refuses."""
    import re

    from ybbulletin import signoff

    monkeypatch.setattr(signoff, "_ODD_IN_NAME", re.compile("(?!x)x"))
    before = (demo / ISSUE).read_bytes()
    assert sign(demo, "2025/12", "签发", "王\u202e某", "2025-08-13") == 2
    assert "写入签名记录后文件不能通过检查（不允许的字符 U+202E" in capsys.readouterr().err
    assert (demo / ISSUE).read_bytes() == before


@pytest.mark.parametrize("date", ["0001-01-01", "1900-01-01", "9999-12-31"])
def test_a_sign_date_no_issue_could_have_is_refused(
    demo: Path, date: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was written (with only the warning that it differs from the issue's date): a slip of
    the keyboard recorded as the day of a 签发. The years an issue may have bound it too."""
    before = (demo / ISSUE).read_bytes()
    assert sign(demo, "2025/12", "签发", "王某", date) == 2
    assert f"签名日期 {date} 不成立：年份应在 1949–2200 之间" in capsys.readouterr().err
    assert (demo / ISSUE).read_bytes() == before


def test_date_differing_from_the_issue_is_a_warning(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-14") == 0
    err = capsys.readouterr().err
    assert "警告: 签发日期 2025-08-14 与本期日期 2025-08-13 不一致" in err
    assert run(demo, "check", "--strict") == 1


def test_review_states_and_marks(demo: Path) -> None:
    archive = load_archive(demo)
    item = review(archive, archive.issues[-1])
    assert (item.state, item.mark) == (State.DRAFT, "草稿")
    assert sign(demo, "2025/12", "审核", "李某", "2025-08-12") == 0
    archive = load_archive(demo)
    item = review(archive, archive.issues[-1])
    assert (item.state, item.mark) == (State.REVIEWED, "送审稿")
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-13") == 0
    archive = load_archive(demo)
    item = review(archive, archive.issues[-1])
    assert (item.state, item.mark, item.draft) == (State.SIGNED, None, False)


def test_status_lists_states_signers_and_outputs(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sign(demo, "2025/12", "审核", "李某", "2025-08-12") == 0
    assert sign(demo, "2025/12", "签发", "王某", "2025-08-13") == 0
    capsys.readouterr()
    assert run(demo, "status") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["期", "状态", "审核、签发", "网站", "PDF", "Word"]
    assert lines[1].split() == [
        "2025/12",
        "2025年第12期（总第130期）",
        "已签发",
        "审核",
        "李某",
        "2025-08-12，签发",
        "王某",
        "2025-08-13",
        "未生成",
        "未生成",
        "未生成",
    ]
    assert lines[2].split()[:3] == ["2021/01", "2021年第1期（总第39期）", "草稿"]
    assert lines[-1] == "共 2 期：草稿 1 期，已签发 1 期。"
