"""The keys of the preview's archive-wide site files that show part of the views only.

A page made from every issue (往期, each 栏目, 案例库, 网站地图) and some files made
from the whole site (sitemap.xml, the case register's CSV and XLSX) change with some
edits only: a title reaches its 栏目 page, not 往期, the sitemap or the case register.
An update keys each of them by what it shows, as a build does (``build/shown.py``,
``SiteFile.shows``), and renders again only those whose key is not the one the
folder's file was made from. The others (the home page, the feed: they show the
views themselves) have no key here and are rendered whenever any issue's view
changed, as before; so are all pages of a project with site templates of its own.
"""

from __future__ import annotations

from ybbulletin.build.keys import ViewKeys
from ybbulletin.build.shown import SHOWN, own_site_templates, shown
from ybbulletin.render.registry import SiteContext
from ybbulletin.serve.planned import Cycle

__all__ = ["whole_keys"]


def whole_keys(cycle: Cycle) -> dict[str, str]:
    """The key of each archive-wide site file (``site/<path>``) of ``cycle`` that shows
    a part of the views only; files not named show them whole."""
    archive = cycle.archive
    keys = ViewKeys({})  # what is hashed here is plain data and the settings: no views
    found: dict[str, str] = {}
    if not own_site_templates(archive.root):
        for page in cycle.pages:
            if page.template in SHOWN:
                found[f"site/{page.path}"] = keys.of(shown(page, keys))
    context = SiteContext(archive.publication, cycle.views, cycle.pages)
    for site_file in cycle.site_files:
        if site_file.shows is not None:
            found[f"site/{site_file.path}"] = keys.of(site_file.path, site_file.shows(context))
    return found
