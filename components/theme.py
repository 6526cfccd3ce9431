"""One palette and one Plotly template for every chart.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common forms of
colour blindness. The main actors get their own colour everywhere; every other partner takes
a muted colour of its camp, so a country's colour never changes between pages.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

PARTNER_COLOURS = {
    "EU": "#0072B2",     # blue
    "NATO": "#56B4E9",   # sky blue
    "USA": "#009E73",    # bluish green
    "WEST": "#0072B2",
    "RUS": "#D55E00",    # vermillion
    "EAEU": "#CC79A7",   # reddish purple
    "CSTO": "#CC79A7",
    "CHN": "#E69F00",    # orange
    "ROW": "#BBBBBB",    # neutral grey for "neither"
}
CAMP_COLOURS = {"West": "#7FA7C9", "Russia": "#E8A38F", "China": "#E69F00", "Other": "#8C8C8C"}
CAMP_ORDER = ("West", "Russia", "China", "Other")
UNKNOWN_COLOUR = "#FFFFFF"

# NATO/EU status on the Neighbourhood map (keys: components/membership.py STATUSES). Okabe-Ito
# colours without the Russia camp's; each country also carries its status as text on the map.
STATUS_COLOURS = {
    "NATO and EU member": "#0072B2",   # blue (the EU's colour)
    "NATO member": "#56B4E9",          # sky blue (NATO's colour)
    "EU member": "#009E73",            # bluish green
    "EU candidate or applicant": "#F0E442",  # yellow
    "Neither": "#BBBBBB",              # the neutral grey of "neither"
    "Neither member; EU candidacy not in the sources": UNKNOWN_COLOUR,  # unknown is white, never a status colour
}
SERBIA_OUTLINE = "#000000"
TEMPLATE_NAME = "serbia_ties"


# Partners without a colour of their own share their camp's colour; a line dash or a bar
# pattern, fixed per partner, tells them apart without relying on colour alone.
_DASHES = ("dash", "dot", "dashdot", "longdash", "longdashdot")
_PATTERNS = ("/", "x", ".", "\\", "+", "-", "|")


def _slot(code: str, size: int) -> int:
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(code)) % size


def partner_dash(code: str) -> str:
    """Line dash of a partner: solid for main actors, a fixed dash otherwise."""
    return "solid" if code in PARTNER_COLOURS else _DASHES[_slot(code, len(_DASHES))]


def partner_pattern(code: str) -> str:
    """Bar pattern of a partner: none for main actors, a fixed pattern otherwise."""
    return "" if code in PARTNER_COLOURS else _PATTERNS[_slot(code, len(_PATTERNS))]


def partner_colour(code: str, camp: str | None = None) -> str:
    """The colour of a partner: its own if it is a main actor, else its camp's."""
    return PARTNER_COLOURS.get(code) or CAMP_COLOURS.get(camp or "Other", CAMP_COLOURS["Other"])


def colour_map(partners) -> dict[str, str]:
    """Colour of every partner code in the partners table, keyed by code."""
    return {code: partner_colour(code, camp) for code, camp in zip(partners["code"], partners["camp"])}


def _template() -> go.layout.Template:
    template = go.layout.Template()
    template.layout = go.Layout(
        font=dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#262730"),
        title=dict(font=dict(size=17), x=0, xanchor="left"),
        margin=dict(l=10, r=20, t=70, b=40),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font_size=13),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0, title_text="", traceorder="normal"),
        xaxis=dict(gridcolor="#EEEEEE", zeroline=False, automargin=True),
        yaxis=dict(gridcolor="#EEEEEE", zeroline=False, automargin=True),
    )
    return template


pio.templates[TEMPLATE_NAME] = _template()
