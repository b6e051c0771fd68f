"""The page's posting decoder (assets/search.js) reverses the build's delta encoding."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from ybbulletin.render.search_shards import _delta

SEARCH_JS = REPO / "ybbulletin" / "templates" / "site" / "assets" / "search.js"


def decode_function() -> str:
    """The text of ``function decode(flat) {…}`` as the page runs it."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    match = re.search(r"function decode\(flat\) \{\n.*?\n  \}\n", source, re.S)
    assert match, "search.js has no decode(flat) function"
    return match.group(0)


postings = st.dictionaries(
    st.integers(min_value=0, max_value=50_000), st.integers(min_value=1, max_value=999), min_size=1
).map(lambda d: [x for doc in sorted(d) for x in (doc, d[doc])])


@pytest.mark.skipif(shutil.which("node") is None, reason="node is installed by make test")
@settings(max_examples=25, deadline=None)
@given(flat=postings)
def test_decode_gives_back_every_document_and_weight(flat: list[int]) -> None:
    script = (
        decode_function()
        + f"process.stdout.write(JSON.stringify([...decode({json.dumps(_delta(flat))})]));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    pairs = json.loads(out.stdout)
    assert [x for pair in pairs for x in pair] == flat
