"""Serbia's arms imports read the way SIPRI reads its register: TIV of deliveries, by delivery year.

Pure functions over the validated ``sipri_arms_transfers`` table (components.data.load_table) and
the ``partners`` table; no streamlit. The page states titles and takeaways; this module gives it
the numbers and the notes that say how they were read.

Why not order years: summing "SIPRI TIV for total order" by order year credits an order to the
year it was signed whether or not anything arrived (12 Pantsyr-S1 ordered in 2021: nothing
delivered by end-2024), and an order SIPRI has not valued yet shows as 0 (12 Rafale F4, 2024).
"""

from __future__ import annotations

import re

import pandas as pd

from components import asof, sensitivity
from components.data import DataError

RESOURCE = "sipri_arms_transfers"

REGISTER_FILE = "data/external/sipri_trade_register_balkans.csv"
RECIPIENT = "Serbia"
PREDECESSOR_LAST_YEAR = 2006  # Montenegro's independence (June 2006) ends Serbia and Montenegro

DELIVERIES_METHOD = (
    "SIPRI trend-indicator values (TIV, millions) measure military capability delivered, not money and not "
    "the value of an order. Each deal is counted in its year(s) of delivery, not the year it was ordered; an "
    "order with nothing delivered adds nothing. The register gives one delivered TIV per deal and the list of "
    "delivery years, not the split between them: a deal's delivered TIV is spread evenly over its delivery "
    "years (a deal delivered '2022; 2023' counts half in each year). Camps (West, Russia, China, Other) are "
    "those of data/partners.csv today, also for earlier years (Montenegro's 2010 deliveries count as West, "
    "though it joined NATO in 2017). Calculations are the "
    "dashboard's, not SIPRI's.")

STATUS_NOTE = (
    "Status from the register: 'delivered' when the number delivered reaches the number ordered, 'partly "
    "delivered' when fewer arrived, 'not delivered by end-<last year>' when no delivery is recorded; "
    "second-hand from SIPRI's status column, aid (donation) when SIPRI's comment says aid. Order values SIPRI "
    "has not assessed (TIV per unit 0 or empty) or cannot give (number ordered empty) are unknown, not 0.")

DEAL_REGISTER_LABELS = {
    "supplier": "Supplier", "camp": "Camp", "weapon_designation": "Weapon designation",
    "weapon_description": "Description", "number_ordered": "Number ordered", "order_year": "Order year",
    "delivery_years": "Year(s) of delivery", "number_delivered": "Number delivered",
    "tiv_ordered": "TIV of the order (millions)", "tiv_delivered": "TIV delivered (millions)",
    "status": "Status", "comments": "SIPRI comments"}

_ACQUISITION = {"New": "new", "Second hand": "second-hand", "Second hand but modernized": "second-hand, modernised"}
_AID = re.compile(r"\baid\b", re.IGNORECASE)


def supplier_camps(partners: pd.DataFrame) -> pd.DataFrame:
    """SIPRI supplier name -> partner code and camp, from partners.csv (rows with a sipri_name)."""
    named = partners[partners["sipri_name"].notna()]
    return pd.DataFrame({"supplier": named["sipri_name"].astype(str), "partner": named["code"].astype(str),
                         "camp": named["camp"].astype(str)}).drop_duplicates("supplier")


def delivery_years(text: object, line: int | None = None) -> list[int]:
    """'2020; 2021' -> [2020, 2021]; empty -> [] (no delivery identified)."""
    if text is None or pd.isna(text) or not str(text).strip():
        return []
    parts = [part.strip() for part in str(text).split(";")]
    if not all(re.fullmatch(r"\d{4}", part) for part in parts):
        raise DataError(REGISTER_FILE, f"“{text}” is not a list of years separated by ';'", line=line,
                        column="Year(s) of delivery", hint="Write years like 2022; 2023")
    return [int(part) for part in parts]


def data_last_year(register: pd.DataFrame) -> int:
    """Last delivery year the register covers (the 2025 release: 2024)."""
    years = [year for line, text in _lines(register["Year(s) of delivery"]) for year in delivery_years(text, line)]
    return max(years)


