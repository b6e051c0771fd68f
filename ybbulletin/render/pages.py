"""Site pages through Jinja: autoescape on, StrictUndefined, project templates override ours.

A template error becomes a located diagnostic naming the template file and line.
"""

from __future__ import annotations

import contextlib
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from ybbulletin.errors import ContentError, Diagnostics, Location
from ybbulletin.render import text_memo
from ybbulletin.render.fragments import FragmentCache
from ybbulletin.render.html import body_functions
from ybbulletin.render.register import register_view
from ybbulletin.render.site_filters import SITE_FILTERS
from ybbulletin.render.walk import Place
from ybbulletin.views import Page

__all__ = [
    "PACKAGE_TEMPLATES",
    "compile_templates",
    "make_environment",
    "render_page",
    "render_template",
]

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def make_environment(project_root: Path, kind: str = "site") -> jinja2.Environment:
    """A Jinja environment whose templates come from the project first, then the package."""
    search = [project_root / "templates" / kind, PACKAGE_TEMPLATES / kind]
    kinds = [project_root / "templates" / "kinds", PACKAGE_TEMPLATES / "kinds"]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader([str(p) for p in search if p.is_dir()]),
                # the entry kinds' layout partials, shared by the site and print templates
                jinja2.PrefixLoader(
                    {"kinds": jinja2.FileSystemLoader([str(p) for p in kinds if p.is_dir()])}
                ),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=[FragmentCache],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["amount"] = format_amount
    env.filters.update(SITE_FILTERS)
    env.globals["case_register"] = register_view
    env.globals["project_root"] = str(project_root)
    env.globals["template_kind"] = kind
    return env


def compile_templates(env: jinja2.Environment) -> None:
    """Load and compile every HTML template now (before worker processes fork, so that
    they share the compiled code). One that fails is left for its render to report."""
    for name in env.list_templates(extensions=["html"]):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def format_amount(value: Decimal | float | None) -> str:
    """万元 amounts as printed: two decimals (924.10, 0.22), more only if written; '' if unknown."""
    if value is None:
        return ""
    amount = Decimal(value)
    exponent = amount.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{amount:.{places}f}"


def render_page(env: jinja2.Environment, page: Page, **extra: Any) -> str:
    """Render one site page (see :func:`render_template`)."""
    root = page.root
    return render_template(
        env,
        page.template,
        page=page,
        root=root,
        **body_functions(Place("", root + "media/"), memo=text_memo.MEMO),
        site=True,
        **page.context,
        **extra,
    )


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render a template; raise ContentError located in the template on any template error."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = _location(env, exc.filename or name, exc.lineno)
        raise _error(where, f"模板语法错误：{exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        kind = env.globals["template_kind"]
        raise _error(Location(f"templates/{kind}/{exc.name}"), f"找不到模板 {exc.name}") from exc
    except Exception as exc:  # a runtime error inside a template (undefined name, bad filter …)
        frame = _template_frame(exc)
        if frame is None:
            raise
        where = _location(env, frame[0], frame[1])
        raise _error(where, f"模板错误：{type(exc).__name__}: {exc}") from exc


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """Jinja rewrites tracebacks so that template lines appear as frames: find the last."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".css")) and frame.lineno:
            found = (frame.filename, frame.lineno)
    return found


def _location(env: jinja2.Environment, filename: str, line: int | None) -> Location:
    root = Path(str(env.globals["project_root"]))
    path = Path(filename)
    if path.is_relative_to(root):
        shown = path.relative_to(root).as_posix()
    elif path.is_relative_to(PACKAGE_TEMPLATES.parent.parent):
        shown = path.relative_to(PACKAGE_TEMPLATES.parent.parent).as_posix()
    else:
        shown = filename
    return Location(shown, line or 1)


def _error(where: Location, message: str) -> ContentError:
    diags = Diagnostics()
    diags.error(where, message, "检查模板；模板中可用的变量见 docs/architecture.md")
    return ContentError(diags)
