"""Does a claim rest on one record? The leave-largest-out test, for every share, ranking and direction
the dashboard computes from records.

Pure functions, no streamlit. A *record* is one row of the table behind a claim (for SIPRI: one order,
record_arms.order_records; for AidData: one project), with the group it counts for (a camp, a
partner), its value and a label a reader can look up. The claim is recomputed with its single
largest record left out:

* a leader / share claim ("China delivered the largest share"): the leader's own largest record is
  left out (leaving out another group's record can only widen the lead);
* a direction ("fell", "rose"): the largest record of the window that makes the direction (the
  higher one) is left out.

The note to print beside the claim is "" when nothing changes: it is written only when the leader,
the ranking or the direction changes, from the rows given, never typed for one claim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

SHARE_FORMAT = "{:.1f}%"


def _number(value: float) -> str:
    """465 -> '465'; 176.25 -> '176.2' (one decimal where the value has one)."""
    return f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"


@dataclass(frozen=True)
class LeftOut:
    """The single record left out: its group, label ('HQ-22 (FK-3 version, ordered 2020)'), value, and
    the total of its group (in the window) it is part of."""
    group: str
    label: str
    value: float
    group_total: float


@dataclass(frozen=True)
class LeaderCheck:
    """A leader claim with and without its leader's largest record.

    ranking / ranking_without: groups by total, largest first; totals / totals_without: group ->
    total; shares: group -> % of the window's total. note: the sentence to print beside the
    claim, "" unless the leader changes."""
    leader: str | None
    leader_without: str | None
    ranking: tuple[str, ...]
    ranking_without: tuple[str, ...]
    totals: Mapping[str, float]
    totals_without: Mapping[str, float]
    shares: Mapping[str, float]
    shares_without: Mapping[str, float]
    left_out: LeftOut | None
    note: str

    @property
    def leader_changes(self) -> bool:
        return self.left_out is not None and self.leader_without != self.leader

    @property
    def ranking_changes(self) -> bool:
        return self.left_out is not None and self.ranking_without != self.ranking


@dataclass(frozen=True)
class DirectionCheck:
    """A change between two windows (then, latest) with and without the largest record of the
    window that makes it. direction: 'up', 'down' or 'unchanged'."""
    then: float
    latest: float
    direction: str
    then_without: float
    latest_without: float
    direction_without: str
    left_out: LeftOut | None
    note: str

    @property
    def changes(self) -> bool:
        return self.left_out is not None and self.direction_without != self.direction


def _ranking(totals: pd.Series) -> tuple[str, ...]:
    """Groups by total, largest first; a tie keeps the order given (stable)."""
    return tuple(totals.sort_values(ascending=False, kind="stable").index)


def _shares(totals: pd.Series) -> dict[str, float]:
    whole = totals.sum()
    return {k: (100 * v / whole if whole else float("nan")) for k, v in totals.items()}


def _leader(totals: pd.Series) -> str | None:
    """The group with the largest total; None when there is none or the first two tie."""
    ranked = totals.sort_values(ascending=False, kind="stable")
    if ranked.empty or ranked.iloc[0] <= 0 or (len(ranked) > 1 and ranked.iloc[0] == ranked.iloc[1]):
        return None
    return str(ranked.index[0])


def _largest(records: pd.DataFrame, value: str) -> pd.Series | None:
    known = records[records[value].notna()]
    return None if known.empty else known.loc[known[value].idxmax()]


def leader_check(records: pd.DataFrame, *, group: str = "camp", value: str = "tiv_delivered",
                 label: str = "record", groups=None, names: Mapping[str, str] | None = None,
                 unit: str = "TIV", kind: str = "order", window: str = "", verb: str = "leads",
                 member: str = "camp") -> LeaderCheck:
    """The leader of ``records`` (largest sum of ``value`` per ``group``) with the leader's single
    largest record left out.

    records: one row per record, with columns ``group``, ``value`` (NaN = unknown, left out of
    sums) and ``label`` (how the note names the record). groups: every group to rank (those
    without a record count 0); default those in records. names: group -> words ('the West').
    kind/unit/window/verb/member (what a group is, for a tie: "no single camp leads") only word
    the note: "Rests on one order: without China's HQ-22 (FK-3 version, ordered 2020), 465 of
    China's 560 TIV in 2021–2024, the West leads with 46.5%."
    Only the leader's record can change the ranking (it moves the leader down, nobody else), so
    the ranking changes exactly when the leader does.
    """
    names = names or {}
    word = lambda g: names.get(g, g)  # noqa: E731
    keys = list(dict.fromkeys(records[group])) if groups is None else list(groups)
    totals = records.groupby(group)[value].sum().reindex(keys, fill_value=0.0).astype(float)
    leader = _leader(totals)
    own = records[records[group] == leader] if leader is not None else records.iloc[0:0]
    top = _largest(own, value)
    if top is None:
        return LeaderCheck(leader, leader, _ranking(totals), _ranking(totals), totals.to_dict(), totals.to_dict(),
                           _shares(totals), _shares(totals), None, "")
    left = LeftOut(str(leader), str(top[label]), float(top[value]), float(totals[leader]))
    without = totals.copy()
    without[leader] -= left.value
    leader_without = _leader(without)
    shares_without = _shares(without)
    check = LeaderCheck(leader, leader_without, _ranking(totals), _ranking(without), totals.to_dict(),
                        without.to_dict(), _shares(totals), shares_without, left, "")
    if not check.leader_changes:
        return check
    period = f" in {window}" if window else ""
    of = (f"{_number(left.value)} of {_possessive(word(leader))} {_number(left.group_total)} {unit}{period}")
    if leader_without is None:
        outcome = f"no single {member} {verb}"
    else:
        outcome = f"{word(leader_without)} {verb}"
        if value and not pd.isna(shares_without.get(leader_without)):
            outcome += " with " + SHARE_FORMAT.format(shares_without[leader_without])
    note = f"Rests on one {kind}: without {_possessive(word(leader))} {left.label}, {of}, {outcome}."
    return LeaderCheck(**{**check.__dict__, "note": note})


def flag(note: str) -> str:
    """The short form of a note for a title: 'Rests on one order: …' -> 'rests on one order'; "" for ""."""
    return note.split(":", 1)[0].lower() if note else ""


def _possessive(who: str) -> str:
    return who + ("'" if who.endswith("s") else "'s")


def _direction(then: float, latest: float, same: Callable[[float, float], bool] | None = None) -> str:
    if (same(then, latest) if same else then == latest):
        return "unchanged"
    return "up" if latest > then else "down"


WORDS = {"up": "rose", "down": "fell", "unchanged": "stayed the same"}


def direction_check(then_records: pd.DataFrame, latest_records: pd.DataFrame, *, value: str = "usd_million",
                    label: str = "record", subject: str = "the total", kind: str = "project",
                    windows: tuple[str, str] = ("", ""), fmt: Callable[[float], str] = _number,
                    same: Callable[[float, float], bool] | None = None) -> DirectionCheck:
    """Whether a total rose or fell between two windows, and whether it still does with the single
    largest record of the higher window left out (the record that could carry the direction).

    then_records / latest_records: one row per record in each window, with ``value`` and ``label``.
    fmt writes a value for the note ('USD 1,234 million'); same(a, b) says two values read the
    same (as displayed); windows names the two periods in the note.
    """
    then, latest = float(then_records[value].sum()), float(latest_records[value].sum())
    word = _direction(then, latest, same)
    higher, which = (latest_records, "latest") if latest > then else (then_records, "then")
    top = _largest(higher, value) if word != "unchanged" else None
    if top is None:
        return DirectionCheck(then, latest, word, then, latest, word, None, "")
    window = windows[1] if which == "latest" else windows[0]
    left = LeftOut(window, str(top[label]), float(top[value]), latest if which == "latest" else then)
    then_without = then - left.value if which == "then" else then
    latest_without = latest - left.value if which == "latest" else latest
    word_without = _direction(then_without, latest_without, same)
    check = DirectionCheck(then, latest, word, then_without, latest_without, word_without, left, "")
    if not check.changes:
        return check
    in_window = f" in {window}" if window else ""
    note = (f"Rests on one {kind}: without {left.label}, {fmt(left.value)} of {fmt(left.group_total)}{in_window}, "
            f"{subject} {WORDS[word_without]} ({fmt(then_without)} in {windows[0]}, {fmt(latest_without)} in "
            f"{windows[1]}) instead of {'rising' if word == 'up' else 'falling'}.")
    return DirectionCheck(**{**check.__dict__, "note": note})
