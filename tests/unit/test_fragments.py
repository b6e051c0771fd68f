"""``{% cache %}`` (render/fragments.py): a kept fragment is what rendering it in place gives."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from ybbulletin.render.fragments import FragmentCache


def _env(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[FragmentCache],
    )


PAGE = """<head>
{% cache %}
<link href="{{ root }}site.css">
<nav>{% for key, label in sections %}
<a href="{{ root }}{{ key }}"{% if here == label %} class="here"{% endif %}>{{ label }}</a>
{% endfor %}</nav>
{% endcache %}
</head>
<p>{{ body }}</p>
"""


def _plain(source: str) -> str:
    return source.replace("{% cache %}\n", "").replace("{% endcache %}\n", "")


def test_a_kept_fragment_gives_the_bytes_of_the_fragment_in_place() -> None:
    cached = _env({"page": PAGE}).get_template("page")
    plain = _env({"page": _plain(PAGE)}).get_template("page")
    sections = [("a", "甲"), ("b", "乙<")]
    cases = [
        dict(root=root, here=here, body=body, sections=sections)
        for root in ("", "../", Markup("../../"), "<&>")
        for here in ("甲", "乙<", "丙")
        for body in ("x", "y")
    ]
    for context in cases * 2:  # the second time from what was kept
        assert cached.render(**context) == plain.render(**context)
    kept = cached.environment.extensions[FragmentCache.identifier]
    assert isinstance(kept, FragmentCache)
    assert len(kept.kept) == 4 * 3  # root x here (body is outside the fragment)


def test_every_name_the_fragment_reads_keys_it() -> None:
    template = _env({"page": PAGE}).get_template("page")
    base = dict(root="", here="甲", body="x", sections=[("a", "甲")])
    first = template.render(**base)
    assert template.render(**{**base, "sections": [("a", "乙")]}) != first
    assert template.render(**{**base, "here": "乙"}) != first
    assert template.render(**{**base, "root": "../"}) != first
    assert template.render(**base) == first


def test_objects_are_kept_by_identity_and_str_apart_from_markup() -> None:
    class Site:
        def __init__(self, name: str) -> None:
            self.name = name

    template = _env({"t": "{% cache %}{{ site.name }}{{ text }}{% endcache %}"}).get_template("t")
    assert template.render(site=Site("甲"), text="<b>") == "甲&lt;b&gt;"
    assert template.render(site=Site("乙"), text=Markup("<b>")) == "乙<b>"


def test_a_loop_variable_read_from_outside_is_not_kept() -> None:
    source = "{% for x in items %}{% cache %}{{ loop.index }}{% endcache %}{% endfor %}"
    assert _env({"t": source}).get_template("t").render(items="abc") == "123"


def test_a_template_compiled_again_does_not_reuse_its_old_fragments() -> None:
    templates = {"t": "{% cache %}old {{ a }}{% endcache %}"}
    env = _env(templates)
    assert env.get_template("t").render(a=1) == "old 1"
    templates["t"] = "{% cache %}new {{ a }}{% endcache %}"
    env.cache = None  # as when the file changed (auto_reload)
    assert env.get_template("t").render(a=1) == "new 1"


@pytest.mark.parametrize(
    "inside",
    ['{% include "other" %}', '{% import "other" as o %}', "{% block b %}{% endblock %}"],
)
def test_what_a_fragment_cannot_hold_is_a_syntax_error(inside: str) -> None:
    env = _env({"t": "{% cache %}" + inside + "{% endcache %}", "other": ""})
    with pytest.raises(jinja2.TemplateSyntaxError, match="cache"):
        env.get_template("t")
