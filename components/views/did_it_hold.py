"""Did it hold? The article's thesis (June 2020) checked against what the package records since.

Thesis: "Serbia is slowly replacing Russia with China as its preferable go-to address in the rank
of non-Western powers". One panel per dimension (trade, energy, arms, money, diplomacy at the UN,
public gestures), each with the West, Russia and China at the article's time and at the latest
point in the package, the change, the source and one takeaway computed from the rows.

``indicators(state)`` is the one table behind every panel (the Overview reuses it). Each series
is read the way its producer reads it (record_*.py notes): mirror statistics named as mirror;
Serbia's corrupt 2020 imports by partner never shown; figures of different scope never added;
unknown stays unknown (NaN, with the reason in the label), never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from components import asof, charts_record, data, record_aiddata, record_arms, record_trade, record_unga, sensitivity
from components.charts import fmt
from components.indicators import indicator
from components.sections import Section
from components.state import ViewState
from components.views import memoised
from components.views.common import lookups, names_list, view_url

PAGE = "did_it_hold"
CAMPS = ("West", "Russia", "China")
COLUMNS = ["dimension", "camp", "partner", "indicator_id", "indicator", "unit", "then_value", "then_label", "latest_value",
           "latest_label", "change", "source_resource", "basis"]
# After the specified columns: who stands for the camp in words, the values as displayed, the
# article's endnote and quote (article rows), and whether the partner filter highlights the row.
# then_sensitivity / latest_sensitivity: the note to print beside the then / latest value when the
# claim it supports rests on one record (components.sensitivity), "" otherwise.
EXTRA_COLUMNS = ["who", "measure", "then_text", "latest_text", "endnote", "quote", "then_sensitivity",
                 "latest_sensitivity", "highlighted"]
DIMENSIONS = {"trade": "Trade", "energy": "Energy", "arms": "Arms", "money": "Money",
              "diplomacy": "Diplomacy at the UN", "gestures": "Public gestures"}
CAMP_TOTAL = "camp:"  # partner value of a row that sums a whole camp (e.g. all Western arms suppliers)
NO_LATER = "no later data in the package"
NO_FIGURE = "no figure in the package"
ARMS_SINCE = 2010  # as the Security page
DOTS, EU_EXPORTS, GAS = "imf_dots_serbia_trade", "eurostat_eu27_exports_to_serbia", "eurostat_serbia_gas_imports"


def then_year(resource: str, years, as_of: str) -> int:
    """The "then" year of a series: 2019, or the last year published by the as-of date (components.asof)."""
    return int(asof.then_period(resource, [int(y) for y in years], as_of))

# The labels of the indicators (components/indicators.py declares each once), for readers of the rows.
(TOTAL_SHARE, EXPORT_SHARE, MIRROR, MIRROR_EUR, ARTICLE_TRADE, GAS_SHARE, ARMS_SHARE, ARMS_TIV, AIDDATA, UNGA,
 GESTURES) = (indicator(i).label for i in (
    "trade_total_share", "trade_export_share", "trade_mirror_usd", "trade_mirror_eur", "trade_article_share",
    "gas_share_russia", "arms_share", "arms_tiv", "china_finance", "unga_agreement", "gestures"))
# The indicator each panel draws (the others are in its table).
CHART_INDICATOR = {"trade": "trade_export_share", "energy": "gas_share_russia", "arms": "arms_share",
                   "money": "china_finance", "diplomacy": "unga_agreement"}


@dataclass(frozen=True)
class Panel:
    dimension: str
    heading: str
    takeaway: str
    section: Section
    verdict: Verdict


@dataclass(frozen=True)
class DidItHoldView:
    heading: str
    thesis: str
    verdict_rule: str
    panels: tuple[Panel, ...]

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(panel.verdict for panel in self.panels)


def _row(indicator_id: str, *, dimension: str, camp: str, partner: str, who: str, then, then_label: str,
         latest=None, latest_label: str = NO_LATER, basis: str, label: str | None = None, measure: str | None = None,
         then_text=None, endnote=None, quote=None, then_sensitivity: str = "", latest_sensitivity: str = "") -> dict:
    """One row of the table: the indicator's record gives its label, unit and source. The caveat of
    an indicator no chart draws leads its basis (a drawn one's is in the chart's title)."""
    record = indicator(indicator_id)
    if record.caveat and record.id not in CHART_INDICATOR.values():
        basis = f"{record.caveat[0].upper()}{record.caveat[1:]}. {basis}"
    return {"dimension": dimension, "camp": camp, "partner": partner, "indicator_id": record.id,
            "indicator": label or record.label, "unit": record.unit, "then_value": then, "then_label": then_label,
            "latest_value": latest, "latest_label": latest_label, "source_resource": record.resource, "basis": basis,
            "who": who, "measure": measure, "then_text": then_text, "endnote": endnote, "quote": quote,
            "then_sensitivity": then_sensitivity, "latest_sensitivity": latest_sensitivity}


def display(value, unit: str) -> str:
    """A value as the page writes it; empty for unknown (the label says why)."""
    if value is None or pd.isna(value):
        return ""
    formats = {"%": f"{value:.1f}%", "USD million": f"USD {value:,.0f} million",
               "USD million, nominal": f"USD {value:,.0f} million", "EUR million, nominal": f"EUR {value:,.0f} million",
               "USD million a year (2021 prices)": f"USD {value:,.0f} million a year",
               "million TIV": f"{value:,.1f} million TIV", "billion USD": f"USD {fmt(value)} billion",
               "gestures": f"{value:.0f}"}
    return formats[unit]


NOMINAL = ", nominal"  # a unit in current prices: its change says so


def direction(then, latest, unit: str) -> str | None:
    """'up', 'down' or 'unchanged' (as displayed, so 67.14 and 67.13 are unchanged); None without both values."""
    if pd.isna(then) or pd.isna(latest):
        return None
    if display(then, unit) == display(latest, unit):
        return "unchanged"
    return "up" if latest > then else "down"


def change_text(then, latest, unit: str) -> str:
    """'up 2.3 percentage points', 'down USD 1,384 million', 'unchanged'; or why there is none."""
    if pd.isna(then):
        return NO_FIGURE  # indicators() puts the row's own reason (then_label) here
    word = direction(then, latest, unit)
    if word is None:
        return NO_LATER
    if word == "unchanged":
        return word
    size = f"{abs(latest - then):.1f} percentage points" if unit == "%" else display(abs(latest - then), unit)
    return f"{word} {size}" + (" (nominal)" if unit.endswith(NOMINAL) else "")


# ------------------------------------------------------------------ trade (IMF DOTS, Eurostat)

TRADE_PARTNERS = (("West", "EU", "the EU"), ("West", "USA", "the US"), ("Russia", "RUS", "Russia"),
                  ("Russia", "EAEU", "the EAEU (Russia, Belarus, Kazakhstan, Armenia, Kyrgyzstan)"),
                  ("China", "CHN", "China"))
TOTAL_NOTE = ("; the package's DOTS ends in 2020 and Serbia's 2020 imports by partner are corrupt, so 2019 is the "
              "last year with a share of total trade")


def _share_rows(trade: pd.DataFrame, flow: str, indicator_id: str, as_of: str) -> list[dict]:
    shares = record_trade.trade_shares(trade, flows=[flow]).dropna(subset=["share_of_total_pct"])
    rows = []
    for camp, code, who in TRADE_PARTNERS:
        series = shares[shares["partner"] == code].set_index("year")
        then = then_year(DOTS, series.index, as_of)
        last = int(series.index.max())
        later = last > then
        basis = "IMF DOTS, " + series.loc[then, "basis"] + ("" if flow != "total" else TOTAL_NOTE)
        rows.append(_row(indicator_id, dimension="trade", camp=camp, partner=code, who=who,
                         then=series.loc[then, "share_of_total_pct"], then_label=str(then),
                         latest=series.loc[last, "share_of_total_pct"] if later else None,
                         latest_label=str(last) if later else NO_LATER, basis=basis))
    return rows


def _mirror_rows(trade: pd.DataFrame, exports: pd.DataFrame, as_of: str) -> list[dict]:
    """Each partner's own exports to Serbia: a stand-in for Serbia's imports, named as a mirror."""
    mirror = record_trade.trade_shares(trade, flows=["imports"], include_mirror=True)
    rows = []
    for camp, code in (("Russia", "RUS"), ("China", "CHN")):
        series = mirror[(mirror["partner"] == code) & mirror["is_mirror"]].set_index("year")
        then, last = then_year(DOTS, series.index, as_of), int(series.index.max())
        rows.append(_row("trade_mirror_usd", dimension="trade", camp=camp, partner=code, who=code,
                         then=series.loc[then, "usd_million"], then_label=str(then), latest=series.loc[last, "usd_million"],
                         latest_label=str(last), basis="IMF DOTS, " + series.loc[last, "basis"]))
    eu = record_trade.eu27_exports(exports).set_index("year")
    then, last = then_year(EU_EXPORTS, eu.index, as_of), int(eu.index.max())
    rows.append(_row("trade_mirror_eur", dimension="trade", camp="West", partner="EU", who="the EU",
                     then=eu.loc[then, "eur_million"], then_label=str(then), latest=eu.loc[last, "eur_million"],
                     latest_label=str(last), basis=record_trade.EU27_EXPORTS_METHOD_NOTE))
    return rows


def _article_trade_rows(shares: pd.DataFrame) -> list[dict]:
    """The article's own 2019 shares (EU; Russia with the EAEU), shown beside DOTS, hedge in words."""
    rows = []
    for r in shares[(shares["flow"] == "total") & ~shares["derived"]].itertuples():
        said = f"the article: “{r.qualifier + ' ' if isinstance(r.qualifier, str) else ''}{r.value_in_text}”"
        note = f", endnote {int(r.endnote)}" if pd.notna(r.endnote) else ", main text (no endnote)"
        camp = {"EU": "West", "EAEU": "Russia"}[r.partner]
        rows.append(_row("trade_article_share", dimension="trade", camp=camp, partner=r.partner, who=r.partner,
                         then=float(r.share), then_label=f"{r.year} (the article)",
                         latest_label="the article's figure; see the IMF DOTS rows", basis=said + note,
                         then_text=f"{fmt(r.share)}%", endnote=r.endnote, quote=r.quote))
    return rows