def _lines(column: pd.Series):
    """(file line, value) pairs: the loader keeps the file's row order with a 0-based index."""
    return [(int(index) + 2, value) for index, value in column.items()]


def _serbia(register: pd.DataFrame, recipient: str = RECIPIENT) -> pd.DataFrame:
    """The deals of one recipient, by SIPRI's name for it (Serbia's unless another is given)."""
    return register[register["Recipient"] == recipient]


def _value_assessed(deals: pd.DataFrame) -> pd.Series:
    per_unit = deals["SIPRI TIV per unit"]
    return per_unit.notna() & (per_unit > 0)


def _tiv_delivered(deals: pd.DataFrame) -> pd.Series:
    """Delivered TIV; unknown (NaN) where units arrived but SIPRI has not valued them."""
    nothing_arrived = deals["Number delivered"].fillna(0).eq(0) & deals["Year(s) of delivery"].isna()
    known = _value_assessed(deals) | nothing_arrived
    return deals["SIPRI TIV of delivered weapons"].where(known)


def _tiv_ordered(deals: pd.DataFrame) -> pd.Series:
    """Order TIV; unknown where SIPRI has not valued the system or gives no number ordered (its '0' there)."""
    known = _value_assessed(deals) & deals["Number ordered"].notna()
    return deals["SIPRI TIV for total order"].where(known)


def _state_then(year: int) -> str:
    return "FR Yugoslavia / Serbia and Montenegro" if year <= PREDECESSOR_LAST_YEAR else "Serbia"


def deal_years(register: pd.DataFrame, partners: pd.DataFrame, recipient: str = RECIPIENT) -> pd.DataFrame:
    """One row per deal of ``recipient`` (SIPRI's name; Serbia by default) and delivery year, with
    that year's even share of the delivered TIV."""
    deals = _serbia(register, recipient)
    rows = []
    tiv = _tiv_delivered(deals)
    for (line, text), (_, deal), value in zip(_lines(deals["Year(s) of delivery"]), deals.iterrows(), tiv):
        years = delivery_years(text, line)
        for year in years:
            rows.append({"year": year, "supplier": deal["Supplier"], "weapon_designation": deal["Weapon designation"],
                         "order_year": int(deal["Year of order"]), "tiv_delivered": value / len(years),
                         "version": version(deal["Comments"], deal["Weapon designation"])})
    frame = pd.DataFrame(rows, columns=["year", "supplier", "weapon_designation", "order_year", "tiv_delivered",
                                        "version"])
    return _with_camps(frame, partners)


_VERSION = re.compile(r"(?:^|[;,]\s*)([A-Z0-9][\w\-/.]*(?: [\w\-/.]+)?) version\b")


def version(comments: object, designation: object = None) -> str | None:
    """The version SIPRI's comment names ('FK-3 version' -> 'FK-3'), if it is not the designation itself."""
    if comments is None or pd.isna(comments):
        return None
    found = _VERSION.search(str(comments))
    if not found or str(found.group(1)) == str(designation):
        return None
    return found.group(1)


