"""Every page view's sections say only what their rows show, under any filter.

Each page's pure ``build(view_state(...))`` (components/views/) runs for partner choices drawn by
Hypothesis from data/partners.csv, the presets, the blocs toggle and the as-of value; every
Section it returns is checked:

Filter semantics (README, "The partner filter"): the selection decides which partners are
highlighted; the rows that give a chart its meaning stay, faded. So a partner is "shown" when it
is in the section's rows, highlighted or not.

(a) a title names no partner (name or short name from partners.csv) that is neither in the
    section's rows nor in the selection;
(b) numbers in titles that count rows ("all 20 dated events", "4 of the 9", "Russia 2 of 3",
    "6 of 8 neighbours in NATO") match the rows;
(c) a page heading that asserts a comparison ("the EU leads Russia and the EAEU") names only
    partners whose rows the page shows;
(d) a section with rows has no "empty" message, a section without rows has one; a table lists
    its rows one for one, or is a pivot of them (one line per key, every key of the rows in it);
(e) the section's CSV decodes and has one record per row;
(f) under "Data as of: June 2020 (the article)" no section of external data shows a figure that
    was published after 30 June 2020 (each producer's release calendar, typed here: a year, a UN
    session, a Factbook edition, a SIPRI delivery, a dated milestone);
(g) an empty message names only partners the section's tables hold rows for;
(h) a note that says what is highlighted ("Highlighted: Russia. Shown faded, for comparison:
    NATO.") names exactly the partners of the highlighted and of the faded rows;
(i) the filter deletes no partner: every partner in a section's rows without a filter is still
    in its rows under the filter (same as-of), highlighted or faded.

Sections are rarely empty now (the filter fades, it does not delete), so (d) and (g) mostly
guard the few tables a state can leave empty; (h) and (i) guard the faded context instead.

Partner names are matched against the text independently of the views' own look-ups (read here
from partners.csv with plain pandas). Checks return lists of problems, so a failure lists every
offending section. Failures here are defects in the views: they stay failing until the view is
fixed; do not weaken them.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import Phase, given, seed, settings
from hypothesis import strategies as st

from components import data
from components.registry import PAGES
from components.sections import Section, sections
from components.state import PRESETS, ViewState, view_state
from tests import viewcache
from tests.examples import examples

ROOT = Path(__file__).resolve().parent.parent


PARTNERS_CSV = pd.read_csv(ROOT / "data" / "partners.csv", dtype="string", keep_default_na=False)
PARTNERS = data.load_table("partners")  # what the views resolve with (same file, typed)
CODES = tuple(PARTNERS_CSV["code"])
CAMPS = dict(zip(PARTNERS_CSV["code"], PARTNERS_CSV["camp"]))
VIEWS = {page.key: importlib.import_module(f"components.views.{page.key}") for page in PAGES}
SECTION_PAGES = tuple(page.key for page in PAGES if page.kind != "sources")  # sources lists tables, not sections


# ---------------------------------------------------------------- naming partners in text

def _name_patterns() -> list[tuple[str, str]]:
    """(text, code) pairs, longest text first, so 'Russia & EAEU' is read before 'Russia'.

    Serbia (SRB) is the subject of every title, not a partner it names. 'The West' names the
    West camp (WEST). 'Russia and the EAEU' is the article's phrase for the EAEU's figure.
    """
    pairs = {(text, code) for code, name, short in
             zip(PARTNERS_CSV["code"], PARTNERS_CSV["name"], PARTNERS_CSV["short_name"])
             if code != "SRB" for text in (name, short) if text}
    pairs |= {(code, code) for code in ("EU", "NATO", "EAEU", "CSTO")}
    pairs |= {("Russia and the EAEU", "EAEU"), ("Russia with the EAEU", "EAEU"), ("the West", "WEST")}
    return sorted(pairs, key=lambda pair: -len(pair[0]))


NAME_PATTERNS = [(re.compile(rf"(?<![\w]){re.escape(text)}(?![\w])"), code) for text, code in _name_patterns()]
CODE_BY_TEXT = {text: code for text, code in _name_patterns()}


def named_partners(text: str) -> set[str]:
    """Partner codes a text names; each stretch of text counts once (longest name first)."""
    found = set()
    for pattern, code in NAME_PATTERNS:
        if pattern.search(text):
            found.add(code)
            text = pattern.sub("\0", text)
    return found


# Did it hold? and the Overview speak of camps: a row for a whole camp is "camp:<camp>", and a text
# names it as the West (WEST), "Russia and allies" (Russia) or China.
CAMP_ROWS = {"camp:West": "WEST", "camp:Russia": "RUS", "camp:China": "CHN"}


def code_of(cell) -> str:
    return CAMP_ROWS.get(str(cell), str(cell))


def row_codes(rows: pd.DataFrame) -> set[str]:
    """Partner codes in a section's rows (partner, recipient; SIPRI's grouped members; 'RUS;UKR';
    a camp's row; the map's countries by iso3 and the organisations of their milestones or statuses)."""
    codes = set()
    for column in ("partner", "recipient", "members", "iso3", "organisation"):
        if column in rows:
            codes |= {code_of(code) for cell in rows[column].dropna() for code in str(cell).split(";") if code}
    if "status" in rows:  # "NATO and EU member", "EU candidate", "EU applicant (not a candidate)": organisations shown
        codes |= set().union(*(named_partners(str(cell)) for cell in rows["status"].dropna().unique()))
    return codes


def covered(code: str, shown: set[str], state: ViewState) -> bool:
    """A named partner is covered by rows shown or the selection; 'the West' by any West row."""
    if code in shown or (state.selection is not None and code in state.selection):
        return True
    return code == "WEST" and any(CAMPS.get(c) == "West" for c in shown)


# ---------------------------------------------------------------- views under test

def page_of(view) -> str:
    return next((key for key, module in VIEWS.items() if type(view).__module__ == module.__name__), "")


def build(page: str, state: ViewState):
    """The page's view, built once per test process and state (tests/viewcache.py)."""
    return viewcache.view(page, state)


