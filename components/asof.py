"""What was public when: the one answer to "known by the article?" for every figure.

Every resource of data/datapackage.json states in ``x-published`` when its producer made each
period public (the package's own ``x-published`` is the default: the article's tables were
published with the article). A figure is *known* at an as-of date when its period had been
published by then (``known``; a figure published after the article is drawn hollow); a period
is *after the article* when it ended after June 2020 (``after_article``: the windows that compare
"then" with "what happened next" cut there); a known figure taken from a later vintage of the data is *revised* ("as
revised in SIPRI's March 2025 release"). Pages ask this module, never a year constant.

Rules (``x-published.rule``):

* ``fixed``: every row public on ``date`` (the article's tables: June 2020).
* ``annual``: the figure for year Y public on ``month``/``day`` of Y + ``years_after``
  (``basis`` says why: the producer's release calendar).
* ``session``: a UN General Assembly session N (September 1945+N to September 1946+N) is
  complete when it closes, taken as 30 September of 1946 + N.
* ``editions``: the year Y first public in the first edition whose ``first``..``last`` covers it
  (AidData GCDF 1.0 in 2017, 2.0 in 2021, 3.0 in 2023).
* ``column``: each row carries its own first-public date (a Factbook snapshot, an event's date);
  the period passed is that date.

Plain Python over the descriptor; no Streamlit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from components import data

ASOF_LATEST = "latest"
ASOF_ARTICLE = "2020-06"
ARTICLE_DATE = datetime.date(2020, 6, 30)  # the article appeared in June 2020; no day is given
FIRST_YEAR_AFTER = ARTICLE_DATE.year + 1  # the first calendar year wholly after the article
CUTOFFS = MappingProxyType({ASOF_LATEST: None, ASOF_ARTICLE: ARTICLE_DATE})


def _rule_error(resource: str, problem: str) -> data.DataError:
    return data.DataError("data/datapackage.json", f"resource '{resource}': {problem}",
                          hint="Give the resource (or the package) an 'x-published' rule: see components/asof.py")


@dataclass(frozen=True)
class Vintage:
    """The release the package's copy of a resource comes from."""

    date: datetime.date
    label: str


def _date(text: Any) -> datetime.date | None:
    if text is None or (not isinstance(text, (str, datetime.date)) and pd.isna(text)):
        return None
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    try:
        return pd.Timestamp(str(text)).date()
    except (ValueError, TypeError):
        return None


def rule(resource: str, package: dict | None = None) -> dict:
    """The resource's publication rule (the package default when it has none of its own)."""
    package = data.package() if package is None else package
    for entry in package.get("resources", []):
        if entry.get("name") == resource:
            found = entry.get("x-published", package.get("x-published"))
            if not isinstance(found, dict) or found.get("rule") not in RULES:
                raise _rule_error(resource, f"'x-published' must name a rule ({', '.join(RULES)})")
            return found
    raise _rule_error(resource, "no such resource")


def vintage(resource: str, package: dict | None = None) -> Vintage | None:
    """The release the package holds (None for rules where each row is its own release)."""
    spec = rule(resource, package).get("vintage")
    if not spec:
        return None
    return Vintage(_date(spec["date"]), str(spec["label"]))


def _year(period: Any) -> int | None:
    return None if period is None or pd.isna(period) else int(period)


def _fixed(spec: dict, period: Any) -> datetime.date | None:
    return _date(spec["date"])


def _annual(spec: dict, period: Any) -> datetime.date | None:
    year = _year(period)
    return None if year is None else datetime.date(year + int(spec.get("years_after", 1)), int(spec["month"]),
                                                   int(spec["day"]))


def _session(spec: dict, period: Any) -> datetime.date | None:
    session = _year(period)
    return None if session is None else datetime.date(1946 + session, 9, 30)


def _editions(spec: dict, period: Any) -> datetime.date | None:
    year = _year(period)
    if year is None:
        return None
    covering = [_date(e["date"]) for e in spec["editions"] if int(e["first"]) <= year <= int(e["last"])]
    return min(covering) if covering else None


def _column(spec: dict, period: Any) -> datetime.date | None:
    return _date(period)


def _year_end(spec: dict, period: Any) -> datetime.date | None:
    year = _year(period)
    return None if year is None else datetime.date(year, 12, 31)


def _never(spec: dict, period: Any) -> datetime.date | None:
    return None


