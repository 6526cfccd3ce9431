"""Kosovo and diplomacy: every dated event (one row per event and partner), the events table,
and the article's diplomacy findings."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import asof, charts, charts_series, countries, data, memo, params, record_unga, sensitivity
from components.sections import Section, nothing
from components.state import BLOC_KINDS, CAMP_CODES, ViewState, view_state
from components.views import memoised
from components.views.common import context_note, highlight, lookups, names_list, view_url

PAGE = "kosovo"
HEADING = "Kosovo and diplomacy"

RESOURCES = ("timeline", "event_partners")


@dataclass(frozen=True)
class KosovoView:
    heading: str
    timeline: Section
    events: Section
    findings: Section
    unga: Section  # with the neighbour the state's control chose (chosen_neighbour)
    neighbours: tuple[tuple[str, str], ...]  # (code, name) of the neighbours in the UNGA table
    neighbour: str  # chosen_neighbour(state)


def _years(involvement: pd.DataFrame) -> str:
    first, last = involvement["date"].dt.year.min(), involvement["date"].dt.year.max()
    return str(first) if first == last else f"{first}–{last}"


def _who_chose(lit: pd.DataFrame, state: ViewState, names) -> str:
    """The partners the analyst chose whose rows, or whose blocs' or members' rows, are highlighted;
    '(with its blocs)' when partners brought in with them are involved (a camp is its partners)."""
    partners = data.load_table("partners")
    kinds = dict(zip(partners["code"], partners["kind"]))
    involved, named, added = set(lit["partner"]), [], set()
    for code in state.chosen:
        with_it = (set(view_state([code], partners, include_blocs=state.include_blocs).brought_in) & involved
                   - set(state.chosen))
        if code in involved or with_it:
            named.append(code)
        if code not in CAMP_CODES:
            added |= with_it
    if not added:
        return names_list(named, names)
    blocs = [kinds.get(code) in BLOC_KINDS for code in added]
    word = "blocs" if all(blocs) else "members" if not any(blocs) else "blocs and members"
    return f"{names_list(named, names)} (with {'its' if len(named) == 1 else 'their'} {word})"


def timeline_title(involvement: pd.DataFrame, names, state: ViewState | None = None) -> str:
    """Who is involved in most of the events shown, counted from the rows (one per event and partner);
    under a filter, how many of all the events involve the partners chosen (named as the analyst
    chose them, with their blocs or members when those are involved)."""
    state = state or ViewState()
    years, total = _years(involvement), involvement["event_id"].nunique()
    if not involvement["highlighted"].all():
        lit = involvement[involvement["highlighted"]]
        if lit.empty:
            return f"None of the {total} dated events, {years}, involves the partners chosen"
        return f"{_who_chose(lit, state, names)}: involved in {lit['event_id'].nunique()} of the {total} dated events, {years}"
    counts = involvement.groupby("partner")["event_id"].nunique().sort_values(ascending=False)
    top = names.get(counts.index[0], counts.index[0])
    if total == 1:
        return f"{top}: the one dated event shown, {years}"
    if counts.iloc[0] == total:
        return f"{top} is involved in all {total} dated events shown, {years}"
    flagged = sensitivity.flag(timeline_check(involvement, names).note)
    return (f"{top} is involved in {counts.iloc[0]} of the {total} dated events shown, {years}"
            + (f" ({flagged})" if flagged else ""))


def timeline_check(involvement: pd.DataFrame, names) -> sensitivity.LeaderCheck:
    """Is the partner in most events still first with one of its events left out? (components.sensitivity;
    each event counts 1, so this changes the leader only on a margin of one)."""
    records = involvement.drop_duplicates(["partner", "event_id"]).assign(
        events=1.0, record=lambda f: "event of " + f["date"].dt.strftime("%Y-%m"))
    return sensitivity.leader_check(records, group="partner", value="events", label="record", names=names,
                                    unit="events", kind="event", verb="is involved in most", member="partner")


def _dating_note(events: pd.DataFrame) -> str:
    derived = int(events["date_derived"].fillna(False).sum())
    if not derived:
        return "Every event shown is dated by the article itself."
    one = derived == 1
    return (f"{derived} of the {len(events)} events shown {'is' if one else 'are'} not dated by the article itself; "
            f"{'its date is' if one else 'their dates are'} derived, inferred from context "
            "(see “Date derived” in the table below).")


def _events_table(events: pd.DataFrame, names) -> pd.DataFrame:
    involved = events["partner"].map(lambda joined: ", ".join(names.get(c, c) for c in joined.split(";")))
    return pd.DataFrame({
        "Date": events["date"].dt.strftime("%Y-%m").where(events["date_precision"] == "month",
                                                            events["date"].dt.strftime("%Y")),
        "As written": events["date_as_written"].fillna(""), "Event": events["event"], "Partners involved": involved,
        "Endnote": events["endnote"].astype("string").fillna(""),
        "Date derived": events["date_derived"].map({True: "Yes", False: "No"}).astype("string").fillna(""),
        "How the date was derived": events["date_derivation"].fillna("")})


def plot_dates(events: pd.DataFrame) -> pd.Series:
    """Where an event dated only to a month or a year is drawn: the 15th of the month; mid-year
    (2 July) for a year, except 2020, whose events the June-2020 article reports in the past tense:
    they lie between 1 January and 30 June 2020, so 1 April, left of the publication marker."""
    year_only = events["date_precision"] == "year"
    month_only = events["date_precision"] == "month"
    mid_year = events["date"] + pd.Timedelta(days=182)
    mid_year = mid_year.where(events["date"].dt.year != 2020, pd.Timestamp("2020-04-01"))
    return events["date"].where(~year_only, mid_year).where(~month_only, events["date"] + pd.Timedelta(days=14))


@memoised
def build(state: ViewState) -> KosovoView:
    look = lookups()
    event_partners = data.load_table("event_partners")
    involvement = highlight(data.load_table("timeline").merge(event_partners, on="event_id", validate="one_to_many"),
                            state)
    findings = data.load_table("findings")
    diplomacy = highlight(findings[findings["dimension"] == "diplomacy"], state)
    findings_section = Section("findings", "What the article finds on diplomacy", diplomacy, ("findings",),
                               kind="text", note=context_note(diplomacy, state, look.names))
    heading = HEADING
    if involvement.empty:
        why = "The article dates no event involving the partners selected."
        return KosovoView(heading, nothing("timeline", "Dated events", RESOURCES, why),
                          nothing("events", "The events in order", RESOURCES, why), findings_section,
                          *_unga_parts(state))
    # One row per event; `partner` lists every partner involved ("RUS;UKR"), so the download
    # holds what the table shows.
    codes = event_partners.groupby("event_id")["partner"].agg(";".join)
    events = (involvement.drop_duplicates("event_id").sort_values(["date", "event_id"])
              .assign(partner=lambda f: f["event_id"].map(codes)))
    title = timeline_title(involvement, look.names, state)
    involvement = involvement.assign(plot_date=plot_dates(involvement))
    timeline = Section("timeline", title, involvement, RESOURCES,
                       note=" ".join(filter(None, [
                           timeline_check(involvement, look.names).note if involvement["highlighted"].all() else "",
                           _dating_note(events), context_note(involvement, state, look.names)])),
                       view_url=view_url(PAGE, state),
                       figure=charts.timeline_chart(involvement, title, look.names, look.styles))
    table = Section("events", "The events in order", events, RESOURCES, kind="table",
                    table=_events_table(events, look.names),
                    note="“As written” keeps the article's own words; events are placed on the first day of the "
                         "period they are dated to.")
    return KosovoView(heading, timeline, table, findings_section, *_unga_parts(state))


# === At the UN: agreement with the US, Russia and China =====================================

UNGA_SINCE = 61  # 2006–07: the first session after Montenegro's independence (June 2006)
NEIGHBOUR_DEFAULT = "HRV"
AGREEMENT = {"with_usa": "USA", "with_russia": "RUS", "with_china": "CHN"}
UNGA_NAMES = {"USA": "with the US", "RUS": "with Russia", "CHN": "with China"}


def session_label(session: int) -> str:
    """'74 (2019–20)': a session straddles two years."""
    return f"{int(session)} ({record_unga.session_years(int(session))})"


def neighbours() -> tuple[tuple[str, str], ...]:
    """Serbia's neighbours as the UNGA table holds them (code, name), in the table's order."""
    table = data.load_table("unga_voting_agreement")
    names = countries.names()
    return tuple((code, names[code]) for code in record_unga.held(table) if code != countries.REPORTER)


def unga_rows(state: ViewState, neighbour: str) -> pd.DataFrame:
    """One row per session, country (Serbia, the neighbour) and partner (US, Russia, China);
    sessions not ended by June 2020 dropped under the article's as-of, marked otherwise."""
    table = data.load_table("unga_voting_agreement")
    tidy = record_unga.agreement(table, ["SRB", neighbour], since=UNGA_SINCE)
    tidy = asof.keep_known(tidy, record_unga.RESOURCE, "session", state.asof)
    long = tidy.melt(id_vars=["session", "years", "country", "country_name", "votes"], value_vars=list(AGREEMENT),
                     var_name="measure", value_name="agreement_pct")
    long = long.assign(partner=long["measure"].map(AGREEMENT),
                       session_label=long["session"].map(session_label) + ", " + long["votes"].astype(str) + " votes",
                       post_publication=asof.published_after_mask(long, record_unga.RESOURCE, "session"))
    chosen_neighbour = long["country"].isin([c for c in state.chosen if c != "SRB"])
    long = highlight(long, state)
    long = long.assign(highlighted=long["highlighted"] | chosen_neighbour if state.selection is not None
                       else long["highlighted"])
    order = {"SRB": 0, neighbour: 1}
    return long.sort_values(["country", "partner", "session"], key=lambda c: c.map(order) if c.name == "country" else c,
                            ignore_index=True)


