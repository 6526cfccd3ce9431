"""Opening the app in AppTest (Streamlit's headless test runner), the one way every test does it.

Tests take the ``open_page`` fixture (tests/conftest.py), which marks them ``apptest``:

    at = open_page("trade", partner=["RUS"], asof="2020-06")   # a page, with the URL's state
    show(at, "security")                                        # the same session, another page

A page's query parameters are set before the first run, as a shared link gives them. The first
run is the entry point's default page; another page is then switched to and run.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components import registry

APP = str(registry.REPO_ROOT / "app.py")
# AppTest's 3 s default is too short once plotly is imported, and a loaded 2-core machine needs room.
TIMEOUT_S = 60


def new_app(**query) -> AppTest:
    """The app, not yet run, with these query parameters (``partner=["RUS"]``, ``asof="2020-06"``; None: absent)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in query.items():
        if value is not None:
            at.query_params[key] = value
    return at


def show(at: AppTest, key: str) -> AppTest:
    """Switch an app that has run once to the registered page ``key`` and run it."""
    at.switch_page(registry.page(key).script)
    return at.run()


def open_page(key: str = registry.PAGES[0].key, *, check: bool = True, again: bool = False, **query) -> AppTest:
    """Page ``key`` after a first run with ``query``; ``check``: no uncaught exception on the way.
    ``again``: the query is set once more after switching, as a link to that page gives it (navigation
    keeps only the parameters bound on the first page, so a page's own control needs it)."""
    at = new_app(**query).run()
    if not registry.page(key).default:
        at.switch_page(registry.page(key).script)
        for name, value in query.items() if again else ():
            if value is not None:
                at.query_params[name] = value
        at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at
