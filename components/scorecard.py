"""The overview's scorecard: West vs Russia vs China on every dimension the data covers.

Plain Python. Every cell is assembled from rows of the data tables (numbers and findings), so
filtering the rows filters the scorecard, and a dimension the article does not cover for a
camp says so instead of showing zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from components.charts import fmt, hedged

DIMENSIONS = {"trade": "Trade", "security": "Security", "money": "Money", "pandemic": "Pandemic aid",
              "soft_power": "Soft power", "diplomacy": "Diplomacy"}
CAMPS = ("West", "Russia", "China")
NOT_COVERED = "Not covered by the article"


def evidence(t: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per piece of evidence: dimension, partner, text."""
    name = lambda code: names.get(code, code)  # noqa: E731
    items = []
    for _, r in t["trade_shares"][t["trade_shares"]["flow"] == "total"].iterrows():
        if not r["derived"]:
            items.append(("trade", r["partner"],
                          f"{name(r['partner'])}: {hedged(r['share'], r['qualifier'], '%')} of total trade (2019)"))
    for _, r in t["military_exercises"].iterrows():
        items.append(("security", r["partner"], f"{r['exercises']} exercises with {name(r['partner'])} (2019)"))
    for _, r in t["military_donors"].iterrows():
        items.append(("security", r["partner"], f"{name(r['partner'])}: no. {r['rank']} military donor 2008–2018"))
    for _, r in t["chinese_finance"].iterrows():
        qualifier = f"{r['qualifier']} " if pd.notna(r["qualifier"]) else ""
        items.append(("money", r["partner"], f"{r['label']}: {qualifier}USD {fmt(r['value'])} billion"))
    aid = t["pandemic_aid"]
    for _, r in aid[(aid["recipient"] == "SRB") & ~aid["derived"] & aid["delivered_by"].notna()
                          & ~aid["indicator"].str.startswith("nis_")].iterrows():
        items.append(("pandemic", r["partner"], f"{r['label']}: {hedged(r['value'], r['qualifier'])}"))
    for _, r in t["aid_gestures"].iterrows():
        who = f" ({r['by_whom']})" if pd.notna(r["by_whom"]) else ""
        items.append(("pandemic", r["partner"], f"{r['gesture']}{who}"))
    for _, r in t["soft_power"].iterrows():
        value = f"no. {fmt(r['value'])}" if r["unit"] == "rank" else fmt(r["value"])
        items.append(("soft_power", r["partner"], f"{r['label']}: {value}"))
    for _, r in t["findings"].drop_duplicates(["finding_id", "partner"]).iterrows():
        items.append((r["dimension"], r["partner"], r["finding"]))
    return pd.DataFrame(items, columns=["dimension", "partner", "evidence"])


def scorecard(items: pd.DataFrame, camps: Mapping[str, str]) -> pd.DataFrame:
    """Dimension x camp table of evidence, 'Not covered by the article' where there is none."""
    items = items.assign(camp=items["partner"].map(camps))
    cells = (items[items["camp"].isin(CAMPS)].drop_duplicates(["dimension", "camp", "evidence"])
             .groupby(["dimension", "camp"])["evidence"].agg(lambda texts: " • ".join(texts)))
    table = cells.unstack("camp").reindex(index=list(DIMENSIONS), columns=list(CAMPS)).astype(object)
    table = table.fillna(NOT_COVERED)
    table.index = [DIMENSIONS[d] for d in table.index]
    table.index.name = "Dimension"
    return table.reset_index()


def headlines(t: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(label, value, explanation) for the overview's headline numbers, from the rows shown."""
    out = []
    trade = t["trade_shares"].query("flow == 'total' and not derived").set_index("partner")
    for code in trade.index:
        out.append((f"{names.get(code, code)} trade share", hedged(trade.loc[code, "share"], trade.loc[code, "qualifier"], "%"),
                    "Share of Serbia's total trade in 2019 (endnote 22)"))
    exercises = t["military_exercises"].set_index("partner")["exercises"]
    if len(exercises):
        label = " vs ".join(names.get(c, c) for c in exercises.index)
        out.append((f"Exercises: {label}", " vs ".join(str(v) for v in exercises),
                    "Military exercises Serbia held in 2019 (endnote 27)"))
    finance = t["chinese_finance"]
    if len(finance):
        out.append(("China: investment + loans", "$" + " + ".join(
            f"{'>' if pd.notna(q) else ''}{fmt(v)}" for v, q in zip(finance["value"], finance["qualifier"])) + " bn",
                    "USD 4 billion direct investment and slightly over USD 5 billion in loans and infrastructure (endnote 67)"))
    planes = t["pandemic_aid"].query("indicator == 'military_planes' and recipient == 'SRB'")
    if len(planes):
        out.append(("Russian aid planes", fmt(planes["value"].iloc[0]),
                    "Military planes of COVID-19 aid Russia sent to Serbia in April 2020 (endnote 7)"))
    return out


def head_to_head(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The metrics the article quantifies for more than one partner, ready for a chart."""
    trade = t["trade_shares"]
    trade = trade[(trade["flow"] == "total") & ~trade["derived"]]
    rows = [("Share of Serbia's trade, 2019 (%)", r["partner"], r["share"], hedged(r["share"], r["qualifier"], "%"),
             r["endnote"], r["quote"])
            for _, r in trade.iterrows()]
    rows += [("Military exercises, 2019", r["partner"], float(r["exercises"]), str(r["exercises"]), r["endnote"], r["quote"])
             for _, r in t["military_exercises"].iterrows()]
    return pd.DataFrame(rows, columns=["metric", "partner", "value", "display", "endnote", "quote"])


def head_to_head_title(metrics: pd.DataFrame, camps: Mapping[str, str], names: Mapping[str, str]) -> str:
    """Takeaway: which camp leads each metric shown, with the figures."""
    parts, leaders = [], set()
    for metric, part in metrics.groupby("metric", sort=False):
        ranked = part.sort_values("value", ascending=False)
        leaders.add(camps.get(ranked.iloc[0]["partner"]))
        parts.append(f"{metric.split(',')[0]}: " + " vs ".join(
            f"{names.get(r.partner, r.partner)} {r.display}" for r in ranked.itertuples()))
    contested = all(count > 1 for count in metrics.groupby("metric")["partner"].nunique())
    head = f"The {leaders.pop()} leads on every figure shown" if len(leaders) == 1 and contested else "Figures shown"
    return head + "\n" + "; ".join(parts)