# rule -> (when the period's figure was first public, when the period itself ended)
RULES = MappingProxyType({"fixed": (_fixed, _never), "annual": (_annual, _year_end), "session": (_session, _session),
                          "editions": (_editions, _year_end), "column": (_column, _column)})


def first_public(resource: str, period: Any, package: dict | None = None) -> datetime.date | None:
    """When the figure of ``period`` (a year, a session, or the row's own date) was first public."""
    spec = rule(resource, package)
    return RULES[spec["rule"]][0](spec, period)


def period_end(resource: str, period: Any, package: dict | None = None) -> datetime.date | None:
    """When the period itself ended (a year on 31 December, a session when it closed; None for the
    article's own figures, which are all about the time before it)."""
    spec = rule(resource, package)
    return RULES[spec["rule"]][1](spec, period)


def after_article(resource: str, period: Any, package: dict | None = None) -> bool:
    """Whether the period ends after the article (what happened next): 2020 does, its figures
    include the months after June; session 74 (to September 2020) does."""
    end = period_end(resource, period, package)
    return end is not None and end > ARTICLE_DATE


def cutoff(asof: str) -> datetime.date | None:
    """The last day an as-of state sees (None: everything in the package)."""
    return CUTOFFS.get(asof)


def known(resource: str, period: Any, asof: str, package: dict | None = None) -> bool:
    """Whether the figure of ``period`` was public by the as-of date."""
    last_day = cutoff(asof)
    if last_day is None:
        return True
    published = first_public(resource, period, package)
    return published is not None and published <= last_day


def known_by_article(resource: str, period: Any, package: dict | None = None) -> bool:
    """Whether the article (June 2020) could have seen the figure of ``period``."""
    return known(resource, period, ASOF_ARTICLE, package)


def known_mask(frame: pd.DataFrame, resource: str, column: str, asof: str, package: dict | None = None) -> pd.Series:
    """Per row: known at the as-of date (one rule per distinct period, not per row)."""
    periods = frame[column]
    answers = {p: known(resource, p, asof, package) for p in pd.unique(periods)}
    return periods.map(answers).astype(bool)


def keep_known(frame: pd.DataFrame, resource: str, column: str, asof: str, package: dict | None = None) -> pd.DataFrame:
    """The rows of ``frame`` that were public at the as-of date."""
    if cutoff(asof) is None:
        return frame
    return frame[known_mask(frame, resource, column, asof, package)]


def published_after_mask(frame: pd.DataFrame, resource: str, column: str, package: dict | None = None) -> pd.Series:
    """Per row: published after the article (drawn hollow: the author could not have seen it)."""
    return ~known_mask(frame, resource, column, ASOF_ARTICLE, package)


def last_known(resource: str, periods: Iterable[Any], asof: str, package: dict | None = None) -> Any:
    """The latest of ``periods`` public at the as-of date (None if none was)."""
    public = [p for p in periods if p is not None and not pd.isna(p) and known(resource, p, asof, package)]
    return max(public) if public else None


def then_period(resource: str, periods: Iterable[Any], as_of: str, package: dict | None = None) -> Any:
    """The "then" point of a comparison: the last period that ended before the article (2019; UN
    session 73) or, at an earlier as-of date, the last such period then published (gas: 2018)."""
    before = [p for p in periods if p is not None and not pd.isna(p) and not after_article(resource, p, package)]
    return last_known(resource, before, as_of, package)


def revised_note(resource: str, asof: str, package: dict | None = None) -> str:
    """'as revised in <vintage>' when the as-of date is before the release the package holds."""
    last_day = cutoff(asof)
    release = vintage(resource, package)
    if last_day is None or release is None or release.date <= last_day:
        return ""
    return f"as revised in {release.label}"


def unpublished_note(resource: str, asof: str, package: dict | None = None) -> str:
    """Why a resource shows nothing at an as-of date: when its first figure became public."""
    spec = rule(resource, package)
    last_day = cutoff(asof)
    if spec["rule"] == "editions":
        first = min(spec["editions"], key=lambda e: e["date"])
        return (f"Not yet published on {last_day:%d %B %Y}: the first edition covering these years, "
                f"{first['label']}, appeared on {_date(first['date']):%d %B %Y}.")
    return f"Not yet published on {last_day:%d %B %Y}." if last_day else ""


def basis(resource: str, package: dict | None = None) -> str:
    """The producer's release calendar behind the rule, in words (shown in notes and the Sources page)."""
    return str(rule(resource, package).get("basis", ""))
