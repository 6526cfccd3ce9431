"""Overview: the thesis, headline figures per camp, a three-camp comparison, "Did it hold?" in
short, and the scorecard of what the article says about each camp.

Every figure comes from ``did_it_hold.indicators`` (external series read as their producers
read them) or from the article's tables; titles are computed from the rows shown and stay true
under any filter (the filter highlights; the other camps stay, faded).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts_record, data, scorecard, sensitivity
from components.sections import Section
from components.state import ViewState
from components.views import did_it_hold as hold
from components.views import memoised
from components.views.common import lookups, view_url

PAGE = "overview"
TABLES = ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid",
          "aid_gestures", "soft_power", "findings")
# The indicators with a figure for all three camps, who stands for each camp in them, their full
# wording and the short label a metric card or a chart panel has room for.
COMPARED = ((hold.TOTAL_SHARE, ("EU", "RUS", "CHN"), "Share of Serbia's total trade", "Trade share"),
            (hold.ARMS_SHARE, None, "Share of arms delivered to Serbia", "Arms share"),
            (hold.UNGA, None, "UN General Assembly votes in agreement", "UN agreement"))
# How a title says which camp is largest on each compared indicator.
LEADS = {"Share of Serbia's total trade": "{who} has the largest share of Serbia's total trade",
         "Share of arms delivered to Serbia": "{who} delivered the largest share of arms",
         "UN General Assembly votes in agreement": "Serbia voted most often with {who} at the UN"}


@dataclass(frozen=True)
class Headline:
    camp: str
    label: str  # short enough for a metric card: "Trade share, 2019"
    value: str
    help: str  # the full wording, who stands for the camp, and how it is measured
    who: str  # who stands for the camp here: "the EU", "Russia and allies"
    who_full: str  # the same with what it includes: "Russia and allies (Russia, Belarus …)"


@dataclass(frozen=True)
class OverviewView:
    heading: str
    thesis: str
    headlines: tuple[Headline, ...]
    comparison: Section
    hold_summary: tuple[tuple[str, str, str], ...]  # (dimension key, heading, takeaway)
    scorecard: Section
    scorecard_cells: pd.DataFrame


def comparison_rows(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per compared indicator and camp: its latest value (the article-time value where no
    later one exists, or as of June 2020), labelled with its year, period or session, and its
    sensitivity note ("" unless the value's claim rests on one record: components.sensitivity)."""
    rows = []
    for indicator, partners, label, brief in COMPARED:
        part = indicators[indicators["indicator"] == indicator]
        if partners is not None:
            part = part[part["partner"].isin(partners)]
        for r in part.itertuples():
            latest = pd.notna(r.latest_value)
            value, text, when, note = ((r.latest_value, r.latest_text, r.latest_label, r.latest_sensitivity) if latest
                                       else (r.then_value, r.then_text, r.then_label, r.then_sensitivity))
            rows.append({"metric": f"{label}, {when}", "label": f"{brief}, {when}", "camp": r.camp, "partner": r.partner,
                         "who": hold.short(r.who), "who_full": r.who,
                         "value": value, "text": text, "when": when, "source_resource": r.source_resource,
                         "basis": r.basis, "sensitivity": note or "", "highlighted": r.highlighted})
    return pd.DataFrame(rows)


def comparison_title(rows: pd.DataFrame) -> str:
    """Which camp is largest on each indicator shown, with its figure (all three camps are shown),
    and where that rests on one record, a flag (the note under the chart says which)."""
    parts = []
    for metric, part in rows.groupby("metric", sort=False):
        top = part.sort_values("value", ascending=False).iloc[0]
        lead = LEADS[metric.split(",")[0]].format(who=top["who"])
        flagged = sensitivity.flag(top.get("sensitivity", ""))
        parts.append(f"{lead[0].upper()}{lead[1:]} ({top['text']}, {top['when']}{', ' + flagged if flagged else ''})")
    return "; ".join(parts)


def sensitivity_note(rows: pd.DataFrame) -> str:
    """The sensitivity notes of the leading rows (the claims the title makes), each once."""
    leads = [part.sort_values("value", ascending=False).iloc[0] for _, part in rows.groupby("metric", sort=False)]
    return " ".join(dict.fromkeys(str(top["sensitivity"]) for top in leads if top.get("sensitivity", "")))


