"""Region: Serbia beside Albania, Bosnia and Herzegovina, Croatia, Montenegro, North Macedonia,
Kosovo*, Hungary, Romania and Bulgaria on every indicator whose originals hold them.

Every indicator gives observations in one long shape (``OBS_COLUMNS``): one row per indicator,
measure (a partner or camp), country and point ("then": the last period before the article, as
components.asof chooses it; "latest": the last period published at the as-of date), with the
period, the value (NaN where the source has none, with the reason in ``missing``; never 0 for
unknown) and the source cell or row. The summary (which dimensions make Serbia the region's
outlier toward Russia or China, then and latest) and every title are computed from those rows.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from components import (
    asof,
    charts_region,
    countries,
    data,
    membership,
    params,
    record_aiddata,
    record_arms,
    record_trade,
    record_unga,
)
from components.indicators import (
    ARMS,
    DOTS_REGION,
    DOTS_SERBIA,
    EU_EXPORTS,
    EU_EXPORTS_INDICATOR,
    FINANCE,
    REGION_INDICATORS,
    STATUS,
    TRADE,
    UNGA,
)
from components.indicators import RegionIndicator as Indicator
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import highlight, names_list, view_url

PAGE = "region"
HEADING = "Serbia beside its neighbours"
OBS_COLUMNS = ["indicator", "measure", "measure_label", "short", "partner", "toward", "country", "country_name", "point",
               "period", "value", "unit", "source", "missing", "published_after"]
POINTS = ("then", "latest")

NO_DATA = "no data for this country in the source"


# The Region's indicators are declared in components/indicators.py, beside Did it hold?'s.
INDICATORS = REGION_INDICATORS


@dataclass(frozen=True)
class RegionView:
    heading: str
    summary: Section
    trade: Section
    unga: Section
    arms: Section
    finance: Section
    eu_exports: Section
    status: Section
    compared: tuple[str, ...]  # Serbia first, then the neighbours compared


# === which countries ==========================================================================

def neighbours() -> tuple[str, ...]:
    """The nine neighbours, in the crosswalk's order."""
    return tuple(c for c in countries.region() if c != countries.REPORTER)


def compared(state: ViewState) -> tuple[str, ...]:
    """Serbia and the neighbours the ``compare`` control chose (all nine when it chose none)."""
    wanted = state.control(params.COMPARE.name) or ()
    chosen = [c for c in neighbours() if c in set(wanted)] or list(neighbours())
    return (countries.REPORTER, *chosen)


# === observations, one builder per indicator =================================================

@functools.lru_cache(maxsize=4)
def _names(version: tuple) -> dict[str, str]:
    return countries.names()


def _obs(indicator: Indicator, measure: tuple, country: str, point: str, period: str, value, source: str,
         missing: str = "", published_after: bool = False) -> dict:
    code, heading, partner, toward, short = measure
    ok = value is not None and not pd.isna(value)
    return {"indicator": indicator.key, "measure": code, "measure_label": heading, "short": short, "partner": partner,
            "toward": toward, "country": country, "country_name": _names(data.version())[country], "point": point,
            "period": period, "value": float(value) if ok else float("nan"), "unit": indicator.unit,
            "source": source if ok else "", "missing": "" if ok else (missing or NO_DATA),
            "published_after": bool(published_after) and ok}


def _points(resource: str, periods, as_of: str) -> dict[str, object]:
    """point -> period: then (components.asof.then_period) and the latest published at the as-of date."""
    return {"then": asof.then_period(resource, periods, as_of), "latest": asof.last_known(resource, periods, as_of)}


