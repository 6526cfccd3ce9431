"""Overview: the thesis, headline numbers, the head-to-head chart and the camp scorecard."""

from __future__ import annotations

from dataclasses import dataclass

from components import charts, data, scorecard
from components.filters import filter_by_partner
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import lookups

TABLES = ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid",
          "aid_gestures", "soft_power", "findings")


@dataclass(frozen=True)
class OverviewView:
    heading: str
    thesis: str
    headlines: tuple[tuple[str, str, str], ...]
    head_to_head: Section
    scorecard: Section


@memoised
def build(state: ViewState) -> OverviewView:
    look = lookups()
    loaded = {name: data.load_table(name) for name in TABLES}
    shown = {name: filter_by_partner(frame, state.selection) for name, frame in loaded.items()}
    metrics = scorecard.head_to_head(shown)
    if metrics.empty:
        head_to_head = nothing("head_to_head", "Head to head", ("trade_shares", "military_exercises"),
                               "The article's comparable figures (trade shares, exercises) concern other partners.")
    else:
        title = scorecard.head_to_head_title(metrics, look.camps, look.names)
        head_to_head = Section("head_to_head", title, metrics, ("trade_shares", "military_exercises"),
                               figure=charts.scorecard_chart(metrics, title, look.styles, look.names))
    cells = scorecard.scorecard(scorecard.evidence(shown, look.names), look.camps)
    card = Section("scorecard", "Scorecard: what the article says about each camp", cells, TABLES, kind="table",
                   table=cells,
                   note="The article's figures and findings for the partners selected. “Not covered by the article” "
                        "means the article says nothing there — not zero.")
    thesis = loaded["findings"].query("finding_id == 'thesis'").iloc[0]["quote"]
    return OverviewView("Serbia between Russia, China and the West", thesis,
                        tuple(scorecard.headlines(shown, look.names)), head_to_head, card)
