"""``ybbulletin publish``: releases, the atomic switch, rollback, zip, dry run and every refusal."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project, resign
from ybbulletin.build import build
from ybbulletin.cli import main
from ybbulletin.publish import RELEASE_MARK, SUMS, checksums

# Builds and copies a whole site (fsync'd) in nearly every test, one a PDF too: ~10 s of CPU,
# too much for make test-fast.
pytestmark = pytest.mark.slow

ISSUE = "content/issues/2025/12.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The demo, signed, with its site built (html only: quick; no PDFs to keep fresh)."""
    root = copy_project(REPO, tmp_path / "demo")
    build(root, root / "build", formats=("html",), jobs=1)
    return root


def publish(root: Path, *argv: str) -> int:
    return main(["--project", str(root), "publish", *argv])


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under a folder: files by bytes, symlinks by target."""
    found: dict[str, bytes | str] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_bytes()
    return found


def live(target: Path) -> Path:
    return target / "current"


def edit(root: Path, old: str, new: str) -> None:
    path = root / ISSUE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_publish_copies_the_site_and_switches_current(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0
    out = capsys.readouterr().out
    assert out.startswith("已发布 releases/")
    assert "current 已切换到这个版本" in out
    link = os.readlink(target / "current")
    assert link.startswith("releases/")
    assert "/" not in link.removeprefix("releases/")
    site = project / "build/site"
    assert checksums(target / "current") == checksums(site)
    for name in checksums(site):
        assert (target / "current" / name).read_bytes() == (site / name).read_bytes()
    # the checksum list is what sha256sum checks
    check = subprocess.run(
        ["sha256sum", "--check", "--quiet", SUMS], cwd=target / "current", capture_output=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # the same site again: nothing new
    before = snapshot(target)
    assert publish(project, "--to", str(target)) == 0
    assert "相同，没有发布新版本" in capsys.readouterr().out
    assert snapshot(target) == before


def test_rollback_restores_the_previous_release_byte_identical(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0
    first = snapshot(live(target).resolve())
    edit(project, "今年以来", "2025年以来")
    resign(project, "2025/12")
    build(project, project / "build", formats=("html",), jobs=1)
    assert publish(project, "--to", str(target)) == 0
    second = snapshot(live(target).resolve())
    assert second != first
    capsys.readouterr()
    assert publish(project, "--to", str(target), "--rollback", "--dry-run") == 0
    assert "试运行：将从" in capsys.readouterr().out
    assert snapshot(live(target).resolve()) == second
    assert publish(project, "--to", str(target), "--rollback") == 0
    assert "已回退" in capsys.readouterr().out
    assert snapshot(live(target).resolve()) == first
    assert publish(project, "--to", str(target), "--rollback") == 1
    assert "没有比当前版本" in capsys.readouterr().err
    # publishing again after a rollback makes a new release of the current build
    assert publish(project, "--to", str(target)) == 0
    assert checksums(live(target)) == checksums(project / "build/site")
    assert len(list((target / "releases").iterdir())) == 3


def test_keep_prunes_only_our_old_releases(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    foreign = target / "releases" / "someone-elses"
    for n in range(4):
        if n:
            edit(project, "今年以来" if n == 1 else f"{n - 1}今年以来", f"{n}今年以来")
            resign(project, "2025/12")
            build(project, project / "build", formats=("html",), jobs=1)
        assert publish(project, "--to", str(target), "--keep", "2") == 0
        if n == 0:
            foreign.mkdir()
            (foreign / "index.html").write_text("not ours", encoding="utf-8")
    releases = sorted(p.name for p in (target / "releases").iterdir())
    assert len(releases) == 3
    assert "someone-elses" in releases
    assert (foreign / "index.html").read_text(encoding="utf-8") == "not ours"
    assert "删除了较早的版本" in capsys.readouterr().out


def test_dry_run_lists_added_changed_and_removed(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    assert publish(project, "--to", str(target), "--dry-run") == 0
    assert "（还没有发布过）" in capsys.readouterr().out
    assert not target.exists()
    assert publish(project, "--to", str(target)) == 0
    edit(project, "今年以来", "2025年以来")
    resign(project, "2025/12")
    build(project, project / "build", formats=("html",), jobs=1)
    before = snapshot(target)
    capsys.readouterr()
    assert publish(project, "--to", str(target), "--dry-run") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "~ 2025/12/01.html" in lines
    assert all(line[:2] in ("+ ", "~ ", "- ") for line in lines[:-1])
    assert lines[-1].startswith("试运行与当前版本")
    assert lines[-1].endswith("没有发布。")
    assert snapshot(target) == before


def test_zip_holds_the_release_and_its_checksums(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a/site.zip", tmp_path / "b/site.zip"
    assert publish(project, "--zip", str(first)) == 0
    assert publish(project, "--zip", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()  # same release, same bytes
    site = project / "build/site"
    with zipfile.ZipFile(first) as archive:
        names = set(archive.namelist())
        assert names == {*checksums(site), SUMS}
        assert archive.read("index.html") == (site / "index.html").read_bytes()
        listed = archive.read(SUMS).decode("utf-8").splitlines()
    assert len(listed) == len(names) - 1


@pytest.mark.parametrize("inside", ["build/site/www", "build", "content/www"])
def test_a_publish_folder_inside_build_or_content_is_refused(
    project: Path, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was published there: the next build removes files it did not make from build/."""
    before = snapshot(project / "build") | snapshot(project / "content")
    assert publish(project, "--to", inside) == 1
    assert f"ybbulletin: 未发布：发布目录 {inside} 在" in capsys.readouterr().err
    assert snapshot(project / "build") | snapshot(project / "content") == before


