"""The one list of the dashboard's pages.

Everything that needs to know the pages reads it: ``app.py`` (``st.navigation``), the AppTest,
hostile-text and browser tests, the benchmark and the README test. Adding a page is one entry
here plus its script ``app_pages/<key>.py`` (and, for pages that compute, its view function).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = "app_pages"
REPO_ROOT = Path(__file__).resolve().parent.parent


KINDS = ("charts", "article", "sources")


@dataclass(frozen=True)
class Page:
    """One page: ``key`` names its script (app_pages/<key>.py); ``url_path`` is "" for the default page.

    ``kind`` says what the page shows, so tests and tools need no list of exceptions: "charts" (its
    view's sections draw at least one chart), "article" (the seed's text with its figures linked),
    "sources" (the tables of the data package, no view sections).
    """

    key: str
    title: str
    url_path: str
    icon: str
    question: str
    kind: str = "charts"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"page {self.key!r}: unknown kind {self.kind!r} (one of {', '.join(KINDS)})")

    @property
    def script(self) -> str:
        return f"{PAGES_DIR}/{self.key}.py"

    @property
    def default(self) -> bool:
        return self.url_path == ""


PAGES: tuple[Page, ...] = (
    Page("overview", "Overview", "", ":material/dashboard:",
         "What is the article's thesis, and how do the West, Russia and China compare?"),
    Page("article", "The article", "article", ":material/article:",
         "The article's text with its figures linked to the charts, its arguments and evidence, "
         "and its figures checked against independent sources.", kind="article"),
    Page("did_it_hold", "Did it hold?", "did-it-hold", ":material/fact_check:",
         "Did Serbia keep replacing Russia with China? Each dimension in June 2020 and at the latest data."),
    Page("trade", "Trade", "trade", ":material/swap_horiz:",
         "How large is Serbia's trade with the EU against Russia and the EAEU?"),
    Page("security", "Security and defence", "security", ":material/shield:",
         "Exercises with NATO vs Russia, military donors, arms deals and deliveries."),
    Page("china", "China", "china", ":material/account_balance:",
         "How much Chinese investment and loans, and what AidData records by year."),
    Page("pandemic", "Pandemic aid 2020", "pandemic", ":material/medical_services:",
         "What Russia delivered in 2020, compared with Italy, and who greeted whose planes."),
    Page("soft_power", "Soft power and opinion", "soft-power", ":material/groups:",
         "The crowd at Putin's visit, the most popular foreign leaders, belief vs reality."),
    Page("neighbourhood", "Neighbourhood", "neighbourhood", ":material/map:",
         "Serbia encircled by NATO: its neighbours' NATO and EU status in any year since 2000."),
    Page("region", "Region", "region", ":material/public:",
         "On which dimensions is Serbia the region's outlier toward Russia or China, and did that change after 2020?"),
    Page("kosovo", "Kosovo and diplomacy", "kosovo", ":material/timeline:",
         "Every dated event of the article, 2008–2020, on one timeline."),
    Page("sources", "Data and sources", "sources", ":material/description:",
         "Every table with its description, schema, licence and download; how to cite.", kind="sources"),
)


def page(key: str) -> Page:
    """The registered page with this key (KeyError for an unknown key: a typo must not pass)."""
    for entry in PAGES:
        if entry.key == key:
            return entry
    raise KeyError(key)


def of_kind(kind: str) -> tuple[Page, ...]:
    """The registered pages of this kind, in order."""
    return tuple(entry for entry in PAGES if entry.kind == kind)


def unregistered_scripts() -> set[str]:
    """Page scripts on disk that the registry does not list (a test keeps this empty)."""
    on_disk = {p.stem for p in (REPO_ROOT / PAGES_DIR).glob("*.py") if not p.name.startswith("_")}
    return on_disk - {entry.key for entry in PAGES}
