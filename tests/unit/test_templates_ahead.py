"""The site's templates compiled by a forked child while the build plans (templates_ahead)."""

from __future__ import annotations

import functools
import os
import select
import time
from pathlib import Path

import jinja2
import pytest

from ybbulletin.render import fragments
from ybbulletin.render.pages import compile_templates, make_environment
from ybbulletin.render.templates_ahead import compile_ahead


def _compiled_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates this process compiles from source from now on."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(
        self: jinja2.Environment, source: object, name: str | None = None, *a: object, **k: object
    ) -> object:
        names.append(name or "")
        return compile_source(self, source, name, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # waited for already
    return False


def test_the_child_compiles_and_this_process_only_loads(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = make_environment(demo)
    compile_templates(here)
    assert here.cache is not None
    reference = sorted(name for _loader, name in here.cache)
    before = fragments.go_past(0)
    ahead = compile_ahead(functools.partial(make_environment, demo), compile_templates)
    assert ahead is not None
    select.select([ahead.fd], [], [], 60)  # done (a build plans meanwhile)
    compiled = _compiled_here(monkeypatch)  # (the child forked before: not counted)
    env = make_environment(demo)
    ahead.into(env, compile_templates)
    assert compiled == []  # every template came as the child's bytecode
    assert env.bytecode_cache is None
    assert env.cache is not None
    assert sorted(name for _loader, name in env.cache) == reference
    assert len(reference) > 10
    # the same code as compiled here (but the fragments' numbers, which differ anyway)
    for name in reference:
        ours, theirs = here.get_template(name), env.get_template(name)
        assert ours.root_render_func.__code__.co_code == theirs.root_render_func.__code__.co_code
    assert _gone(ahead.pid)
    # the fragments compiled after are numbered past the child's
    assert fragments.go_past(0) > before


def test_a_failed_child_leaves_the_compiling_to_this_process(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> jinja2.Environment:
        raise RuntimeError("no environment")

    ahead = compile_ahead(broken, compile_templates)
    assert ahead is not None
    compiled = _compiled_here(monkeypatch)
    env = make_environment(demo)
    ahead.into(env, compile_templates)
    assert compiled  # compiled here, as without a child
    assert env.cache is not None
    assert len(env.cache) == len(compiled)
    assert _gone(ahead.pid)


def test_a_child_never_taken_is_ended_and_waited_for(demo: Path) -> None:
    ahead = compile_ahead(functools.partial(make_environment, demo), compile_templates)
    assert ahead is not None
    pid = ahead.pid
    del ahead
    assert _gone(pid)


def test_a_child_not_done_in_time_leaves_the_compiling_to_this_process(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow() -> jinja2.Environment:
        time.sleep(5)  # (ended before: SIGKILL)
        return make_environment(demo)

    ahead = compile_ahead(slow, compile_templates)
    assert ahead is not None
    compiled = _compiled_here(monkeypatch)
    started = time.monotonic()
    env = make_environment(demo)
    ahead.into(env, compile_templates)
    assert time.monotonic() - started < 4  # not waited for
    assert compiled  # compiled here, as without a child
    assert _gone(ahead.pid)
