"""``{% cache %}…{% endcache %}``: a template fragment rendered once per set of values it reads.

Every site page repeats the same header, navigation and footer, which differ only by a
few names (``root``, ``column_name``, the publication): Jinja would evaluate them again
for each of the ~4,500 pages. Inside ``{% cache %}`` the fragment's output is kept, keyed
by the fragment (each compilation of a template gives its fragments new identities) and
by the values of every name the fragment reads, found in its syntax tree when the
template is compiled. The same values give the same output, so the page's bytes are
those of the fragment rendered in place.

Values are compared as what they are: strings (with their type: ``Markup`` is not
``str``), numbers, ``None`` and lists/tuples/dicts of them by value; anything else (the
publication, a view) by identity, and kept alive with the fragment so that its identity
cannot be reused. Such objects must not change while an environment lives: the models
are frozen, views are made anew for each build. A fragment may not include, import or
define blocks (what those show is not named in it): that is a template syntax error.
Filters and globals called in it must be functions of their arguments (ours are).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import LoopContext, Undefined
from markupsafe import Markup

__all__ = ["FragmentCache", "go_past"]

# Kept fragments per environment, at most: past it they are forgotten and made again
# (a preview server's environment lives through many builds).
MAX_KEPT = 1024
_FORBIDDEN = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Block)
_COUNT = itertools.count()
_SCALARS = (str, int, bool, Markup, type(None))


def go_past(number: int) -> int:
    """Fragments compiled from now on are numbered ``number`` or more (templates compiled
    in another process: ``templates_ahead``); gives the next number."""
    global _COUNT
    following = max(number, next(_COUNT))
    _COUNT = itertools.count(following)
    return following


class _Changing(Exception):
    """A value the fragment reads changes in place: the fragment is not kept."""


class FragmentCache(Extension):
    """The ``cache`` tag (see the module's docstring)."""

    tags = {"cache"}  # noqa: RUF012 (jinja2.ext.Extension declares it so)

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.kept: dict[tuple[Any, ...], tuple[Markup, list[object]]] = {}

    def parse(self, parser: Parser) -> nodes.Node:
        token = next(parser.stream)
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        for node in body:
            for forbidden in _within(node, _FORBIDDEN):
                parser.fail(
                    f"{{% cache %}} cannot hold {type(forbidden).__name__.lower()}",
                    forbidden.lineno,
                )
        names = _read(body)
        fragment = nodes.Const(f"{parser.name}:{token.lineno}:{next(_COUNT)}")
        values = nodes.Tuple([nodes.Name(name, "load") for name in names], "load")
        call = self.call_method("_fragment", [fragment, values])
        return nodes.CallBlock(call, [], [], body).set_lineno(token.lineno)

    def _fragment(
        self, fragment: str, values: Sequence[object], caller: Callable[[], str]
    ) -> Markup:
        alive: list[object] = []
        try:
            key = (fragment, *(_frozen(value, alive) for value in values))
        except _Changing:
            return Markup(caller())
        found = self.kept.get(key)
        if found is not None:
            return found[0]
        made = Markup(caller())
        if len(self.kept) >= MAX_KEPT:
            self.kept.clear()
        self.kept[key] = (made, alive)
        return made


def _read(body: list[nodes.Node]) -> list[str]:
    """The names a fragment reads (sorted): those it binds itself too (read outside the
    fragment, they are undefined or what it hides: the same each time), but not ``loop``
    where it has loops of its own."""
    loaded: set[str] = set()
    for node in body:
        loaded.update(name.name for name in node.find_all(nodes.Name) if name.ctx == "load")
        if any(True for _ in _within(node, (nodes.For,))):
            loaded.discard("loop")
    return sorted(loaded)


def _within(node: nodes.Node, kinds: tuple[type[nodes.Node], ...]) -> Iterator[nodes.Node]:
    """``node`` and the nodes inside it of one of ``kinds``."""
    if isinstance(node, kinds):
        yield node
    yield from node.find_all(kinds)


def _frozen(value: object, alive: list[object]) -> object:
    """A hashable stand-in for ``value``: equal for values that render the same."""
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))
    if kind in (list, tuple):
        return (kind, tuple(_frozen(item, alive) for item in value))  # type: ignore[attr-defined]
    if kind is dict:
        items = value.items()  # type: ignore[attr-defined]
        return (kind, tuple((_frozen(k, alive), _frozen(v, alive)) for k, v in items))
    if isinstance(value, Undefined):
        return (kind, value._undefined_name)
    if isinstance(value, LoopContext):  # the same object at every turn of a loop
        raise _Changing
    alive.append(value)
    return (kind, id(value))
