"""Pure chart builders for the external time series (IMF DOTS, Eurostat, UNGA): DataFrame in,
Plotly figure out. No Streamlit, no data shaping.

What these add to components/charts.py: small multiples (one panel per flow or per country)
with one legend entry per partner; points published after the article drawn hollow; a partner's
own ("mirror") figure drawn as a separate marker with its own legend entry, never joined to the
reporter's line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.asof import ARTICLE_DATE
from components.charts import _DEFAULT, Names, Styles, _figure, fmt, mark_publication, wrap
from components.textsafe import plotly_text as safe
from components.theme import CONTEXT_OPACITY, TEMPLATE_NAME

# Annual figures for year Y appear in Y+1: everything right of this line was not yet published
# when the article appeared in June 2020 (the 2020 point included).
ANNUAL_PUBLICATION_X = ARTICLE_DATE.year - 0.5  # the June-2020 line on a yearly axis: before the year of the article
POST_LEGEND = "Hollow: published after the article"
PANEL_HEIGHT = 300


def _opacity(part: pd.DataFrame) -> float:
    if "highlighted" not in part or part["highlighted"].any():
        return 1.0
    return CONTEXT_OPACITY


def _symbols(part: pd.DataFrame, post_column: str | None, solid: str = "circle") -> list[str]:
    if post_column is None or post_column not in part:
        return [solid] * len(part)
    return [f"{solid}-open" if bool(post) else solid for post in part[post_column]]


def _legend_note(fig: go.Figure, text: str, row: int | None = None) -> None:
    """A legend-only entry that explains a marker style."""
    trace = go.Scatter(x=[None], y=[None], mode="markers", name=safe(text), showlegend=True,
                       marker=dict(symbol="circle-open", size=9, color="#444444"), hoverinfo="skip")
    fig.add_trace(trace, row=row, col=1) if row else fig.add_trace(trace)


def panel_lines_chart(rows: pd.DataFrame, title: str, *, panel: str, panels: Sequence[str],
                      panel_titles: Mapping[str, str], x: str, value_column: str, unit: str,
                      styles: Styles, names: Names, post_column: str | None = None,
                      marker_x: float | None = None, tick_labels: Mapping[int, str] | None = None,  # "\n" breaks a label
                      hover_x: str | None = None, mirror: pd.DataFrame | None = None,
                      mirror_label: Mapping[str, str] | None = None) -> go.Figure:
    """One panel per value of ``panel`` (stacked, so it reads on a phone), one line per partner.

    ``post_column`` (bool) marks points published after the article: drawn hollow. ``mirror``
    rows (same columns) are drawn as separate diamond markers with their own legend entry
    (``mirror_label[partner]``), never joined to the partner's line. ``hover_x`` is a column
    with the label of x for the hover (e.g. "74 (2019–20)").
    """
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[safe(panel_titles.get(p, p)) for p in panels])
    shown: set[str] = set()
    for row, key in enumerate(panels, start=1):
        for code, part in rows[rows[panel] == key].groupby("partner", sort=False):
            _add_line(fig, part, row, code, shown, x=x, value_column=value_column, unit=unit, styles=styles,
                      names=names, post_column=post_column, hover_x=hover_x)
        if mirror is not None:
            for code, part in mirror[mirror[panel] == key].groupby("partner", sort=False):
                _add_mirror(fig, part, row, code, shown, x=x, value_column=value_column, unit=unit,
                            styles=styles, label=(mirror_label or {}).get(code, f"{code}: mirror"))
    if post_column is not None and rows[post_column].any():
        _legend_note(fig, POST_LEGEND, row=1)
    xs = pd.concat([rows[x], mirror[x]]) if mirror is not None else rows[x]
    _layout(fig, title, len(panels), unit, tick_labels, (xs.min() - 0.5, xs.max() + 0.5))
    if marker_x is not None:
        mark_publication(fig, marker_x)
        flip_publication_label(fig)
    return fig


def _add_line(fig, part, row, code, shown, *, x, value_column, unit, styles, names, post_column, hover_x):
    style = styles.get(code, _DEFAULT)
    name = safe(names.get(code, code))
    xs = part[hover_x] if hover_x else part[x]
    fig.add_scatter(x=part[x], y=part[value_column], mode="lines+markers", name=name, legendgroup=code,
                    showlegend=code not in shown, opacity=_opacity(part), row=row, col=1,
                    line=dict(color=style.colour, width=3, dash=style.dash),
                    marker=dict(size=8, symbol=_symbols(part, post_column), color=style.colour),
                    customdata=[[safe(v)] for v in xs],
                    hovertemplate="%{customdata[0]}: %{y:,.1f} " + safe(unit) + "<extra>" + name + "</extra>")
    shown.add(code)


def _add_mirror(fig, part, row, code, shown, *, x, value_column, unit, styles, label):
    style = styles.get(code, _DEFAULT)
    key = f"mirror-{code}"
    fig.add_scatter(x=part[x], y=part[value_column], mode="markers", name=safe(label), legendgroup=key,
                    showlegend=key not in shown, opacity=_opacity(part), row=row, col=1,
                    marker=dict(size=11, symbol="diamond-open", color=style.colour, line=dict(width=2)),
                    hovertemplate="%{x}: %{y:,.1f} " + safe(unit) + "<extra>" + safe(label) + "</extra>")
    shown.add(key)


def _layout(fig: go.Figure, title: str, panel_count: int, unit: str, tick_labels, x_range) -> None:
    lines = wrap(title, TITLE_WIDTH)
    fig.update_layout(template=TEMPLATE_NAME, title_text="<br>".join(lines),
                      height=60 + PANEL_HEIGHT * panel_count + 24 * len(lines),
                      margin=dict(t=64 + 24 * len(lines)),
                      title=dict(y=1, yanchor="top", yref="container", pad=dict(t=12, l=8)))
    fig.update_yaxes(title_text=safe(unit), rangemode="tozero", gridcolor="#EEEEEE")
    # A fixed range: Plotly widens an automatic one to fit the June-2020 label on a narrow screen.
    fig.update_xaxes(gridcolor="#EEEEEE", showticklabels=True, range=list(x_range))
    if tick_labels:
        fig.update_xaxes(tickvals=list(tick_labels), ticktext=[safe(t).replace("\n", "<br>") for t in tick_labels.values()],
                         tickangle=0, tickfont=dict(size=11))
    for annotation in fig.layout.annotations:  # subplot titles, left: the June-2020 label is on the right
        annotation.update(x=0, xanchor="left", font=dict(size=14))
    legend_below(fig)


TITLE_WIDTH = 38  # characters per title line, as charts.TITLE_WIDTH: fits a 390 px phone
LEGEND_LINE = 18  # characters per legend line: two columns fit a 390 px phone


def legend_below(fig: go.Figure) -> None:
    """Long legend names wrapped, so two columns fit a phone (charts.add_footer places the legend
    and the source footer under the plot when the section is made)."""
    for trace in fig.data:
        if trace.showlegend is not False and trace.name:
            trace.name = "<br>".join(textwrap.wrap(trace.name.replace("<br>", " "), LEGEND_LINE)) or trace.name


def flip_publication_label(fig: go.Figure) -> None:
    """Put the June-2020 label left of its line: near the right edge it would be cut off."""
    for annotation in fig.layout.annotations:
        if annotation.text and annotation.text.startswith("June 2020"):
            annotation.update(xanchor="right", text="June 2020: the article →")


def year_bars_chart(rows: pd.DataFrame, title: str, *, x: str, value_column: str, unit: str, colour: str,
                    post_column: str | None = None, marker_x: float | None = None,
                    value_format: str = "{:.1f}%") -> go.Figure:
    """Bars by year, labelled with their value; post-publication years hatched, with a legend entry."""
    fig = _figure(title, height=380)
    fig.update_layout(title_text="<br>".join(wrap(title, TITLE_WIDTH)))
    post = rows[post_column].astype(bool) if post_column else pd.Series(False, index=rows.index)
    opacity = _opacity(rows)
    for is_post, part in rows.groupby(post, sort=True):
        fig.add_bar(x=part[x], y=part[value_column], name="Published after the article" if is_post else "Known by June 2020",
                    marker=dict(color=colour, opacity=opacity, pattern_shape="/" if is_post else ""),
                    text=[value_format.format(v) for v in part[value_column]], textposition="outside",
                    cliponaxis=False, showlegend=bool(post.any()),
                    hovertemplate="%{x}: %{y:,.1f} " + safe(unit) + "<extra></extra>")
    fig.update_layout(yaxis=dict(title=safe(unit), rangemode="tozero"),
                      xaxis=dict(title=None, tickformat="d", dtick=2, range=[rows[x].min() - 0.5, rows[x].max() + 0.5]),
                      uniformtext=dict(minsize=10, mode="hide"))
    legend_below(fig)
    if marker_x is not None:
        mark_publication(fig, marker_x)
        flip_publication_label(fig)
    return fig


def money(value: float, currency: str) -> str:
    """'USD 12,650m' (millions, whole)."""
    return f"{currency} {fmt(round(value))}m"
