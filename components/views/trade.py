"""Trade: EU vs Russia/EAEU shares of Serbia's trade in 2019 (article), Factbook import partners."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data
from components.filters import filter_by_partner
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import lookups


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
    """Rows of the always-shown partners plus the ``others`` largest remaining ones (by mean)."""
    rest = rows[~rows["partner"].isin(always)].groupby("partner")[value_column].mean().nlargest(others).index
    return rows[rows["partner"].isin(set(always) | set(rest))]


def _factbook_imports(state: ViewState) -> pd.DataFrame:
    partners = data.load_table("partners")
    factbook = data.load_table("factbook_trade_partners")
    codes = {name: code for code, name in zip(partners["code"], partners["factbook_name"]) if isinstance(name, str)}
    imports = factbook[factbook["flow"] == "imports"].assign(partner=lambda f: f["partner_std"].map(codes))
    imports = filter_by_partner(imports.dropna(subset=["partner"]), state.selection)
    if imports.empty:
        return imports
    return focus_partners(imports, "share_pct")[["data_year", "partner", "partner_std", "rank", "share_pct",
                                                 "source_text"]].sort_values(["partner", "data_year"])


@memoised
def build(state: ViewState) -> TradeView:
    look = lookups()
    shares = filter_by_partner(data.load_table("trade_shares"), state.selection)
    imports = _factbook_imports(state)
    heading = ("Trade: the EU dwarfs Russia and the EAEU" if {"EU", "EAEU"} <= set(shares["partner"])
               else "Trade: Serbia's partners")
    shares_section = (nothing("shares", "Shares of Serbia's trade, 2019", ("trade_shares",),
                              "The article gives trade shares only for the EU and for Russia with the EAEU.")
                      if shares.empty else
                      Section("shares", trade_share_title(shares, look.names), shares, ("trade_shares",),
                              figure=charts.trade_share_chart(shares, trade_share_title(shares, look.names),
                                                              look.names, look.colours),
                              note="“Rest of world” is derived: 100 − EU share − Russia/EAEU share."))
    if imports.empty:
        imports_section = nothing("factbook_imports", "Serbia's top import partners (CIA World Factbook)",
                                  ("factbook_trade_partners",), "The Factbook lists none of the partners selected "
                                  "among Serbia's top import partners.")
    else:
        title = factbook_title(imports, look.names)
        imports_section = Section(
            "factbook_imports", title, imports, ("factbook_trade_partners",),
            figure=charts.line_chart(imports, title, x="data_year", value_column="share_pct", unit="%",
                                     colours=look.colours, names=look.names),
            note="Russia, China and the two largest other partners. The Factbook lists only the top five or six "
                 "partners of each edition; a missing point means the partner was not in that edition's top list, "
                 "not zero. Years after 2020 are post-publication.")
    return TradeView(heading, shares_section, imports_section)