def _trade_rows(as_of: str) -> list[dict]:
    trade = data.load_table(DOTS)
    return (_share_rows(trade, "total", "trade_total_share", as_of)
            + _share_rows(trade, "exports", "trade_export_share", as_of)
            + _mirror_rows(trade, data.load_table(EU_EXPORTS), as_of)
            + _article_trade_rows(data.load_table("trade_shares")))


# ------------------------------------------------------------------ energy (Eurostat gas)

def _energy_rows(as_of: str) -> list[dict]:
    gas = record_trade.gas_share(data.load_table(GAS)).set_index("year")
    then, last = then_year(GAS, gas.index, as_of), int(gas.index.max())
    rows = [_row("gas_share_russia", dimension="energy", camp="Russia", partner="RUS", who="RUS",
                 then=gas.loc[then, "share_russia_pct"], then_label=str(then),
                 latest=gas.loc[last, "share_russia_pct"] if last > then else None,
                 latest_label=str(last) if last > then else NO_LATER,
                 basis=record_trade.GAS_METHOD_NOTE + f" {last} is the last year with a partner split in the package.")]
    for camp, who in (("West", "the West"), ("China", "China")):
        rows.append(_row("gas_share_other", dimension="energy", camp=camp, partner=CAMP_TOTAL + camp, who=who,
                         then=None, then_label=NO_FIGURE, latest_label=NO_FIGURE,
                         basis=f"The package records only gas reported as from Russia and the total; no figure for {who}."))
    return rows


