"""What every view needs: partner names, styles and camps; highlighting; the view's URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from components import data, theme
from components.links import view_url  # noqa: F401  (the views build their links there)
from components.state import ViewState


@dataclass(frozen=True)
class Lookups:
    names: dict[str, str]
    styles: dict[str, theme.Style]
    camps: dict[str, str]


def lookups() -> Lookups:
    """Short names, styles and camps by partner code, from partners.csv."""
    partners = data.load_table("partners")
    codes = partners["code"]
    return Lookups(dict(zip(codes, partners["short_name"])), theme.partner_styles(partners),
                   dict(zip(codes, partners["camp"])))


def names_list(codes, names: dict[str, str]) -> str:
    """'Russia', 'Russia and China', 'Russia, China and the EU' (in the order given)."""
    words = [names.get(c, c) for c in dict.fromkeys(codes)]
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def highlight(rows: pd.DataFrame, state: ViewState, columns: Sequence[str] = ("partner",)) -> pd.DataFrame:
    """``rows`` with a ``highlighted`` column: True where any of ``columns`` holds a chosen partner
    (everything, without a filter). The other rows stay, as context."""
    if state.selection is None:
        return rows.assign(highlighted=True)
    mask = pd.Series(False, index=rows.index)
    for column in columns:
        mask |= rows[column].isin(state.selection)
    return rows.assign(highlighted=mask)


def context_note(rows: pd.DataFrame, state: ViewState, names: dict[str, str], column: str = "partner") -> str:
    """'Highlighted: Russia. Shown for comparison: NATO.' — or what the selection lacks here."""
    if state.selection is None or "highlighted" not in rows:
        return ""
    chosen = rows.loc[rows["highlighted"], column].unique()
    context = rows.loc[~rows["highlighted"], column].unique()
    if not len(chosen):
        return (f"None of the partners selected appears in this chart; the article's figures for "
                f"{names_list(context, names)} are shown for reference.")
    text = f"Highlighted: {names_list(chosen, names)}."
    if len(context):
        text += f" Shown faded, for comparison: {names_list(context, names)}."
    return text
