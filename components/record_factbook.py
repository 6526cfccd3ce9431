"""Serbia's import partners as the CIA World Factbook printed them, one point per edition.

Pure functions over the validated ``factbook_trade_partners`` table. No streamlit, no
interpolation: a year no edition covers has no row, and a partner an edition does not list has
no share (it is below the last partner listed, not 0).
"""

from __future__ import annotations

import re

import pandas as pd


def _decimals(source_text: str) -> int:
    """Most decimals printed for a share in one edition's text ('11.3%' -> 1, '9%' -> 0)."""
    shares = re.findall(r"(\d+(?:\.(\d+))?)%", source_text)
    return max((len(decimals) for _, decimals in shares), default=0)


def editions(df: pd.DataFrame, flow: str = "imports") -> pd.DataFrame:
    """One row per edition year: partners_listed, lowest_listed_pct, decimals, source_text."""
    rows = df[df["flow"] == flow]
    grouped = rows.groupby("data_year", as_index=False).agg(
        partners_listed=("rank", "size"), lowest_listed_pct=("share_pct", "min"), source_text=("source_text", "first"))
    grouped["data_year"] = grouped["data_year"].astype(int)
    return grouped.assign(decimals=grouped["source_text"].map(_decimals))


def basis_note(df: pd.DataFrame, flow: str = "imports") -> str:
    """How the editions differ (computed from their text): partners listed and rounding."""
    table = editions(df, flow)
    parts = [f"{row.data_year}: top {row.partners_listed}, {'one decimal' if row.decimals else 'whole percent'}"
             for row in table.itertuples()]
    whole = table.loc[table["decimals"] == 0, "data_year"]
    rounding = (f": a change of 1 point from {int(whole.min())} on can be rounding" if not whole.empty and
                (table["decimals"] > 0).any() else "")
    return ("The Factbook lists only the top partners, with no EU total, and changed its presentation between "
            "editions (" + "; ".join(parts) + ")" + rounding + ". The basis also "
            "moved: older editions give shares of merchandise trade, the 2023 edition its 'top five' partners "
            "'based on percentage share' (the extract's SOURCE.md). Shares are of Serbia's total " + flow +
            " as each edition states them for its year.")


def import_partner_shares(df: pd.DataFrame, names: list[str] | tuple[str, ...], flow: str = "imports") -> pd.DataFrame:
    """Shares of the named partners (Factbook's normalised names) in each edition year, no interpolation.

    One row per edition year and partner: data_year, partner_std, rank, share_pct (NaN when that
    edition does not list the partner), listed, below_pct (the edition's lowest listed share: an
    unlisted partner has at most that), source_text.
    """
    rows = df[df["flow"] == flow]
    grid = editions(df, flow).merge(pd.DataFrame({"partner_std": list(names)}), how="cross")
    found = rows[["data_year", "partner_std", "rank", "share_pct"]].astype({"data_year": int})
    merged = grid.merge(found, on=["data_year", "partner_std"], how="left")
    return merged.assign(listed=merged["share_pct"].notna(), below_pct=merged["lowest_listed_pct"])[
        ["data_year", "partner_std", "rank", "share_pct", "listed", "below_pct", "source_text"]].sort_values(
        ["partner_std", "data_year"], ignore_index=True)


def with_gaps(shares: pd.DataFrame, value: str = "share_pct") -> pd.DataFrame:
    """Rows for one partner with a None row inserted between non-consecutive years (Plotly then breaks the line)."""
    out = []
    previous = None
    for row in shares.sort_values("data_year").to_dict("records"):
        if previous is not None and row["data_year"] - previous > 1:
            out.append({"data_year": None, value: None})
        out.append(row)
        previous = row["data_year"]
    return pd.DataFrame(out, columns=list(shares.columns))
