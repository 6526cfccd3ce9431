"""The one place a link to a view is built: in-app paths and the public URL cited and downloaded.

The host of a cited URL is, in order: ``DASHBOARD_PUBLIC_URL`` (set it behind a proxy: the address
analysts use), else the address the analyst's browser used (``st.context.url``, put into the view
state as ``site`` by the entry point), else ``http://localhost:8501`` for a local run or a test.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from components import registry
from components.state import ViewState

PUBLIC_URL_ENV = "DASHBOARD_PUBLIC_URL"
DEFAULT_SITE = "http://localhost:8501"


def site_from_request(url: str | None) -> str:
    """'https://host[:port][/base]' of the URL the browser requested (the page's own path removed);
    '' for anything that is not an http(s) URL."""
    if not url:
        return ""
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in parts.netloc for c in "<>\"' \\"):
        return ""
    path = parts.path.rstrip("/")
    for entry in registry.PAGES:
        if entry.url_path and (path == f"/{entry.url_path}" or path.endswith(f"/{entry.url_path}")):
            path = path[: -len(entry.url_path) - 1]
            break
    return f"{parts.scheme}://{parts.netloc}{path}"


def site(state: ViewState) -> str:
    """The base of every absolute link of this view (see the module's docstring for the order)."""
    return (os.environ.get(PUBLIC_URL_ENV) or state.site or DEFAULT_SITE).rstrip("/")


def page_path(page_key: str, state: ViewState, extra: str = "", section: str = "") -> str:
    """The in-app link to a page with this view's state ('/trade?partner=RUS'); ``extra`` is a
    query fragment of the target page's own (e.g. 'p=p-10'); ``section``: the key of the section
    to scroll to ('/trade?partner=RUS#shares', components.sections.anchor_of)."""
    from components.sections import anchor_of  # sections imports the data layer; links stay light

    query = "&".join(filter(None, [extra, state.query(page_key)]))
    fragment = f"#{anchor_of(section)}" if section else ""
    return f"/{registry.page(page_key).url_path}" + (f"?{query}" if query else "") + fragment


def view_url(page_key: str, state: ViewState, extra: str = "") -> str:
    """The absolute URL that reproduces this view of this page."""
    return site(state) + page_path(page_key, state, extra)