def trade_rows(state: ViewState, codes) -> list[dict]:
    serbia = data.load_table(DOTS_SERBIA)
    serbia = serbia[~serbia["is_mirror"].astype(bool)].assign(reporter=countries.REPORTER)
    region = data.load_table(DOTS_REGION)
    both = pd.concat([table[table["flow"] == "total"][["reporter", "partner", "year", "share_of_total_pct", "source"]]
                      for table in (serbia, region)], ignore_index=True)
    cells = {(r, p, int(y)): (v, s) for r, p, y, v, s in both.itertuples(index=False)}
    points = _points(DOTS_REGION, sorted(set(region["year"].astype(int))), state.asof)
    rows = []
    for measure in TRADE.measures:
        for country in codes:
            for point, year in points.items():
                value, source = cells.get((country, measure[0], year), (None, ""))
                rows.append(_obs(TRADE, measure, country, point, str(year), value, source,
                                 _trade_gap(country, year, region), not asof.known_by_article(DOTS_REGION, year)))
    return rows


def _trade_gap(country: str, year, region: pd.DataFrame) -> str:
    if country == countries.REPORTER and year in record_trade.CORRUPT_IMPORT_YEARS:
        return f"no {year} total: Serbia's {year} imports by partner are not shown ({record_trade.IMPORTS_2020_GAP})"
    if country in set(region["reporter"]):
        return "a blank cell in the country's DOTS file (unknown, not 0)"
    return NO_DATA


def unga_rows(state: ViewState, codes) -> list[dict]:
    table = data.load_table(record_unga.RESOURCE)
    held = set(record_unga.held(table))
    tidy = record_unga.agreement(table, [c for c in codes if c in held])
    cow = countries.producer_codes("cow")
    lines = {(int(c), int(s)): int(i) + 2 for i, c, s in zip(table.index, table["ccode"], table["session"])}
    points = _points(record_unga.RESOURCE, sorted(set(tidy["session"])), state.asof)
    column = {"USA": "with_usa", "RUS": "with_russia", "CHN": "with_china"}
    rows = []
    for measure in UNGA.measures:
        for country in codes:
            for point, session in points.items():
                found = tidy[(tidy["country"] == country) & (tidy["session"] == session)]
                value = found[column[measure[0]]].iloc[0] if len(found) else None
                source = (f"unga_agreement_balkans.csv line {lines.get((cow[country], session))} "
                          f"(ccode {cow[country]}, session {session})") if len(found) else ""
                why = ("Kosovo is not a UN member: it has no General Assembly votes" if country == "XKX" else NO_DATA)
                rows.append(_obs(UNGA, measure, country, point, f"session {session} ({record_unga.session_years(session)})",
                                 value, source, why, not asof.known_by_article(record_unga.RESOURCE, session)))
    return rows


def arms_rows(state: ViewState, codes) -> list[dict]:
    register, partners = data.load_table(record_arms.RESOURCE), data.load_table("partners")
    then, after = record_arms.comparison_periods(register)
    periods = {"then": then, "latest": after if asof.known(record_arms.RESOURCE, after[1], state.asof) else then}
    names = countries.producer_codes("sipri")
    held = set(register["Recipient"])
    rows = []
    for country in codes:
        recipient = names.get(country)
        deliveries = record_arms.deliveries_by_year(register, partners, recipient) if recipient in held else None
        for point, (first, last) in periods.items():
            totals = None if deliveries is None else record_arms.period_totals(deliveries, first, last)
            whole = 0.0 if totals is None else float(totals["tiv_delivered"].sum())
            for measure in ARMS.measures:
                share = (100 * float(totals["tiv_delivered"].get(measure[0], 0.0)) / whole) if whole else None
                why = ("not in the package's SIPRI extract, which holds Western Balkans recipients only"
                       if deliveries is None else f"SIPRI records no delivery to {recipient} in {first}–{last}")
                source = (f"sipri_trade_register_balkans.csv, recipient '{recipient}', deliveries {first}–{last} "
                          f"({whole:,.1f} TIV in all)")
                rows.append(_obs(ARMS, measure, country, point, f"{first}–{last}", share, source, why,
                                 not asof.known_by_article(record_arms.RESOURCE, last)))
    return rows


