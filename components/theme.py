"""One palette and one Plotly template for every chart.

One hue per camp (Okabe-Ito, distinguishable for the common forms of colour blindness): the
West blue, Russia vermillion, China orange, everyone else grey. Partners of one camp take shades
of its hue in a fixed order (partners.csv), and a line dash and bar pattern of their own, so no
two partners in one chart look alike and a partner looks the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

CAMP_SHADES = {
    "West": ("#0072B2", "#56B4E9", "#004B7A", "#7FB8DE", "#2D8FCB"),
    "Russia": ("#D55E00", "#F4A582", "#8F3F00", "#E37B40", "#5E2A00"),
    "China": ("#E69F00", "#B87F00", "#F5C75A", "#8A5F00", "#FFDB8A"),
    "Other": ("#6E6E6E", "#9E9E9E", "#4A4A4A", "#BDBDBD", "#828282"),
}
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
PATTERNS = ("", "/", "x", ".", "\\", "+", "-", "|")
# The main actors take their camp's first shades, whatever their place in partners.csv.
PRIORITY = ("EU", "RUS", "CHN", "NATO", "EAEU", "USA", "CSTO")
UNKNOWN_COLOUR = "#FFFFFF"
CONTEXT_OPACITY = 0.35  # partners shown for comparison, not chosen in the filter
PUBLICATION_COLOUR = "#444444"

# NATO/EU status on the Neighbourhood map (keys: components/membership.py STATUSES). Okabe-Ito
# colours without the Russia camp's; each country also carries its status as text on the map.
STATUS_COLOURS = {
    "NATO and EU member": "#0072B2",   # blue (the EU's colour)
    "NATO member": "#56B4E9",          # sky blue (NATO's colour)
    "EU member": "#009E73",            # bluish green
    "EU candidate": "#F0E442",         # yellow
    "EU applicant (not a candidate)": "#E69F00",  # orange: applied, no candidate status yet
    "Neither": "#BBBBBB",              # the neutral grey of "neither"
    "Neither member; EU candidacy not in the sources": UNKNOWN_COLOUR,  # unknown is white, never a status colour
}
SERBIA_OUTLINE = "#000000"
TEMPLATE_NAME = "serbia_ties"


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str
    pattern: str


def partner_styles(partners) -> dict[str, Style]:
    """Every partner's colour, dash and pattern: shade i % 5 of its camp's hue, and a dash and
    pattern that change with each round of shades, so (colour, dash) is unique within a camp."""
    styles: dict[str, Style] = {}
    seen: dict[str, int] = {}
    pairs = sorted(zip(partners["code"], partners["camp"]),
                   key=lambda pair: PRIORITY.index(pair[0]) if pair[0] in PRIORITY else len(PRIORITY))
    for code, camp in pairs:
        shades = CAMP_SHADES.get(camp, CAMP_SHADES["Other"])
        index = seen.get(camp, 0)
        seen[camp] = index + 1
        rounds = index // len(shades)
        styles[str(code)] = Style(shades[index % len(shades)], DASHES[rounds % len(DASHES)],
                                  PATTERNS[rounds % len(PATTERNS)])
    return styles


def _template() -> go.layout.Template:
    template = go.layout.Template()
    template.layout = go.Layout(
        font=dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#262730"),
        title=dict(font=dict(size=16), x=0, xanchor="left", xref="container", pad=dict(l=8)),
        margin=dict(l=10, r=20, t=70, b=40),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font_size=13),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0, title_text="", traceorder="normal"),
        xaxis=dict(gridcolor="#EEEEEE", zeroline=False, automargin=True),
        yaxis=dict(gridcolor="#EEEEEE", zeroline=False, automargin=True),
    )
    return template


pio.templates[TEMPLATE_NAME] = _template()