def headlines(rows: pd.DataFrame) -> tuple[Headline, ...]:
    """Per camp, its figure on each compared indicator: a short label, the full wording in the help."""
    out = []
    for camp in scorecard.CAMPS:
        for r in rows[rows["camp"] == camp].itertuples():
            wording = f"{r.metric.split(',')[0]} ({r.who_full}), {r.when}: {r.text}."
            sensitive = f"{r.sensitivity} " if r.sensitivity else ""
            out.append(Headline(camp, r.label, r.text, f"{wording} {sensitive}{r.basis}", r.who, r.who_full))
    return tuple(out)


def stands_for(items: tuple[Headline, ...]) -> str:
    """Where a camp's figure is about someone else than the camp's name: 'West: EU in trade share,
    US in UN agreement. Russia: Russia and allies (Russia, Belarus …) in arms share.'"""
    def lower(label: str) -> str:  # "Trade share" -> "trade share"; "UN agreement" stays
        return label if label[:2].isupper() else label[0].lower() + label[1:]
    parts = []
    for camp in scorecard.CAMPS:
        others = [f"{h.who_full} in {lower(h.label.split(',')[0])}" for h in items
                  if h.camp == camp and h.who.removeprefix("the ") != camp]
        if others:
            parts.append(f"{camp}: {', '.join(others)}.")
    return " ".join(parts)


def _comparison(indicators: pd.DataFrame, state: ViewState, styles) -> Section:
    rows = comparison_rows(indicators)
    title = comparison_title(rows)
    return Section("comparison", title, rows, tuple(dict.fromkeys(rows["source_resource"])),
                   figure=charts_record.camp_comparison_chart(rows.assign(heading=rows["label"]), title, styles),
                   view_url=view_url(PAGE, state),
                   table=rows[["metric", "who", "text", "source_resource"]].rename(columns={
                       "metric": "Indicator", "who": "For the camp", "text": "Value", "source_resource": "Data set"}),
                   note=" ".join(filter(None, [sensitivity_note(rows), f"Whose figures — {stands_for(headlines(rows))}",
                                               hold.highlight_note(rows, state)])))


def _evidence_rows(items: pd.DataFrame, long: pd.DataFrame, state: ViewState, look) -> pd.DataFrame:
    """The rows behind the scorecard (its CSV and endnotes): each piece of evidence shown, and one row
    per cell that shows none, with its state."""
    items = items.assign(camp=items["partner"].map(look.camps), dimension=items["dimension"].map(scorecard.DIMENSIONS))
    shown = items if state.selection is None else items[items["partner"].isin(state.selection)]
    covered = long[long["state"] == scorecard.COVERED][["dimension", "camp"]]
    shown = shown.merge(covered, on=["dimension", "camp"]).assign(state=scorecard.COVERED)
    empty = long[long["state"] != scorecard.COVERED].assign(partner=pd.NA, evidence=long["text"], endnote=pd.NA)
    columns = ["dimension", "camp", "state", "partner", "evidence", "endnote"]
    return pd.concat([shown[columns], empty[columns]], ignore_index=True)


def _scorecard(state: ViewState, look) -> tuple[Section, pd.DataFrame]:
    tables = {name: data.load_table(name) for name in TABLES}
    items = scorecard.evidence(tables, look.names)
    long = scorecard.cells(items, look.camps, state, look.names)
    section = Section("scorecard", "Scorecard: what the article says about each camp", _evidence_rows(items, long, state, look),
                      TABLES, kind="table", table=scorecard.scorecard(long), view_url=view_url(PAGE, state),
                      note="“Not covered by the article” means the article says nothing about that camp there — not "
                           "zero. “Filtered out” means none of the camp's partners chosen in the filter is concerned.")
    return section, long


@memoised
def build(state: ViewState) -> OverviewView:
    look = lookups()
    indicators = hold.indicators(state)
    comparison = _comparison(indicators, state, look.styles)
    held = tuple((p.dimension, p.heading, p.takeaway) for p in hold.build(state).panels)
    card, long = _scorecard(state, look)
    return OverviewView("Serbia between Russia, China and the West", hold.build(state).thesis,
                        headlines(comparison.rows), comparison, held, card, long)
