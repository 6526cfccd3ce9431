"""Trade: EU vs Russia/EAEU shares of Serbia's trade in 2019 (article), Factbook import partners."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data
from components.sections import Section, nothing
from components.state import LAST_KNOWN_YEAR, ViewState
from components.views import memoised
from components.views.common import context_note, highlight, lookups, view_url

PAGE = "trade"


@dataclass(frozen=True)
class TradeView:
    heading: str
    shares: Section
    imports: Section


def trade_share_title(shares: pd.DataFrame, names) -> str:
    rows = shares[shares["flow"] == "total"].set_index("partner")
    text = {code: charts.hedged(rows.loc[code, "share"], rows.loc[code, "qualifier"], "%") for code in rows.index}
    if {"EU", "EAEU"} <= set(rows.index):
        ratio = rows.loc["EU", "share"] / rows.loc["EAEU", "share"]
        return (f"The EU's share of Serbia's trade ({text['EU']}) is about {ratio:.0f}× "
                f"that of Russia and the EAEU ({text['EAEU']}), 2019")
    return "Share of Serbia's total trade in 2019: " + ", ".join(f"{names.get(p, p)} {text[p]}" for p in rows.index)


def factbook_title(rows: pd.DataFrame, names) -> str:
    """Takeaway of the Factbook import shares of the partners shown (never a claim about others)."""
    trends = []
    for code, part in rows.sort_values("data_year").groupby("partner", sort=False):
        first, last = part.iloc[0], part.iloc[-1]
        trends.append(f"{names.get(code, code)} {charts.fmt(first['share_pct'])}% ({first['data_year']}) → "
                      f"{charts.fmt(last['share_pct'])}% ({last['data_year']})")
    return "Listed share of Serbia's imports: " + "; ".join(trends)


def focus_partners(rows: pd.DataFrame, value_column: str, always=("RUS", "CHN"), others: int = 2) -> pd.DataFrame:
    """Rows of the always-shown partners (Russia, China and any chosen) plus the ``others`` largest
    remaining ones (by mean share)."""
    keep = set(always) | set(rows.loc[rows["highlighted"], "partner"])
    rest = rows[~rows["partner"].isin(keep)].groupby("partner")[value_column].mean().nlargest(others).index
    return rows[rows["partner"].isin(keep | set(rest))]


def with_gaps(rows: pd.DataFrame, x: str, value_column: str) -> pd.DataFrame:
    """Each partner on every edition year, empty where it is not listed, so lines break there
    instead of bridging editions that do not list it (absent is not zero, nor in between)."""
    years = sorted(rows[x].unique())
    full = pd.MultiIndex.from_product([rows["partner"].unique(), years], names=["partner", x])
    gapped = rows.set_index(["partner", x]).reindex(full).reset_index()
    gapped["highlighted"] = gapped.groupby("partner")["highlighted"].transform("max").astype(bool)
    return gapped


def _factbook_imports(state: ViewState) -> pd.DataFrame:
    partners = data.load_table("partners")
    factbook = data.load_table("factbook_trade_partners")
    codes = {name: code for code, name in zip(partners["code"], partners["factbook_name"]) if isinstance(name, str)}
    imports = factbook[factbook["flow"] == "imports"].assign(partner=lambda f: f["partner_std"].map(codes))
    imports = highlight(imports.dropna(subset=["partner"]), state)
    return focus_partners(imports, "share_pct")[["data_year", "partner", "partner_std", "rank", "share_pct",
                                                 "source_text", "highlighted"]].sort_values(["partner", "data_year"])


@memoised
def build(state: ViewState) -> TradeView:
    look = lookups()
    shares = highlight(data.load_table("trade_shares"), state)
    imports = _factbook_imports(state)
    if state.article_time:
        imports = imports[imports["data_year"] <= LAST_KNOWN_YEAR]
    url = view_url(PAGE, state)
    heading = ("Trade: the EU dwarfs Russia and the EAEU" if {"EU", "EAEU"} <= set(shares["partner"])
               else "Trade: Serbia's partners")  # the article's shares are always shown, as context
    shares_section = (nothing("shares", "Shares of Serbia's trade, 2019", ("trade_shares",),
                              "The article gives trade shares only for the EU and for Russia with the EAEU.")
                      if shares.empty else
                      Section("shares", trade_share_title(shares, look.names), shares, ("trade_shares",),
                              figure=charts.trade_share_chart(shares, trade_share_title(shares, look.names),
                                                              look.names, look.styles), view_url=url,
                              note=" ".join(filter(None, ["“Rest of world” is derived: 100 − EU share − Russia/EAEU "
                                                          "share.", context_note(shares, state, look.names)]))))
    if imports.empty:
        imports_section = nothing("factbook_imports", "Serbia's top import partners (CIA World Factbook)",
                                  ("factbook_trade_partners",), "The Factbook lists none of the partners selected "
                                  "among Serbia's top import partners.")
    else:
        title = factbook_title(imports, look.names)
        imports_section = Section(
            "factbook_imports", title, imports, ("factbook_trade_partners",),
            figure=charts.line_chart(with_gaps(imports, "data_year", "share_pct"), title, x="data_year",
                                     value_column="share_pct", unit="% of imports", styles=look.styles,
                                     names=look.names, marker_x=None if state.article_time else charts.PUBLICATION_X,
                                     connect_gaps=True),
            view_url=url,
            note=" ".join(filter(None, [
                "Russia, China, the partners chosen and the two largest others. The Factbook lists only the top "
                "five or six partners of each edition, so a line breaks where a partner was not listed (not zero). "
                "Editions differ in the year their figures refer to and in basis (see source_text).",
                context_note(imports, state, look.names)])))
    return TradeView(heading, shares_section, imports_section)
