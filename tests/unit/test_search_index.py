"""The search index: segmentation, plain text, postings, shards and the files it writes."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import REPO
from ybbulletin.characters import CJK
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render.registry import SiteContext
from ybbulletin.render.search import (
    plain_text,
    postings,
    query_terms,
    search_docs,
    search_files,
    search_paths,
    shard_count,
    shard_of,
)
from ybbulletin.render.segment import index_terms, normalize


@pytest.fixture(scope="module")
def site() -> SiteContext:
    archive = load_archive(REPO)
    return SiteContext(archive.publication, build_views(archive), [])


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        (
            "严厉打击欺诈骗保行为",
            {"欺诈骗保", "欺诈", "骗保"},
        ),  # the 医保 dictionary keeps it whole
        ("加强医保基金监管", {"医保基金", "医保", "基金", "监管"}),
        ("定点医药机构", {"定点医药机构"}),
        ("推进DRG/DIP支付方式改革", {"drg", "dip", "支付方式改革"}),
        ("挂床住院", {"挂床住院", "挂床", "住院"}),  # bigrams inside longer words
        ("ＤＲＧ付费", {"drg"}),  # full-width letters read as ASCII
    ],
)
def test_index_terms(text: str, terms: set[str]) -> None:
    found = set(index_terms(text))
    assert terms <= found
    assert all(len(term) >= 2 for term in found)  # no single characters, no punctuation
    assert "，" not in found


def _whole_text_terms(text: str) -> list[str]:
    """index_terms as it was before the runs' terms were kept: jieba over the whole text."""
    from ybbulletin.render import segment

    found = []
    for word in segment._tokenizer().cut_for_search(normalize(text)):
        word = word.strip()
        if len(word) >= 2 and segment._WORDLIKE.search(word):
            found.append(word)
            if len(word) > 2 and _CJK.match(word[0]):
                found += [
                    word[i : i + 2]
                    for i in range(len(word) - 1)
                    if _CJK.match(word[i]) and _CJK.match(word[i + 1])
                ]
    return found


_CJK = re.compile(f"[{CJK}]")


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_terms_run_by_run_are_those_of_the_whole_text() -> None:
    seeds = sorted((REPO / "tests/fixtures/seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.yaml"))]
    texts += ["ＤＲＧ／ＤＩＰ付费 abc_def  x.y-z 100%  挂床住院。。a", "", " \n"]
    assert texts
    for text in texts:
        assert list(index_terms(text)) == _whole_text_terms(text)
        assert list(index_terms(text)) == _whole_text_terms(text)  # from the kept runs


def test_normalize_keeps_chinese_and_folds_width_and_case() -> None:
    assert normalize("ＤＲＧ／ＤＩＰ医保") == "drg/dip医保"


def test_plain_text_of_markdown() -> None:
    tokens = (
        MarkdownIt("commonmark")
        .enable("table")
        .parse(
            "**一、总体情况**\n\n第一段，[链接](x.html)文字。\n\n"
            "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"
        )
    )
    assert plain_text(tokens) == "一、总体情况\n第一段，链接文字。\n甲 乙\n1 2"


def test_docs_newest_first_with_case_facts(site: SiteContext) -> None:
    issues, docs = search_docs(site.issues)
    assert issues[0] == ("2025年第12期（总第130期）", "2025-08-13", "2025/12")
    assert docs[0].path == "2025/12/01.html"
    notice = next(d for d in docs if d.path == "2021/01/02.html")
    assert "中卫仁爱医院" in notice.extra
    assert "挂床住院" in notice.extra  # a case's method
    assert "一、中卫仁爱医院骗取医保基金案" in notice.text  # cases in page order
    assert notice.section == "案例通报"


def test_postings_are_sorted_and_weighted(site: SiteContext) -> None:
    _issues, docs = search_docs(site.issues)
    index = postings(docs)
    flat = index["欺诈骗保"]
    numbers = flat[0::2]
    assert numbers == sorted(numbers)
    by_doc = dict(zip(numbers, flat[1::2], strict=True))
    title_doc = next(i for i, d in enumerate(docs) if d.title == "再添执法新利剑 欺诈骗保无处藏")
    assert by_doc[title_doc] >= 5  # a title counts five times a body mention
    assert max(flat[1::2]) <= 99


