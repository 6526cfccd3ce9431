"""The Overview's scorecard and headline numbers: West vs Russia vs China, read from the tables.

Plain Python. The evidence is assembled from every row of the article's tables (numbers and
findings); the partner filter then decides, per camp, what a cell says:

* the evidence about the chosen partners of that camp (all partners without a filter);
* "Filtered out" when none of the camp's partners is chosen, or the article's evidence there is
  only about partners of the camp that are not chosen (the cell names them);
* "Not covered by the article" only where the article says nothing about that camp there.

Labels are plain: a figure is written as a number with its unit; the article's hedge stays in
the quote behind it, never as a data label.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from components.charts import fmt, hedged
from components.state import ViewState

DIMENSIONS = {"trade": "Trade", "security": "Security", "money": "Money", "pandemic": "Pandemic aid",
              "soft_power": "Soft power", "diplomacy": "Diplomacy"}
CAMPS = ("West", "Russia", "China")
NOT_COVERED = "Not covered by the article"
FILTERED_OUT = "Filtered out"
COVERED = "Covered"
EVIDENCE_COLUMNS = ["dimension", "partner", "evidence", "endnote"]


def _trade(t, name) -> list[tuple]:
    rows = t["trade_shares"]
    return [("trade", r.partner, f"{name(r.partner)}: {fmt(r.share)}% of Serbia's total trade ({r.year})", r.endnote)
            for r in rows[(rows["flow"] == "total") & ~rows["derived"]].itertuples()]


def _security(t, name) -> list[tuple]:
    items = [("security", r.partner, f"{r.exercises} military exercises with {name(r.partner)} (2019)", r.endnote)
             for r in t["military_exercises"].itertuples()]
    return items + [("security", r.partner, f"{name(r.partner)}: no. {r.rank} military donor 2008–2018", r.endnote)
                    for r in t["military_donors"].itertuples()]


def _money(t, name) -> list[tuple]:
    """Investment and loans as two items: different scope, never added."""
    return [("money", r.partner, f"{r.label}: {'over ' if isinstance(r.qualifier, str) else ''}USD {fmt(r.value)} billion",
             r.endnote) for r in t["chinese_finance"].itertuples()]


def _pandemic(t, name) -> list[tuple]:
    aid = t["pandemic_aid"]
    delivered = aid[(aid["recipient"] == "SRB") & ~aid["derived"] & aid["delivered_by"].notna()
                    & ~aid["indicator"].str.startswith("nis_")]
    items = [("pandemic", r.partner, f"{r.label}: {hedged(r.value, r.qualifier)}", r.endnote) for r in delivered.itertuples()]
    return items + [("pandemic", r.partner, f"{r.gesture}{f' ({r.by_whom})' if pd.notna(r.by_whom) else ''}", r.endnote)
                    for r in t["aid_gestures"].itertuples()]


def _soft_power(t, name) -> list[tuple]:
    return [("soft_power", r.partner, f"{r.label}: {'no. ' + fmt(r.value) if r.unit == 'rank' else fmt(r.value)}", r.endnote)
            for r in t["soft_power"].itertuples()]


def _findings(t, name) -> list[tuple]:
    return [(r.dimension, r.partner, r.finding, r.endnote)
            for r in t["findings"].drop_duplicates(["finding_id", "partner"]).itertuples()]


def evidence(t: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per piece of evidence the article gives: dimension, partner, evidence, endnote."""
    name = lambda code: names.get(code, code)  # noqa: E731
    items = [item for reader in (_trade, _security, _money, _pandemic, _soft_power, _findings) for item in reader(t, name)]
    return pd.DataFrame(items, columns=EVIDENCE_COLUMNS)


def _chosen_camps(state: ViewState, camps: Mapping[str, str]) -> set[str]:
    return set(CAMPS) if state.selection is None else {camps.get(code) for code in state.selection}


def _cell(items: pd.DataFrame, camp_chosen: bool, state: ViewState, names: Mapping[str, str]) -> tuple[str, str, str]:
    """(state, text, endnotes) of one dimension x camp cell."""
    if not camp_chosen:
        return FILTERED_OUT, FILTERED_OUT, ""
    if items.empty:
        return NOT_COVERED, NOT_COVERED, ""
    chosen = items if state.selection is None else items[items["partner"].isin(state.selection)]
    if chosen.empty:
        about = ", ".join(dict.fromkeys(names.get(p, p) for p in items["partner"]))
        return FILTERED_OUT, f"{FILTERED_OUT}: the article's evidence here is about {about}", ""
    texts = list(dict.fromkeys(chosen["evidence"]))
    notes = sorted({int(n) for n in chosen["endnote"].dropna()})
    return COVERED, " • ".join(texts), ", ".join(map(str, notes))


def cells(items: pd.DataFrame, camps: Mapping[str, str], state: ViewState, names: Mapping[str, str]) -> pd.DataFrame:
    """Dimension x camp, long: dimension, camp, state, text, endnotes (see the module note)."""
    items = items.assign(camp=items["partner"].map(camps))
    chosen_camps = _chosen_camps(state, camps)
    rows = []
    for key, label in DIMENSIONS.items():
        for camp in CAMPS:
            part = items[(items["dimension"] == key) & (items["camp"] == camp)]
            rows.append((label, camp, *_cell(part, camp in chosen_camps, state, names)))
    return pd.DataFrame(rows, columns=["dimension", "camp", "state", "text", "endnotes"])


def scorecard(cells_long: pd.DataFrame) -> pd.DataFrame:
    """The wide table: one row per dimension, one column per camp."""
    table = cells_long.pivot(index="dimension", columns="camp", values="text")
    table = table.reindex(index=list(DIMENSIONS.values()), columns=list(CAMPS))
    table.index.name = "Dimension"
    return table.reset_index()


def endnote_text(rows: pd.DataFrame) -> str:
    """'endnote 22' / 'endnotes 22, 27' / 'main text, no endnote' from the rows' endnote column."""
    notes = sorted({int(n) for n in rows["endnote"].dropna()})
    if not notes:
        return "main text, no endnote"
    return ("endnote " if len(notes) == 1 else "endnotes ") + ", ".join(map(str, notes))
