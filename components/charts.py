"""Pure chart builders: a (filtered) DataFrame in, a Plotly figure out. No Streamlit here.

Each figure draws exactly the rows it is given, so the table and the CSV download beside a
chart show the same data. Titles state the takeaway and are computed from the data, so they
stay true under any partner filter. Colours come from ``theme`` (one colour per partner).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.textsafe import plotly_text
from components.theme import TEMPLATE_NAME, UNKNOWN_COLOUR, partner_dash, partner_pattern

Names = Mapping[str, str]
Colours = Mapping[str, str]
FLOW_LABELS = {"total": "Total trade", "exports": "Exports", "imports": "Imports"}


def fmt(value: float) -> str:
    """A number as the article would write it: 3,000 / 66.3 / 1.56."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def safe(text) -> str:
    """Data text for Plotly, escaped (one definition: components.textsafe.plotly_text)."""
    return plotly_text(text)


def _names(names: Names):
    """Name lookup that falls back to the code and is always escaped."""
    return lambda code: safe(names.get(code, code))


def _figure(title: str, height: int = 380) -> go.Figure:
    """An empty figure in the house template. A title may hold one line break ("\n")."""
    head, _, detail = safe(title).partition("\n")
    text = f"{head}<br><sup>{detail}</sup>" if detail else head
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE_NAME, title_text=text, height=height)
    return fig


# Hedges that read before the number ("just 14"); others follow it ("87 (said to)").
PREFIX_QUALIFIERS = {"just", "around", "about", "over", "slightly over", "nearly"}


def hedged(value: float, qualifier, unit: str = "") -> str:
    """A figure with the article's hedge kept: "just 8%", "87 medics (said to)"."""
    text = f"{fmt(value)}{unit}" if unit == "%" else f"{fmt(value)} {unit}".strip()
    if not isinstance(qualifier, str) or not qualifier:
        return text
    return f"{qualifier} {text}" if qualifier in PREFIX_QUALIFIERS else f"{text} ({qualifier})"


def trade_share_title(shares: pd.DataFrame, names: Names) -> str:
    rows = shares[shares["flow"] == "total"].set_index("partner")
    total = rows["share"]
    text = {code: hedged(rows.loc[code, "share"], rows.loc[code, "qualifier"], "%") for code in rows.index}
    if {"EU", "EAEU"} <= set(total.index):
        ratio = total["EU"] / total["EAEU"]
        return (f"The EU's share of Serbia's trade ({text['EU']}) is about {ratio:.0f}× "
                f"that of Russia and the EAEU ({text['EAEU']}), 2019")
    parts = [f"{names.get(p, p)} {text[p]}" for p in total.index]
    return "Share of Serbia's total trade in 2019: " + ", ".join(parts)


def trade_share_chart(shares: pd.DataFrame, names: Names, colours: Colours) -> go.Figure:
    """Stacked 100% bars: EU, Russia/EAEU and the derived remainder, per flow."""
    name = _names(names)
    fig = _figure(trade_share_title(shares, names), height=340)
    for partner, rows in shares.groupby("partner", sort=False):
        label = name(partner) + (" (derived)" if rows["derived"].all() else "")
        fig.add_bar(
            y=[FLOW_LABELS[f] for f in rows["flow"]], x=rows["share"], name=label, orientation="h",
            marker_color=colours.get(partner), text=[f"{fmt(v)}%" for v in rows["share"]],
            textposition="inside", customdata=rows[["qualifier"]].fillna("").map(safe),
            hovertemplate="%{y}: %{customdata[0]} %{x}% of Serbia's trade<extra>" + label + "</extra>",
        )
    fig.update_layout(barmode="stack", xaxis=dict(range=[0, 100], ticksuffix="%", title="Share of Serbia's trade, 2019"),
                      yaxis=dict(autorange="reversed"))
    return fig


