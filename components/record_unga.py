"""UN General Assembly voting agreement with the US, Russia and China, read as its producers do.

Pure functions over the validated ``unga_voting_agreement`` table (Voeten, Strezhnev and Bailey,
built by scripts/build_external_unga.py). No streamlit.
"""

from __future__ import annotations

import pandas as pd

# Correlates of War code -> the dashboard's country code (ISO 3166-1 alpha-3) and name. The file
# names Serbia "Yugoslavia" (COW keeps 345 for FRY, Serbia and Montenegro, and Serbia).
COUNTRIES = {345: ("SRB", "Serbia"), 344: ("HRV", "Croatia"), 346: ("BIH", "Bosnia and Herzegovina"),
             341: ("MNE", "Montenegro"), 343: ("MKD", "North Macedonia"), 339: ("ALB", "Albania"),
             310: ("HUN", "Hungary"), 360: ("ROU", "Romania"), 355: ("BGR", "Bulgaria")}
FIRST_SESSION_AFTER_ARTICLE = 75  # opened September 2020; the article is of June 2020 (session 74)

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


def agreement(df: pd.DataFrame, countries: list[str] | tuple[str, ...] = ("SRB",), since: int | None = None) -> pd.DataFrame:
    """Tidy agreement per session and country, in percent (0–100); empty cells stay NaN (not 0).

    countries: dashboard codes (keys of COUNTRIES' values, e.g. 'SRB', 'HRV'); since: first session.
    Columns: session, years ('2019–20'), year_opened, country (code), country_name, votes,
    with_usa, with_russia, with_china, after_publication (session >= 75).
    """
    known = {code for code, _ in COUNTRIES.values()}
    unknown = sorted(set(countries) - known)
    if unknown:
        raise ValueError(f"no UNGA rows for {', '.join(unknown)}; the extract holds {', '.join(sorted(known))}")
    codes = pd.Series({cow: code for cow, (code, _) in COUNTRIES.items()})
    names = pd.Series({cow: name for cow, (_, name) in COUNTRIES.items()})
    rows = df.assign(country=df["ccode"].map(codes), country_name=df["ccode"].map(names))
    rows = rows[rows["country"].isin(list(countries))]
    if since is not None:
        rows = rows[rows["session"] >= since]
    session = rows["session"].astype(int)
    tidy = pd.DataFrame({
        "session": session, "years": session.map(session_years), "year_opened": session + 1945,
        "country": rows["country"], "country_name": rows["country_name"], "votes": rows["NVotesAll"].astype(int),
        "with_usa": 100 * rows["USAgree"], "with_russia": 100 * rows["RUSSAgree"], "with_china": 100 * rows["ChinaAgree"],
        "after_publication": session >= FIRST_SESSION_AFTER_ARTICLE})
    return tidy.sort_values(["country", "session"], ignore_index=True)


def latest_session(df: pd.DataFrame) -> int:
    """The last session in the data (the June 2024 release: 78, 2023–24)."""
    return int(df["session"].max())