def problems(check, state: ViewState, pages=SECTION_PAGES) -> list[str]:
    found = []
    for page in pages:
        found += [f"{page}: {problem}" for problem in check(build(page, state), state)]
    return found


# ---------------------------------------------------------------- (a) titles name only partners shown

def check_titles_name_shown_partners(view, state: ViewState) -> list[str]:
    """Sections with rows: the title's partners are in the rows or the selection. (Empty sections
    are checked by (d) and (g): their title heads a 'nothing to show' note.)"""
    out = []
    for section in sections(view):
        if section.empty:
            continue
        shown = row_codes(section.rows)
        stray = sorted(code for code in named_partners(section.title) if not covered(code, shown, state))
        if stray:
            out.append(f"{section.key}: title {section.title!r} names {stray}, rows hold {sorted(shown)}")
    return out


# ---------------------------------------------------------------- (b) counts in titles match the rows

EVENTS_ALL = re.compile(r"involved in all (\d+) dated events shown")
EVENTS_PART = re.compile(r"(.+?) is involved in (\d+) of the (\d+) dated events shown")
EVENTS_ONE = re.compile(r"^(.+?): the one dated event shown")
EVENTS_CHOSEN = re.compile(r"^(.+?): involved in (\d+) of the (\d+) dated events, ")
EVENTS_NONE = re.compile(r"^None of the (\d+) dated events, ")
YEARS_CHOSEN = re.compile(r"dated events?(?: shown)?, (\d{4})(?:–(\d{4}))?(?:,|$)")
NEIGHBOURS = re.compile(r"^(?:End of \d{4}|June 2020): (\d+) of (\d+) neighbours in NATO\. Not in NATO: (.+)$")
IN_NATO = {"NATO and EU member", "NATO member"}  # components/membership.py BOTH, NATO
EVENTS_TOP_ALL = re.compile(r"^(.+?) is involved in all")
YEARS = re.compile(r"dated events? shown, (\d{4})(?:–(\d{4}))?$")
IN_PERSON = re.compile(r"([^:,]+?) (\d+) of (\d+)(?=,|$)")
ANY_COUNT = re.compile(r"\ball \d+\b|\b\d+ of (?:the )?\d+\b|\bthe one\b")


def _timeline_counts(section: Section) -> list[str]:
    rows, title, out = section.rows, section.title, []
    events = rows["event_id"].nunique()
    per_partner = rows.groupby("partner")["event_id"].nunique()
    if m := EVENTS_ALL.search(title):
        top = CODE_BY_TEXT.get(EVENTS_TOP_ALL.match(title).group(1))
        if int(m.group(1)) != events or per_partner.get(top, 0) != events:
            out.append(f"{title!r}: {events} events in the rows, {per_partner.get(top, 0)} with {top}")
    elif m := EVENTS_PART.search(title):
        code = CODE_BY_TEXT.get(m.group(1))
        if (int(m.group(2)), int(m.group(3))) != (per_partner.get(code, 0), events):
            out.append(f"{title!r}: rows have {per_partner.get(code, 0)} of {events} for {code}")
    elif m := EVENTS_ONE.search(title):
        if events != 1 or CODE_BY_TEXT.get(m.group(1)) not in per_partner:
            out.append(f"{title!r}: {events} events in the rows")
    elif m := EVENTS_CHOSEN.search(title):  # under a filter: events of the highlighted rows among all
        lit = rows.loc[rows["highlighted"], "event_id"].nunique()
        if (int(m.group(2)), int(m.group(3))) != (lit, events) or rows["highlighted"].all():
            out.append(f"{title!r}: rows have {lit} highlighted of {events} events")
    elif m := EVENTS_NONE.search(title):
        if int(m.group(1)) != events or rows["highlighted"].any():
            out.append(f"{title!r}: {events} events, {int(rows['highlighted'].sum())} highlighted rows")
    else:
        out.append(f"timeline title {title!r} states no count the test can check")
    if m := YEARS.search(title) or YEARS_CHOSEN.search(title):
        years = rows["date"].dt.year
        stated = (int(m.group(1)), int(m.group(2) or m.group(1)))
        if stated != (years.min(), years.max()):
            out.append(f"{title!r}: rows span {years.min()}–{years.max()}")
    return out