def bar_chart(rows: pd.DataFrame, title: str, names: Names, colours: Colours,
              label_column: str | None = None, value_column: str = "value") -> go.Figure:
    """Horizontal bars, one per row, labelled with value and unit; unknown values marked."""
    name = _names(names)
    labels = rows[label_column].map(safe) if label_column else rows["partner"].map(name)
    known = rows[value_column].notna()
    values = rows[value_column].where(known, 0).astype(float)
    texts = [safe(hedged(v, q, u)) if k else "not stated in the article"
             for v, q, u, k in zip(values, rows.get("qualifier", [None] * len(rows)), rows["unit"], known)]
    fig = _figure(title, height=max(220, 60 + 42 * len(rows)))
    fig.add_bar(
        y=list(labels), x=values, orientation="h", text=texts, textposition="auto", cliponaxis=False,
        marker=dict(color=[colours.get(p) if k else UNKNOWN_COLOUR for p, k in zip(rows["partner"], known)],
                    line=dict(color="#555555", width=[0 if k else 1 for k in known])),
        hovertemplate="%{y}: %{text}<extra></extra>", showlegend=False,
    )
    fig.update_layout(yaxis=dict(autorange="reversed"), xaxis=dict(title=None, showticklabels=False),
                      margin=dict(r=160))
    return fig


def rank_ladder_chart(ranks: pd.DataFrame, title: str, names: Names, colours: Colours,
                      max_rank: int, named_ranks: set[int] | None = None, label_column: str | None = None) -> go.Figure:
    """Positions 1..max_rank on a line; ranks the source leaves unnamed are shown as gaps."""
    name = _names(names)
    named_ranks = set(ranks["rank"]) if named_ranks is None else named_ranks
    fig = _figure(title, height=260)
    gaps = [r for r in range(1, max_rank + 1) if r not in named_ranks]
    if gaps:
        fig.add_scatter(x=gaps, y=[0] * len(gaps), mode="markers+text", name="Not named in the article",
                        marker=dict(size=22, color=UNKNOWN_COLOUR, line=dict(color="#999999", width=1.5)),
                        text=["not named"] * len(gaps), textposition="bottom center",
                        hovertemplate="Rank %{x}: not named in the article<extra></extra>")
    labels = list(ranks[label_column].map(safe)) if label_column else [name(code) for code in ranks["partner"]]
    fig.add_scatter(x=ranks["rank"].astype(int).tolist(), y=[0] * len(ranks), mode="markers+text", name="Named",
                    text=labels, textposition="top center",
                    marker=dict(size=22, color=[colours.get(code) for code in ranks["partner"]]),
                    customdata=[[label, safe(basis)] for label, basis in zip(labels, ranks.get("rank_basis", [""] * len(ranks)))],
                    hovertemplate="%{customdata[0]}: rank %{x}<br>%{customdata[1]}<extra></extra>")
    fig.update_layout(showlegend=False, yaxis=dict(visible=False, range=[-1, 1]),
                      xaxis=dict(range=[0.5, max_rank + 0.5], dtick=1, title="Rank (1 = first)"))
    return fig


def grouped_bar_chart(rows: pd.DataFrame, title: str, x: str, group: str, colours: Colours,
                      names: Names, value_column: str = "value") -> go.Figure:
    """Vertical bars of ``value`` per ``x``, one coloured group per ``group`` code."""
    name = _names(names)
    fig = _figure(title)
    for code, part in rows.groupby(group, sort=False):
        fig.add_bar(x=part[x].map(safe), y=part[value_column], name=name(code), marker_color=colours.get(code),
                    text=[fmt(v) for v in part[value_column]], textposition="outside", cliponaxis=False,
                    customdata=part[["unit"]].map(safe),
                    hovertemplate="%{x}: %{y} %{customdata[0]}<extra>" + name(code) + "</extra>")
    fig.update_layout(barmode="group", yaxis=dict(title=None, rangemode="tozero"), xaxis=dict(title=None))
    return fig


def stacked_year_chart(rows: pd.DataFrame, title: str, group: str, value_column: str, unit: str,
                       colours: Colours, names: Names, partner_groups: bool = True) -> go.Figure:
    """Stacked bars by year, one trace per group; the article's date is marked."""
    name = _names(names)
    fig = _figure(title, height=400)
    for code, part in rows.groupby(group, sort=True):
        fig.add_bar(x=part["year"], y=part[value_column], name=name(code), marker_color=colours.get(code),
                    marker_pattern_shape=partner_pattern(code) if partner_groups else "",
                    hovertemplate="%{x}: %{y:,.1f} " + unit + "<extra>" + name(code) + "</extra>")
    fig.update_layout(barmode="stack", yaxis=dict(title=unit), xaxis=dict(title=None, dtick=2), margin=dict(b=90))
    _mark_publication(fig, 2020.45)
    return fig


