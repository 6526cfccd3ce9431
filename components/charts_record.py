"""Pure chart builders for the "Did it hold?" page and the Overview: then -> latest per camp.

No Streamlit, no data shaping: each figure draws exactly the indicator rows it is given
(components/views/did_it_hold.py ``indicators``). Rows not highlighted by the partner filter are
drawn faded, never removed. An unknown value is not drawn (no dot at zero).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.charts import _figure
from components.textsafe import plotly_text as safe
from components.theme import CAMP_SHADES, CONTEXT_OPACITY, Style

THEN_SYMBOL, LATEST_SYMBOL = "circle-open", "circle"


def row_colour(partner: str, camp: str, styles: Mapping[str, Style]) -> str:
    """The partner's colour (same on every page); a camp total takes its camp's first shade."""
    style = styles.get(partner)
    return style.colour if style else CAMP_SHADES.get(camp, CAMP_SHADES["Other"])[0]


def _opacity(row) -> float:
    return 1.0 if bool(getattr(row, "highlighted", True)) else CONTEXT_OPACITY


def dumbbell_chart(rows: pd.DataFrame, title: str, unit: str, styles: Mapping[str, Style],
                   show_latest: bool = True) -> go.Figure:
    """One line per row: a hollow dot at the article's time, a filled dot at the latest point,
    joined when both exist. ``show_latest=False`` (as of June 2020) draws the hollow dots only."""
    fig = _figure(title, height=max(240, 110 + 48 * len(rows)))
    labels = [safe(who) for who in rows["who"]]
    for label, row in zip(labels, rows.itertuples()):
        colour, opacity = row_colour(row.partner, row.camp, styles), _opacity(row)
        points = [(row.then_value, row.then_text, row.then_label, THEN_SYMBOL)]
        if show_latest:
            points.append((row.latest_value, row.latest_text, row.latest_label, LATEST_SYMBOL))
        known = [p for p in points if pd.notna(p[0])]
        if not known:
            continue
        fig.add_scatter(x=[p[0] for p in known], y=[label] * len(known), mode="lines+markers+text",
                        line=dict(color=colour, width=3), opacity=opacity, showlegend=False,
                        marker=dict(size=14, symbol=[p[3] for p in known], color=colour, line=dict(width=2.5)),
                        text=[safe(p[1]) for p in known], textposition="top center",
                        customdata=[safe(p[2]) for p in known],
                        hovertemplate=f"{label}: %{{text}} (%{{customdata}})<extra></extra>")
    _legend(fig, show_latest)
    fig.update_layout(yaxis=dict(autorange="reversed", title=None, type="category"),
                      xaxis=dict(title=safe(unit), rangemode="tozero"))
    return fig


def _legend(fig: go.Figure, show_latest: bool) -> None:
    """Two legend keys explaining the dot shapes (drawn outside the data)."""
    keys = [("At the article's time", THEN_SYMBOL)] + ([("Latest in the package", LATEST_SYMBOL)] if show_latest else [])
    for name, symbol in keys:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                        marker=dict(size=12, symbol=symbol, color="#444444", line=dict(width=2)))


def camp_comparison_chart(rows: pd.DataFrame, title: str, styles: Mapping[str, Style]) -> go.Figure:
    """Small multiples: one group of bars per indicator (``metric``), one bar per camp.

    ``rows``: metric, camp, partner, who, value, text, highlighted. Bars are labelled with
    ``text``; the y label names who stands for the camp (EU, the US, all Western suppliers).
    """
    metrics = list(dict.fromkeys(rows["metric"]))
    fig = _figure(title, height=120 + 150 * len(metrics))
    for metric in metrics:
        part = rows[rows["metric"] == metric]
        fig.add_bar(y=[[safe(metric)] * len(part), [safe(w) for w in part["who"]]], x=part["value"],
                    orientation="h", showlegend=False, cliponaxis=False, textposition="auto",
                    text=[safe(t) for t in part["text"]],
                    marker=dict(color=[row_colour(p, c, styles) for p, c in zip(part["partner"], part["camp"])],
                                opacity=[_opacity(r) for r in part.itertuples()]),
                    hovertemplate="%{y}: %{text}<extra></extra>")
    fig.update_layout(yaxis=dict(autorange="reversed", title=None), xaxis=dict(visible=False, rangemode="tozero"),
                      bargap=0.25)
    return fig