def last_session_by_article(sessions) -> int | None:
    """The last session complete by June 2020 (components.asof: 73, which closed in September 2019)."""
    return asof.last_known(record_unga.RESOURCE, [int(s) for s in sessions], asof.ASOF_ARTICLE)


def unga_title(rows: pd.DataFrame) -> str:
    """Serbia's agreement in the last session shown, largest first, and in the last session the
    article could know when later ones are shown."""
    serbia = rows[rows["country"] == "SRB"]
    parts = []
    known = last_session_by_article(serbia["session"].unique())
    for session in dict.fromkeys([int(serbia["session"].max()), *([known] if known is not None else [])]):
        one = serbia[serbia["session"] == session].sort_values("agreement_pct", ascending=False)
        values = ", ".join(f"{UNGA_NAMES[p]} {v:.0f}%" for p, v in zip(one["partner"], one["agreement_pct"]))
        parts.append(f"{session_label(session)}: {values}")
    return "Serbia's UN votes in agreement, session " + "; session ".join(parts)


def _unga_note(rows: pd.DataFrame, state: ViewState, neighbour_name: str) -> str:
    later = rows.loc[rows["post_publication"], "session"]
    post = (f"Sessions from {session_label(int(later.min()))} had not ended by June 2020 (hollow points, right of "
            "the June-2020 line)." if len(later) else "")
    if state.selection is None:
        chosen = ""
    elif rows["highlighted"].any():
        lit = rows[rows["highlighted"]]
        chosen = (f"Highlighted: agreement {names_list([UNGA_NAMES[p] for p in lit['partner'].unique()], {})} "
                  f"({names_list(lit['country_name'].unique(), {})}); the other lines are shown faded, for comparison.")
    else:
        chosen = ("None of the partners selected is the US, Russia, China or one of Serbia's neighbours in this "
                  "table: every line is shown faded, for comparison.")
    return " ".join(filter(None, [f"Serbia since session {session_label(UNGA_SINCE)}, with {neighbour_name} for "
                                  "comparison.", record_unga.METHOD_NOTE, post, chosen]))