def finance_rows(state: ViewState, codes) -> list[dict]:
    table = data.load_table(record_aiddata.RESOURCE)
    years = sorted(set(table["year"].astype(int)))
    then_last = asof.then_period(record_aiddata.RESOURCE, years, state.asof)
    latest_last = asof.last_known(record_aiddata.RESOURCE, years, state.asof)
    windows = {"then": (2010, then_last)}
    windows["latest"] = ((asof.FIRST_YEAR_AFTER, latest_last) if latest_last and latest_last >= asof.FIRST_YEAR_AFTER
                         else windows["then"])
    gw = countries.producer_codes("gw")
    rows = []
    for country in codes:
        mine = table[table["gwcode"] == gw.get(country)]
        for point, (first, last) in windows.items():
            part = mine[mine["year"].between(first, last)]
            total = part[list(record_aiddata.FLOW_CLASSES)].sum(axis=1)
            value = float(total.mean()) / 1e6 if len(part) else None
            lines = ", ".join(str(int(i) + 2) for i in part.index)
            source = (f"gw_gcdf.csv line{'s' if len(part) > 1 else ''} {lines} (gwcode {gw[country]}; mean of the {len(part)} of "
                      f"{last - first + 1} years the file holds)") if len(part) else ""
            why = ("no rows for this country in the package's AidData file" if mine.empty
                   else f"no row for {first}–{last} in the package's AidData file")
            span = str(first) if first == last else f"{first}–{last}"
            rows.append(_obs(FINANCE, FINANCE.measures[0], country, point, span, value, source, why,
                             not asof.known_by_article(record_aiddata.RESOURCE, last)))
    return rows


def eu_exports_rows(state: ViewState, codes) -> list[dict]:
    table = data.load_table(EU_EXPORTS)
    points = _points(EU_EXPORTS, sorted(set(table["year"].astype(int))), state.asof)
    by_year = {int(y): (v, f) for y, v, f in zip(table["year"], table["eur_million"], table["source_file"])}
    rows = []
    for country in codes:
        for point, year in points.items():
            value, file = by_year.get(year, (None, "")) if country == countries.REPORTER else (None, "")
            rows.append(_obs(EU_EXPORTS_INDICATOR, EU_EXPORTS_INDICATOR.measures[0], country, point, str(year), value,
                             f"eurostat_comext/original/{file}, Serbia row", "no data for this country in the package "
                             "(its Comext extract holds Serbia only)", not asof.known_by_article(EU_EXPORTS, year)))
    return rows


OBSERVERS: dict[str, Callable[[ViewState, tuple[str, ...]], list[dict]]] = {
    "trade": trade_rows, "unga": unga_rows, "arms": arms_rows, "finance": finance_rows, "eu_exports": eu_exports_rows}


def observations(state: ViewState) -> pd.DataFrame:
    """Every numeric indicator's observations for the countries compared (OBS_COLUMNS)."""
    codes = compared(state)
    rows = [row for build in OBSERVERS.values() for row in build(state, codes)]
    return highlight(pd.DataFrame(rows, columns=OBS_COLUMNS), state)


# === the summary: Serbia's rank toward Russia or China, then and latest =======================

SUMMARY_COLUMNS = ["indicator", "measure", "short", "partner", "unit", "then_period", "serbia_then", "median_then",
                   "rank_then", "ties_then", "countries_then", "latest_period", "serbia_latest", "median_latest",
                   "rank_latest", "ties_latest", "countries_latest", "source_then", "source_latest"]


def rank_toward(values: pd.Series, country: str, toward: int) -> tuple[int | None, int]:
    """(1 + how many countries lean further toward Russia or China than ``country``, how many others
    have the same value) over ``values`` (country -> value, unknown already dropped); (None, 0) when
    ``country`` has no value or fewer than two countries have one (no rank to give)."""
    if country not in values.index or toward == 0 or len(values) < 2:
        return None, 0
    leaning = values * toward
    return 1 + int((leaning > leaning[country]).sum()), int((leaning == leaning[country]).sum()) - 1


