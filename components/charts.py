"""Pure chart builders: a DataFrame in, a Plotly figure out. No Streamlit, no data shaping here.

Each figure draws exactly the rows it is given, so the table and the CSV download beside a chart
show the same data. Rows may carry a boolean ``highlighted`` column: the partners the analyst
chose are drawn in full colour, the others (kept for comparison) faded. Titles come from the
views (computed from the rows) and wrap, so they fit a phone screen; a footer carries the source
and the view's URL, so an exported PNG stands alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.textsafe import plotly_text as safe
from components.theme import CONTEXT_OPACITY, PUBLICATION_COLOUR, TEMPLATE_NAME, UNKNOWN_COLOUR, Style

Names = Mapping[str, str]
Styles = Mapping[str, Style]
FLOW_LABELS = {"total": "Total trade", "exports": "Exports", "imports": "Imports"}
TITLE_WIDTH = 38  # characters per title line: fits a 390 px phone at the template's font size
FOOTER_WIDTH = 42  # the footer starts at the plot area's left edge: 42 characters fit a 390 px phone
# On a year axis the June-2020 line sits between 2019 and 2020: annual figures for a year are
# published the next year, so 2019 is the last year the article could see.
PUBLICATION_X = 2019.5
PUBLICATION_DATE = "2020-06-30"
_DEFAULT = Style("#888888", "solid", "")


def fmt(value: float) -> str:
    """A number as the article would write it: 3,000 / 66.3 / 1.56."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


# Hedges that read before the number ("just 14"); others follow it ("87 (said to)").
PREFIX_QUALIFIERS = {"just", "around", "about", "over", "slightly over", "nearly"}


def hedged(value: float, qualifier, unit: str = "") -> str:
    """A figure with the article's hedge kept: "just 8%", "87 medics (said to)"."""
    text = f"{fmt(value)}{unit}" if unit == "%" else f"{fmt(value)} {unit}".strip()
    if not isinstance(qualifier, str) or not qualifier:
        return text
    return f"{qualifier} {text}" if qualifier in PREFIX_QUALIFIERS else f"{text} ({qualifier})"


def _names(names: Names):
    """Name lookup that falls back to the code and is always escaped."""
    return lambda code: safe(names.get(code, code))


def _style(styles: Styles, code) -> Style:
    return styles.get(code, _DEFAULT)


def wrap(text: str, width: int = TITLE_WIDTH) -> list[str]:
    """Escaped lines of at most ``width`` characters (Plotly titles do not wrap by themselves)."""
    return [safe(line) for line in textwrap.wrap(str(text), width=width)] or [""]


def _figure(title: str, height: int = 380) -> go.Figure:
    """An empty figure in the house template, its title wrapped for narrow screens."""
    lines = wrap(title)
    fig = go.Figure()
    # The plot keeps its height whatever the title's lines: each line adds its own 22 px.
    fig.update_layout(template=TEMPLATE_NAME, title_text="<br>".join(lines), height=height + 22 * (len(lines) - 1),
                      margin=dict(t=40 + 22 * len(lines)))
    return fig


AXIS_SPACE = 56  # px under the plot area for the x tick labels and axis title
LEGEND_ROW = 22  # px per row of the two-column legend
FOOTER_LINE = 13  # px per line of the source footer
LEGEND_WIDTH = 24  # characters per legend line in a two-column legend on a 390 px phone


def add_footer(fig: go.Figure, lines: list[str]) -> None:
    """Under the plot: the legend in two columns (whatever the screen width), then the source and
    view lines, small and grey, so a PNG export carries them. The bottom margin and the height
    grow to hold both, so neither runs into the axis or the other."""
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    for trace in entries:  # a legend column is half a phone's width: long names wrap
        if "<br>" not in trace.name and len(trace.name) > LEGEND_WIDTH:
            trace.name = "<br>".join(textwrap.wrap(trace.name, LEGEND_WIDTH))
    show_legend = fig.layout.showlegend is not False and len(entries) > 0
    legend_px = LEGEND_ROW * sum(max(t.name.count("<br>") + 1 for t in entries[i:i + 2])
                                 for i in range(0, len(entries), 2)) if show_legend else 0
    text = "<br>".join(part for line in lines for part in wrap(line, FOOTER_WIDTH))
    footer_px = FOOTER_LINE * (text.count("<br>") + 1) + 8
    height = (fig.layout.height or 380) + legend_px + footer_px
    fig.update_layout(height=height, margin=dict(b=AXIS_SPACE + legend_px + footer_px))
    if show_legend:
        fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", yref="container", yanchor="bottom",
                                      y=(footer_px + 4) / height, entrywidth=0.5, entrywidthmode="fraction",
                                      font=dict(size=12), traceorder="normal"))
    fig.add_annotation(text=text, x=0, xref="paper", xanchor="left", y=0, yref="paper", yanchor="top",
                       yshift=-(AXIS_SPACE + legend_px), showarrow=False, align="left",
                       font=dict(size=10, color="#666666"))


