"""What the open pages are told: the last build's outcome, and which pages it changed.

One :class:`PreviewState` per server. The builder publishes a :class:`Report`
after each build; each page's event stream waits for the next one and turns it
into what that page needs (:meth:`Report.for_page`): the errors to overlay, the
校对 warnings, and whether the page itself changed since it was served (reload).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ybbulletin.errors import Diagnostic, Diagnostics

__all__ = ["PreviewState", "Report", "site_path"]


def _entry(diagnostic: Diagnostic) -> dict[str, str]:
    return {
        "location": str(diagnostic.location),
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "hint": diagnostic.hint or "",
        "text": diagnostic.format(),  # exactly what ``ybbulletin check`` prints
    }


@dataclass(frozen=True)
class Report:
    """One build's outcome. ``changed_at`` maps a site path to the build that last changed it."""

    generation: int = 0
    built: bool = False  # a good build exists (pages can be served)
    building: bool = True
    errors: tuple[dict[str, str], ...] = ()
    warnings: tuple[dict[str, str], ...] = ()
    failure: str = ""  # an internal error (not the content's fault), shown like an error
    changed_at: dict[str, int] = field(default_factory=dict)
    everything_at: int = 0  # the last build that changed what every page uses (CSS, script)

    def for_page(self, page: str, since: int) -> dict[str, Any]:
        """The event for the page at site path ``page``, served at generation ``since``."""
        changed = self.changed_at.get(page)
        everything = self.everything_at > since
        if changed is None:  # a page that was missing (404) may exist now
            reload = self.built and not self.errors and self.generation > since
            everything = reload  # (served as a page of its own: reloaded whole)
        else:
            reload = max(changed, self.everything_at) > since
        return {
            "generation": self.generation,
            "building": self.building,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "failure": self.failure,
            "reload": reload,
            # what every page uses changed (stylesheet, scripts): the page is reloaded whole
            "everything": everything,
        }


class PreviewState:
    """The latest report, and a condition the event streams wait on."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._report = Report()
        self.closed = False

    @property
    def report(self) -> Report:
        with self._condition:
            return self._report

    def building(self) -> None:
        """A rebuild has started (the pages show a small badge)."""
        self._publish(building=True)

    def finished(self, diagnostics: Diagnostics, changed: list[str], *, ok: bool) -> None:
        """A build ended: ``ok`` with the site paths it changed, or not (the errors say why)."""
        errors = sorted(diagnostics.errors, key=Diagnostic.sort_key) if not ok else []
        warnings = sorted(diagnostics.warnings, key=Diagnostic.sort_key)
        report = self.report
        changed_at = dict(report.changed_at)
        generation = report.generation + 1
        everything_at = report.everything_at
        for path in changed:
            changed_at[path] = generation
            if not path.endswith(".html") and path.startswith("assets/"):
                everything_at = generation
        self._publish(
            generation=generation,
            built=report.built or ok,
            building=False,
            errors=tuple(_entry(d) for d in errors),
            warnings=tuple(_entry(d) for d in warnings),
            failure="",
            changed_at=changed_at,
            everything_at=everything_at,
        )

    def pages_changed(self, changed: list[str]) -> None:
        """Pages were written ahead of the rest of a build (the saved issue's): reload them."""
        report = self.report
        generation = report.generation + 1
        changed_at = dict(report.changed_at)
        changed_at.update(dict.fromkeys(changed, generation))
        self._publish(generation=generation, built=True, changed_at=changed_at)

    def failed(self, text: str) -> None:
        """A build stopped on an internal error; the last good pages stay served."""
        report = self.report
        self._publish(generation=report.generation + 1, building=False, errors=(), failure=text)

    def _publish(self, **changes: Any) -> None:
        with self._condition:
            values = {**self._report.__dict__, **changes}
            if "generation" not in changes:
                values["generation"] = self._report.generation
            self._report = Report(**values)
            self._condition.notify_all()

    def wait(self, seen: Report | None, timeout: float) -> Report | None:
        """The current report if it is not ``seen``; else wait for the next (None on timeout)."""
        with self._condition:
            if self._report is seen and not self.closed:
                self._condition.wait(timeout)
            if self.closed or self._report is seen:
                return None
            return self._report

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()


def site_path(url_path: str) -> str:
    """The site path of a page's URL path: ``/2025/12/`` -> ``2025/12/index.html``."""
    path = unquote(url_path.split("?", 1)[0]).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path
