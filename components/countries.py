"""The country crosswalk: every producer's code for a partner, bloc memberships with dates, the region.

data/partners.csv is the one place a producer's code or name for a country is written (COW for
the UN votes, Gleditsch–Ward for AidData, IMF DOTS and SIPRI names, Eurostat geo codes, CIA
Factbook names, Natural Earth ADM0_A3); data/memberships.csv holds who belonged to which bloc
from when. Code everywhere else speaks ISO 3166-1 alpha-3 (XKX for Kosovo) and asks here.

Each function takes the tables (pure, for builders and tests) or loads them through
components.data (cached per data version).
"""

from __future__ import annotations

import datetime
from types import MappingProxyType

import pandas as pd

from components import data

REPORTER = "SRB"  # the country the article is about: the default reporter of every series
# producer -> the crosswalk column holding its code or name
PRODUCERS = MappingProxyType({"cow": "cow_code", "gw": "gw_code", "imf": "imf_name", "eurostat": "eurostat_code",
                              "sipri": "sipri_name", "factbook": "factbook_name", "natural_earth": "ne_adm0_a3"})


def _partners(partners: pd.DataFrame | None) -> pd.DataFrame:
    return data.load_table("partners") if partners is None else partners


def producer_codes(producer: str, partners: pd.DataFrame | None = None) -> dict[str, object]:
    """ISO code -> the producer's code or name, for every partner the producer names."""
    table = _partners(partners)
    column = PRODUCERS[producer]
    named = table[table[column].notna()]
    return {str(code): (int(value) if isinstance(value, (int,)) or pd.api.types.is_integer(value) else str(value))
            for code, value in zip(named["code"], named[column])}


def from_producer(producer: str, partners: pd.DataFrame | None = None) -> dict[object, str]:
    """The producer's code or name -> ISO code (the reverse of producer_codes)."""
    return {value: code for code, value in producer_codes(producer, partners).items()}


def names(partners: pd.DataFrame | None = None, column: str = "name") -> dict[str, str]:
    """ISO code -> display name (``column="short_name"`` for charts)."""
    table = _partners(partners)
    return dict(zip(table["code"].astype(str), table[column].astype(str)))


def label(code: str, names_by_code: dict[str, str]) -> str:
    """What a picker shows for a code: 'Germany (DEU)'; a name that is its code alone ('NATO')."""
    name = names_by_code.get(code, code)
    return name if name == code else f"{name} ({code})"


def region(partners: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The countries the Region page compares, Serbia first, then in the crosswalk's order."""
    table = _partners(partners)
    codes = [str(c) for c, inside in zip(table["code"], table["in_region"]) if bool(inside)]
    return tuple(sorted(codes, key=lambda c: c != REPORTER))


def members(bloc: str, on: datetime.date | None = None, memberships: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The members of ``bloc`` on a date (None: today's members), in the file's order."""
    table = data.load_table("memberships") if memberships is None else memberships
    rows = table[table["bloc"] == bloc]
    day = pd.Timestamp(on or datetime.date.today())
    joined = pd.to_datetime(rows["joined"])
    left = pd.to_datetime(rows["left"])
    current = (joined <= day) & (left.isna() | (left > day))
    return tuple(str(m) for m in rows.loc[current, "member"])


def ever_members(bloc: str, memberships: pd.DataFrame | None = None) -> tuple[str, ...]:
    """Every partner that has belonged to ``bloc`` at any time (for a fixed-composition aggregate)."""
    table = data.load_table("memberships") if memberships is None else memberships
    return tuple(str(m) for m in table.loc[table["bloc"] == bloc, "member"])