def _point_summary(rows: pd.DataFrame, point: str) -> dict:
    part = rows[(rows["point"] == point)].dropna(subset=["value"]).set_index("country")
    serbia = countries.REPORTER
    others = part.drop(index=serbia, errors="ignore")["value"]
    toward = int(rows["toward"].iloc[0])
    first = rows[rows["point"] == point]
    rank, ties = rank_toward(part["value"], serbia, toward)
    return {f"{point}_period": first["period"].iloc[0], f"serbia_{point}": part["value"].get(serbia, float("nan")),
            f"median_{point}": float(others.median()) if len(others) else float("nan"),
            f"rank_{point}": rank, f"ties_{point}": ties, f"countries_{point}": len(part),
            f"source_{point}": part["source"].get(serbia, "") or first.loc[first["country"] == serbia, "missing"].iloc[0]}


def summary_rows(obs: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and measure (SUMMARY_COLUMNS): Serbia's value, the neighbours' median
    and Serbia's rank toward Russia or China (1 = furthest) among the countries with data."""
    rows = []
    for _, part in obs.groupby(["indicator", "measure"], sort=False):
        head = part.iloc[0]
        rows.append({"indicator": head["indicator"], "measure": head["measure_label"], "short": head["short"],
                     "partner": head["partner"],
                     "unit": head["unit"], **_point_summary(part, "then"), **_point_summary(part, "latest")})
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    for column in ("rank_then", "rank_latest"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _number(value, unit: str) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    return f"{value:,.1f}%" if unit.startswith("%") else f"{value:,.1f}"


def _rank(rank, count, ties=0) -> str:
    if rank is None or pd.isna(rank):
        return "n/a"
    return f"{int(rank)} of {int(count)}" + (f" (tied with {int(ties)})" if ties else "")


def summary_title(summary: pd.DataFrame, article_time: bool = False) -> str:
    """On how many measures Serbia leans furthest toward Russia or China, latest and then (as of June
    2020 there is no later point: one count, of what was published by then)."""
    ranked = summary.dropna(subset=["rank_latest"])
    if ranked.empty:
        return "Serbia beside its neighbours: no measure has data for Serbia and a neighbour"
    first = ranked[(ranked["rank_latest"] == 1) & (ranked["ties_latest"] == 0)]
    then = summary.dropna(subset=["rank_then"])
    then_first = then[(then["rank_then"] == 1) & (then["ties_then"] == 0)]
    if article_time:
        return (f"Serbia leans furthest toward Russia or China, alone, on {len(then_first)} of {len(then)} measures "
                "published by June 2020")
    return (f"Serbia leans furthest toward Russia or China, alone, on {len(first)} of {len(ranked)} measures at the "
            f"latest data; then on {len(then_first)} of {len(then)}")


def outliers_note(summary: pd.DataFrame, article_time: bool = False) -> str:
    """Which measures the summary's title counts, then and latest."""
    parts = []
    points = (("then", "By June 2020"),) if article_time else (("latest", "At the latest data"), ("then", "Then"))
    for point, label in points:
        alone = summary[(summary[f"rank_{point}"] == 1) & (summary[f"ties_{point}"] == 0)]
        parts.append(f"{label}, furthest alone: {names_list(list(alone['short']), {}) or 'none'}.")
    return " ".join(parts)


SHORT_UNITS = {TRADE.unit: "%", UNGA.unit: "%", ARMS.unit: "% of TIV", FINANCE.unit: "USD m a year",
               EU_EXPORTS_INDICATOR.unit: "EUR m"}


def summary_table(summary: pd.DataFrame, status: pd.DataFrame, article_time: bool = False) -> pd.DataFrame:
    """The summary for people: one line per measure, figures with their unit, ranks as 'k of n',
    the two status lines at the end; the source cells last."""
    def figures(point: str) -> list[str]:
        return [_number(v, u) for v, u in zip(summary[f"serbia_{point}"], summary["unit"])]

    def medians(point: str) -> list[str]:
        return [_number(v, u) for v, u in zip(summary[f"median_{point}"], summary["unit"])]

    def ranks(point: str) -> list[str]:
        return [_rank(r, n, t) for r, n, t in
                zip(summary[f"rank_{point}"], summary[f"countries_{point}"], summary[f"ties_{point}"])]

    table = pd.DataFrame({
        "Measure": summary["short"].str[:1].str.upper() + summary["short"].str[1:] + ", " + summary["unit"].map(SHORT_UNITS),
        "Serbia then": figures("then"), "Serbia latest": figures("latest"),
        "Rank then (1 = most toward Russia/China)": ranks("then"), "Rank latest": ranks("latest"),
        "Neighbours' median then": medians("then"), "Neighbours' median latest": medians("latest"),
        "Then → latest": [a if a == b else f"{a} → {b}" for a, b in zip(summary["then_period"], summary["latest_period"])],
        "Source (Serbia then; latest)": [f"{a}; {b}" if a != b else a for a, b in
                                         zip(summary["source_then"], summary["source_latest"])]})
    table = pd.concat([table, status_summary(status)], ignore_index=True).fillna("")
    if article_time:  # no later point as of June 2020: the "latest" columns would repeat "then"
        table = table.drop(columns=["Serbia latest", "Rank latest", "Neighbours' median latest"])
        table = table.rename(columns={"Serbia then": "Serbia", "Rank then (1 = most toward Russia/China)":
                                      "Rank (1 = most toward Russia/China)", "Neighbours' median then": "Neighbours' median",
                                      "Then → latest": "Period", "Source (Serbia then; latest)": "Source"})
    return table


# === NATO and EU status ========================================================================

THEN_DAY = datetime.date(asof.ARTICLE_DATE.year - 1, 12, 31)  # the end of 2019, the last year before the article


def status_days(state: ViewState) -> dict[str, datetime.date]:
    """then: end of 2019; latest: the as-of date, or the day the milestone files were copied."""
    copied = data.resource_sources(membership.MILESTONES_RESOURCE)[0]["accessed"]
    return {"then": THEN_DAY, "latest": asof.cutoff(state.asof) or datetime.date.fromisoformat(str(copied))}


def status_rows(state: ViewState, codes) -> pd.DataFrame:
    """One row per country, organisation and point: the stage on that day and when it began."""
    milestones = asof.keep_known(data.load_table(membership.MILESTONES_RESOURCE), membership.MILESTONES_RESOURCE,
                                 "date", state.asof)
    accessions = asof.keep_known(data.load_table(membership.ACCESSIONS_RESOURCE), membership.ACCESSIONS_RESOURCE,
                                 "accession_date", state.asof)
    adm0 = countries.producer_codes("natural_earth")
    rows = membership.milestone_rows(milestones, accessions, [adm0[c] for c in codes])
    out = []
    for country in codes:
        mine = rows[rows["iso3"] == country]
        for organisation in ("NATO", "EU"):
            for point, day in status_days(state).items():
                name, since = membership.stage(mine, organisation, day.isoformat())
                source = mine[(mine["organisation"] == organisation) & (mine["date"] == since)]["source"]
                out.append({"country": country, "country_name": countries.names()[country], "partner": organisation,
                            "point": point, "day": day.isoformat(), "stage": name, "since": since,
                            "source": ", ".join(dict.fromkeys(source)) or ""})
    return pd.DataFrame(out)


def status_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Two summary lines (NATO, EU): Serbia's stage, and how many neighbours are members."""
    lines = []
    for organisation in ("NATO", "EU"):
        line = {"Measure": f"{organisation} status"}
        days = []
        for point in POINTS:
            part = status[(status["partner"] == organisation) & (status["point"] == point)]
            serbia = part[part["country"] == countries.REPORTER]["stage"].iloc[0]
            others = part[part["country"] != countries.REPORTER]
            member = int(others["stage"].str.endswith("member").sum())
            days.append(part["day"].iloc[0])
            line.update({f"Serbia {point}": serbia,
                         f"Neighbours' median {point}": f"{member} of {len(others)} neighbours members"})
        line["Then → latest"] = " → ".join(days)
        line["Source (Serbia then; latest)"] = "nato_eu_milestones.csv, eu_accession_dates.csv"
        lines.append(line)
    return pd.DataFrame(lines)


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    wide = status.assign(column=status["partner"] + " on " + status["day"]).pivot_table(
        index=["country", "country_name"], columns="column", values="stage", aggfunc="first", sort=False)
    order = {c: i for i, c in enumerate(status["country"].unique())}
    wide = wide.reset_index().sort_values("country", key=lambda s: s.map(order)).drop(columns="country")
    return wide.rename(columns={"country_name": "Country"})


# === sections ==================================================================================

def _gaps(rows: pd.DataFrame) -> str:
    """'No data: Hungary, Romania (not in the package's SIPRI extract).' — each reason once."""
    missing = rows[rows["value"].isna()].drop_duplicates(["country", "missing"])
    parts = [f"{names_list(list(part['country_name'].unique()), {})}: {reason}"
             for reason, part in missing.groupby("missing", sort=False)]
    return ("No figure shown for: " + "; ".join(parts) + ".") if parts else ""


def _headline(summary: pd.DataFrame, indicator: Indicator) -> str:
    """The takeaway of an indicator from its summary rows: Serbia, the median and the rank on the
    measure where Serbia leans furthest toward Russia or China (latest, else then)."""
    rows = summary[summary["indicator"] == indicator.key]
    point = "latest" if rows["rank_latest"].notna().any() else "then"
    ranked = rows.dropna(subset=[f"rank_{point}"])
    if ranked.empty:
        return f"{indicator.label}: no figure for Serbia and its neighbours"
    toward = ranked["measure"].map({m[1]: m[3] for m in indicator.measures})  # Russia/China first on a tie
    best = ranked.assign(toward=-toward).sort_values([f"rank_{point}", "toward"], kind="stable").iloc[0]
    return (f"{best['measure']}, {best[f'{point}_period']}: Serbia {_number(best[f'serbia_{point}'], best['unit'])}, "
            f"the neighbours' median {_number(best[f'median_{point}'], best['unit'])} (Serbia "
            f"{_rank(best[f'rank_{point}'], best[f'countries_{point}'], best[f'ties_{point}'])} "
            f"{'toward' if best['toward'] < 0 else 'away from'} {countries.names().get(best['partner'], best['partner'])})")


def _note(rows: pd.DataFrame, indicator: Indicator, state: ViewState) -> str:
    revised = "; ".join(filter(None, (asof.revised_note(r, state.asof) for r in indicator.resources)))
    return " ".join(filter(None, [f"Read as {indicator.reading}.", indicator.method, _gaps(rows),
                                  f"Figures {revised}." if revised else "", _filter_note(rows, state)]))


def _filter_note(rows: pd.DataFrame, state: ViewState) -> str:
    """Under a filter: which measures are lit (those with a partner chosen), the rest shown faded."""
    if state.selection is None or "highlighted" not in rows or rows["highlighted"].all():
        return ""
    lit = rows.loc[rows["highlighted"], "measure_label"].unique()
    if not len(lit):
        return "None of the partners chosen is measured here: every measure is shown faded, for comparison."
    return (f"Measures of the partners chosen are highlighted ({names_list(list(lit), {})}); the others are shown "
            "faded, for comparison.")


def indicator_section(obs: pd.DataFrame, summary: pd.DataFrame, indicator: Indicator, state: ViewState) -> Section:
    rows = obs[obs["indicator"] == indicator.key].reset_index(drop=True)
    if rows["value"].notna().sum() == 0:
        return nothing(indicator.key, indicator.label, indicator.resources, _gaps(rows) or NO_DATA)
    title = _headline(summary, indicator)
    figure = charts_region.region_chart(rows, title, measures=[(m[0], m[1]) for m in indicator.measures],
                                        order=compared(state), names=countries.names(column="short_name"),
                                        reporter=countries.REPORTER, unit=indicator.unit)
    return Section(indicator.key, title, rows, indicator.resources, figure=figure, view_url=view_url(PAGE, state),
                   note=_note(rows, indicator, state), table=_obs_table(rows))


def _obs_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Measure": rows["measure_label"], "Country": rows["country_name"], "Point": rows["point"],
                         "Period": rows["period"], "Value": rows["value"], "Unit": rows["unit"],
                         "Source cell": rows["source"], "Why no figure": rows["missing"],
                         "Published after June 2020": rows["published_after"]})