def _in_person_counts(section: Section) -> list[str]:
    rows, out = section.rows, []
    tail = section.title.split("Gestures Vučić made in person: ", 1)[-1]
    for name, done, total in IN_PERSON.findall(tail):
        code = CODE_BY_TEXT.get(name.strip())
        known = rows[(rows["partner"] == code) & rows["vucic_in_person"].notna()]["vucic_in_person"]
        if (int(done), int(total)) != (int(known.astype(bool).sum()), len(known)):
            out.append(f"{section.title!r}: rows give {code} {int(known.astype(bool).sum())} of {len(known)}")
    return out


def _neighbour_counts(section: Section) -> list[str]:
    """'End of 2020: 6 of 8 neighbours in NATO. Not in NATO: A, B' against the map's rows."""
    m = NEIGHBOURS.match(section.title)
    if not m:
        return [f"map title {section.title!r} states no count the test can check"]
    border = section.rows[section.rows["borders_serbia"]]
    inside = border["status"].isin(IN_NATO)
    stated = (int(m.group(1)), int(m.group(2)), m.group(3))
    actual = (int(inside.sum()), len(border), ", ".join(border.loc[~inside, "name"]) or "none")
    return [] if stated == actual else [f"{section.title!r}: rows give {actual}"]


def check_counts_match_rows(view, state: ViewState) -> list[str]:
    out = []
    for section in sections(view):
        if section.empty:
            continue
        if section.key == "timeline":
            out += _timeline_counts(section)
        elif section.key == "gestures":
            out += _in_person_counts(section)
        elif section.key == "map":
            out += _neighbour_counts(section)
        elif page_of(view) == "region":
            out += _region_counts(section)
        elif ANY_COUNT.search(section.title):
            out.append(f"{section.key}: title {section.title!r} counts something this test does not check")
    return out


REGION_OUTLIER = re.compile(r"alone, on (\d+) of (\d+) measures (?:at the latest data; then on (\d+) of (\d+)"
                            r"|published by June 2020)")
REGION_RANK = re.compile(r"^(.+?), (.+?): Serbia .*\(Serbia (\d+) of (\d+)(?: \(tied with (\d+)\))? (?:toward|away from) ")
REGION_MEMBERS = re.compile(r"^On (\S+), (\d+) of the (\d+) countries compared are NATO members")


def _region_counts(section: Section) -> list[str]:
    """The Region's counts against its rows: the summary's measures where Serbia ranks first alone,
    an indicator's rank of Serbia among the countries with a figure (1 = furthest toward Russia or
    China: the highest value where a higher one leans that way), the NATO members on a day."""
    rows, title, out = section.rows, section.title, []
    if m := REGION_OUTLIER.search(title):
        points = ("then",) if m.group(3) is None else ("latest", "then")
        for point, (alone, of) in zip(points, ((m.group(1), m.group(2)), (m.group(3), m.group(4)))):
            ranked = rows.dropna(subset=[f"rank_{point}"])
            first = ranked[(ranked[f"rank_{point}"] == 1) & (ranked[f"ties_{point}"] == 0)]
            if (int(alone), int(of)) != (len(first), len(ranked)):
                out.append(f"{section.key}: {title!r}: {point} {alone} of {of}, rows {len(first)} of {len(ranked)}")
    elif m := REGION_RANK.search(title):
        measure, period, rank, count = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
        same = (rows[(rows["measure_label"] == measure) & (rows["period"] == period)].dropna(subset=["value"])
                .drop_duplicates("country"))  # as of June 2020 "then" and "latest" are the same period
        serbia = same[same["country"] == "SRB"]
        if same.empty or serbia.empty:
            return [f"{section.key}: {title!r} names a measure and period its rows do not hold"]
        lean = same["value"] * same["toward"]  # higher = further toward Russia or China
        ahead = int((lean > float(lean[serbia.index[0]])).sum())
        if (rank, count) != (ahead + 1, len(same)):
            out.append(f"{section.key}: {title!r}: rank {rank} of {count}, rows give {ahead + 1} of {len(same)}")
    elif m := REGION_MEMBERS.search(title):
        day = rows[(rows["partner"] == "NATO") & (rows["day"] == m.group(1))]
        members = int((day["stage"] == "NATO member").sum())
        if (int(m.group(2)), int(m.group(3))) != (members, day["country"].nunique()):
            out.append(f"{section.key}: {title!r}: rows hold {members} members of {day['country'].nunique()}")
    elif ANY_COUNT.search(title):
        out.append(f"{section.key}: title {title!r} counts something this test does not check")
    return out