# ------------------------------------------------------------------ arms (SIPRI deliveries)

ARMS_WHO = {"West": "the West (all Western suppliers)", "Russia": "Russia and allies (Russia, Belarus …)",
            "China": "China"}


def arms_periods(register: pd.DataFrame) -> tuple[tuple[int, int], tuple[int, int]]:
    """The periods the Security page compares too (record_arms.comparison_periods)."""
    return record_arms.comparison_periods(register, since=ARMS_SINCE)


def _arms_totals(deliveries: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    return record_arms.period_totals(deliveries, first, last)


def _arms_rows(as_of: str) -> list[dict]:
    register, partners = data.load_table("sipri_arms_transfers"), data.load_table("partners")
    deliveries = record_arms.deliveries_by_year(register, partners)
    (a, b), (c, d) = arms_periods(register)
    then, latest = _arms_totals(deliveries, a, b), _arms_totals(deliveries, c, d)
    # Does the largest share rest on one order? Beside the leading camp's share of each period.
    per_deal = record_arms.deal_years(register, partners)
    checks = record_arms.leader_check(per_deal, a, b), record_arms.leader_check(per_deal, c, d)
    basis = (record_arms.DELIVERIES_METHOD + " Shares are of all TIV delivered in the period, from all suppliers. "
             + record_arms.periods_note(deliveries, (a, b), None if as_of == asof.ASOF_ARTICLE else (c, d),
                                        record_arms.equal_periods(register)[0]))
    rows = []
    for indicator_id, column in (("arms_share", "share_pct"), ("arms_tiv", "tiv_delivered")):
        for camp in CAMPS:
            notes = ["" if indicator_id != "arms_share" or check.leader != camp else check.note for check in checks]
            rows.append(_row(indicator_id, dimension="arms", camp=camp, partner=CAMP_TOTAL + camp, who=ARMS_WHO[camp],
                             then=then.loc[camp, column], then_label=f"{a}–{b}", latest=latest.loc[camp, column],
                             latest_label=f"{c}–{d}", basis=basis, then_sensitivity=notes[0],
                             latest_sensitivity=notes[1]))
    return rows


# ------------------------------------------------------------------ money (AidData, the article)

def aiddata_windows(aiddata: pd.DataFrame, as_of: str = asof.ASOF_LATEST) -> tuple[tuple[int, int], tuple[int, int]]:
    """The years from 2010 (as the arms panel) to the "then" year (2019; at an earlier as-of date the
    last year then published), and the years from the article's (2020) to the file's last. Compared
    as yearly averages: a short window holding one record year would decide the direction alone."""
    first, last = record_aiddata.window(aiddata)
    then = then_year(record_aiddata.RESOURCE, range(first, last + 1), as_of)
    return (max(ARMS_SINCE, first), then), (asof.ARTICLE_DATE.year, last)


def yearly_average(flows: pd.DataFrame, first: int, last: int) -> tuple[float, int]:
    """(USD million a year, number of years the file holds in ``first``–``last``): a year the file
    lacks is left out of the average, not counted as 0."""
    years = flows[flows["year"].between(first, last)].groupby("year")["usd_million"].sum()
    return (float(years.mean()) if len(years) else float("nan")), len(years)


def _money_rows(as_of: str) -> list[dict]:
    aiddata = data.load_table("aiddata_chinese_finance")
    flows = record_aiddata.commitments_by_year_and_class(aiddata)
    (a, b), (c, d) = aiddata_windows(aiddata, as_of)
    (then, n_then), (latest, n_latest) = yearly_average(flows, a, b), yearly_average(flows, c, d)
    held = lambda n, first, last: "" if n == last - first + 1 else f", {n} of them in the file"  # noqa: E731
    rows = [_row("china_finance", dimension="money", camp="China", partner="CHN", who="CHN", then=then,
                 then_label=f"{a}–{b}", latest=latest, latest_label=f"{c}–{d}",
                 latest_sensitivity="" if as_of == asof.ASOF_ARTICLE else money_one_record(as_of),
                 basis=record_aiddata.METHOD_NOTE + f" Yearly averages over stated periods: {a}–{b} ({b - a + 1} "
                 f"years{held(n_then, a, b)}; from 2010, as the arms panel) and {c}–{d} ({d - c + 1} years"
                 f"{held(n_latest, c, d)}; 2020 includes the months before the article), so periods of different "
                 "length compare and no single year decides the direction.")]
    for r in data.load_table("chinese_finance").itertuples():
        hedge = f"{r.qualifier} " if isinstance(r.qualifier, str) else ""
        rows.append(_row("article_china_finance", dimension="money", camp="China", partner="CHN", who="CHN",
                         label=f"{r.label} (the article)", measure=str(r.label), then=float(r.value),
                         then_label="June 2020 (the article; years not stated)",
                         basis=f"the article: “{hedge}{r.value_in_text}”, endnote {int(r.endnote)}; shown beside the "
                         "other figure, never added (different scope)", endnote=r.endnote, quote=r.quote,
                         then_text=f"{'over ' if hedge else ''}USD {fmt(r.value)} billion"))
    for camp, who in (("West", "the West"), ("Russia", "Russia")):
        rows.append(_row("finance_other", dimension="money", camp=camp, partner=CAMP_TOTAL + camp, who=who, then=None,
                         then_label=NO_FIGURE, latest_label=NO_FIGURE,
                         basis=f"No comparable series for {who} in the package (AidData covers Chinese finance only)."))
    return rows


# ------------------------------------------------------------------ diplomacy (UNGA agreement)

UNGA_PARTNERS = (("West", "USA", "the US", "with_usa"), ("Russia", "RUS", "Russia", "with_russia"),
                 ("China", "CHN", "China", "with_china"))


def _diplomacy_rows(as_of: str) -> list[dict]:
    unga = data.load_table("unga_voting_agreement")
    serbia = record_unga.agreement(unga).set_index("session")
    last = record_unga.latest_session(unga)
    then_session = int(asof.then_period(record_unga.RESOURCE, serbia.index, as_of))
    label = lambda s: f"session {s} ({record_unga.session_years(s)})"  # noqa: E731
    votes = (f"Serbia took part in {serbia.loc[then_session, 'votes']} recorded votes in session {then_session} "
             f"and {serbia.loc[last, 'votes']} in session {last}. ")
    return [_row("unga_agreement", dimension="diplomacy", camp=camp, partner=code, who=code,
                 then=serbia.loc[then_session, column], then_label=label(then_session), latest=serbia.loc[last, column],
                 latest_label=label(last), basis=votes + record_unga.METHOD_NOTE)
            for camp, code, _, column in UNGA_PARTNERS]


# ------------------------------------------------------------------ public gestures (the article)

def _gesture_rows() -> list[dict]:
    gestures = data.load_table("aid_gestures")
    rows = []
    for camp, code in (("Russia", "RUS"), ("China", "CHN")):
        own = gestures[gestures["partner"] == code]
        listed = "; ".join(f"{g.gesture}{f' ({g.by_whom})' if isinstance(g.by_whom, str) else ''}, endnote {g.endnote}"
                           for g in own.itertuples())
        rows.append(_row("gestures", dimension="gestures", camp=camp, partner=code, who=code, then=float(len(own)),
                         then_label="spring 2020 (the article)", basis=listed, endnote=own["endnote"].min(),
                         quote=" ".join(dict.fromkeys(own["quote"]))))
    rows.append(_row("gestures", dimension="gestures", camp="West", partner=CAMP_TOTAL + "West", who="the West",
                     then=None, then_label="none reported in the article",
                     basis="The article reports no gesture towards Western aid; that is not a count of zero."))
    return rows


# ------------------------------------------------------------------ the table

def _highlighted(frame: pd.DataFrame, state: ViewState, camps: dict[str, str]) -> pd.Series:
    """A partner's row when it is chosen; a camp total when any partner of that camp is chosen."""
    if state.selection is None:
        return pd.Series(True, index=frame.index)
    chosen_camps = {camps.get(code) for code in state.selection}
    return pd.Series([p in state.selection if not p.startswith(CAMP_TOTAL) else p[len(CAMP_TOTAL):] in chosen_camps
                      for p in frame["partner"]], index=frame.index)


def _all_rows(as_of: str) -> pd.DataFrame:
    rows = (_trade_rows(as_of) + _energy_rows(as_of) + _arms_rows(as_of) + _money_rows(as_of) + _diplomacy_rows(as_of)
            + _gesture_rows())
    frame = pd.DataFrame(rows)
    names = lookups().names  # a partner's name as partners.csv spells it, on every page
    frame["who"] = [who if partner.startswith(CAMP_TOTAL) else names.get(partner, partner)
                    for who, partner in zip(frame["who"], frame["partner"])]
    frame["then_value"] = pd.to_numeric(frame["then_value"], errors="coerce").astype(float)
    frame["latest_value"] = pd.to_numeric(frame["latest_value"], errors="coerce").astype(float)
    return frame


def indicators(state: ViewState) -> pd.DataFrame:
    """Every indicator of the page: one row per dimension, camp, partner and indicator.

    Columns: COLUMNS, then EXTRA_COLUMNS. Under as-of June 2020 the latest columns are empty
    (only what was known at the article's time). Unknown values are NaN, their label says why.
    """
    frame = _all_rows(state.asof)
    frame["change"] = [label if pd.isna(then) else change_text(then, latest, unit) for then, latest, unit, label
                       in zip(frame["then_value"], frame["latest_value"], frame["unit"], frame["then_label"])]
    frame["then_text"] = [text if isinstance(text, str) else display(v, u)
                          for text, v, u in zip(frame["then_text"], frame["then_value"], frame["unit"])]
    frame["latest_text"] = [display(v, u) for v, u in zip(frame["latest_value"], frame["unit"])]
    if state.article_time:
        frame = frame.assign(latest_value=float("nan"), latest_label="", latest_text="", change="", latest_sensitivity="")
    frame["highlighted"] = _highlighted(frame, state, lookups().camps)
    return frame[COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


# ------------------------------------------------------------------ takeaways (one sentence each)

def _of(rows: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    return rows[rows["indicator_id"] == indicator_id]


def _possessive(who: str) -> str:
    return who + ("'" if who.endswith("s") else "'s")


def short(who: str) -> str:
    """A name for sentences: 'Russia and allies (Russia, Belarus …)' -> 'Russia and allies'; 'EU' -> 'the EU'."""
    who = re.sub(r" \(.*\)$", "", who)
    return f"the {who}" if who.isupper() else who


def _move(row, subject: str) -> str:
    """"China's rose from 1.7% in 2019 to 1.9% in 2020" from one row's values."""
    verb = {"up": "rose", "down": "fell"}.get(direction(row.then_value, row.latest_value, row.unit), "stayed")
    if verb == "stayed":
        return f"{subject} stayed at {row.then_text} in {row.then_label} and {row.latest_label}"
    return f"{subject} {verb} from {row.then_text} in {row.then_label} to {row.latest_text} in {row.latest_label}"


def _either(words) -> str:
    """'the West or China' (names_list joins with 'and')."""
    words = list(words)
    return names_list(words[:-1], {}) + " or " + words[-1] if len(words) > 1 else names_list(words, {})


def trade_takeaway(rows: pd.DataFrame, article_time: bool) -> str:
    total = _of(rows, "trade_total_share").set_index("partner")
    year = total["then_label"].iloc[0]
    text = {code: f"{short(total.loc[code, 'who'])} {total.loc[code, 'then_text']}" for code in total.index}
    head = (f"Share of Serbia's total trade in {year} (IMF DOTS): {text['EU']}, {text['RUS']} ({text['EAEU']}) "
            f"and {text['CHN']}")
    if article_time:
        return head + ", the last year known in June 2020."
    exports = _of(rows, "trade_export_share").set_index("partner")
    moves = [_move(exports.loc[code], _possessive(short(exports.loc[code, "who"]))) for code in ("CHN", "RUS", "EU")]
    return head + ", the last year with a total in the package; of Serbia's exports, " + names_list(moves, {}) + "."


def energy_takeaway(rows: pd.DataFrame, article_time: bool) -> str:
    russia = _of(rows, "gas_share_russia").iloc[0]
    missing = f"the package has no figure for {_either(rows.loc[rows['then_value'].isna(), 'who'].map(short))}."
    if article_time or pd.isna(russia.latest_value):
        return (f"In {russia.then_label} Serbia reported {russia.then_text} of its gas imports as from Russia (the "
                f"partner can be the transit country); " + missing)
    return (f"Serbia reported {russia.then_text} of its gas imports as from Russia in {russia.then_label} and "
            f"{russia.latest_text} in {russia.latest_label}, the last year with a partner split; the partner can be "
            f"the transit country, so this need not mean less Russian gas; " + missing)


def arms_takeaway(rows: pd.DataFrame, article_time: bool) -> str:
    shares = _of(rows, "arms_share").sort_values("then_value", ascending=False)
    period = shares["then_label"].iloc[0]
    if article_time:
        parts = [f"{short(r.who)}{' supplied' if i == 0 else ''} {r.then_text}" for i, r in enumerate(shares.itertuples())]
        return (f"Of the arms SIPRI records as delivered to Serbia in {period}, " + names_list(parts, {})
                + " (shares of TIV).")
    latest = shares["latest_label"].iloc[0]
    parts = [f"{short(r.who)} {r.then_text} then and {r.latest_text} since" for r in shares.itertuples()]
    return (f"Shares of the arms SIPRI records as delivered to Serbia (TIV), {period} vs {latest}: "
            + names_list(parts, {}) + "; 2020, the article's year, is in neither period.")


def money_takeaway(rows: pd.DataFrame, article_time: bool) -> str:
    aid = _of(rows, "china_finance").iloc[0]
    article = rows[rows["source_resource"] == "chinese_finance"]
    said = " and ".join(f"{r.then_text} of {r.measure.lower()}" for r in article.itertuples())
    missing = _either(rows.loc[rows["then_value"].isna(), "who"].map(short))
    revised = asof.revised_note(record_aiddata.RESOURCE, asof.ASOF_ARTICLE) if article_time else ""
    aiddata = (f"AidData records Chinese official finance committed of {aid.then_text} on average in "
               f"{aid.then_label}" + (f" (the years then published, {revised})" if revised else ""))
    if not article_time:
        aiddata += f" and {aid.latest_text} in {aid.latest_label} (2021 prices)"
    later = "" if article_time else ", with no later counterpart in the package"
    return (f"The article gives China's {said} (two figures of different scope, never added){later}; {aiddata}; "
            f"no comparable series for {missing}.")


def diplomacy_takeaway(rows: pd.DataFrame, article_time: bool) -> str:
    unga = _of(rows, "unga_agreement").sort_values("then_value", ascending=False)
    if article_time:
        return (f"In {unga['then_label'].iloc[0]} Serbia voted with " + names_list(
            [f"{short(r.who)} on {r.then_text}" for r in unga.itertuples()], {}) + " of UN General Assembly votes.")
    return ("Serbia's agreement in UN General Assembly votes: " + "; ".join(
        _move(r, "with " + short(r.who)) for r in unga.itertuples()) + ".")


def gestures_takeaway(rows: pd.DataFrame, article_time: bool) -> str:
    counted = rows[rows["then_value"].notna()]
    none = names_list([_possessive(short(w)) for w in rows.loc[rows["then_value"].isna(), "who"]], {})
    parts = names_list([f"{r.then_text} towards {_possessive(short(r.who))}" for r in counted.itertuples()], {})
    sentence = f"The article reports public gestures towards pandemic aid: {parts}; none towards {none}"
    return sentence + ("." if article_time else f"; {NO_LATER}.")


TAKEAWAYS = {"trade": trade_takeaway, "energy": energy_takeaway, "arms": arms_takeaway, "money": money_takeaway,
             "diplomacy": diplomacy_takeaway, "gestures": gestures_takeaway}


# ------------------------------------------------------------------ chart titles (one line of figures)

TITLE_NAMES = {"gestures": "Public gestures towards pandemic aid"}  # the full name is in the table below it
ARROW = "\u00a0→\u00a0"  # no-break spaces: a wrapped title keeps "67.1% → 64.9%" on one line


def _values(row, with_latest: bool) -> str:
    return f"{row.then_text}{ARROW}{row.latest_text}" if with_latest and pd.notna(row.latest_value) else row.then_text


def _flat(label: str) -> str:
    """'session 74 (2019–20)' -> 'session 74, 2019–20': no brackets inside the title's brackets."""
    return re.sub(r" \((.*)\)$", r", \1", label)


def _when(row, with_latest: bool) -> str:
    if with_latest and pd.notna(row.latest_value):
        return f"{_flat(row.then_label)}{ARROW}{_flat(row.latest_label)}"
    return _flat(row.then_label)


def chart_title(drawn: pd.DataFrame, panel: pd.DataFrame, article_time: bool) -> str:
    """What a panel shows and its key figures: the indicator, then each camp's first row (its main
    partner), e.g. "Share of Serbia's exports: the EU 67.1% → 64.9%, Russia 5.2% → 4.7%, China
    1.7% → 1.9% (2019 → 2020)"; then the camps the panel has no figure for, with the reason."""
    key = drawn[drawn["then_value"].notna()].drop_duplicates("camp")
    with_latest = not article_time and key["latest_value"].notna().any()
    whens = {_when(r, with_latest) for r in key.itertuples()}
    if len(whens) == 1:
        figures = ", ".join(f"{short(r.who)} {_values(r, with_latest)}" for r in key.itertuples()) + f" ({whens.pop()})"
    else:
        figures = ", ".join(f"{short(r.who)} {_values(r, with_latest)} ({_when(r, with_latest)})" for r in key.itertuples())
    missing = panel[panel["then_value"].isna() & ~panel["camp"].isin(key["camp"])]
    reasons = [f"{reason} for {_either(part['who'].map(short))}"
               for reason, part in missing.groupby("then_label", sort=False)]
    indicator_id = drawn["indicator_id"].iloc[0]
    caveat = [indicator(indicator_id).caveat] if indicator(indicator_id).caveat else []
    return "; ".join([f"{TITLE_NAMES.get(indicator_id, indicator(indicator_id).label)}: {figures}", *caveat, *reasons])


def unique_fragments(bases: pd.Series) -> str:
    """The rows' bases as one text: each clause once, in order (rows of one series share most of it)."""
    clauses = dict.fromkeys(clause.strip() for basis in bases.dropna() for clause in str(basis).split("; "))
    return "; ".join(c for c in clauses if c)


# ------------------------------------------------------------------ verdicts (one rule, written on the page)

VISIBLE, NOT_VISIBLE, MIXED, INCOMPLETE, NO_DATA_AFTER = (
    "replacement visible", "replacement not visible", "mixed", "incomplete", "no data after June 2020")
VERDICTS = (VISIBLE, NOT_VISIBLE, MIXED, INCOMPLETE, NO_DATA_AFTER)
TOWARD = {"Russia": "down", "China": "up"}  # the direction of each side's figure that a replacement means


def verdict(russia: str | None, china: str | None, rests_on_one_record: bool = False) -> str:
    """The verdict of VERDICT_RULE from the direction of Russia's and China's figures ('up', 'down',
    'unchanged', or None without a later figure) and whether leaving out the single largest record
    reverses a direction or the order of the two."""
    known = {camp: move for camp, move in (("Russia", russia), ("China", china)) if move is not None}
    toward = [move == TOWARD[camp] for camp, move in known.items()]
    if not known:
        return NO_DATA_AFTER
    if len(known) == 1:
        return INCOMPLETE if toward[0] else NOT_VISIBLE
    if all(toward):
        return MIXED if rests_on_one_record else VISIBLE
    return MIXED if any(toward) else NOT_VISIBLE


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def reverses(then: dict, latest: dict, then_without: dict, latest_without: dict) -> bool:
    """Whether leaving out one record reverses the direction of Russia's or China's figure, or the
    order of the two at the latest point (values: camp -> figure; *_without: with the record out)."""
    moved = lambda a, b: "up" if b > a else "down" if b < a else "unchanged"  # noqa: E731
    directions = any(moved(then[c], latest[c]) != moved(then_without[c], latest_without[c]) for c in TOWARD)
    order = (latest["Russia"] > latest["China"]) != (latest_without["Russia"] > latest_without["China"])
    return directions or order


def arms_one_record() -> str:
    """The leave-the-largest-record-out test of the arms verdict (components.sensitivity): in each
    period the leading camp's largest order is left out; "" unless that reverses a direction of
    Russia's or China's share or their order in 2021–2024."""
    register, partners = data.load_table("sipri_arms_transfers"), data.load_table("partners")
    per_deal = record_arms.deal_years(register, partners)
    (a, b), (c, d) = arms_periods(register)
    then, latest = record_arms.leader_check(per_deal, a, b), record_arms.leader_check(per_deal, c, d)
    for check, window, (with_then, with_latest) in ((then, f"{a}–{b}", (then.shares_without, latest.shares)),
                                                     (latest, f"{c}–{d}", (then.shares, latest.shares_without))):
        if check.left_out is None or not reverses(then.shares, latest.shares, with_then, with_latest):
            continue
        out, words = check.left_out, record_arms.CAMP_WORDS
        ahead = max(TOWARD, key=lambda camp: with_latest[camp])
        return (f"Rests on one order: without {_possessive(words[out.group])} {out.label}, "
                f"{out.value:,.0f} of {_possessive(words[out.group])} {out.group_total:,.0f} TIV in {window}, "
                f"China's share in {c}–{d} is {_pct(with_latest['China'])} and {_possessive(words['Russia'])} "
                f"{_pct(with_latest['Russia'])} ({words[ahead]} ahead), against {_pct(with_then['China'])} and "
                f"{_pct(with_then['Russia'])} in {a}–{b}.")
    return ""


def money_one_record(as_of: str) -> str:
    """The same test for the money direction: the package holds AidData summed by commitment year and
    flow class (record_aiddata.cell_records: no project rows), so the record left out is the largest
    cell of the period with the higher yearly average, whose average is then recomputed over the same
    years; "" unless the direction then reverses. (components.sensitivity.direction_check compares
    sums, which periods of different length cannot.)"""
    aiddata = data.load_table("aiddata_chinese_finance")
    flows = record_aiddata.commitments_by_year_and_class(aiddata)
    (a, b), (c, d) = aiddata_windows(aiddata, as_of)
    (then, n_then), (latest, n_latest) = yearly_average(flows, a, b), yearly_average(flows, c, d)
    if not n_then or not n_latest or then == latest:
        return ""
    (first, last, n), other = ((a, b, n_then), latest) if then > latest else ((c, d, n_latest), then)
    cells = record_aiddata.cell_records(flows, first, last)
    top = cells.loc[cells["usd_million"].idxmax()]
    without = (cells["usd_million"].sum() - top["usd_million"]) / n
    if (without > other) == (max(then, latest) > other):
        return ""
    unit = indicator("china_finance").unit
    return (f"Rests on one year: without {top['record']}, {display(top['usd_million'], 'USD million')}, {first}–{last} "
            f"averages {display(without, unit)} against {display(other, unit)}, so the direction reverses.")


ONE_RECORD_TESTS = {"arms": lambda state: arms_one_record(), "money": lambda state: money_one_record(state.asof)}
ONE_RECORD_RULE = (" The record test applies where the package holds records behind a figure: SIPRI orders "
                   "(arms; in each period the leading camp's largest order is left out) and AidData's totals by "
                   "commitment year and flow class (money; the largest of the period with the higher yearly average "
                   "is left out). Trade, gas "
                   "and UN figures are shares of whole flows or sessions, with no record to leave out.")

VERDICT_RULE = (
    "How each verdict is computed, from the figures the dimension's chart draws for Russia and for China at "
    "the article's time and at the latest point in the package (the first row of each camp; a camp total in "
    "arms). Replacement visible: Russia's figure fell and China's rose, and this does not rest on one record. "
    "Mixed: one of the two moved that way and the other did not; or both did, but leaving out the single largest "
    "record reverses a direction or the order of Russia and China. Replacement not visible: neither moved that "
    "way, or the only side with a later figure moved the other way. Incomplete: only one side has a later figure "
    "and it moved that way (the other has none in the package). No data after June 2020: neither side has a "
    "figure after the article. A figure unchanged as displayed did not move." + ONE_RECORD_RULE)

@dataclass(frozen=True)
class Verdict:
    dimension: str
    heading: str
    verdict: str
    because: str  # the figures the rule read, in words
    anchor: str   # the in-page anchor of the dimension's section
    qualifier: str = ""  # what the summary line adds: 'rests on one order', 'no figure for China'

    @property
    def summary(self) -> str:
        """'mixed (rests on one order)': the verdict as the summary at the top of the page says it."""
        return self.verdict + (f" ({self.qualifier})" if self.qualifier else "")


MOVED = {"up": "rose", "down": "fell", "unchanged": "unchanged"}


def _side(row, camp: str, article_time: bool) -> tuple[str | None, str]:
    """(direction, words) of one camp's drawn row: 'Russia 5.2% (2019) → 4.7% (2020), fell'."""
    if row is None:
        return None, f"no figure for {camp} in the package"
    then = f"{short(row.who)} {row.then_text} ({_flat(row.then_label)})"
    if article_time:
        return None, f"{then}, nothing later known in June 2020"
    if pd.isna(row.latest_value):
        return None, f"{then}, no later figure in the package"
    move = direction(row.then_value, row.latest_value, row.unit)
    return move, f"{then}{ARROW}{row.latest_text} ({_flat(row.latest_label)}), {MOVED[move]}"


def dimension_verdict(dimension: str, rows: pd.DataFrame, article_time: bool,
                      one_record: str = "") -> Verdict:
    """The verdict of one dimension from its panel rows; ``one_record``: the sentence saying that
    leaving out the single largest record reverses a direction or the order of Russia and China
    (empty when it does not, or when no record-level test applies)."""
    drawn = rows[(rows["indicator_id"] == CHART_INDICATOR.get(dimension, "gestures")) & rows["then_value"].notna()]
    first = {camp: next(drawn[drawn["camp"] == camp].itertuples(), None) for camp in ("Russia", "China")}
    (russia, russia_words), (china, china_words) = (_side(first[c], c, article_time) for c in ("Russia", "China"))
    word = verdict(russia, china, bool(one_record))
    record = indicator(CHART_INDICATOR.get(dimension, "gestures"))
    measure = TITLE_NAMES.get(record.id, record.label) + (f" ({record.caveat})" if record.caveat else "")
    because = f"{measure}: {russia_words}; {china_words}." + (f" {one_record}" if one_record else "")
    missing = [camp for camp, row in first.items() if row is None]
    qualifier = (sensitivity.flag(one_record) if one_record and word == MIXED
                 else f"no figure for {missing[0]}" if missing and word != NO_DATA_AFTER else "")
    return Verdict(dimension, DIMENSIONS[dimension], word, because, dimension, qualifier)


# ------------------------------------------------------------------ panels

TABLE_LABELS = {"who": "Partner", "indicator": "Indicator", "then": "At the article's time", "latest": "Latest",
                "change": "Change", "source_resource": "Data set", "basis": "Basis"}


def readable(rows: pd.DataFrame, article_time: bool) -> pd.DataFrame:
    """The indicator rows as the page's table: values with their year/session; no 'latest' as of June 2020."""
    both = lambda text, label: [f"{t} ({lab})" if t else lab for t, lab in zip(text, label)]  # noqa: E731
    table = pd.DataFrame({"who": rows["who"], "indicator": rows["indicator"],
                          "then": both(rows["then_text"], rows["then_label"]),
                          "latest": both(rows["latest_text"], rows["latest_label"]), "change": rows["change"],
                          "source_resource": rows["source_resource"], "basis": rows["basis"]})
    if article_time:
        table = table.drop(columns=["latest", "change"])
    return table.rename(columns=TABLE_LABELS)


def highlight_note(rows: pd.DataFrame, state: ViewState) -> str:
    """What the filter highlights here; the other camps stay, faded."""
    if state.selection is None:
        return ""
    chosen = rows.loc[rows["highlighted"], "who"].map(short).unique()
    context = rows.loc[~rows["highlighted"], "who"].map(short).unique()
    if not len(chosen):
        return f"None of the partners selected appears here; {names_list(context, {})} shown faded, for reference."
    return f"Highlighted: {names_list(chosen, {})}." + (
        f" Shown faded, for comparison: {names_list(context, {})}." if len(context) else "")


def gesture_details(state: ViewState) -> pd.DataFrame:
    """One row per gesture the article reports (its endnote and verbatim quote), highlighted like the counts."""
    gestures = data.load_table("aid_gestures")
    camps = lookups().camps
    details = pd.DataFrame({
        "dimension": "gestures", "camp": gestures["partner"].map(camps), "partner": gestures["partner"],
        "indicator": "A gesture the article reports", "then_label": gestures["date_as_written"].fillna("date not stated"),
        "then_text": gestures["gesture"], "who": gestures["partner"].map(lookups().names),
        "basis": gestures["by_whom"].fillna("by whom not stated"), "source_resource": "aid_gestures",
        "endnote": gestures["endnote"], "quote": gestures["quote"]})
    return details.assign(highlighted=_highlighted(details, state, camps))


def sensitivity_notes(rows: pd.DataFrame) -> list[str]:
    """The rows' sensitivity notes (components.sensitivity), each once: printed first under a panel."""
    notes = rows.reindex(columns=["then_sensitivity", "latest_sensitivity"]).fillna("").to_numpy().ravel()
    return [note for note in dict.fromkeys(notes) if note]


def _panel(dimension: str, rows: pd.DataFrame, state: ViewState, styles) -> Panel:
    takeaway = TAKEAWAYS[dimension](rows, state.article_time)
    resources = tuple(dict.fromkeys(rows["source_resource"]))
    chart_indicator = CHART_INDICATOR.get(dimension, "gestures")
    drawn = rows[rows["indicator_id"] == chart_indicator]
    title = chart_title(drawn, rows, state.article_time)
    # Under a chart, how its rows are measured; the other rows' basis is in the table beside it.
    basis = drawn if dimension in CHART_INDICATOR else rows
    notes = " ".join(filter(None, [*sensitivity_notes(rows), unique_fragments(basis["basis"]),
                                   highlight_note(rows, state)]))
    table = readable(rows, state.article_time)
    url = view_url(PAGE, state)
    if dimension == "gestures":  # each gesture with its own endnote and quote, beside the counts
        rows = pd.concat([rows, gesture_details(state)], ignore_index=True)
    if dimension not in CHART_INDICATOR:
        section = Section(dimension, title, rows, resources, kind="table", table=table, note=notes, view_url=url)
    else:
        figure = charts_record.dumbbell_chart(drawn, title, drawn["unit"].iloc[0], styles,
                                              show_latest=not state.article_time)
        section = Section(dimension, title, rows, resources, figure=figure, table=table, note=notes, view_url=url)
    one_record = "" if state.article_time or dimension not in ONE_RECORD_TESTS else ONE_RECORD_TESTS[dimension](state)
    return Panel(dimension, DIMENSIONS[dimension], takeaway, section,
                 dimension_verdict(dimension, rows, state.article_time, one_record))


def panels(state: ViewState) -> tuple[Panel, ...]:
    rows = indicators(state)
    styles = lookups().styles
    return tuple(_panel(key, rows[rows["dimension"] == key].reset_index(drop=True), state, styles)
                 for key in DIMENSIONS)


THESIS = ("Serbia is slowly replacing Russia with China as its preferable go-to address in the rank of "
          "non-Western powers")


@memoised
def build(state: ViewState) -> DidItHoldView:
    heading = ("Did it hold? The thesis as of June 2020" if state.article_time
               else "Did it hold? The thesis of June 2020 against the latest data")
    return DidItHoldView(heading, _thesis_quote(), VERDICT_RULE, panels(state))


def _thesis_quote() -> str:
    """The thesis sentence as the seed has it (findings.csv keeps the verbatim quote)."""
    findings = data.load_table("findings")
    quotes = findings.loc[findings["finding_id"] == "thesis", "quote"]
    return str(quotes.iloc[0]) if len(quotes) else THESIS