def _mark_publication(fig: go.Figure, x) -> None:
    fig.add_vline(x=x, line=dict(color="#444444", dash="dash", width=1))
    fig.add_annotation(x=x, y=1, yref="paper", text="article (June 2020) → later data", showarrow=False,
                       xanchor="left", yanchor="bottom", font=dict(size=11, color="#444444"))


def line_chart(rows: pd.DataFrame, title: str, x: str, value_column: str, unit: str,
               colours: Colours, names: Names) -> go.Figure:
    """One line per partner over ``x``; post-publication years right of the marker."""
    name = _names(names)
    fig = _figure(title, height=400)
    for code, part in rows.groupby("partner", sort=False):
        fig.add_scatter(x=part[x], y=part[value_column], mode="lines+markers", name=name(code),
                        line=dict(color=colours.get(code), width=3, dash=partner_dash(code)), marker=dict(size=8),
                        hovertemplate="%{x}: %{y}" + unit + "<extra>" + name(code) + "</extra>")
    fig.update_layout(yaxis=dict(ticksuffix=unit, rangemode="tozero"), xaxis=dict(dtick=1, title=None))
    _mark_publication(fig, 2020.45)
    return fig


def timeline_chart(events: pd.DataFrame, names: Names, colours: Colours) -> go.Figure:
    """Dated events on a time axis, one lane per partner, coloured by partner."""
    name = _names(names)
    counts = events.groupby("partner")["event_id"].nunique().sort_values(ascending=False)
    top, total = names.get(counts.index[0], counts.index[0]), events["event_id"].nunique()
    first, last = events["date"].dt.year.min(), events["date"].dt.year.max()
    years = str(first) if first == last else f"{first}–{last}"
    if total == 1:
        share = "the one dated event shown"
    elif counts.iloc[0] == total:
        share = f"all {total} dated events shown"
    else:
        share = f"{counts.iloc[0]} of the {total} dated events shown"
    title = f"{top} is involved in {share}, {years}"
    lanes = [name(p) for p in counts.index]
    fig = _figure(title, height=max(320, 120 + 34 * len(lanes)))
    # One trace for all points: each extra trace costs the browser a redraw pass.
    fig.add_scatter(x=events["date"], y=[name(code) for code in events["partner"]], mode="markers", showlegend=False,
                    marker=dict(size=13, color=[colours.get(code) for code in events["partner"]],
                                line=dict(color="white", width=1)),
                    customdata=events[["event", "date_as_written"]].fillna("not dated in the article").map(safe),
                    hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>%{y}</extra>")
    fig.update_layout(yaxis=dict(categoryorder="array", categoryarray=lanes[::-1], title=None),
                      xaxis=dict(title=None, range=["2007-07-01", "2020-12-31"]))
    return fig


def scorecard_chart(metrics: pd.DataFrame, title: str, colours: Colours, names: Names) -> go.Figure:
    """Small multiples: one panel per comparable metric, one bar per partner."""
    name = _names(names)
    panels = list(dict.fromkeys(metrics["metric"]))
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[safe(p) for p in panels], horizontal_spacing=0.08)
    for column, metric in enumerate(panels, start=1):
        part = metrics[metrics["metric"] == metric]
        fig.add_bar(x=[name(p) for p in part["partner"]], y=part["value"], row=1, col=column,
                    marker_color=[colours.get(p) for p in part["partner"]], showlegend=False,
                    text=part["display"], textposition="outside", cliponaxis=False,
                    hovertemplate="%{x}: %{text}<extra>" + safe(metric) + "</extra>")
        fig.update_yaxes(visible=False, rangemode="tozero", row=1, col=column)
    fig.update_layout(template=TEMPLATE_NAME, height=380, margin=dict(t=110), title_text=_figure(title).layout.title.text)
    return fig