# ---------------------------------------------------------------- (c) headings compare only partners shown

COMPARATIVE = re.compile(r"\b(dwarfs?|than|leads?|more|less|closer|larger|largest|bigger|outweighs?|"
                         r"replac\w*|overtak\w*)\b|×", re.IGNORECASE)


def check_heading_compares_shown_partners(view, state: ViewState) -> list[str]:
    if not COMPARATIVE.search(view.heading):
        return []
    shown = set().union(*(row_codes(s.rows) for s in sections(view) if not s.empty))
    named = named_partners(view.heading)
    missing = sorted(code for code in named if not covered(code, shown, ViewState()))  # rows, not selection
    if missing or not named:
        return [f"heading {view.heading!r} compares {sorted(named)}; rows shown hold only {sorted(shown)}"]
    return []


# ---------------------------------------------------------------- (d) empty or not, consistently

# Tables that pivot their rows ((page, section key): key column in the rows, its column in the
# table, whether both hold the same labels). The scorecard: one line per dimension, evidence rows
# per cell; the map's dates: one line per country on the map, one row per dated milestone (a
# country without one reads "none in the sources"); Did it hold?'s gestures: one line per camp,
# with the gestures counted in the rows behind it.
PIVOTS = {("overview", "scorecard"): ("dimension", "Dimension", True),
          ("neighbourhood", "dates"): ("country", "Country", True),
          ("did_it_hold", "gestures"): ("partner", "Partner", False),
          # the Region's summary: one line per measure, then a line per status; its status: a line per country
          ("region", "summary"): ("measure", "Measure", False),
          ("region", "status"): ("country", "Country", False)}


def _table_matches_rows(page: str, section: Section) -> list[str]:
    table, rows = section.table, section.rows
    if (page, section.key) not in PIVOTS:
        if len(table) != len(rows):
            return [f"{section.key}: table has {len(table)} rows, section {len(rows)}"]
        return []
    key, heading, same_labels = PIVOTS[(page, section.key)]
    keys = set(rows[key].dropna())
    missing = sorted(keys - set(table[heading])) if same_labels else []
    if missing or len(keys) > len(table) or table[heading].duplicated().any():
        return [f"{section.key}: pivot table of {len(keys)} keys has {len(table)} lines, misses {missing} "
                f"or repeats a {heading}"]
    return []


def check_empty_is_explained(view, state: ViewState) -> list[str]:
    out = []
    for section in sections(view):
        if section.empty and len(section.rows):
            out.append(f"{section.key}: {len(section.rows)} rows but marked empty ({section.empty!r})")
        if not section.empty and not len(section.rows):
            out.append(f"{section.key}: no rows and no message saying why ({section.title!r})")
        if not section.empty and section.kind == "chart" and (section.figure is None or not section.figure.data):
            out.append(f"{section.key}: a chart section without a figure")
        if not section.empty and section.kind == "table":
            out += _table_matches_rows(page_of(view), section)
    return out


# ---------------------------------------------------------------- (e) the CSV holds the rows

