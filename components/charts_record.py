"""Pure chart builders for the "Did it hold?" page and the Overview: then -> latest per camp.

No Streamlit, no data shaping: each figure draws exactly the indicator rows it is given
(components/views/did_it_hold.py ``indicators``). Rows not highlighted by the partner filter are
drawn faded, never removed. An unknown value is not drawn (no dot at zero).

Titles are short (what the chart shows and its key figures); they are anchored at the top and
the top margin is sized to their wrapped lines, so a title never runs into the plot. Legend and
source footer are placed by components/sections.Section (charts.add_footer).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.charts import AXIS_SPACE, wrap
from components.textsafe import plotly_text as safe
from components.theme import CAMP_SHADES, CONTEXT_OPACITY, TEMPLATE_NAME, Style

THEN_SYMBOL, LATEST_SYMBOL = "circle-open", "circle"
TITLE_LINE = 22  # px per line of the 16 px title
# Characters per title line: these titles are mostly figures and arrows, wider than text, so
# fewer than charts.TITLE_WIDTH fit the 358 px a 390 px phone gives a chart.
TITLE_WIDTH = 40
TITLE_PAD = 12  # px above the title
# px per dumbbell line: the article-time value is written under its dot and the latest above
# its dot, so the two never collide however close they are, nor touch the next line's labels.
DUMBBELL_ROW = 66
BOTTOM_ROOM = 0.3  # rows of space under the last line, for the value written under its dot
NAME_WIDTH = 18  # characters per line of a partner's name beside its line
BAR_PX = 34  # px per bar of the camp comparison
PANEL_GAP = 44  # px between two panels of the camp comparison: holds the next panel's heading


def row_colour(partner: str, camp: str, styles: Mapping[str, Style]) -> str:
    """The partner's colour (same on every page); a camp total takes its camp's first shade."""
    style = styles.get(partner)
    return style.colour if style else CAMP_SHADES.get(camp, CAMP_SHADES["Other"])[0]


def _opacity(row) -> float:
    return 1.0 if bool(getattr(row, "highlighted", True)) else CONTEXT_OPACITY


def title_top(title: str, extra: int = 0) -> tuple[str, int]:
    """The wrapped title and the top margin that holds all its lines (plus ``extra`` px)."""
    lines = wrap(title, TITLE_WIDTH)
    return "<br>".join(lines), TITLE_PAD + TITLE_LINE * len(lines) + 14 + extra


def _layout_title(fig: go.Figure, title: str, plot_height: int, extra_top: int = 0) -> None:
    """Title at the top of the figure; height = title + plot area + x axis (add_footer adds the rest)."""
    text, top = title_top(title, extra_top)
    fig.update_layout(template=TEMPLATE_NAME, height=top + plot_height + AXIS_SPACE, margin=dict(t=top),
                      title=dict(text=text, y=1, yanchor="top", yref="container", pad=dict(t=TITLE_PAD, l=8)))


def _hover(label: str, row, show_latest: bool) -> str:
    """'EU: 67.1% (2019) → 64.9% (2020)': both values of the row in one line."""
    text = f"{label}: {safe(row.then_text)} ({safe(row.then_label)})"
    if show_latest and pd.notna(row.latest_value):
        text += f" → {safe(row.latest_text)} ({safe(row.latest_label)})"
    return text


def _largest(rows: pd.DataFrame, show_latest: bool) -> float:
    values = [rows["then_value"]] + ([rows["latest_value"]] if show_latest else [])
    return float(pd.concat(values).max()) or 1.0


def _x_range(largest: float) -> list[float]:
    """From a little left of zero (labels of dots near zero stay off the names) to a little past
    the largest value (its label stays inside the figure)."""
    return [-0.06 * largest, 1.1 * largest]


def _position(value: float, top: float, vertical: str) -> str:
    """A value label under or over its dot; near the right edge it ends at the dot, so it stays
    inside a phone-width figure."""
    return f"{vertical} left" if value > 0.8 * top else f"{vertical} center"


def _add_line(fig: go.Figure, row, show_latest: bool, largest: float, styles: Mapping[str, Style]) -> None:
    """One row's dots (known values only) joined by a line, each value written beside its dot."""
    label = safe(row.who)
    points = [(row.then_value, row.then_text, THEN_SYMBOL, "bottom")]
    if show_latest:
        points.append((row.latest_value, row.latest_text, LATEST_SYMBOL, "top"))
    known = [p for p in points if pd.notna(p[0])]
    if not known:
        return
    colour = row_colour(row.partner, row.camp, styles)
    fig.add_scatter(x=[p[0] for p in known], y=[label] * len(known), mode="lines+markers+text",
                    line=dict(color=colour, width=3), opacity=_opacity(row), showlegend=False, cliponaxis=False,
                    marker=dict(size=14, symbol=[p[2] for p in known], color=colour, line=dict(width=2.5)),
                    text=[safe(p[1]) for p in known], textfont=dict(size=12),
                    textposition=[_position(p[0], largest, p[3]) for p in known],
                    hovertext=[_hover(label, row, show_latest)] * len(known), hovertemplate="%{hovertext}<extra></extra>")