def _opacity(rows: pd.DataFrame) -> list[float]:
    if "highlighted" not in rows:
        return [1.0] * len(rows)
    return [1.0 if bool(h) else CONTEXT_OPACITY for h in rows["highlighted"]]


def trade_share_chart(shares: pd.DataFrame, title: str, names: Names, styles: Styles) -> go.Figure:
    """Stacked 100% bars: EU, Russia/EAEU and the derived remainder, per flow."""
    name = _names(names)
    fig = _figure(title, height=360)
    for partner, rows in shares.groupby("partner", sort=False):
        label = name(partner) + (" (derived)" if rows["derived"].all() else "")
        style = _style(styles, partner)
        fig.add_bar(
            y=[FLOW_LABELS[f] for f in rows["flow"]], x=rows["share"], name=label, orientation="h",
            marker=dict(color=style.colour, pattern_shape=style.pattern, opacity=_opacity(rows)),
            text=[f"{fmt(v)}%" for v in rows["share"]], textposition="inside",
            customdata=rows[["qualifier"]].fillna("").map(safe),
            hovertemplate="%{y}: %{customdata[0]} %{x:.0f}% of Serbia's trade<extra>" + label + "</extra>")
    fig.update_layout(barmode="stack", xaxis=dict(range=[0, 100], ticksuffix="%", title=None),
                      yaxis=dict(autorange="reversed"), legend=dict(y=-0.12))
    return fig


def bar_chart(rows: pd.DataFrame, title: str, names: Names, styles: Styles,
              label_column: str | None = None, value_column: str = "value") -> go.Figure:
    """Horizontal bars, one per row, labelled with value and unit; unknown values marked."""
    labels = rows[label_column] if label_column else rows["partner"].map(lambda code: names.get(code, code))
    labels = ["<br>".join(wrap(label, 16)) for label in labels]  # narrow labels leave the bars room on a phone
    known = rows[value_column].notna()
    values = rows[value_column].where(known, 0).astype(float)
    texts = [safe(hedged(v, q, u)) if k else "not stated in the article"
             for v, q, u, k in zip(values, rows.get("qualifier", [None] * len(rows)), rows["unit"], known)]
    # each bar gets the height of its wrapped label (18 px a line), at least 42 px
    fig = _figure(title, height=max(220, 80 + sum(max(42, 18 * (label.count("<br>") + 1)) for label in labels)))
    fig.add_bar(
        y=list(labels), x=values, orientation="h", text=texts, textposition="auto", cliponaxis=False,
        textfont=dict(size=12),
        marker=dict(color=[_style(styles, p).colour if k else UNKNOWN_COLOUR for p, k in zip(rows["partner"], known)],
                    opacity=_opacity(rows), line=dict(color="#555555", width=[0 if k else 1 for k in known])),
        hovertemplate="%{y}: %{text}<extra></extra>", showlegend=False)
    fig.update_layout(yaxis=dict(autorange="reversed"), xaxis=dict(title=None, showticklabels=False),
                      margin=dict(r=20))
    return fig


def rank_ladder_chart(ranks: pd.DataFrame, title: str, names: Names, styles: Styles, max_rank: int,
                      named_ranks: set[int] | None = None, label_column: str | None = None) -> go.Figure:
    """Positions 1..max_rank down a column; ranks the source leaves unnamed are shown as gaps.

    Vertical, one rank per line, so labels never overlap however narrow the screen.
    """
    name = _names(names)
    named_ranks = set(ranks["rank"]) if named_ranks is None else named_ranks
    fig = _figure(title, height=max(200, 100 + 34 * max_rank))
    gaps = [r for r in range(1, max_rank + 1) if r not in named_ranks]
    if gaps:
        fig.add_scatter(y=gaps, x=[0] * len(gaps), mode="markers+text", name="Not named in the article",
                        marker=dict(size=18, color=UNKNOWN_COLOUR, line=dict(color="#999999", width=1.5)),
                        text=["not named in the article"] * len(gaps), textposition="middle right",
                        hovertemplate="Rank %{y}: not named in the article<extra></extra>")
    labels = list(ranks[label_column].map(safe)) if label_column else [name(code) for code in ranks["partner"]]
    fig.add_scatter(y=ranks["rank"].astype(int).tolist(), x=[0] * len(ranks), mode="markers+text", name="Named",
                    text=labels, textposition="middle right",
                    marker=dict(size=18, color=[_style(styles, code).colour for code in ranks["partner"]],
                                opacity=_opacity(ranks)),
                    customdata=[[label, safe(basis)] for label, basis in
                                zip(labels, ranks.get("rank_basis", [""] * len(ranks)))],
                    hovertemplate="%{customdata[0]}: rank %{y}<br>%{customdata[1]}<extra></extra>")
    fig.update_layout(showlegend=False, xaxis=dict(visible=False, range=[-0.1, 1]),
                      yaxis=dict(range=[max_rank + 0.6, 0.4], dtick=1, title="Rank", tickprefix="no. "))
    return fig