def csv_records(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def check_csv_has_the_rows(view, state: ViewState) -> list[str]:
    out = []
    for section in sections(view):
        if section.empty:
            if section.csv != b"":
                out.append(f"{section.key}: empty section with a CSV")
            continue
        records = csv_records(section.csv)
        if records[0] != [str(c) for c in section.rows.columns] or len(records) - 1 != len(section.rows):
            out.append(f"{section.key}: CSV has {len(records) - 1} data lines for {len(section.rows)} rows")
    return out


# ---------------------------------------------------------------- (f) as of the article: nothing later

PACKAGE = data.package()
ARTICLE_TITLE = PACKAGE["sources"][0]["title"]
EXTERNAL = {r["name"] for r in PACKAGE["resources"] if r.get("sources") and r["sources"][0]["title"] != ARTICLE_TITLE}


# What each producer had published by 30 June 2020, typed here from the release calendars (not read
# from the descriptor the code uses): IMF DOTS and Eurostat Comext hold 2019 by the spring of 2020;
# Eurostat's annual energy data for Y appear in January of Y+2 (gas: 2018); SIPRI's March 2020
# release holds deliveries and orders to 2019; AidData GCDF 1.0 (October 2017) covered 2000-2014
# (2.0 came in September 2021); UN session 73 closed in September 2019 (74 ran to September 2020).
LAST_YEAR_PUBLISHED = {"imf_dots_serbia_trade": 2019, "eurostat_eu27_exports_to_serbia": 2019,
                       "eurostat_serbia_gas_imports": 2018, "sipri_arms_transfers": 2019,
                       "aiddata_chinese_finance": 2014}
LAST_SESSION_PUBLISHED = 73
ARTICLE_DAY = pd.Timestamp("2020-06-30")
# The Factbook's editions, each dated by its first snapshot (factbook_json_commit's commit_date).
_FACTBOOK = pd.read_csv(ROOT / "data" / "external" / "serbia_trade_partner_shares_factbook.csv")
FACTBOOK_YEARS_PUBLISHED = set(_FACTBOOK.loc[pd.to_datetime(_FACTBOOK["commit_date"]) <= ARTICLE_DAY, "data_year"])

DATE_COLUMNS = ("status_on", "date")  # a status or milestone of a day: judged by its date


def _later_than_the_article(rows: pd.DataFrame, resources: tuple[str, ...]) -> list[str]:
    found = []
    column = next((c for c in DATE_COLUMNS if c in rows), None)
    if column is not None:
        dates = pd.to_datetime(rows[column].astype("string"), errors="coerce", format="mixed")  # "in 2019": no date
        if later := sorted({str(d.date()) for d in dates.dropna() if d > ARTICLE_DAY}):
            found.append(f"{column} {later}")
    sessions = rows["session"].dropna() if "session" in rows and "unga_voting_agreement" in resources else []
    if later := sorted({int(s) for s in sessions if int(s) > LAST_SESSION_PUBLISHED}):
        found.append(f"session {later}")
    editions = rows["data_year"].dropna() if "data_year" in rows and "factbook_trade_partners" in resources else []
    if later := sorted({int(y) for y in editions} - FACTBOOK_YEARS_PUBLISHED):
        found.append(f"data_year {later}")
    limits = [LAST_YEAR_PUBLISHED[r] for r in resources if r in LAST_YEAR_PUBLISHED]
    years = rows["year"].dropna() if "year" in rows and limits else []
    if later := sorted({int(y) for y in years if int(y) > min(limits)}):
        found.append(f"year {later}")
    if "delivery_years" in rows:  # SIPRI's register: "2019; 2021"
        years = {int(y) for cell in rows["delivery_years"].dropna() for y in str(cell).split(";") if y.strip()}
        if later := sorted(y for y in years if y > LAST_YEAR_PUBLISHED["sipri_arms_transfers"]):
            found.append(f"deliveries in {later}")
    return found


def check_article_time_hides_later_data(view, state: ViewState) -> list[str]:
    if not state.article_time:
        return []
    out = []
    for section in sections(view):
        if section.empty or not EXTERNAL & set(section.resources):
            continue
        rows = section.rows
        if "source_resource" in rows:  # one table of several series (Did it hold?): each row by its own source
            for resource, part in rows.groupby("source_resource"):
                out += [f"{section.key}: 'as of June 2020' still shows {f}" for f in
                        _later_than_the_article(part, (str(resource),))]
            continue
        out += [f"{section.key}: 'as of June 2020' still shows {f}" for f in
                _later_than_the_article(rows, section.resources)]
    return out


# ---------------------------------------------------------------- (g) empty messages name real rows

TABLE_CODES = {}


def table_codes(resource: str) -> set[str] | None:
    if resource not in TABLE_CODES:
        table = data.load_table(resource)
        TABLE_CODES[resource] = row_codes(table) if {"partner", "recipient"} & set(table.columns) else None
    return TABLE_CODES[resource]


def check_empty_message_names_real_rows(view, state: ViewState) -> list[str]:
    out = []
    for section in sections(view):
        held = [table_codes(r) for r in section.resources]
        if not section.empty or any(codes is None for codes in held):
            continue
        stray = sorted(named_partners(section.empty) - set().union(*held))
        if stray:
            out.append(f"{section.key}: message {section.empty!r} names {stray}, which "
                       f"{'/'.join(section.resources)} holds no rows for")
    return out


# ---------------------------------------------------------------- (h) the note names what is highlighted

# A sentence ends at a full stop that does not close an initial ("N. Macedonia").
END = r"(?<! [A-Z])\.(?:\s|$)"
HIGHLIGHTED = re.compile(r"Highlighted: (.+?)" + END)
FADED = re.compile(r"Shown faded, for comparison: (.+?)" + END)
# The ways a view says nothing chosen is in a chart, and which partners it keeps for reference.
NONE_CHOSEN = (re.compile(r"None of the partners selected appears in this chart; the article's figures for (.+?) "
                          r"are shown for reference\."),
               re.compile(r"None of the partners selected appears here; (.+?) shown faded, for reference\."),
               re.compile(r"None of the partners selected has figures here; shown for comparison: (.+?)" + END))


def _codes_in(rows: pd.DataFrame) -> set[str]:
    """Partner codes of partners.csv (and camps) in the rows: the names a note can give. The UN
    votes' rows also name the country voting (Serbia, the neighbour beside it). Serbia is the
    subject, never named as a partner (see _name_patterns)."""
    columns = [rows[c].dropna() for c in ("partner", "country") if c in rows]
    cells = pd.concat(columns) if columns else pd.Series(dtype=object)
    return {code for code in map(code_of, cells) if code in CAMPS and code != "SRB"}


def check_note_names_the_highlighted(view, state: ViewState) -> list[str]:
    """components.views.common.context_note's sentences against the rows' `highlighted` column."""
    out = []
    for section in sections(view):
        if section.empty or "highlighted" not in section.rows or "partner" not in section.rows:
            continue
        rows, note = section.rows, section.note
        lit, faded = _codes_in(rows[rows["highlighted"]]), _codes_in(rows[~rows["highlighted"]])
        none = next((m for pattern in NONE_CHOSEN if (m := pattern.search(note))), None)
        if m := HIGHLIGHTED.search(note):
            if named_partners(m.group(1)) != lit:
                out.append(f"{section.key}: note {m.group(0)!r}, highlighted rows hold {sorted(lit)}")
            if (m2 := FADED.search(note)) and named_partners(m2.group(1)) != faded:
                out.append(f"{section.key}: note {m2.group(0)!r}, faded rows hold {sorted(faded)}")
            if faded and not m2 and "faded" not in note:
                out.append(f"{section.key}: note {note!r} does not say {sorted(faded)} are faded")
        elif none:
            if lit or named_partners(none.group(1)) != faded:
                out.append(f"{section.key}: note {none.group(0)!r}, rows: {sorted(lit)} lit, {sorted(faded)} faded")
        elif state.filtered and not rows["highlighted"].all() and section.kind == "chart" and "faded" not in note:
            out.append(f"{section.key}: a chart fades {sorted(faded)} and its note does not say so: {note!r}")
    return out


# ---------------------------------------------------------------- (i) the filter deletes no partner

def check_filter_keeps_the_context(view, state: ViewState) -> list[str]:
    if not state.filtered:
        return []
    page = page_of(view)
    unfiltered = {s.key: s for s in sections(build(page, view_state([], PARTNERS, asof=state.asof)))}
    out = []
    for section in sections(view):
        before = unfiltered.get(section.key)
        if before is None or before.empty or "highlighted" not in section.rows:
            continue
        # the partners of the rows (the UN votes' voting country is the compared neighbour, a page control)
        partners = _codes_in(before.rows[["partner"]]) if "partner" in before.rows else set()
        lost = sorted(partners - row_codes(section.rows))
        if lost or section.empty:
            out.append(f"{section.key}: under the filter {sorted(lost)} are gone (or the section is empty)")
    return out


CHECKS = {
    "a_titles_name_shown_partners": check_titles_name_shown_partners,
    "b_counts_match_rows": check_counts_match_rows,
    "c_heading_compares_shown_partners": check_heading_compares_shown_partners,
    "d_empty_is_explained": check_empty_is_explained,
    "e_csv_has_the_rows": check_csv_has_the_rows,
    "f_article_time_hides_later_data": check_article_time_hides_later_data,
    "g_empty_message_names_real_rows": check_empty_message_names_real_rows,
    "h_note_names_the_highlighted": check_note_names_the_highlighted,
    "i_filter_keeps_the_context": check_filter_keeps_the_context,
}


# ---------------------------------------------------------------- property: any filter

chosen_codes = st.one_of(st.lists(st.sampled_from(CODES), max_size=4, unique=True),
                         st.sampled_from([list(codes) for codes in PRESETS.values()]))
states = st.builds(lambda chosen, blocs, asof: view_state(chosen, PARTNERS, asof=asof, include_blocs=blocs),
                   chosen_codes, st.booleans(), st.sampled_from(["latest", "2020-06", "1999-01"]))


def fresh(page: str, state: ViewState):
    """The page's view built now, not taken from the views' memo: what an example checks never
    depends on which test ran before it."""
    build_now = getattr(VIEWS[page].build, "uncached", VIEWS[page].build)
    return build_now(state)


def every_problem(views: dict, state: ViewState) -> list[str]:
    return [f"{name}: {page}: {problem}" for name, check in CHECKS.items()
            for page, view in views.items() for problem in check(view, state)]


# Every check runs on the same freshly built views of an example, so no check's result or cost
# depends on the order tests run in. No shrinking: each shrink step rebuilds every view (80 s for
# one failure); the named states below give the readable examples, this test the breadth.
@seed(20200630)
@settings(max_examples=examples(40), phases=(Phase.explicit, Phase.generate))
@given(state=states)
def test_every_section_under_any_filter(state):
    found = every_problem({page: fresh(page, state) for page in SECTION_PAGES}, state)
    assert not found, "\n".join(found)


@seed(20200630)
@settings(max_examples=examples(25), phases=(Phase.explicit, Phase.generate))
@given(state=states, year=st.one_of(st.none(), st.integers(1995, 2030)))
def test_neighbourhood_under_any_filter_and_year(state, year):
    """The Neighbourhood's build also takes the map's year (out of range: the as-of default)."""
    found = every_problem({"neighbourhood": VIEWS["neighbourhood"].build(state, year)}, state)
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- the named filter states, listed

NAMED = {
    "none": view_state([], PARTNERS),
    "RUS": view_state(["RUS"], PARTNERS),
    "CHN": view_state(["CHN"], PARTNERS),
    "EU": view_state(["EU"], PARTNERS),
    "DEU": view_state(["DEU"], PARTNERS),
    "DEU-noblocs": view_state(["DEU"], PARTNERS, include_blocs=False),
    "WEST": view_state(["WEST"], PARTNERS),
    "CHN-asof-2020-06": view_state(["CHN"], PARTNERS, asof="2020-06"),
    "none-asof-2020-06": view_state([], PARTNERS, asof="2020-06"),
}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("name", [pytest.param(name, marks=viewcache.group(state)) for name, state in NAMED.items()])
def test_named_filter_states(name, check):
    found = problems(CHECKS[check], NAMED[name])
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- the checks themselves can fail

def test_name_matching_reads_the_longest_name():
    assert named_partners("Share: EU 62% vs Russia & EAEU just 8%") == {"EU", "EAEU"}
    assert named_partners("about 8× that of Russia and the EAEU") == {"EAEU"}
    assert named_partners("US ranks 1, Russia only 9; USD 4 billion") == {"USA", "RUS"}
    assert named_partners("Chinese money in Serbia") == set()


@dataclasses.dataclass(frozen=True)
class FakeView:
    heading: str
    section: Section


def test_the_checks_catch_what_they_look_for():
    rows = pd.DataFrame({"partner": ["NATO"], "exercises": [13]})
    nato_only = FakeView("Security: closer to NATO than Russia", Section(
        "exercises", "13 with NATO, 4 with Russia", rows, ("military_exercises",), kind="table", table=rows))
    assert problems(check_titles_name_shown_partners, NAMED["none"], []) == []
    assert len(check_titles_name_shown_partners(nato_only, NAMED["none"])) == 1  # Russia has no row
    assert len(check_heading_compares_shown_partners(nato_only, NAMED["none"])) == 1
    miscounted = FakeView("Kosovo", Section("timeline", "Russia is involved in all 3 dated events shown, 2019",
                                            pd.DataFrame({"event_id": ["a", "b"], "partner": ["RUS", "RUS"],
                                                          "date": pd.to_datetime(["2019-01-01", "2019-05-01"])}),
                                            ("timeline",), kind="table", table=pd.DataFrame({"x": [1, 2]})))
    assert len(check_counts_match_rows(miscounted, NAMED["none"])) == 1
    filtered = pd.DataFrame({"event_id": ["a", "a", "b"], "partner": ["RUS", "UKR", "USA"], "highlighted": [True, False, False],
                             "date": pd.to_datetime(["2014-01-01", "2014-01-01", "2019-05-01"])})
    overcounted = FakeView("Kosovo", Section("timeline", "Russia: involved in 2 of the 2 dated events, 2014–2019", filtered,
                                             ("timeline",), kind="table", table=filtered))
    assert len(check_counts_match_rows(overcounted, NAMED["RUS"])) == 1  # Russia is in 1 of the 2
    wrong_note = FakeView("Security", Section("exercises", "t",
                                              pd.DataFrame({"partner": ["NATO", "RUS"], "highlighted": [True, False]}),
                                              ("military_exercises",), kind="table", table=pd.DataFrame({"x": [1, 2]}),
                                              note="Highlighted: Russia. Shown faded, for comparison: NATO."))
    assert len(check_note_names_the_highlighted(wrong_note, NAMED["RUS"])) == 2  # both sentences swap the two
    milestones = pd.DataFrame({"iso3": ["MKD", "ALB"], "date": ["2020-03-27", "2022-07-19"]})
    later = FakeView("Map", Section("dates", "t", milestones, ("nato_eu_milestones",), kind="table", table=milestones))
    assert check_article_time_hides_later_data(later, NAMED["none-asof-2020-06"]) == [
        "dates: 'as of June 2020' still shows date ['2022-07-19']"]
    border = pd.DataFrame({"name": ["A", "B", "C"], "borders_serbia": [True, True, False],
                           "status": ["NATO member", "Neither", "NATO member"]})
    ring = FakeView("Map", Section("map", "End of 2019: 2 of 2 neighbours in NATO. Not in NATO: none", border,
                                   ("nato_eu_milestones",), kind="table", table=border))
    assert len(check_counts_match_rows(ring, NAMED["none"])) == 1  # 1 of 2; B is not in NATO


def test_trade_heading_compares_blocs_that_every_state_shows():
    """(c) made concrete: the heading compares the EU with Russia and the EAEU, so both blocs' rows
    stay on the page under every filter (faded when not chosen), and the heading never changes with
    the partners chosen. data/external/imf_dots_serbia_trade.csv, flow 'total': EU 53.0% (2006) to
    63.2% (2018), EAEU 7.4% (2017) to 13.5% (2006), both in every year 2006–2019 but 2010 (no EAEU total)."""
    for name, state in NAMED.items():
        view = build("trade", state)
        for section in (view.shares, view.dots):
            assert {"EU", "EAEU"} <= row_codes(section.rows), (name, section.key)
        assert view.heading == ("Trade: the EU leads Russia and the EAEU in every year 2006–2019 with both totals "
                                "(no EAEU total for 2010)"), (name, view.heading)


def test_security_heading_compares_with_nato_under_every_filter():
    """The heading "closer to NATO than the alliance myths suggest" rests on the exercises (13 with
    NATO, 4 with Russia: military_exercises.csv, endnote 27): NATO's row is always shown, faded when
    not chosen."""
    for name, state in NAMED.items():
        view = build("security", state)
        rows = view.exercises.rows.set_index("partner")
        assert rows["exercises"].to_dict() == {"NATO": 13, "RUS": 4}, name
        assert rows.loc["NATO", "highlighted"] == state.shows("NATO"), name
        assert "closer to NATO" in view.heading


def test_arms_deals_stay_under_a_filter_and_the_empty_message_is_true(monkeypatch):
    """arms_deals.csv names deals with Russia and France (Mistral MANPADS, endnote 33): under China
    the deals stay, faded, and the note says none of the partners chosen is in them; the message
    for a file without deals must not say the article names deals 'only with Russia'."""
    deals = pd.read_csv(ROOT / "data" / "arms_deals.csv", dtype=str)
    assert set(deals["partner"]) == {"RUS", "FRA"}
    section = build("security", NAMED["CHN"]).deals
    assert not section.empty and len(section.rows) == 4 and not section.rows["highlighted"].any()
    assert section.note == ("None of the partners selected appears in this chart; the article's figures for "
                            "Russia and France are shown for reference.")
    from components.views import common, security
    load = data.load_table
    empty = load("arms_deals").iloc[0:0]
    monkeypatch.setattr(security.data, "load_table", lambda name: empty if name == "arms_deals" else load(name))
    message = security._deals(NAMED["CHN"], common.lookups()).empty
    assert message and "only with Russia" not in message, message


def test_sources_downloads_hold_the_rows_shown():
    """The sources page lists tables, not sections: each download holds the rows it counts."""
    for state in (NAMED["none"], NAMED["RUS"], NAMED["DEU-noblocs"]):
        for entry in build("sources", state).tables:
            assert entry.error is None, entry.error
            assert len(csv_records(entry.csv)) - 1 == len(entry.rows), entry.resource["name"]


def test_overview_scorecard_cites_the_endnotes_of_its_figures():
    """The scorecard's cells quote figures with endnotes (trade 62% = endnote 22, 13 exercises =
    endnote 27, ...); its source line must not call them 'main text'. Its rows are the cells
    table, which has no endnote column, so provenance.source_lines cannot see them."""
    from components import provenance

    section = build("overview", NAMED["none"]).scorecard
    lines = provenance.source_lines(section.rows, section.resources, PACKAGE)
    assert not any("(main text)" in line for line in lines), lines
    assert any("endnotes" in line and "22" in line and "27" in line for line in lines), lines
