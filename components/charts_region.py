"""The Region page's chart: Serbia beside its neighbours, then -> latest, one panel per measure.

Pure: the observation rows of one indicator in (components/views/region.py ``observations``), a
Plotly figure out. Each country is a line of the panel, Serbia first and in its own colour; the
"then" value is a filled dot, the latest a diamond (hollow when published after the article), joined
by a line. A country the source does not hold is named "(no data)" and gets no dot (never 0).
Measures not chosen in the partner filter are drawn faded, never removed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.charts import AXIS_SPACE, wrap
from components.textsafe import plotly_text as safe
from components.theme import CONTEXT_OPACITY, SERBIA_OUTLINE, TEMPLATE_NAME

SERBIA_COLOUR = SERBIA_OUTLINE  # Serbia is outlined in black on the map: the same mark here
NEIGHBOUR_COLOUR = "#6F8FAF"
LINK_COLOUR = "#BBBBBB"
ROW_PX = 24  # px per country line
PANEL_TOP = 44  # px above each panel: its heading
TITLE_LINE = 22
NO_DATA = " (no data)"


def _colour(country: str, reporter: str) -> str:
    return SERBIA_COLOUR if country == reporter else NEIGHBOUR_COLOUR


def _labels(panel: pd.DataFrame, order: Sequence[str], names) -> list[str]:
    held = set(panel.loc[panel["value"].notna(), "country"])
    return [safe(names.get(c, c)) + ("" if c in held else NO_DATA) for c in order]


def _add_panel(fig: go.Figure, panel: pd.DataFrame, row: int, order: Sequence[str], names, reporter: str,
               unit: str, shown: set[str]) -> None:
    labels = dict(zip(order, _labels(panel, order, names)))
    opacity = 1.0 if bool(panel["highlighted"].all()) else CONTEXT_OPACITY
    for country in order:
        mine = panel[(panel["country"] == country) & panel["value"].notna()].sort_values("point", ascending=False)
        if mine.empty:
            continue
        y = [labels[country]] * len(mine)
        if len(mine) == 2:
            fig.add_scatter(x=mine["value"], y=y, mode="lines", line=dict(color=LINK_COLOUR, width=2),
                            hoverinfo="skip", showlegend=False, opacity=opacity, row=row, col=1)
        for point in mine.itertuples():
            _add_point(fig, point, labels[country], row, _colour(country, reporter), unit, shown, opacity)
    fig.update_yaxes(categoryorder="array", categoryarray=[labels[c] for c in order][::-1], row=row, col=1,
                     tickfont=dict(size=12))


def _add_point(fig, point, label: str, row: int, colour: str, unit: str, shown: set[str], opacity: float) -> None:
    later = bool(point.published_after)
    symbol = ("circle" if point.point == "then" else "diamond") + ("-open" if later else "")
    key = f"{point.point}{'-after' if later else ''}"
    legend = {"then": "then (dot)", "latest": "latest (diamond)",
              "then-after": "then, published after June 2020 (hollow dot)",
              "latest-after": "latest, published after June 2020 (hollow diamond)"}[key]
    fig.add_scatter(x=[point.value], y=[label], mode="markers", name=legend, legendgroup=key,
                    showlegend=key not in shown, opacity=opacity, row=row, col=1,
                    marker=dict(size=11, symbol=symbol, color=colour, line=dict(width=2, color=colour)),
                    hovertemplate=safe(f"{label}, {point.period}: ") + "%{x:,.1f} " + safe(unit)
                    + "<extra>" + safe(point.source) + "</extra>")
    shown.add(key)


def region_chart(rows: pd.DataFrame, title: str, *, measures: Sequence[tuple[str, str]], order: Sequence[str],
                 names, reporter: str, unit: str) -> go.Figure:
    """One panel per (measure, heading); countries in ``order`` (Serbia first) on each panel."""
    fig = make_subplots(rows=len(measures), cols=1, shared_xaxes=True, vertical_spacing=0.0,
                        subplot_titles=[safe(heading) for _, heading in measures])
    shown: set[str] = set()
    for index, (measure, _) in enumerate(measures, start=1):
        _add_panel(fig, rows[rows["measure"] == measure], index, order, names, reporter, unit, shown)
    lines = wrap(title)
    panel_px = PANEL_TOP + ROW_PX * len(order)
    plot_px = panel_px * len(measures)
    top = 16 + TITLE_LINE * len(lines)
    fig.update_layout(template=TEMPLATE_NAME, title=dict(text="<br>".join(lines), y=1, yanchor="top", yref="container",
                                                         pad=dict(t=12, l=8)),
                      height=top + plot_px + AXIS_SPACE, margin=dict(t=top, l=10, r=20))
    gap = PANEL_TOP / plot_px
    for index in range(len(measures)):  # equal panels, each with room above for its heading
        top_edge = 1 - index / len(measures)
        fig.update_yaxes(domain=[top_edge - 1 / len(measures), top_edge - gap], row=index + 1, col=1)
    for annotation, index in zip(fig.layout.annotations, range(len(measures))):
        annotation.update(x=0, xanchor="left", y=1 - index / len(measures) - gap / 4, yanchor="top",
                          font=dict(size=14))
    fig.update_xaxes(title_text=safe(unit), showticklabels=True, gridcolor="#EEEEEE", rangemode="tozero",
                     row=len(measures), col=1)
    fig.update_xaxes(showticklabels=True, gridcolor="#EEEEEE", rangemode="tozero")
    return fig
