"""NATO and EU status of Serbia's neighbours in a year, from the milestone and accession tables.

Plain Python. A status holds at the END of the year: a state that joined NATO on 2017-06-05 is a
member in 2017. Month-precision dates (North Macedonia's EU candidacy, 2005-12) fall in their
year either way. EU application and candidacy are known only where the milestone file records a
country's EU path (``eu_path_recorded``): before they joined, Slovenia, Bulgaria, Romania or
Croatia were candidates too, but no file here dates it, so such a year says "not in the sources"
instead of "neither".
"""

from __future__ import annotations

import pandas as pd

BOTH, NATO, EU, CANDIDATE, APPLICANT, NEITHER, UNRECORDED = (
    "NATO and EU member", "NATO member", "EU member", "EU candidate", "EU applicant (not a candidate)", "Neither",
    "Neither member; EU candidacy not in the sources")
STATUSES = (BOTH, NATO, EU, CANDIDATE, APPLICANT, NEITHER, UNRECORDED)
SHORT = {BOTH: "NATO + EU", NATO: "NATO", EU: "EU", CANDIDATE: "EU cand.", APPLICANT: "EU appl.",
         NEITHER: "neither", UNRECORDED: "n/a"}
CANDIDACY = ("candidate status", "accession negotiations opened", "decision to open accession negotiations")
APPLICATION = ("membership application",)
MILESTONE_LABELS = {("NATO", "member"): "NATO member", ("NATO", "Partnership for Peace"): "Partnership for Peace",
                    ("EU", "member"): "EU member", ("EU", "left"): "Left the EU",
                    ("EU", "membership application"): "EU membership application",
                    ("EU", "candidate status"): "EU candidate status",
                    ("EU", "accession negotiations opened"): "EU accession negotiations opened",
                    ("EU", "decision to open accession negotiations"): "EU decision to open accession negotiations"}
MILESTONES_RESOURCE, ACCESSIONS_RESOURCE = "nato_eu_milestones", "eu_accession_dates"


def milestone_rows(milestones: pd.DataFrame, accessions: pd.DataFrame, adm0_codes) -> pd.DataFrame:
    """Every dated milestone of the countries on the map, one per row, with the table it came from.

    Columns: adm0_a3, iso3, organisation, milestone, label, date (text, as in the source), year,
    source (resource name), source_url.
    """
    iso_of = dict(zip(milestones["adm0_a3"], milestones["iso3"]))  # Natural Earth KOS = XKX
    codes = {adm0: iso_of.get(adm0, adm0) for adm0 in adm0_codes}
    listed = milestones[milestones["adm0_a3"].isin(codes)].assign(source=MILESTONES_RESOURCE)
    adm0_of = {iso: adm0 for adm0, iso in codes.items()}
    eu = accessions[accessions["iso3"].isin(adm0_of)]
    joined = pd.DataFrame({"adm0_a3": eu["iso3"].map(adm0_of), "iso3": eu["iso3"], "organisation": "EU",
                           "milestone": "member", "date": eu["accession_date"].dt.strftime("%Y-%m-%d"),
                           "source": ACCESSIONS_RESOURCE, "source_url": ""})
    left = eu.dropna(subset=["exit_date"])
    exits = pd.DataFrame({"adm0_a3": left["iso3"].map(adm0_of), "iso3": left["iso3"], "organisation": "EU",
                          "milestone": "left", "date": left["exit_date"].dt.strftime("%Y-%m-%d"),
                          "source": ACCESSIONS_RESOURCE, "source_url": ""})
    rows = pd.concat([listed[["adm0_a3", "iso3", "organisation", "milestone", "date", "source", "source_url"]],
                      joined, exits], ignore_index=True)
    rows["year"] = rows["date"].str[:4].astype(int)
    rows["label"] = [MILESTONE_LABELS[(o, m)] for o, m in zip(rows["organisation"], rows["milestone"])]
    return rows.sort_values(["adm0_a3", "date"]).reset_index(drop=True)


