"""ybbulletin.collector: where the cyclic garbage collector is paused, and what it leaves."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ybbulletin import collector


@pytest.fixture(autouse=True)
def _restored() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_restores_what_it_found(enabled: bool) -> None:
    gc.enable() if enabled else gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
    with pytest.raises(KeyError), collector.paused():
        raise KeyError("x")
    assert gc.isenabled() is enabled


def test_long_lived_freezes_when_settled_and_leaves_everything_old() -> None:
    gc.enable()
    with collector.long_lived() as settled:
        assert not gc.isenabled()
        kept: list[list[object]] = [[] for _ in range(1000)]
        settled()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing frozen for good
    assert _young(kept) == 0  # not left young: the next passes do not walk it


def test_long_lived_not_settled_still_ends_old_and_enabled() -> None:
    gc.enable()
    kept: list[list[object]] = []
    with pytest.raises(RuntimeError):
        _fails_while_loading(kept)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert _young(kept) == 0


def _fails_while_loading(kept: list[list[object]]) -> None:
    with collector.long_lived():
        kept.extend([] for _ in range(1000))
        assert not gc.isenabled()
        raise RuntimeError


def _young(objects: list[list[object]]) -> int:
    """How many of ``objects`` the collector's young generations hold."""
    ids = {id(o) for o in objects}
    return sum(id(o) in ids for generation in (0, 1) for o in gc.get_objects(generation))
