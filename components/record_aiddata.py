"""Chinese official finance to Serbia by commitment year and flow class, as AidData classes it.

Pure functions over the validated ``aiddata_chinese_finance`` table (AidData GCDF 3.0 summed by
recipient and commitment year by the {odadata} R package). No streamlit.
"""

from __future__ import annotations

import pandas as pd

from components import asof, countries

RESOURCE = "aiddata_chinese_finance"


def gw_code(code: str = countries.REPORTER) -> int:
    """The Gleditsch–Ward code AidData uses for a country (from the crosswalk)."""
    found = countries.producer_codes("gw").get(code)
    if found is None:
        raise ValueError(f"the crosswalk gives no Gleditsch–Ward code for {code}")
    return int(found)

# AidData's "Flow Class" values, in its own words, and the columns that sum them.
FLOW_CLASSES = {"oda_amt": "ODA-like", "oof_amt": "OOF-like", "vof_amt": "Vague (official finance)"}

METHOD_NOTE = (
    "Commitments (not disbursements) of Chinese official finance recorded by AidData's Global Chinese "
    "Development Finance Dataset 3.0, in constant 2021 USD, by the year the finance was committed, summed "
    "per recipient and year by a third party (the {odadata} R package) over the projects AidData recommends "
    "for aggregates. AidData's flow classes: ODA-like (concessional, development intent: grants, "
    "zero-interest and concessional loans), OOF-like (other official flows: non-concessional loans, export "
    "credits), Vague (official finance whose class AidData could not determine). Uses the 'Amount' columns, "
    "not the 'Adjusted Amount' ones. A year the file lacks has no row here (not 0); a 0 is 'no such flow "
    "recorded'. Commitments after June 2020 are after the article.")


def window(df: pd.DataFrame, recipient: str | None = countries.REPORTER) -> tuple[int, int]:
    """(first, last) commitment year in the data, for one recipient (ISO code; None: the whole file)."""
    gwcode = None if recipient is None else gw_code(recipient)
    rows = df if gwcode is None else df[df["gwcode"] == gwcode]
    if rows.empty:
        raise ValueError(f"AidData has no rows for Gleditsch–Ward code {gwcode}")
    return int(rows["year"].min()), int(rows["year"].max())


def commitments_by_year_and_class(df: pd.DataFrame, recipient: str = countries.REPORTER) -> pd.DataFrame:
    """Tidy: year, flow_class (AidData's words), usd (constant 2021 USD), usd_million, after_publication.

    One row per year present in the file and flow class; years the file lacks are absent, not 0.
    """
    rows = df[df["gwcode"] == gw_code(recipient)]
    if rows.empty:
        raise ValueError(f"AidData has no rows for {recipient} (Gleditsch–Ward code {gw_code(recipient)})")
    tidy = rows.melt(id_vars="year", value_vars=list(FLOW_CLASSES), var_name="column", value_name="usd")
    tidy = tidy.assign(year=tidy["year"].astype(int), flow_class=tidy["column"].map(FLOW_CLASSES),
                       usd_million=tidy["usd"] / 1e6)
    tidy = tidy.assign(after_publication=asof.published_after_mask(tidy, RESOURCE, "year"))
    order = {label: rank for rank, label in enumerate(FLOW_CLASSES.values())}
    tidy = tidy.sort_values(["year", "flow_class"], key=lambda s: s.map(order) if s.name == "flow_class" else s)
    return tidy[["year", "flow_class", "usd", "usd_million", "after_publication"]].reset_index(drop=True)


def cell_records(flows: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The finest records the package holds, for the sensitivity test (components.sensitivity): one
    commitment year and flow class (the file sums AidData's projects per year; projects are not in it).

    flows: commitments_by_year_and_class's output. Columns: year, flow_class, usd_million, record
    ("2019's OOF-like commitments"); zero cells left out.
    """
    part = flows[flows["year"].between(first, last) & flows["usd_million"].gt(0)]
    return part.assign(record=[f"{year}'s {flow} commitments" for year, flow in zip(part["year"], part["flow_class"])])[
        ["year", "flow_class", "usd_million", "record"]].reset_index(drop=True)
