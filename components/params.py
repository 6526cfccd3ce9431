"""Every URL parameter of the dashboard, declared once: name, default, parser, the pages it is for.

The sidebar's filter (partner, blocs, asof) holds for every page; a page control (the map's year,
the Trade unit, the countries compared) is for the pages that draw it. Each is bound to the URL
by its widget (the key is the URL name), is part of the view state (components/state.py, so the
memo key, the downloads and the citation see it), and is read from a link by the same parser with
or without ``?embed=true``. A value that does not parse is dropped with a visible notice.

Plain Python; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from components.asof import ASOF_LATEST, CUTOFFS


class ParamError(ValueError):
    """A URL value that is not valid for its parameter (the message says what is expected)."""


@dataclass(frozen=True)
class Param:
    """One URL parameter. ``parse`` turns the URL's text into a value or raises ParamError;
    ``pages``: the page keys that draw the control (empty: every page, the sidebar's filter);
    ``multiple``: the URL repeats the key (``?compare=HRV&compare=ALB``)."""

    name: str
    default: str | tuple[str, ...]
    parse: Callable[[str], str]
    expected: str
    pages: tuple[str, ...] = ()
    multiple: bool = False

    def for_page(self, page_key: str) -> bool:
        return not self.pages or page_key in self.pages


def _choice(options: Sequence[str], aliases: dict[str, str] | None = None) -> Callable[[str], str]:
    folded = {option.casefold(): option for option in options}
    folded.update({alias.casefold(): value for alias, value in (aliases or {}).items()})

    def parse(text: str) -> str:
        try:
            return folded[text.strip().casefold()]
        except KeyError:
            raise ParamError(text) from None
    return parse


def _region_name(text: str) -> str:
    """A country of the Region, by name or code, any case -> its display name (the widget's label)."""
    from components import countries

    names = countries.names()
    by_text = {**{code: names[code] for code in countries.region()}, **{names[c]: names[c] for c in countries.region()}}
    return _choice(tuple(by_text), by_text)(text)


def _region_code(text: str) -> str:
    """A country of the Region (crosswalk), by code, any case."""
    from components import countries  # the crosswalk is data: read when a link is parsed, not at import

    return _choice(countries.region())(text)


def _boolean(text: str) -> str:
    return _choice(("true", "false"))(text)


def _year(first: int, last: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        stripped = text.strip()
        if not stripped.isdigit() or not first <= int(stripped) <= last:
            raise ParamError(text)
        return str(int(stripped))
    return parse


# A bound widget writes its options' labels into the URL, so a control's values are the labels its
# widget shows (codes for partners and the Region's countries, names where a name reads better).
TRADE_UNITS = ("Share of Serbia's trade", "USD million")
MAP_YEARS = (2000, 2100)  # the page narrows this to the years its data hold

BLOCS = Param("blocs", "true", _boolean, "true or false")
ASOF = Param("asof", ASOF_LATEST, _choice(tuple(CUTOFFS)), " or ".join(CUTOFFS))
YEAR = Param("year", "", _year(*MAP_YEARS), "a year, e.g. 2016", pages=("neighbourhood",))
TRADE_UNIT = Param("trade_unit", TRADE_UNITS[0], _choice(TRADE_UNITS, {"share": TRADE_UNITS[0], "usd": TRADE_UNITS[1]}),
                   " or ".join(f"“{unit}”" for unit in TRADE_UNITS), pages=("trade",))
NEIGHBOUR = Param("neighbour", "Croatia", lambda text: _region_name(text),
                  "the name or code of one of Serbia's neighbours, e.g. Croatia", pages=("kosovo",))
COMPARE = Param("compare", (), _region_code, "codes of Serbia's neighbours, e.g. HRV", pages=("region",), multiple=True)
# Page controls: kept in the view state as (name, value) pairs.
CONTROLS: tuple[Param, ...] = (YEAR, TRADE_UNIT, NEIGHBOUR, COMPARE)
BY_NAME = {param.name: param for param in (BLOCS, ASOF, *CONTROLS)}


def control_for_page(name: str, page_key: str) -> bool:
    """Whether the control ``name`` belongs in the URL of ``page_key``."""
    param = BY_NAME.get(name)
    return param is not None and param.for_page(page_key)


def parse_values(param: Param, values: Iterable[str]) -> tuple[tuple[str, ...], str]:
    """(values that parse, in order without repeats; a notice naming what was dropped, each once).
    A comma list in one value is read as several (``?compare=HRV,ALB``)."""
    pieces = [piece for v in values if isinstance(v, str) for piece in
              (v.split(",") if param.multiple else [v]) if piece.strip()]
    parsed: dict[str, None] = {}
    dropped: dict[str, None] = {}
    for text in pieces:
        try:
            parsed[param.parse(text)] = None
        except ParamError:
            dropped[text] = None
    if not param.multiple and len(parsed) > 1:
        first, *rest = parsed
        dropped.update(dict.fromkeys(rest))
        parsed = {first: None}
    if not dropped:
        return tuple(parsed), ""
    from components.filters import shorten  # the one shortening of untrusted text
    from components.textsafe import code_span  # a code span: no markdown or HTML inside

    shown = ", ".join(f"`{code_span(shorten(v))}`" for v in list(dropped)[:10])
    more = f" and {len(dropped) - 10} more" if len(dropped) > 10 else ""
    return tuple(parsed), f"The link's {param.name}={shown}{more} was ignored (expected {param.expected})."