def factbook_title(rows: pd.DataFrame, names: Names) -> str:
    """Takeaway of the Factbook import shares of the partners shown (never a claim about others)."""
    latest = rows["data_year"].max()
    china, russia = rows[rows["partner"] == "CHN"], rows[rows["partner"] == "RUS"]
    if not china.empty and not russia.empty:
        first, last = china.iloc[0], china.iloc[-1]
        text = (f"China's share of Serbia's imports went from {fmt(first['share_pct'])}% ({first['data_year']}) "
                f"to {fmt(last['share_pct'])}% ({last['data_year']})")
        if russia["data_year"].max() < latest:
            text += f"; Russia drops out of the top list after {russia['data_year'].max()}"
        return text
    trends = []
    for code, part in rows.sort_values("data_year").groupby("partner", sort=False):
        first, last = part.iloc[0], part.iloc[-1]
        trends.append(f"{names.get(code, code)} {fmt(first['share_pct'])}% ({first['data_year']}) → "
                      f"{fmt(last['share_pct'])}% ({last['data_year']})")
    return "Listed share of Serbia's imports: " + "; ".join(trends)


def arms_orders(register: pd.DataFrame, sipri_codes: Mapping[str, str], since: int = 2006) -> pd.DataFrame:
    """Serbia's arms orders by supplier and year of order (SIPRI TIV of the whole order)."""
    serbia = register[(register["Recipient"] == "Serbia") & (register["Year of order"] >= since)]
    orders = serbia.assign(partner=serbia["Supplier"].map(sipri_codes), year=serbia["Year of order"].astype(int))
    orders = orders.dropna(subset=["partner"])
    return (orders.groupby(["year", "partner"], as_index=False)
            .agg(tiv_ordered=("SIPRI TIV for total order", "sum"), systems=("Weapon designation", "; ".join))
            .assign(after_publication=lambda f: f["year"] > 2020))


def arms_orders_title(orders: pd.DataFrame, all_orders: pd.DataFrame, names: Names) -> str:
    """Takeaway: the leading supplier shown, before and after the article, as a share of ALL of
    Serbia's orders in that period (``all_orders``), so a filter never inflates it to 100 %."""
    def leader(part: pd.DataFrame, everything: pd.DataFrame) -> str:
        totals = part.groupby("partner")["tiv_ordered"].sum().sort_values(ascending=False)
        whole = everything["tiv_ordered"].sum()
        share = totals.iloc[0] / whole * 100 if whole else 0
        return f"{names.get(totals.index[0], totals.index[0])} {share:.0f}%"
    parts = []
    for after, label in ((False, "up to 2020"), (True, "2021 on")):
        part = orders[orders["after_publication"] == after]
        if not part.empty:
            parts.append(f"{label}: {leader(part, all_orders[all_orders['after_publication'] == after])}")
    complete = set(orders["partner"]) == set(all_orders["partner"])
    head = "Largest supplier of Serbia's arms orders" if complete else "Share of Serbia's arms orders, largest shown"
    return f"{head} (SIPRI TIV) — " + "; ".join(parts)


def focus_partners(rows: pd.DataFrame, value_column: str, always: tuple[str, ...] = ("RUS", "CHN"),
                   others: int = 2) -> pd.DataFrame:
    """Rows of the always-shown partners plus the ``others`` largest remaining ones (by mean)."""
    rest = rows[~rows["partner"].isin(always)].groupby("partner")[value_column].mean().nlargest(others).index
    return rows[rows["partner"].isin(set(always) | set(rest))]


OTHERS = "OTHERS"


def top_groups(rows: pd.DataFrame, group: str, value_column: str, keep: int = 4) -> pd.DataFrame:
    """The ``keep`` largest groups by total value; the rest summed per year as OTHERS.

    A stacked chart with one trace per small supplier is slow to draw and hard to read.
    ``members`` lists what each row stands for.
    """
    totals = rows.groupby(group)[value_column].sum().sort_values(ascending=False)
    top = list(totals.index[:keep]) if len(totals) > keep + 1 else list(totals.index)
    labelled = rows.assign(members=rows[group], **{group: rows[group].where(rows[group].isin(top), OTHERS)})
    return (labelled.groupby(["year", group], as_index=False, sort=False)
            .agg(**{value_column: (value_column, "sum"), "members": ("members", lambda m: ";".join(sorted(set(m))))}))
