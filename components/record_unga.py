"""UN General Assembly voting agreement with the US, Russia and China, read as its producers do.

Pure functions over the validated ``unga_voting_agreement`` table (Voeten, Strezhnev and Bailey,
built by ``python -m scripts.refresh unga``). No streamlit.
"""

from __future__ import annotations

import pandas as pd

from components import asof, countries

RESOURCE = "unga_voting_agreement"

METHOD_NOTE = (
    "Agreement = share of a UN General Assembly session's recorded votes on which the country voted as the "
    "US, Russia (the USSR before 1992) or China did, in percent (0–100), as computed by Voeten, Strezhnev and "
    "Bailey (UNGA voting data, Harvard Dataverse, doi:10.7910/DVN/LEJUQZ). The denominator appears to be the "
    "votes both states took part in: Serbia took part in 86 votes in session 74, and its shares equal 20/86 "
    "with the US, 50/82 with Russia and 54/84 with China. How the authors count abstentions is defined in "
    "their codebook, which was not available here: read it as 'share of votes in agreement', not as "
    "support for a side. A session straddles two years (session 74 = September 2019 to September 2020); "
    "the mix of resolutions changes from session to session (resolutions on Ukraine from session 76), so "
    "show the number of votes.")


def session_years(session: int) -> str:
    """Session N opens in September of 1945 + N: 74 -> '2019–20', 100 -> '2045–46'."""
    opened = 1945 + int(session)
    return f"{opened}–{str(opened + 1)[-2:]}"


def held(df: pd.DataFrame) -> tuple[str, ...]:
    """The countries (ISO codes, crosswalk order) the extract has rows for (the file names Serbia
    "Yugoslavia": COW keeps 345 for FRY, Serbia and Montenegro, and Serbia)."""
    present = set(df["ccode"].dropna().astype(int))
    return tuple(code for code, cow in countries.producer_codes("cow").items() if cow in present)


def agreement(df: pd.DataFrame, codes: list[str] | tuple[str, ...] = (countries.REPORTER,),
              since: int | None = None) -> pd.DataFrame:
    """Tidy agreement per session and country, in percent (0–100); empty cells stay NaN (not 0).

    codes: ISO codes of countries the extract holds (``held``); since: first session.
    Columns: session, years ('2019–20'), year_opened, country (code), country_name, votes,
    with_usa, with_russia, with_china, after_publication (not complete by June 2020: components.asof).
    """
    known = held(df)
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise ValueError(f"no UNGA rows for {', '.join(unknown)}; the extract holds {', '.join(sorted(known))}")
    iso_of = countries.from_producer("cow")
    names = countries.names()
    rows = df.assign(country=df["ccode"].map(iso_of))
    rows = rows[rows["country"].isin(list(codes))]
    rows = rows.assign(country_name=rows["country"].map(names))
    if since is not None:
        rows = rows[rows["session"] >= since]
    session = rows["session"].astype(int)
    tidy = pd.DataFrame({
        "session": session, "years": session.map(session_years), "year_opened": session + 1945,
        "country": rows["country"], "country_name": rows["country_name"], "votes": rows["NVotesAll"].astype(int),
        "with_usa": 100 * rows["USAgree"], "with_russia": 100 * rows["RUSSAgree"], "with_china": 100 * rows["ChinaAgree"],
        "after_publication": ~session.map(lambda s: asof.known_by_article(RESOURCE, s)).astype(bool)})
    return tidy.sort_values(["country", "session"], ignore_index=True)


def latest_session(df: pd.DataFrame) -> int:
    """The last session in the data (the June 2024 release: 78, 2023–24)."""
    return int(df["session"].max())