def order_records(deliveries: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """One record per order for the sensitivity test (components.sensitivity): the deal_years rows
    delivered in first–last grouped by supplier, weapon designation and order year (SIPRI lists an
    order of a system and its missiles, e.g. 3 HQ-22 SAM systems and 300 HQ-22 SAMs ordered in
    2020, as two lines: one order here).

    Columns: camp, partner, supplier, weapon_designation, order_year, tiv_delivered (in the
    window), record ("HQ-22 (FK-3 version, ordered 2020)").
    """
    window = deliveries[deliveries["year"].between(first, last)]
    keys = ["camp", "supplier", "weapon_designation", "order_year"]
    grouped = window.groupby(keys, as_index=False, dropna=False).agg(
        partner=("partner", "first"), tiv_delivered=("tiv_delivered", lambda s: s.sum(min_count=1)),
        version=("version", lambda s: next((v for v in s if isinstance(v, str)), None)))
    label = [f"{d} ({f'{v} version, ' if isinstance(v, str) else ''}ordered {y})"
             for d, v, y in zip(grouped["weapon_designation"], grouped["version"], grouped["order_year"])]
    return grouped.assign(record=label)[keys[:1] + ["partner"] + keys[1:] + ["tiv_delivered", "record"]]


CAMPS = ("West", "Russia", "China", "Other")
CAMP_WORDS = {"West": "the West", "Russia": "Russia and allies", "China": "China", "Other": "others"}


def leader_check(per_deal: pd.DataFrame, first: int, last: int) -> sensitivity.LeaderCheck:
    """Which camp delivered most in first–last, and whether it still does without its largest order
    (components.sensitivity.leader_check over order_records). per_deal: deal_years' output."""
    return sensitivity.leader_check(order_records(per_deal, first, last), group="camp", value="tiv_delivered",
                                    label="record", groups=CAMPS, names=CAMP_WORDS, unit="TIV", kind="order",
                                    window=f"{first}–{last}")


def _with_camps(frame: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Partner code and camp per supplier; a supplier missing from partners.csv gets no code and camp 'Other'."""
    merged = frame.merge(supplier_camps(partners), on="supplier", how="left")
    return merged.assign(camp=merged["camp"].fillna("Other"))


def deliveries_by_year(register: pd.DataFrame, partners: pd.DataFrame, recipient: str = RECIPIENT) -> pd.DataFrame:
    """Serbia's (or ``recipient``'s, by SIPRI's name) arms imports: TIV delivered per delivery year
    and supplier (see DELIVERIES_METHOD).

    Columns: year, partner, supplier, camp, tiv_delivered (million TIV), deals, systems,
    deals_without_value (deliveries SIPRI has not valued: their TIV is not in tiv_delivered),
    recipient_then, after_publication (published after the article: components.asof).
    """
    per_deal = deal_years(register, partners, recipient)
    grouped = per_deal.groupby(["year", "supplier"], as_index=False).agg(
        partner=("partner", "first"), camp=("camp", "first"), tiv_delivered=("tiv_delivered", "sum"),
        deals=("weapon_designation", "size"), systems=("weapon_designation", lambda s: "; ".join(dict.fromkeys(s))),
        deals_without_value=("tiv_delivered", lambda s: int(s.isna().sum())))
    grouped["year"] = grouped["year"].astype(int)
    state_then = grouped["year"].map(_state_then) if recipient == RECIPIENT else recipient
    return grouped.assign(recipient_then=state_then,
                          after_publication=asof.published_after_mask(grouped, RESOURCE, "year"))[
        ["year", "partner", "supplier", "camp", "tiv_delivered", "deals", "systems", "deals_without_value",
         "recipient_then", "after_publication"]].sort_values(["year", "supplier"], ignore_index=True)


def deliveries_summary(deliveries: pd.DataFrame, before: int = 2020, since: int | None = None,
                       until: int | None = None, by: str = "camp") -> pd.DataFrame:
    """Totals of TIV delivered per camp (or partner/supplier) for since–before and before+1–until.

    ``deliveries`` is deliveries_by_year's output (filtered as the page likes). since/until default
    to its first and last year; pass data_last_year(register) as until so an empty recent year still
    counts. A group with no deliveries in a period gets 0: SIPRI recorded none (not unknown).
    Columns: period ('2010–2020'), first_year, last_year, <by>, tiv_delivered, share_pct (of the period).
    """
    since = int(deliveries["year"].min()) if since is None else since
    until = int(deliveries["year"].max()) if until is None else until
    groups = sorted(deliveries[by].dropna().unique())
    frames = []
    for first, last in ((since, before), (before + 1, until)):
        window = deliveries[deliveries["year"].between(first, last)]
        totals = window.groupby(by)["tiv_delivered"].sum().reindex(groups, fill_value=0.0)
        whole = totals.sum()
        frames.append(pd.DataFrame({"period": f"{first}–{last}", "first_year": first, "last_year": last,
                                    by: groups, "tiv_delivered": totals.to_numpy(),
                                    "share_pct": (100 * totals / whole).to_numpy() if whole else float("nan")}))
    return pd.concat(frames, ignore_index=True)


def _delivery_status(deal: pd.Series, years: list[int], last_year: int) -> str:
    delivered, ordered = deal["Number delivered"], deal["Number ordered"]
    if not years and (pd.isna(delivered) or delivered == 0):
        return f"not delivered by end-{last_year}"
    if pd.isna(ordered):
        return "delivered (number ordered not given)"
    if delivered >= ordered:
        return "delivered"
    return f"partly delivered ({delivered:g} of {ordered:g} by end-{last_year})"


def _status(deal: pd.Series, years: list[int], last_year: int, assessed: bool) -> str:
    parts = [_delivery_status(deal, years, last_year)]
    if deal["status"] != "New":
        parts.append(_ACQUISITION.get(deal["status"], str(deal["status"])))
    if pd.notna(deal["Comments"]) and _AID.search(str(deal["Comments"])):
        parts.append("aid (donation)")
    if not assessed:
        parts.append("value not yet assessed by SIPRI")
    elif pd.isna(deal["Number ordered"]):
        parts.append("order value not given (number ordered not available)")
    return "; ".join(parts)


def last_year_known(register: pd.DataFrame, as_of: str = asof.ASOF_LATEST) -> int:
    """The last delivery year public at the as-of date (components.asof: SIPRI's March release)."""
    years = [year for line, text in _lines(register["Year(s) of delivery"]) for year in delivery_years(text, line)]
    return int(asof.last_known(RESOURCE, sorted(set(years)), as_of))


def deal_register(register: pd.DataFrame, partners: pd.DataFrame, since: int = 2006,
                  last_year: int | None = None, as_of: str = asof.ASOF_LATEST) -> pd.DataFrame:
    """Serbia's deals ordered in ``since`` or later, one row per deal, with a status (see STATUS_NOTE).
    At an as-of date before the register's release (``as_of``), only the orders and deliveries then
    published: ``known_by``.

    Columns (DEAL_REGISTER_LABELS gives headings): supplier, partner, camp, weapon_designation,
    weapon_description, number_ordered, order_year, order_year_uncertain, delivery_years,
    number_delivered, tiv_per_unit, tiv_ordered, tiv_delivered (NaN = unknown), delivery_status,
    acquisition, aid, value_assessed, status, comments. Sorted by order year, then supplier.
    """
    if last_year is None:
        last_year = last_year_known(register, as_of)
    deals = _serbia(register)
    deals = deals[deals["Year of order"] >= since]
    assessed = _value_assessed(deals)
    years = [delivery_years(text, line) for line, text in _lines(deals["Year(s) of delivery"])]
    table = pd.DataFrame({
        "supplier": deals["Supplier"].astype(str), "weapon_designation": deals["Weapon designation"],
        "weapon_description": deals["Weapon description"], "number_ordered": deals["Number ordered"],
        "order_year": deals["Year of order"].astype(int),
        "order_year_uncertain": deals["Year of order uncertain"].eq("?").fillna(False),
        "delivery_years": ["; ".join(map(str, y)) for y in years], "number_delivered": deals["Number delivered"],
        "tiv_per_unit": deals["SIPRI TIV per unit"].where(assessed), "tiv_ordered": _tiv_ordered(deals),
        "tiv_delivered": _tiv_delivered(deals),
        "delivery_status": [_delivery_status(d, y, last_year) for (_, d), y in zip(deals.iterrows(), years)],
        "acquisition": deals["status"].map(_ACQUISITION), "aid": deals["Comments"].fillna("").str.contains(_AID),
        "value_assessed": assessed,
        "status": [_status(d, y, last_year, a) for (_, d), y, a in zip(deals.iterrows(), years, assessed)],
        "comments": deals["Comments"]})
    table = _with_camps(table, partners)
    first = ["supplier", "partner", "camp"]
    table = table[first + [c for c in table.columns if c not in first]].sort_values(
        ["order_year", "supplier", "weapon_designation"], ignore_index=True)
    return known_by(table, last_year) if asof.cutoff(as_of) is not None else table


def _delivered_by(deal, last_year: int) -> dict:
    """A deal's delivery columns as known at the end of ``last_year``: later delivery years left
    out; where deliveries went on later, how many arrived by then is unknown (SIPRI gives totals)."""
    years = delivery_years(deal.delivery_years)
    known = [year for year in years if year <= last_year]
    if len(known) == len(years):
        return {}
    status = (f"not delivered by end-{last_year}" if not known
              else f"partly delivered by end-{last_year} (deliveries went on later; how many by then is not given)")
    rest = deal.status.split("; ", 1)[1:]  # second-hand, aid, valuation: known at the order
    return {"delivery_years": "; ".join(map(str, known)), "delivery_status": status,
            "status": "; ".join([status, *rest]),
            "number_delivered": 0 if not known else float("nan"), "tiv_delivered": 0.0 if not known else float("nan")}


def known_by(deals: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """The deal register as it stood at the end of ``last_year``: orders and deliveries up to then."""
    deals = deals[deals["order_year"] <= last_year].copy()
    for index, deal in zip(deals.index, deals.itertuples()):
        for column, value in _delivered_by(deal, last_year).items():
            deals.at[index, column] = value
    return deals.reset_index(drop=True)


def comparison_periods(register: pd.DataFrame, since: int = 2010) -> tuple[tuple[int, int], tuple[int, int]]:
    """The two periods every page compares: (since, the last year SIPRI had published by June 2020:
    2019), and (the first year wholly after the article: 2021, the register's last delivery year).
    2020, the article's year, is in neither: part of it came after the article, none of it was
    published before (components.asof)."""
    known = last_year_known(register, asof.ASOF_ARTICLE)
    return (since, known), (asof.FIRST_YEAR_AFTER, data_last_year(register))


def equal_periods(register: pd.DataFrame) -> tuple[tuple[int, int], tuple[int, int]]:
    """comparison_periods with the first cut to the length of the second (2016–2019 and 2021–2024)."""
    (_, known), (first, last) = comparison_periods(register)
    return (known - (last - first), known), (first, last)


def periods_note(deliveries: pd.DataFrame, then: tuple[int, int], latest: tuple[int, int] | None,
                 equal: tuple[int, int] | None = None) -> str:
    """Why the two periods compared differ in length, each camp's TIV a year in both (totals of
    unequal periods are not set side by side), and the largest camp over periods of equal length
    (``equal``: the first period cut to the length of the second). "" when there is one period
    (as of June 2020) or both are of equal length."""
    if latest is None:
        return ""
    (a, b), (c, d) = then, latest
    if b - a == d - c:
        return ""
    if equal is None:
        equal = (b - (d - c), b)

    def yearly(first, last):
        return period_totals(deliveries, first, last)["tiv_delivered"] / (last - first + 1)

    before, after = yearly(a, b), yearly(c, d)
    camps = [camp for camp in CAMPS if camp in before.index and (before[camp] or after[camp])]
    averages = "; ".join(f"{CAMP_WORDS[camp]} {before[camp]:,.1f} then and {after[camp]:,.1f} since"
                         for camp in camps)

    def largest(first, last):
        part = period_totals(deliveries, first, last)
        top = part.sort_values("tiv_delivered", ascending=False).iloc[0]
        return f"{CAMP_WORDS[top.name]} ({top['share_pct']:.1f}%) in {first}–{last}"

    return (f"The periods differ in length ({b - a + 1} and {d - c + 1} years): {a}–{b} is every year since {a} that "
            f"SIPRI had published by June 2020, and only {d - c + 1} years ({c}–{d}) follow the article; one order can "
            f"fill a year, so the longer period is kept and shares, not totals, are compared. TIV a year on average: "
            f"{averages}. Over periods of equal length the largest camp is {largest(*equal)} and "
            f"{largest(c, d)}.")


def period_totals(deliveries: pd.DataFrame, first: int, last: int, by: str = "camp") -> pd.DataFrame:
    """deliveries_summary for the one period first–last, indexed by ``by``."""
    summary = deliveries_summary(deliveries, before=last, since=first, until=last, by=by)
    return summary[summary["first_year"] == first].set_index(by)