def test_query_terms_split_by_the_vocabulary() -> None:
    vocabulary = {"医保基金", "医保", "基金", "监管", "欺诈骗保"}
    assert list(query_terms("医保基金监管", vocabulary)) == ["医保基金", "监管"]
    assert list(query_terms("严厉欺诈骗保 基金", vocabulary)) == ["欺诈骗保", "基金"]
    assert list(query_terms("无关", vocabulary)) == []


@pytest.mark.parametrize(("articles", "shards"), [(1, 1), (32, 1), (33, 2), (4000, 128)])
def test_shard_count(articles: int, shards: int) -> None:
    assert shard_count(articles) == shards


def test_files_are_scripts_that_set_globals(site: SiteContext) -> None:
    files = search_files(site)
    assert sorted(files) == sorted(search_paths(site))
    index = files["search/index.js"].decode()
    assert index.startswith("window.YB_SEARCH_INDEX={")
    meta = json.loads(index.removeprefix("window.YB_SEARCH_INDEX=").rstrip(";\n"))
    assert meta["shards"] == 1
    assert re.fullmatch("[0-9a-f]{12}", meta["version"])
    assert len(meta["docs"]) == 14
    shard = files["search/shards/0.js"].decode()
    assert shard.startswith("YB_SEARCH_SHARD(0,{")
    terms = json.loads(shard.removeprefix("YB_SEARCH_SHARD(0,").rstrip(");\n"))
    assert all(shard_of(term, 1) == 0 for term in terms)
    text = files["search/text/2021/01/02.js"].decode()
    assert text.startswith('YB_SEARCH_TEXT("2021/01/02.html","')


def test_untrusted_text_cannot_leave_its_string(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    root = copy_project(REPO, tmp_path / "demo")
    issue = root / "content/issues/2025/12.yaml"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(
        text.replace(
            "今年以来，石嘴山市医保局", '今年以来，");alert(1);("</script>石嘴山市医保局', 1
        ),
        encoding="utf-8",
    )
    archive = load_archive(root)
    files = search_files(SiteContext(archive.publication, build_views(archive), []))
    script = files["search/text/2025/12/01.js"].decode()
    call = script.removeprefix("YB_SEARCH_TEXT(").rstrip(");\n")
    path, body = json.loads(f"[{call}]")
    assert path == "2025/12/01.html"
    assert '");alert(1);("</script>' in body  # a string value, nothing else


def test_the_memo_segments_only_changed_articles(
    site: SiteContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ybbulletin.render import search, segment

    _issues, docs = search_docs(site.issues)
    memo = search.TermMemo()
    first = postings(docs, memo)
    calls: list[str] = []
    real = segment.index_terms
    monkeypatch.setattr(segment, "index_terms", lambda text: calls.append(text) or real(text))
    assert postings(docs, memo) == first  # the same index from the memo
    assert calls == []
    edited = [dataclasses.replace(docs[0], text=docs[0].text + "新增一句。")]
    postings(edited + docs[1:], memo)
    assert calls == [docs[0].text + "新增一句。", docs[0].title, docs[0].extra]


def test_same_input_same_bytes(site: SiteContext) -> None:
    assert search_files(site) == search_files(site)


@pytest.mark.slow  # over 0.3 s: the full suite runs it, not the edit loop
def test_terms_of_random_runs_of_chinese_letters_digits_and_signs_are_jiebas() -> None:
    """Words that start with a sign, hold letters or digits between Chinese characters,
    or are all signs: the terms found among jieba-rs's hidden words are jieba's."""
    chance = random.Random(23)
    chinese = "医保基金监管定点机构住院年月日万元的和了在追回违规费用检查开展北京市人民医院"
    other = "0123456789abcdxyz.%-+#&_ ，。"
    texts = [
        "".join(
            "".join(chance.choice(chance.choice((chinese, other))) for _ in range(6))
            for _ in range(chance.randint(1, 8))
        )
        for _ in range(1500)
    ]
    for text in texts:
        assert list(index_terms(text)) == _whole_text_terms(text), text
