"""Pure map builder: countries with a status in, a Plotly choropleth out. No Streamlit.

Drawn offline: the borders are passed as GeoJSON, every base layer of plotly.js geo is hidden
(``geo.visible=False``) and the first trace is not a choropleth (see ``status_map``), so the
browser fetches no topojson from a CDN (checked in Chromium). The frame is fixed (not
``fitbounds``) so the map does not jump when the year changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from components.charts import wrap
from components.textsafe import plotly_text as safe
from components.theme import SERBIA_OUTLINE, TEMPLATE_NAME

FRAME = {"lon": (12.0, 30.4), "lat": (38.7, 49.3)}  # inside the clip box of scripts/natural_earth.py
FEATURE_ID = "properties.ADM0_A3"
FADED = 0.25
SEA = "#EEF2F5"  # the background: land outside the features and the sea, so white (unknown) countries show


def status_map(countries: pd.DataFrame, geojson: dict, title: str, colours: Mapping[str, str],
               order: Sequence[str], short: Mapping[str, str], marked: str = "SRB") -> go.Figure:
    """The countries coloured by status, the status as text on each, those outside the selection
    faded, ``marked`` outlined. One choropleth trace carries the GeoJSON once (a trace per status
    would send it once per trace); legend entries are empty marker traces.

    ``countries``: adm0_a3, name, status, highlighted (bool), label_lon, label_lat, hover.
    """
    lines = [line for part in title.split("\n") for line in wrap(part)]
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE_NAME, title_text="<br>".join(lines),
                      height=560 + 22 * len(lines), margin=dict(l=0, r=0, t=40 + 22 * len(lines), b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.01, x=0, font=dict(size=12)))
    # The legend's marker traces come FIRST: plotly.js (Streamlit 1.67's bundle) decides whether to
    # fetch its world topojson from a CDN by looking at the first geo trace only, and a choropleth
    # (which always has a locationmode) there triggers the fetch even with every base layer hidden.
    for status in order:
        if (countries["status"] == status).any():
            _legend_entry(fig, safe(status), colours[status], "#555555")
    _legend_entry(fig, "Serbia (outlined)", "rgba(0,0,0,0)", SERBIA_OUTLINE, width=3)
    drawn = countries.assign(_last=countries["adm0_a3"] == marked).sort_values("_last", kind="stable")
    index = {status: i for i, status in enumerate(order)}
    fig.add_choropleth(
        geojson=geojson, featureidkey=FEATURE_ID, locations=list(drawn["adm0_a3"]),
        z=[index[status] for status in drawn["status"]], zmin=-0.5, zmax=len(order) - 0.5,
        colorscale=_steps([colours[status] for status in order]), showscale=False, showlegend=False,
        customdata=[safe(text).replace("\n", "<br>") for text in drawn["hover"]],
        hovertemplate="%{customdata}<extra></extra>",
        marker=dict(opacity=[1.0 if lit else FADED for lit in drawn["highlighted"]],
                    line=dict(color=[SERBIA_OUTLINE if last else "#FFFFFF" if colours[status] != "#FFFFFF" else "#888888"
                                     for last, status in zip(drawn["_last"], drawn["status"])],
                              width=[3 if last else 1 for last in drawn["_last"]])))
    _labels(fig, countries, short, marked)
    fig.update_geos(visible=False, projection_type="mercator", lonaxis_range=list(FRAME["lon"]),
                    lataxis_range=list(FRAME["lat"]), bgcolor=SEA)
    return fig


def _steps(colours: Sequence[str]) -> list[list]:
    """A colour scale of flat steps: z = i is drawn in colours[i]."""
    n = len(colours)
    return [[bound / n, colour] for i, colour in enumerate(colours) for bound in (i, i + 1)]


def _legend_entry(fig: go.Figure, name: str, fill: str, line: str, width: float = 1) -> None:
    fig.add_scattergeo(lon=[None], lat=[None], mode="markers", name=name, hoverinfo="skip",
                       marker=dict(symbol="square", size=14, color=fill, line=dict(color=line, width=width)))


LABEL_EDGE = 2.5  # degrees: a label this close to the frame's side runs off a phone-width map


def _labels(fig: go.Figure, countries: pd.DataFrame, short: Mapping[str, str], marked: str) -> None:
    """The status as text on each country: the map is read without colour too. Countries at the
    frame's edge (Italy, Ukraine) keep their status in the hover, the legend and the table."""
    inside = countries["label_lon"].between(FRAME["lon"][0] + LABEL_EDGE, FRAME["lon"][1] - LABEL_EDGE)
    countries = countries[inside]
    text = [f"<b>{safe(name)}</b><br>{safe(short[status])}" if code == marked else
            f"{safe(name)}<br>{safe(short[status])}"
            for code, name, status in zip(countries["adm0_a3"], countries["name"], countries["status"])]
    fig.add_scattergeo(lon=list(countries["label_lon"]), lat=list(countries["label_lat"]), text=text, mode="text",
                       hoverinfo="skip", showlegend=False,
                       textfont=dict(size=10, shadow="auto",
                                     color=["#1A1A1A" if lit else "#8C8C8C" for lit in countries["highlighted"]]))