@pytest.mark.parametrize("name", ["ybbulletin.yaml", "content/issues/2025/12.yaml", "content"])
def test_zip_never_replaces_a_file_that_is_not_a_zip(
    project: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: --zip ybbulletin.yaml replaced the settings with the site's zip."""
    before = snapshot(project / "content") | {
        "settings": (project / "ybbulletin.yaml").read_bytes()
    }
    assert publish(project, "--zip", name) == 1
    assert "ybbulletin: 未发布：" in capsys.readouterr().err
    assert snapshot(project / "content") | {
        "settings": (project / "ybbulletin.yaml").read_bytes()
    } == (before)


def test_a_half_copied_release_is_cleaned_up_on_the_next_run(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0
    partial = target / "releases" / ".partial-20260101T000000Z-00000000"
    (partial / "2025").mkdir(parents=True)
    (partial / RELEASE_MARK).write_text("{}", encoding="utf-8")
    (partial / "2025/index.html").write_text("half", encoding="utf-8")
    stranger = target / "releases" / ".partial-not-ours"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine", encoding="utf-8")
    edit(project, "今年以来", "2025年以来")
    resign(project, "2025/12")
    build(project, project / "build", formats=("html",), jobs=1)
    capsys.readouterr()
    assert publish(project, "--to", str(target)) == 0
    assert "已清除上次中断的发布：releases/.partial-20260101T000000Z-00000000" in (
        capsys.readouterr().out
    )
    assert not partial.exists()
    assert (stranger / "keep.txt").read_text(encoding="utf-8") == "mine"


def refused(root: Path, target: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    before = snapshot(target)
    assert publish(root, "--to", str(target), *argv) == 1
    assert snapshot(target) == before  # nothing changed
    err = capsys.readouterr().err
    assert "ybbulletin: 未发布：" in err
    return err


def test_refuses_a_stale_build(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0
    edit(project, "今年以来", "2025年以来")
    resign(project, "2025/12")
    err = refused(project, target, capsys)
    assert "内容、设置或模板在上次生成之后有改动" in err
    settings = project / "ybbulletin.yaml"
    build(project, project / "build", formats=("html",), jobs=1)
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# 改动\n", encoding="utf-8")
    assert "上次生成之后有改动" in refused(project, target, capsys)


def test_refuses_stale_downloads_after_a_partial_build(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(project, project / "build", formats=("pdf",), jobs=1)
    edit(project, "今年以来", "2025年以来")
    resign(project, "2025/12")
    build(project, project / "build", formats=("html",), jobs=1)
    err = refused(project, tmp_path / "www", capsys)
    assert "2025/12 的 PDF 文件不是最新的" in err


def test_refuses_drafts_unless_allowed(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / ISSUE
    path.write_text(path.read_text("utf-8").split("# 审核、签发记录")[0], encoding="utf-8")
    build(project, project / "build", formats=("html",), jobs=1)
    assert not (project / "build/site/2025/12").exists()  # drafts stay out of the site
    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0  # the site without the draft is fine
    assert not (target / "current/2025/12").exists()
    build(project, project / "build", formats=("html",), jobs=1, drafts=True)
    page = (project / "build/site/2025/12/index.html").read_text("utf-8")
    assert "草稿：本期尚未签发，仅供审阅，不得对外发布" in page
    archive = (project / "build/site/archive/index.html").read_text("utf-8")
    assert '2025年第12期（总第130期）</a><strong class="draft-tag">草稿</strong>' in archive
    err = refused(project, target, capsys)
    assert "网站中有未签发的期：2025/12" in err
    assert publish(project, "--to", str(target), "--allow-drafts") == 0
    assert (target / "current/2025/12/index.html").is_file()


def test_refuses_an_issue_changed_after_signing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, "今年以来", "2025年以来")  # changed after 签发: an error, and a draft again
    build(project, project / "build", formats=("html",), jobs=1)
    err = refused(project, tmp_path / "www", capsys)
    title = "石嘴山市医保局三举措助力巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
    assert f"错误: 第1篇《{title}》在签发后有改动" in err
    assert "内容有错误" in err


def test_refuses_a_target_it_did_not_make(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "webroot"
    foreign.mkdir()
    (foreign / "index.html").write_text("someone's site", encoding="utf-8")
    assert "不是 ybbulletin 的发布目录" in refused(project, foreign, capsys)
    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0
    current = target / "current"
    current.unlink()
    current.mkdir()
    assert "不是符号链接" in refused(project, target, capsys)
    current.rmdir()
    current.symlink_to("/etc")
    assert "不是 ybbulletin 发布的版本" in refused(project, target, capsys)
    assert "不是 ybbulletin 发布的版本" in refused(project, target, capsys, "--rollback")


def test_refuses_content_errors_and_a_missing_build(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "www"
    shutil.rmtree(project / "build")
    assert "还没有生成网站" in refused(project, target, capsys)
    edit(project, "kind: work_update", "kind: work_updte")
    err = refused(project, target, capsys)
    assert "错误: 未知的文章类型“work_updte”" in err
    assert "内容有错误" in err


def test_usage(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert publish(project) == 2
    assert "用法错误: 请用 --to 指定发布目录" in capsys.readouterr().err
    assert publish(project, "--rollback", "--zip", str(tmp_path / "x.zip")) == 2


def test_one_publish_at_a_time_and_an_interrupted_copy_leaves_nothing(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fcntl

    import ybbulletin.publish

    target = tmp_path / "www"
    assert publish(project, "--to", str(target)) == 0
    edit(project, "今年以来", "2025年以来")
    resign(project, "2025/12")
    build(project, project / "build", formats=("html",), jobs=1)
    with (target / ".ybbulletin-publish.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert "另一个发布正在进行" in refused(project, target, capsys)
    before = snapshot(target)
    calls = []

    def interrupted(source: Path, destination: Path) -> str:
        calls.append(source)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(source, destination)

    original = ybbulletin.publish._copy_one
    monkeypatch.setattr(ybbulletin.publish, "_copy_one", interrupted)
    assert publish(project, "--to", str(target)) == 130
    assert "发布已中断，线上的版本没有改变" in capsys.readouterr().err
    assert snapshot(target) == before  # no half-copied folder left behind
