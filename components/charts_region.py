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
PANEL_TOP = 34  # px above each panel: its heading
TICKS_PX = 30  # px under a panel (not the last): its x tick labels
TITLE_LINE = 22
NO_DATA, NO_LATEST = " (no data)", " (latest n/a)"


def _colour(country: str, reporter: str) -> str:
    return SERBIA_COLOUR if country == reporter else NEIGHBOUR_COLOUR


def _labels(panel: pd.DataFrame, order: Sequence[str], names) -> list[str]:
    """Country names; '(no data)' without any figure, '(latest n/a)' with a "then" figure only."""
    known = panel[panel["value"].notna()]
    held, latest = set(known["country"]), set(known.loc[known["point"] == "latest", "country"])
    periods = set(panel["period"])
    one_point = len(periods) == 1  # the as-of date sees no later period: then and latest are one
    return [safe(names.get(c, c)) + ("" if c in latest or (c in held and one_point)
                                     else NO_LATEST if c in held else NO_DATA) for c in order]


# Short lines: on a phone the legend's second column starts right of the country names.
LEGEND = {("then", False): "then", ("latest", False): "latest", ("then", True): "then: public<br>after June 2020",
          ("latest", True): "latest: public<br>after June 2020"}


def _add_panel(fig: go.Figure, panel: pd.DataFrame, row: int, order: Sequence[str], names, reporter: str,
               unit: str, shown: set) -> None:
    """One panel: a grey link per country from then to latest, then one trace per kind of point
    (Serbia or neighbour, then or latest, published before or after the article): few traces."""
    labels = dict(zip(order, _labels(panel, order, names)))
    opacity = 1.0 if bool(panel["highlighted"].all()) else CONTEXT_OPACITY
    points = panel[panel["value"].notna() & panel["country"].isin(order)]
    pairs = points.groupby("country")["period"].transform("nunique")
    counts = points.groupby("country")["point"].transform("size")
    points = points[~((counts == 2) & (pairs == 1) & (points["point"] == "latest"))]  # one period: one point
    link_x, link_y = [], []
    for country, mine in points.groupby("country", sort=False):
        if len(mine) == 2:
            link_x += [*mine["value"], None]
            link_y += [labels[country]] * 2 + [None]
    if link_x:
        fig.add_scatter(x=link_x, y=link_y, mode="lines", line=dict(color=LINK_COLOUR, width=2), hoverinfo="skip",
                        showlegend=False, opacity=opacity, row=row, col=1)
    kinds = points.assign(serbia=points["country"] == reporter, later=points["published_after"].astype(bool))
    for (point, later, serbia), part in kinds.groupby(["point", "later", "serbia"], sort=False):
        colour = SERBIA_COLOUR if serbia else NEIGHBOUR_COLOUR
        symbol = ("circle" if point == "then" else "diamond") + ("-open" if later else "")
        legend = LEGEND[(point, bool(later))]
        hover = [safe(f"{labels[c]}, {p}: {v:,.1f} {unit}") for c, p, v in zip(part["country"], part["period"], part["value"])]
        fig.add_scatter(x=part["value"], y=[labels[c] for c in part["country"]], mode="markers", name=legend,
                        legendgroup=legend, showlegend=legend not in shown, opacity=opacity, row=row, col=1,
                        marker=dict(size=11, symbol=symbol, color=colour, line=dict(width=2, color=colour)),
                        text=hover, customdata=[safe(s) for s in part["source"]],
                        hovertemplate="%{text}<extra>%{customdata}</extra>")
        shown.add(legend)
    # every country keeps its line, with or without a figure (a category without points would be
    # dropped at the ends); a dot at 0 is drawn whole, not cut by the axis
    fig.update_yaxes(categoryorder="array", categoryarray=[labels[c] for c in order][::-1], row=row, col=1,
                     tickfont=dict(size=12), range=[-0.5, len(order) - 0.5])
    largest = float(panel["value"].max()) if panel["value"].notna().any() else 1.0
    fig.update_xaxes(range=[-0.04 * largest, 1.06 * largest], row=row, col=1)


def region_chart(rows: pd.DataFrame, title: str, *, measures: Sequence[tuple[str, str]], order: Sequence[str],
                 names, reporter: str, unit: str) -> go.Figure:
    """One panel per (measure, heading), each with its own x axis (an EU share near 60% would
    squeeze Russia's near 2%); countries in ``order`` (Serbia first) on each panel."""
    fig = make_subplots(rows=len(measures), cols=1, subplot_titles=[safe(heading) for _, heading in measures])
    shown: set[str] = set()
    for index, (measure, _) in enumerate(measures, start=1):
        _add_panel(fig, rows[rows["measure"] == measure], index, order, names, reporter, unit, shown)
    lines = wrap(title)
    panel_px = PANEL_TOP + ROW_PX * len(order) + TICKS_PX
    plot_px = panel_px * len(measures) - TICKS_PX  # the last panel's ticks sit in the axis space
    top = 16 + TITLE_LINE * len(lines)
    fig.update_layout(template=TEMPLATE_NAME, title=dict(text="<br>".join(lines), y=1, yanchor="top", yref="container",
                                                         pad=dict(t=12, l=8)),
                      height=top + plot_px + AXIS_SPACE, margin=dict(t=top, l=10, r=20))
    for index, annotation in zip(range(len(measures)), fig.layout.annotations):
        offset = index * panel_px
        fig.update_yaxes(domain=[max(0.0, 1 - (offset + panel_px - TICKS_PX) / plot_px), 1 - (offset + PANEL_TOP) / plot_px],
                         row=index + 1, col=1)
        annotation.update(x=0, xanchor="left", y=1 - offset / plot_px, yanchor="top", font=dict(size=14))
    fig.update_xaxes(showticklabels=True, gridcolor="#EEEEEE")
    fig.update_xaxes(title_text=safe(unit), row=len(measures), col=1)
    return fig
