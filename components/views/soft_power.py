"""Soft power and opinion: the crowd at Putin's visit, the leader ranking, belief vs reality."""

from __future__ import annotations

from dataclasses import dataclass

from components import charts, data
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import context_note, highlight, lookups, view_url

PAGE = "soft_power"

ORDINALS = {1: "most popular", 2: "second most popular", 3: "third most popular"}


@dataclass(frozen=True)
class SoftPowerView:
    heading: str
    crowd: Section
    leaders: Section
    belief: Section
    other_findings: Section


def _leaders_title(ranks) -> str:
    leaders = list(zip(ranks["person"], ranks["rank"]))
    first_name, first_rank = leaders[0]
    title = f"{first_name} is the {ORDINALS.get(first_rank, f'no. {first_rank}')} foreign leader in Serbia"
    if first_rank == 1 and len(leaders) > 1 and leaders[1][1] == 2:
        title += f", followed by {leaders[1][0]}"
    return title


def _leaders(everything, shown, look, state) -> Section:
    all_ranks = everything[everything["indicator"] == "foreign_leader_popularity_rank"]["value"].astype(int)
    ranks = shown[shown["indicator"] == "foreign_leader_popularity_rank"].sort_values("value")
    if ranks.empty:
        return nothing("leaders", "Most popular foreign leaders in Serbia", ("soft_power",),
                       "The article ranks only Putin and Xi Jinping: add Russia or China to the selection.")
    ranks = ranks.assign(rank=ranks["value"].astype(int))
    title = _leaders_title(ranks)
    return Section("leaders", title, ranks, ("soft_power",), view_url=view_url(PAGE, state),
                   figure=charts.rank_ladder_chart(ranks, title, look.names, look.styles, max_rank=int(all_ranks.max()),
                                                   named_ranks=set(all_ranks), label_column="person"),
                   note="Positions as the article states them; it gives no poll shares, so none are shown. "
                        + context_note(ranks, state, look.names))


def _crowd(shown, look, state) -> Section:
    crowd = shown[shown["indicator"] == "crowd_at_putin_visit"].dropna(subset=["value"])
    if crowd.empty:
        return nothing("crowd", "The crowd at Putin's visit", ("soft_power",),
                       "The crowd figure concerns Russia: add Russia to the selection.")
    row = crowd.iloc[0]
    title = f"{charts.fmt(row['value'])} people greeted Putin in Belgrade ({row['date_as_written']})"
    rows = crowd.assign(short_label="People greeting Putin")
    return Section("crowd", title, rows, ("soft_power",), kind="figures", view_url=view_url(PAGE, state),
                   note=context_note(rows, state, look.names))


@memoised
def build(state: ViewState) -> SoftPowerView:
    look = lookups()
    everything = data.load_table("soft_power")
    shown = highlight(everything, state)
    findings = highlight(data.load_table("findings"), state)
    soft = findings[findings["dimension"] == "soft_power"]
    belief, other = soft[soft["finding_id"] == "donor_belief_vs_reality"], soft[soft["finding_id"] != "donor_belief_vs_reality"]
    belief_title = "Belief vs reality about donors"
    return SoftPowerView(
        "Soft power and opinion", _crowd(shown, look, state), _leaders(everything, shown, look, state),
        nothing("belief", belief_title, ("findings",), "This finding concerns Russia, China and the EU: "
                "add one of them to the selection.") if belief.empty else
        Section("belief", belief_title, belief, ("findings",), kind="text",
                note="The article gives no survey percentages, so none are charted. "
                     + context_note(belief, state, look.names)),
        nothing("other_findings", "What else the article finds", ("findings",),
                "The article's other soft-power findings concern other partners.") if other.empty else
        Section("other_findings", "What else the article finds", other, ("findings",), kind="text",
                note=context_note(other, state, look.names)))
