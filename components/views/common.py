"""Look-ups every view needs: partner names, colours and camps from partners.csv."""

from __future__ import annotations

from dataclasses import dataclass

from components import data, theme


@dataclass(frozen=True)
class Lookups:
    names: dict[str, str]
    colours: dict[str, str]
    camps: dict[str, str]


def lookups() -> Lookups:
    """Short names, colours and camps by partner code."""
    partners = data.load_table("partners")
    codes = partners["code"]
    return Lookups(dict(zip(codes, partners["short_name"])), theme.colour_map(partners),
                   dict(zip(codes, partners["camp"])))


def names_list(codes, names: dict[str, str]) -> str:
    """'Russia', 'Russia and China', 'Russia, China and the EU' (in the order given)."""
    words = [names.get(c, c) for c in dict.fromkeys(codes)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""
