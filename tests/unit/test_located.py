"""The YAML loader: typing, positions and the character policy."""

from __future__ import annotations

from ybbulletin.errors import Diagnostics, Location
from ybbulletin.located import load_text


def load(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    located = load_text(text, "x.yaml", diags)
    return (located.data if located else None), diags


def test_yaml_12_typing() -> None:
    data, diags = load(
        "a: no\nb: 012\nc: 0x1F\nd: 1.50\ne: true\nf: ~\ng: 2025-08-13\nh: '12'\ni: 1_000\n"
    )
    assert diags.items == []
    assert data == {
        "a": "no",
        "b": 12,
        "c": 31,
        "d": 1.5,
        "e": True,
        "f": None,
        "g": "2025-08-13",
        "h": "12",
        "i": 1000,
    }


def test_keys_are_text_as_written() -> None:
    data, _ = load("1: a\n报: [国家医疗保障局]\n")
    assert data == {"1": "a", "报": ["国家医疗保障局"]}


def test_positions_count_characters_not_bytes() -> None:
    diags = Diagnostics()
    located = load_text(
        "标题: 宁夏医保\nentries:\n  - kind: news\n    title: 中文\n", "x.yaml", diags
    )
    assert located is not None
    assert located.location(("标题",)) == Location("x.yaml", 1, 5)
    assert located.location(("标题",), key=True) == Location("x.yaml", 1, 1)
    assert located.location(("entries", 0, "title")) == Location("x.yaml", 4, 12)
    # a missing field points at its nearest located parent
    assert located.location(("entries", 0, "body")) == Location("x.yaml", 3, 5)


def test_literal_block_lines_map_to_file_lines() -> None:
    diags = Diagnostics()
    text = "body: |\n  第一段。\n\n  第二段[链接](x)。\nnext: 1\n"
    located = load_text(text, "x.yaml", diags)
    assert located is not None
    assert located.data["body"] == "第一段。\n\n第二段[链接](x)。\n"
    assert located.text_location(("body",), 2, 3) == Location("x.yaml", 4, 6)


def test_crlf_and_lone_cr_are_line_breaks() -> None:
    from ybbulletin.characters import decode

    diags = Diagnostics()
    assert decode(b"a: 1\r\nb: 2\rc: 3\n", "x.yaml", diags) == "a: 1\nb: 2\nc: 3\n"
    assert diags.items == []


def test_bom_is_dropped() -> None:
    from ybbulletin.characters import decode

    diags = Diagnostics()
    assert decode("\ufeffa: 1\n".encode(), "x.yaml", diags) == "a: 1\n"


def test_many_bad_characters_are_capped() -> None:
    from ybbulletin.characters import MAX_CHARACTER_ERRORS, decode

    diags = Diagnostics()
    assert decode(("a: " + "\x01" * 50 + "\n").encode(), "x.yaml", diags) is None
    assert len(diags.errors) == MAX_CHARACTER_ERRORS


def test_a_document_kept_as_plain_tables_is_the_document_it_was() -> None:
    """``Located.kept`` (an archive cache hit) makes its lines and spans when first read,
    the same as the file's own load; pickled before or after, it comes back the same."""
    import pickle

    from ybbulletin.located import Located, plain_tables

    raw = "\ufeffa: 1\r\nb:\r\n  - '二'\r\n  - |\r\n    正文\r\n".encode()
    fresh = load_text(raw.decode("utf-8-sig").replace("\r\n", "\n"), "x.yaml", Diagnostics())
    assert fresh is not None
    kept = Located.kept("x.yaml", fresh.data, raw, plain_tables(fresh.values, fresh.keys))
    assert "values" not in vars(kept)  # nothing made yet
    assert pickle.loads(pickle.dumps(kept)) == fresh
    assert kept.location(("b", 1)) == fresh.location(("b", 1)) == Location("x.yaml", 4, 5)
    assert kept.text_location(("b", 1), 0, 1) == fresh.text_location(("b", 1), 0, 1)
    assert kept == fresh
    assert pickle.loads(pickle.dumps(kept)) == fresh


def test_a_kept_document_gives_its_plain_tables_without_making_its_own() -> None:
    """The archive cache's record of a file a stage worker loaded (``plain_result`` of a
    document made by ``Located.kept``) shares the tables the document was made from: its
    lines and spans are not made in the main process (~35 MB at 500 issues)."""
    from ybbulletin.loaded import FileResult, plain_result
    from ybbulletin.located import Located, plain_tables

    raw = "a: 1\nb:\n  - '二'\n".encode()
    fresh = load_text(raw.decode(), "x.yaml", Diagnostics())
    assert fresh is not None
    tables = plain_tables(fresh.values, fresh.keys)
    assert fresh.kept_tables() == tables
    kept = Located.kept("x.yaml", fresh.data, raw, tables)
    data = plain_result(FileResult(kept, None))[0]
    assert data is not None
    assert data[2] is tables
    assert "_kept" in vars(kept)  # nothing made
    assert "lines" not in vars(kept)
    assert kept == fresh  # and made the same when read


def test_a_kept_documents_place_of_a_value_makes_its_tables_not_its_lines() -> None:
    """A warning's place needs the spans alone: a 500-issue build's 公众号 title warnings
    made 15 MB of lines nobody read. The lines come when a text's place asks for them, the
    same as the file's own; pickled in between, the same document."""
    import pickle

    from ybbulletin.located import Located, plain_tables

    raw = "a: 1\nb:\n  - '二'\n  - |\n    正文\n".encode()
    fresh = load_text(raw.decode(), "x.yaml", Diagnostics())
    assert fresh is not None
    kept = Located.kept("x.yaml", fresh.data, raw, plain_tables(fresh.values, fresh.keys))
    assert kept.location(("b", 0)) == fresh.location(("b", 0))
    assert "values" in vars(kept)
    assert "lines" not in vars(kept)
    assert pickle.loads(pickle.dumps(kept)) == fresh
    assert kept.text_location(("b", 1), 0, 1) == fresh.text_location(("b", 1), 0, 1)
    assert "_kept" not in vars(kept)
    assert kept == fresh