def dumbbell_chart(rows: pd.DataFrame, title: str, unit: str, styles: Mapping[str, Style],
                   show_latest: bool = True) -> go.Figure:
    """One line per row: a hollow dot at the article's time (value written below it), a filled
    dot at the latest point (value above it), joined when both exist. ``show_latest=False`` (as of
    June 2020) draws the hollow dots only."""
    fig = go.Figure()
    _layout_title(fig, title, round(DUMBBELL_ROW * (len(rows) + BOTTOM_ROOM)))
    largest = _largest(rows, show_latest)
    for row in rows.itertuples():
        _add_line(fig, row, show_latest, largest, styles)
    _legend(fig, show_latest)
    # Long names ("the West (all Western suppliers)") on two lines, so the plot keeps its width.
    names = ["<br>".join(wrap(who, NAME_WIDTH)) for who in rows["who"]]
    # First row at the top; below the last row, room for its value label above the x tick labels.
    fig.update_layout(yaxis=dict(range=[len(rows) - 0.5 + BOTTOM_ROOM, -0.5], title=None, type="category",
                                 fixedrange=True, tickvals=[safe(who) for who in rows["who"]], ticktext=names,
                                 tickfont=dict(size=12)),
                      xaxis=dict(title=safe(unit), range=_x_range(largest), fixedrange=True))
    return fig


def _legend(fig: go.Figure, show_latest: bool) -> None:
    """Two legend keys explaining the dot shapes (drawn outside the data)."""
    # Short, on two lines: each key has half the plot's width, about 120 px on a phone.
    keys = [("Article's time<br>(value below)", THEN_SYMBOL)]
    if show_latest:
        keys.append(("Latest<br>(value above)", LATEST_SYMBOL))
    for name, symbol in keys:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                        marker=dict(size=12, symbol=symbol, color="#444444", line=dict(width=2)))


def camp_comparison_chart(rows: pd.DataFrame, title: str, styles: Mapping[str, Style]) -> go.Figure:
    """Small multiples: one panel per indicator (``metric``, headed by ``heading``), one bar per
    camp, on one 0–100% scale (every compared indicator is a share).

    ``rows``: metric, heading, camp, partner, who, value, text, highlighted. Bars are labelled
    with ``text``; the y label names who stands for the camp (the EU, the US, the West).
    """
    metrics = list(dict.fromkeys(rows["metric"]))
    bars = [int((rows["metric"] == m).sum()) for m in metrics]
    plot = BAR_PX * sum(bars) + PANEL_GAP * (len(metrics) - 1)
    headings = [rows.loc[rows["metric"] == m, "heading"].iloc[0] for m in metrics]
    fig = make_subplots(rows=len(metrics), cols=1, row_heights=bars, vertical_spacing=PANEL_GAP / plot,
                        subplot_titles=[safe(h) for h in headings])
    # The first panel's heading sits above the plot area: the top margin holds it under the title.
    _layout_title(fig, title, plot, extra_top=24)
    for index, metric in enumerate(metrics, start=1):
        part = rows[rows["metric"] == metric]
        fig.add_bar(y=[safe(w) for w in part["who"]], x=part["value"], row=index, col=1, orientation="h",
                    showlegend=False, cliponaxis=False, textposition="outside", text=[safe(t) for t in part["text"]],
                    marker=dict(color=[row_colour(p, c, styles) for p, c in zip(part["partner"], part["camp"])],
                                opacity=[_opacity(r) for r in part.itertuples()]),
                    hovertemplate="%{y}: %{text}<extra>" + safe(headings[index - 1]) + "</extra>")
        fig.update_yaxes(autorange="reversed", title=None, fixedrange=True, row=index, col=1)
        fig.update_xaxes(visible=index == len(metrics), range=[0, 100], ticksuffix="%", fixedrange=True,
                         row=index, col=1)
    for annotation in fig.layout.annotations:  # panel headings: left-aligned, like the title
        annotation.update(x=0, xanchor="left", font=dict(size=13))
    fig.update_layout(bargap=0.2)
    return fig