def grouped_bar_chart(rows: pd.DataFrame, title: str, x: str, group: str, styles: Styles,
                      names: Names, value_column: str = "value") -> go.Figure:
    """Vertical bars of ``value`` per ``x``, one coloured group per ``group`` code."""
    name = _names(names)
    fig = _figure(title)
    for code, part in rows.groupby(group, sort=False):
        style = _style(styles, code)
        fig.add_bar(x=part[x].map(safe), y=part[value_column], name=name(code),
                    marker=dict(color=style.colour, pattern_shape=style.pattern, opacity=_opacity(part)),
                    text=[fmt(v) for v in part[value_column]], textposition="outside", cliponaxis=False,
                    customdata=part[["unit"]].map(safe),
                    hovertemplate="%{x}: %{y:,.2f} %{customdata[0]}<extra>" + name(code) + "</extra>")
    fig.update_layout(barmode="group", yaxis=dict(title=None, rangemode="tozero"), xaxis=dict(title=None))
    return fig


def stacked_year_chart(rows: pd.DataFrame, title: str, group: str, value_column: str, unit: str,
                       styles: Styles, names: Names, marker_x: float | None = PUBLICATION_X) -> go.Figure:
    """Stacked bars by year, one trace per group; the article's date is marked."""
    name = _names(names)
    fig = _figure(title, height=420)
    for code, part in rows.groupby(group, sort=False):
        style = _style(styles, code)
        fig.add_bar(x=part["year"], y=part[value_column], name=name(code),
                    marker=dict(color=style.colour, pattern_shape=style.pattern, opacity=_opacity(part)),
                    hovertemplate="%{x}: %{y:,.1f} " + safe(unit) + "<extra>" + name(code) + "</extra>")
    fig.update_layout(barmode="stack", yaxis=dict(title=safe(unit)), xaxis=dict(title=None, tickformat="d"))
    if marker_x is not None:
        mark_publication(fig, marker_x)
    return fig


def mark_publication(fig: go.Figure, x) -> None:
    """The June-2020 line: the article's time on its left, what happened next on its right."""
    fig.add_vline(x=x, line=dict(color=PUBLICATION_COLOUR, dash="dash", width=1))
    # Left of the line: a label on its right widens the axis on a narrow screen.
    # Inside the plot's top edge: above it, the label ran into a wrapped title's last line.
    fig.add_annotation(x=x, y=1, yref="paper", text="the article, June 2020 →", showarrow=False,
                       xanchor="right", yanchor="top", bgcolor="rgba(255,255,255,0.85)",
                       font=dict(size=11, color=PUBLICATION_COLOUR))


def timeline_chart(events: pd.DataFrame, title: str, names: Names, styles: Styles) -> go.Figure:
    """Dated events on a time axis, one lane per partner; events on the same day in one lane are
    nudged apart vertically so none hides another; hover names each event."""
    name = _names(names)
    counts = events.groupby("partner")["event_id"].nunique().sort_values(ascending=False)
    lanes = [code for code in counts.index]
    position = {code: len(lanes) - i for i, code in enumerate(lanes)}
    same_day = events.groupby(["partner", "date"]).cumcount()
    y = [position[code] + 0.22 * k for code, k in zip(events["partner"], same_day)]
    fig = _figure(title, height=max(320, 120 + 40 * len(lanes)))
    # One trace for all points: each extra trace costs the browser a redraw pass.
    fig.add_scatter(x=events["plot_date"] if "plot_date" in events else events["date"], y=y, mode="markers",
                    showlegend=False,
                    marker=dict(size=13, color=[_style(styles, c).colour for c in events["partner"]],
                                opacity=_opacity(events), line=dict(color="white", width=1)),
                    customdata=pd.DataFrame({"event": events["event"],
                                             "when": events["date_as_written"].fillna("not dated in the article"),
                                             "who": events["partner"].map(lambda c: names.get(c, c))}).map(safe),
                    hovertemplate="<b>%{customdata[2]}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>")
    fig.update_layout(yaxis=dict(tickvals=[position[c] for c in lanes], ticktext=[name(c) for c in lanes], title=None,
                                 range=[0.4, len(lanes) + 0.9]),
                      xaxis=dict(title=None))
    fig.add_vline(x=PUBLICATION_DATE, line=dict(color=PUBLICATION_COLOUR, dash="dash", width=1))
    return fig


