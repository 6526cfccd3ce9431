"""What the analyst asked to see: partners chosen, blocs brought in, and the as-of date.

Plain Python. ``ViewState`` is the one value every page view is computed from (and memoised
by); the sidebar (components/sidebar.py) builds it from widgets bound to the URL.

Filter semantics (README, "The partner filter"): the chosen partners are compared and
highlighted; the article's reference figures that give a chart its meaning stay visible,
de-emphasised. A country brings in the blocs it belongs to (Germany -> EU, NATO) unless the
analyst turns that off; a bloc brings in its members. ``WEST`` ("The West") is the same West
as the preset: every partner of the West camp.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from urllib.parse import quote

import pandas as pd

from components.asof import ASOF_ARTICLE, ASOF_LATEST, CUTOFFS

ASOF_VALUES = tuple(CUTOFFS)  # what "known at that date" means is components.asof's alone
ASOF_LABELS = MappingProxyType({ASOF_LATEST: "Latest data", ASOF_ARTICLE: "June 2020 (the article)"})

BLOC_KINDS = frozenset({"bloc", "alliance"})
CAMP_CODES = MappingProxyType({"WEST": "West"})  # a code that stands for a whole camp

# Sidebar presets: label -> codes chosen. One West: the preset and the list item are one code.
PRESETS = MappingProxyType({"All": (), "West": ("WEST",), "Russia and allies": ("RUS", "EAEU", "CSTO"),
                            "China": ("CHN",)})


@dataclass(frozen=True)
class ViewState:
    """``chosen``: codes the analyst picked; ``brought_in``: codes added by membership;
    ``selection``: everything highlighted (None = no filter); ``asof``: one of ASOF_VALUES;
    ``controls``: the page's own controls as (URL name, value) pairs, value a text or a tuple of
    codes (components/params.py declares them); ``site``: where the analyst reached the dashboard
    (scheme and host, for links; empty: the configured public URL)."""

    chosen: tuple[str, ...] = ()
    brought_in: tuple[str, ...] = ()
    selection: frozenset[str] | None = None
    asof: str = ASOF_LATEST
    include_blocs: bool = True
    controls: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    site: str = ""

    @property
    def filtered(self) -> bool:
        return self.selection is not None

    @property
    def article_time(self) -> bool:
        return self.asof == ASOF_ARTICLE

    def control(self, name: str, default=None):
        """The value of a page control in this view (``default`` when the page has not set it)."""
        return dict(self.controls).get(name, default)

    def with_control(self, name: str, value) -> ViewState:
        """This state with one page control set (None removes it); controls kept sorted by name."""
        kept = {key: val for key, val in self.controls if key != name}
        if value is not None and value != ():
            kept[name] = tuple(value) if isinstance(value, (list, tuple)) else str(value)
        return replace(self, controls=tuple(sorted(kept.items())))

    def with_site(self, site: str) -> ViewState:
        return replace(self, site=site)

    def query(self, page_key: str | None = None) -> str:
        """The query string that reproduces this view (what the bound widgets write): the filter,
        then the page's controls (``page_key``: only those declared for that page)."""
        from components import params  # params imports asof only; imported here to keep state light

        parts = [f"partner={code}" for code in self.chosen]
        if not self.include_blocs:
            parts.append("blocs=false")
        if self.asof != ASOF_LATEST:
            parts.append(f"asof={self.asof}")
        for name, value in self.controls:
            if page_key is not None and not params.control_for_page(name, page_key):
                continue
            values = value if isinstance(value, tuple) else (value,)
            parts += [f"{name}={quote(str(v), safe='')}" for v in values]
        return "&".join(parts)

    def shows(self, code: str) -> bool:
        """Whether ``code`` is highlighted (everything is, without a filter)."""
        return self.selection is None or code in self.selection


def memberships(partners: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each partner code -> the bloc codes in its ``member_of`` cell."""
    return {str(code): tuple(b for b in str(cell or "").split(";") if b)
            for code, cell in zip(partners["code"], partners["member_of"].fillna(""))}


def _expansion(code: str, partners: pd.DataFrame, include_blocs: bool) -> set[str]:
    kinds = dict(zip(partners["code"], partners["kind"]))
    member_of = memberships(partners)
    if code in CAMP_CODES:
        return {str(c) for c, camp in zip(partners["code"], partners["camp"]) if camp == CAMP_CODES[code]}
    if kinds.get(code) in BLOC_KINDS:
        return {m for m, blocs in member_of.items() if code in blocs}
    return set(member_of.get(code, ())) if include_blocs else set()


def view_state(chosen: Iterable[str], partners: pd.DataFrame, *, asof: str = ASOF_LATEST,
               include_blocs: bool = True) -> ViewState:
    """The state for ``chosen`` codes (unknown codes must be removed before: see filters.parse)."""
    chosen = tuple(dict.fromkeys(chosen))
    asof = asof if asof in ASOF_VALUES else ASOF_LATEST
    if not chosen:
        return ViewState(asof=asof, include_blocs=include_blocs)
    added: set[str] = set()
    for code in chosen:
        added |= _expansion(code, partners, include_blocs)
    order = [str(c) for c in partners["code"]]
    brought_in = tuple(c for c in order if c in added and c not in chosen)
    return ViewState(chosen, brought_in, frozenset(chosen) | added, asof, include_blocs)


def describe(state: ViewState, names: Mapping[str, str], limit: int = 6) -> str:
    """One line naming the view: 'Partners: Germany (+ EU, NATO brought in) · Data as of: latest'."""
    if not state.filtered:
        partners = "all partners"
    else:
        shown = [names.get(c, c) for c in state.chosen[:limit]]
        partners = ", ".join(shown) + (f" and {len(state.chosen) - limit} more" if len(state.chosen) > limit else "")
        if state.brought_in:
            extra = [names.get(c, c) for c in state.brought_in[:limit]]
            more = f" and {len(state.brought_in) - limit} more" if len(state.brought_in) > limit else ""
            partners += f" (+ {', '.join(extra)}{more} brought in)"
    return f"Partners: {partners} · Data as of: {ASOF_LABELS[state.asof]}"