@memo.memoise  # in the shared view cache (components/memo.py), per state, neighbour and data version
def _unga_cached(state: ViewState, neighbour: str) -> Section:
    look = lookups()
    rows = unga_rows(state, neighbour)
    name = dict(neighbours()).get(neighbour, neighbour)
    title = unga_title(rows)
    ticks = {s: f"{s}\n({record_unga.session_years(s)})" for s in sorted(rows["session"].unique()) if s % 4 == 2}
    figure = charts_series.panel_lines_chart(
        rows, title, panel="country", panels=("SRB", neighbour), panel_titles={"SRB": "Serbia", neighbour: name},
        x="session", value_column="agreement_pct", unit="% of votes in agreement", styles=look.styles,
        names={c: UNGA_NAMES[c].removeprefix("with ").replace("the US", "US") for c in UNGA_NAMES},
        post_column="post_publication", hover_x="session_label", tick_labels=ticks,
        marker_x=None if state.article_time else last_session_by_article(rows["session"].unique()) + 0.5)
    return Section("unga", title, rows, ("unga_voting_agreement",), figure=figure, view_url=view_url(PAGE, state),
                   note=_unga_note(rows, state, name))


def unga_section(state: ViewState, neighbour: str) -> Section:
    """Serbia's agreement with the US, Russia and China by session, beside ``neighbour``'s."""
    known = dict(neighbours())
    if neighbour not in known:
        neighbour = NEIGHBOUR_DEFAULT
    return _unga_cached(state, neighbour)


def default_neighbour(state: ViewState) -> str:
    """The first neighbour chosen in the filter, else Croatia."""
    known = dict(neighbours())
    return next((c for c in state.chosen if c in known), NEIGHBOUR_DEFAULT)


def chosen_neighbour(state: ViewState) -> str:
    """The neighbour the view compares: its ``neighbour`` control, else default_neighbour."""
    by_name = {name: code for code, name in neighbours()}
    return by_name.get(state.control(params.NEIGHBOUR.name), default_neighbour(state))


def _unga_parts(state: ViewState) -> tuple[Section, tuple[tuple[str, str], ...], str]:
    neighbour = chosen_neighbour(state)
    return unga_section(state, neighbour), neighbours(), neighbour