def with_remarks(rows: pd.DataFrame, memberships: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with a ``remark`` column: what data/memberships.csv says about the same date of the same
    membership beyond naming its source. A note there reads "<source>; <remark>" (e.g. Italy's EU date:
    "EUMS accession date; the founding of the ECSC, the EU's first community"); "" where
    it adds nothing."""
    notes = memberships.assign(date=pd.to_datetime(memberships["joined"]).dt.strftime("%Y-%m-%d"),
                               remark=memberships["note"].fillna("").str.partition("; ")[2])
    remarks = {(m, bloc, d): r for m, bloc, d, r in zip(notes["member"], notes["bloc"], notes["date"], notes["remark"])}
    return rows.assign(remark=[remarks.get((iso3, organisation, date), "") if milestone == "member" else ""
                               for iso3, organisation, milestone, date in
                               zip(rows["iso3"], rows["organisation"], rows["milestone"], rows["date"])])


def status(rows: pd.DataFrame, year: int) -> str:
    """Status at the end of ``year`` of one country, from its milestone rows."""
    done = rows[rows["year"] <= year]
    def has(organisation: str, *milestones: str) -> bool:
        return bool(((done["organisation"] == organisation) & done["milestone"].isin(milestones)).any())
    in_nato = has("NATO", "member")
    in_eu = has("EU", "member") and not has("EU", "left")
    if in_nato or in_eu:
        return BOTH if in_nato and in_eu else NATO if in_nato else EU
    if has("EU", *CANDIDACY):
        return CANDIDATE
    if has("EU", *APPLICATION):
        return APPLICANT
    return NEITHER if eu_path_recorded(rows) else UNRECORDED


def eu_path_recorded(rows: pd.DataFrame) -> bool:
    """Whether the milestone file dates any step of this country's EU path (application, candidacy, …)."""
    return bool(((rows["source"] == MILESTONES_RESOURCE) & (rows["organisation"] == "EU")).any())


def statuses(rows: pd.DataFrame, adm0_codes, year: int) -> dict[str, str]:
    """Status at the end of ``year`` for every code (a code without rows has no milestone at all)."""
    by_code = {code: part for code, part in rows.groupby("adm0_a3")}
    empty = rows.iloc[0:0]
    return {code: status(by_code.get(code, empty), year) for code in adm0_codes}


def members(rows: pd.DataFrame, organisation: str, year: int) -> set[str]:
    """ISO codes of the members of NATO or the EU at the end of ``year``."""
    done = rows[(rows["year"] <= year) & (rows["organisation"] == organisation)]
    joined = set(done.loc[done["milestone"] == "member", "iso3"])
    return joined - set(done.loc[done["milestone"] == "left", "iso3"])


# === Stages on a day (the Region page): applicant and candidate are different statuses =====

EU_STAGES = (  # (milestone that starts the stage, the stage's name), latest first
    ("left", "left the EU"), ("member", "EU member"),
    ("accession negotiations opened", "negotiating accession"),
    ("decision to open accession negotiations", "candidate, negotiations decided"),
    ("candidate status", "candidate"), ("membership application", "applicant"))
NATO_STAGES = (("member", "NATO member"), ("Partnership for Peace", "Partnership for Peace"))
# The milestone file records Partnership for Peace only for the 2006 entrants (Serbia, Bosnia and
# Herzegovina, Montenegro): an earlier partner (Albania, North Macedonia: 1994–95) is not "neither".
NO_EU_STEP, NO_NATO_STEP = "no application", "not a member (partnership not in the sources)"
EU_PATH_UNRECORDED = "EU path before accession not in the sources"


def stage(rows: pd.DataFrame, organisation: str, day: str) -> tuple[str, str]:
    """(stage, date it began) of one country in NATO or the EU on ``day`` (YYYY-MM-DD), from its
    milestone rows; a month-precision date ("2005-12") counts from the month's first day."""
    starts = rows["date"].where(rows["date"].str.len() == 10, rows["date"].str[:7] + "-01")
    done = rows[(rows["organisation"] == organisation) & (starts <= day)]
    for milestone, name in (EU_STAGES if organisation == "EU" else NATO_STAGES):
        hit = done[done["milestone"] == milestone]
        if len(hit):
            return name, str(hit["date"].max())
    if organisation == "NATO":
        return NO_NATO_STEP, ""
    recorded = bool(((rows["source"] == MILESTONES_RESOURCE) & (rows["organisation"] == "EU")).any())
    joined_later = bool(((rows["organisation"] == "EU") & (rows["milestone"] == "member")).any())
    return (EU_PATH_UNRECORDED if joined_later and not recorded else NO_EU_STEP), ""