def eu_exports_section(obs: pd.DataFrame, state: ViewState) -> Section:
    rows = obs[obs["indicator"] == EU_EXPORTS_INDICATOR.key].reset_index(drop=True)
    held = rows.dropna(subset=["value"])
    if held.empty:
        return nothing("eu_exports", EU_EXPORTS_INDICATOR.label, EU_EXPORTS_INDICATOR.resources, _gaps(rows))
    parts = [f"{p} EUR {v:,.0f} million" for p, v in zip(held["period"], held["value"])]
    title = "EU27 exports to Serbia: " + " → ".join(dict.fromkeys(parts)) + "; the package holds no other country"
    return Section("eu_exports", title, held, EU_EXPORTS_INDICATOR.resources, kind="table", table=_obs_table(held),
                   note=_note(rows, EU_EXPORTS_INDICATOR, state))


def status_section(status: pd.DataFrame, state: ViewState) -> Section:
    serbia = status[(status["country"] == countries.REPORTER) & (status["point"] == "latest")]
    stages = dict(zip(serbia["partner"], serbia["stage"]))
    latest = status[status["point"] == "latest"]
    nato = int((latest["partner"].eq("NATO") & latest["stage"].eq("NATO member")).sum())
    count = latest["country"].nunique()
    title = (f"On {latest['day'].iloc[0]}, {nato} of the {count} countries compared are NATO members; Serbia: "
             f"{stages['NATO']}, EU {stages['EU']}")
    return Section("status", title, highlight(status, state), STATUS.resources, kind="table",
                   table=status_table(status), note=STATUS.method + " " + membership.NO_NATO_STEP.capitalize()
                   + ": the milestone file dates Partnership for Peace only for the 2006 entrants.")


SUMMARY_NOTE = (
    "Rank: Serbia's place among the countries compared that have a figure, 1 = furthest toward Russia or China (the "
    "highest share with Russia or China, the lowest with the EU, the US or the West). Median: of the neighbours with "
    "a figure. Then: the last period before the article published at the as-of date; latest: the last published at "
    "the as-of date.")


@memoised
def build(state: ViewState) -> RegionView:
    obs = observations(state)
    summary = highlight(summary_rows(obs), state)
    status = status_rows(state, compared(state))
    summary_section = Section("summary", summary_title(summary, state.article_time), summary,
                              tuple(dict.fromkeys(r for i in INDICATORS for r in i.resources)), kind="table",
                              table=summary_table(summary, status, state.article_time),
                              note=outliers_note(summary, state.article_time) + " " + SUMMARY_NOTE)
    return RegionView(HEADING, summary_section, *(indicator_section(obs, summary, i, state)
                                                  for i in (TRADE, UNGA, ARMS, FINANCE)),
                      eu_exports_section(obs, state), status_section(status, state), compared(state))
