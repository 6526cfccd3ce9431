"""The article against the record: each article figure beside an independent measure of it.

Pure. Each comparison pairs the article's figure (value as written, endnote, verbatim quote)
with the same quantity read from an external data set of the package, and the verdict is
computed from the two: "agrees" within a stated tolerance, "differs" by how much, or "not
comparable" when the two measure different things (the attributes that differ are named).
Nothing here is a verdict typed by hand; the hand-written parts are what each side measures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import asof, data, record_aiddata, record_arms, record_trade

LAST_FULL_YEAR = asof.ARTICLE_DATE.year - 1  # 2019: the last full year before the article

SHARE_TOLERANCE_PP = 1.5  # the article rounds to whole or tenth percentages; sources differ by basis
COUNT_TOLERANCE = 0.0     # a count of jets either matches or not
MAJORITY_PCT = 50.0       # "dependent on Russia for gas" read as: Russia supplies more than half

NO_SOURCE = "no independent source in the package"


@dataclass(frozen=True)
class Measure:
    """One side of a comparison. ``value`` None = the side gives no number.

    Two measures are comparable only when ``what``, ``period`` and ``unit`` are the same.
    """

    value: float | None
    what: str
    period: str
    unit: str
    wording: str = ""   # the article's figure as written, or how the data set names the value
    source: str = ""    # endnote, or the data set (resource name) and its cells
    basis: str = ""     # how the figure is measured


@dataclass(frozen=True)
class Rule:
    """How a verdict is computed: ``"within"`` |difference| <= tolerance, or ``"at_least"``:
    the independent value must reach ``tolerance`` (for a claim without a number)."""

    kind: str
    tolerance: float
    unit: str
    reading: str = ""   # for "at_least": how the article's words are read as a threshold

    def describe(self, article: Measure | None = None) -> str:
        """The rule in words: a tolerance in absolute terms and, against the article's figure, relative ones
        ('agrees if within 1.5 pp, 16% of the article's 9.4%')."""
        if self.kind == "at_least":
            return (f"a qualitative claim, not a figure; {self.reading}: consistent if the independent value is at "
                    f"least {_with_unit(self.tolerance, self.unit)}")
        value = None if article is None else article.value
        return f"agrees if within {_fmt(self.tolerance)} {self.unit}" + _relative(
            self.tolerance, value, f", {{}} of the article's {_value_text(article)}")


@dataclass(frozen=True)
class Comparison:
    key: str
    partner: str
    label: str
    article: Measure
    independent: Measure | None
    rule: Rule
    resources: tuple[str, ...]
    endnote: int | None = None
    quote: str = ""
    # Where the article's basis is ambiguous: the same quantity on the other reading (e.g. the EU with
    # the UK), and the names of the two readings; both verdicts are shown.
    alternative: Measure | None = None
    bases: tuple[str, str] = ("", "")


def _fmt(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value == value else "?"


def _relative(amount: float, article_value: float | None, template: str = "{}") -> str:
    """``amount`` as a share of the article's value ('13%'), in ``template``; "" without a value."""
    if article_value is None or article_value != article_value or article_value == 0:
        return ""
    share = 100 * abs(amount) / abs(article_value)
    return template.format("under 1%" if 0 < share < 0.5 else f"{share:.0f}%")


def _with_unit(value: float, unit: str) -> str:
    return f"{_fmt(value)}{unit}" if unit == "%" else f"{_fmt(value)} {unit}"


def differing_attributes(article: Measure, independent: Measure) -> list[str]:
    """What the two sides measure differently ('period: not stated vs 2000–2019')."""
    return [f"{name}: {getattr(article, name)} vs {getattr(independent, name)}"
            for name in ("what", "period", "unit") if getattr(article, name) != getattr(independent, name)]


QUALITATIVE = "qualitative"  # a claim without a number: its verdicts say so and are never counted as figures
CONSISTENT, INCONSISTENT = f"consistent, {QUALITATIVE}", f"inconsistent, {QUALITATIVE}"
QUALITATIVE_NO_SOURCE = f"{QUALITATIVE}, {NO_SOURCE}"


AGREES, DIFFERS, NOT_COMPARABLE, DEPENDS = "agrees", "differs", "not comparable", "depends on the basis"


def judgement(comparison: Comparison, independent: Measure | None = None) -> tuple[str, str]:
    """(kind, text) of the verdict against ``independent`` (default: the comparison's own). kind is
    AGREES, DIFFERS, NOT_COMPARABLE or NO_SOURCE for a figure; CONSISTENT, INCONSISTENT or
    QUALITATIVE_NO_SOURCE for a claim without a number (the article's value is None). A figure's
    difference and tolerance are given in absolute terms and relative to the article's value
    ('+1.2 pp, 13% of the article's 9.4%')."""
    article, rule = comparison.article, comparison.rule
    independent = comparison.independent if independent is None else independent
    if independent is None or independent.value is None:
        kind = QUALITATIVE_NO_SOURCE if article.value is None else NO_SOURCE
        return kind, kind
    if rule.kind == "at_least":
        met = independent.value >= rule.tolerance
        relation = "≥" if met else "<"
        word = CONSISTENT if met else INCONSISTENT
        return word, f"{word} ({_with_unit(independent.value, rule.unit)} {relation} {_with_unit(rule.tolerance, rule.unit)})"
    differences = differing_attributes(article, independent)
    if differences or article.value is None:
        return NOT_COMPARABLE, "not comparable (" + "; ".join(differences or ["the article gives no number"]) + ")"
    gap = independent.value - article.value
    if abs(gap) < 1e-9:
        return AGREES, "agrees (the same value)"
    of_article = _relative(gap, article.value, f", {{}} of the article's {_value_text(article)}")
    tolerance = f"tolerance {_fmt(rule.tolerance)} {rule.unit}" + _relative(rule.tolerance, article.value, ", {}")
    if abs(gap) <= rule.tolerance + 1e-9:
        return AGREES, f"agrees (difference {gap:+.1f} {rule.unit}{of_article}; {tolerance})"
    return DIFFERS, f"differs by {gap:+.1f} {rule.unit}{of_article} ({tolerance})"


def verdict(comparison: Comparison) -> str:
    """The verdict as the table prints it: judgement's text; where the basis is ambiguous, one verdict
    per reading ('EU27: agrees (...); EU27 + UK: differs by ...')."""
    text = judgement(comparison)[1]
    if comparison.alternative is None:
        return text
    first, second = comparison.bases
    return f"{first}: {text}; {second}: {judgement(comparison, comparison.alternative)[1]}"


def verdict_kind(comparison: Comparison) -> str:
    """The kind the summary counts: judgement's kind, or DEPENDS when the two readings disagree."""
    kind = judgement(comparison)[0]
    if comparison.alternative is not None and judgement(comparison, comparison.alternative)[0] != kind:
        return DEPENDS
    return kind


# --- the comparisons ------------------------------------------------------------------------------

_FLOW_WORDS = {"total": "total trade", "exports": "exports", "imports": "imports"}
_PARTNER_WORDS = {"EU": "the EU", "EAEU": "Russia and the EAEU"}


def _article_row(table: pd.DataFrame, **key) -> pd.Series:
    rows = table
    for column, value in key.items():
        rows = rows[rows[column] == value]
    if len(rows) != 1:
        raise ValueError(f"expected one article row for {key}, found {len(rows)}")
    return rows.iloc[0]


def _endnote(row: pd.Series) -> int | None:
    return None if pd.isna(row["endnote"]) else int(row["endnote"])


def _article_source(row: pd.Series, table: str) -> str:
    note = _endnote(row)
    return f"article ({table}), " + (f"endnote {note}" if note is not None else "main text, no endnote")


EU_BASES = ("EU27", "EU27 + UK")  # DOTS "European Union" (today's members) / with the United Kingdom
EU_WITH_UK = "imf_dots_serbia_eu_with_uk"


def trade_comparisons(shares: pd.DataFrame, dots: pd.DataFrame, year: int = 2019,
                      eu_with_uk: pd.DataFrame | None = None) -> list[Comparison]:
    """The article's six 2019 shares (EU; Russia and the EAEU) against IMF DOTS, Serbia's own report;
    the EU's on both readings of an EU of 2019 (``eu_with_uk``: the EU27 with the UK), since the
    article does not say which it means."""
    counterparts = record_trade.article_counterparts(dots, year).set_index(["partner", "flow"])
    with_uk = (eu_with_uk[eu_with_uk["year"] == year].set_index("flow") if eu_with_uk is not None
               else pd.DataFrame(columns=["share_of_total_pct", "basis"]))
    basis = dots[(dots["year"] == year) & ~dots["is_mirror"].astype(bool)].set_index(["partner", "flow"])["basis"]
    result = []
    for partner in ("EU", "EAEU"):
        for flow in ("total", "exports", "imports"):
            row = _article_row(shares, year=year, partner=partner, flow=flow)
            what = f"{_PARTNER_WORDS[partner]}'s share of Serbia's {_FLOW_WORDS[flow]}"
            qualifier = f"{row['qualifier']} " if isinstance(row["qualifier"], str) and row["qualifier"] else ""
            article = Measure(float(row["share"]), what, str(year), "%", f"{qualifier}{row['value_in_text']}",
                              _article_source(row, "trade_shares"), "not stated in the article")
            independent = None
            if (partner, flow) in counterparts.index:
                dots_share = float(counterparts.loc[(partner, flow), "share_of_total_pct"])
                independent = Measure(dots_share, what, str(year), "%", f"{dots_share:.1f}%",
                                      "IMF DOTS (imf_dots_serbia_trade)",
                                      basis.loc[(partner, flow)] + ". " + _eu_scope_note(partner))
            alternative = None
            if partner == "EU" and flow in with_uk.index:
                uk_share = float(with_uk.loc[flow, "share_of_total_pct"])
                alternative = Measure(uk_share, what, str(year), "%", f"{uk_share:.1f}%", f"IMF DOTS ({EU_WITH_UK})",
                                      str(with_uk.loc[flow, "basis"]))
            resources = ("trade_shares", "imf_dots_serbia_trade") + ((EU_WITH_UK,) if alternative else ())
            result.append(Comparison(f"trade_{partner}_{flow}", partner, f"Share of Serbia's {_FLOW_WORDS[flow]} "
                                     f"with {_PARTNER_WORDS[partner]}, {year}", article, independent,
                                     Rule("within", SHARE_TOLERANCE_PP, "pp"), resources, _endnote(row),
                                     str(row["quote"]), alternative, EU_BASES if alternative else ("", "")))
    return result


def _eu_scope_note(partner: str) -> str:
    if partner == "EU":
        return ("DOTS “European Union” is the EU27 without the UK in every year; the article does not say "
                "whether its 2019 EU (the UK left on 31 January 2020) includes the UK, so the verdict is given on "
                "both readings (EU27, and EU27 + UK).")
    return "The article's “Russia and the EAEU” is read as the EAEU, of which Russia is a member."


def gas_comparison(findings: pd.DataFrame, gas: pd.DataFrame, year: int = LAST_FULL_YEAR) -> Comparison:
    """'dependent on Russia for both oil and gas' against Russia's share of Serbia's gas imports."""
    row = _article_row(findings, finding_id="energy_dependence", partner="RUS")
    article = Measure(None, "Russia's share of Serbia's natural gas imports", "not stated (June 2020)", "%",
                      "“dependent on Russia for both oil and gas”", _article_source(row, "findings"),
                      "a statement, no figure")
    shares = record_trade.gas_share(gas, years=[year])
    independent = None
    if not shares.empty:
        share = float(shares["share_russia_pct"].iloc[0])
        independent = Measure(share, article.what, str(year), "%", f"{share:.1f}% of imports (TJ, GCV)",
                              "Eurostat nrg_ti_gas (eurostat_serbia_gas_imports)",
                              record_trade.GAS_METHOD_NOTE)
    return Comparison("gas_dependence", "RUS", f"Dependence on Russian gas (Eurostat, {year})", article, independent,
                      Rule("at_least", MAJORITY_PCT, "%", "“dependent” read as Russia supplying more than half"),
                      ("findings", "eurostat_serbia_gas_imports"), _endnote(row), str(row["quote"]))


def oil_comparison(findings: pd.DataFrame) -> Comparison:
    row = _article_row(findings, finding_id="energy_dependence", partner="RUS")
    article = Measure(None, "Serbia's dependence on Russian oil", "not stated (June 2020)", "",
                      "“dependent on Russia for both oil and gas”", _article_source(row, "findings"),
                      "a statement, no figure")
    return Comparison("oil_dependence", "RUS", "Dependence on Russian oil", article, None,
                      Rule("within", 0, ""), ("findings",), _endnote(row), str(row["quote"]))


def china_comparisons(finance: pd.DataFrame, aiddata: pd.DataFrame, last_year: int = LAST_FULL_YEAR) -> list[Comparison]:
    """USD 4 bn investment and 5 bn loans beside AidData's official finance commitments (other scope)."""
    flows = record_aiddata.commitments_by_year_and_class(aiddata)
    flows = flows[flows["year"] <= last_year]
    first = int(flows["year"].min())
    period = f"commitments {first}–{last_year}"
    unit = "billion USD, constant 2021 prices"
    total = flows["usd"].sum() / 1e9
    loans = flows.loc[flows["flow_class"] == record_aiddata.FLOW_CLASSES["oof_amt"], "usd"].sum() / 1e9
    independents = {
        "direct_investment": Measure(total, "Chinese official finance (all flow classes)", period, unit,
                                     f"USD {total:.2f} bn", "AidData GCDF 3.0 (aiddata_chinese_finance)",
                                     record_aiddata.METHOD_NOTE),
        "loans_and_infrastructure": Measure(loans, "Chinese official finance, OOF-like (loans, export credits)",
                                            period, unit, f"USD {loans:.2f} bn",
                                            "AidData GCDF 3.0 (aiddata_chinese_finance)", record_aiddata.METHOD_NOTE),
    }
    result = []
    for _, row in finance.iterrows():
        qualifier = f"{row['qualifier']} " if isinstance(row["qualifier"], str) and row["qualifier"] else ""
        article = Measure(float(row["value"]), f"Chinese {row['label'].lower()}", str(row["period"]),
                          "billion USD, prices not stated", f"{qualifier}{row['value_in_text']}",
                          _article_source(row, "chinese_finance"), "not stated in the article")
        result.append(Comparison(f"china_{row['indicator']}", "CHN", f"China: {row['label'].lower()}", article,
                                 independents.get(row["indicator"]), Rule("within", SHARE_TOLERANCE_PP, "bn USD"),
                                 ("chinese_finance", "aiddata_chinese_finance"), _endnote(row), str(row["quote"])))
    return result


MIG_SYSTEM = "MiG-29 fighter jets"


def mig29_comparison(arms: pd.DataFrame, register: pd.DataFrame, partners: pd.DataFrame) -> Comparison:
    """Six MiG-29s handed over by Russia in 2017 against the jets SIPRI records delivered from Russia that year."""
    row = _article_row(arms, system=MIG_SYSTEM, measure="jets handed over")
    year = int(row["year"])
    what = "MiG-29 jets delivered by Russia to Serbia"
    article = Measure(float(row["value"]), what, str(year), "jets", str(row["value_in_text"]),
                      _article_source(row, "arms_deals"), "handover, as a donation")
    deals = record_arms.deal_register(register, partners)
    migs = deals[(deals["supplier"] == "Russia") & deals["weapon_designation"].str.startswith("MiG-29")
                 & (deals["delivery_years"] == str(year))]
    independent = None
    if not migs.empty:
        count = float(migs["number_delivered"].sum())
        names = " + ".join(f"{n:g} {d}" for n, d in zip(migs["number_delivered"], migs["weapon_designation"]))
        independent = Measure(count, what, str(year), "jets", names, "SIPRI trade register (sipri_arms_transfers)",
                              "number delivered, deals delivered in that year only; " + "; ".join(migs["status"]))
    return Comparison("mig29_handover", "RUS", f"MiG-29 jets from Russia, {year}", article, independent,
                      Rule("within", COUNT_TOLERANCE, "jets"), ("arms_deals", "sipri_arms_transfers"),
                      _endnote(row), str(row["quote"]))


def year_for(resource: str, as_of: str = asof.ASOF_LATEST) -> int:
    """The year an independent figure is taken for: 2019, the last full year before the article, or
    at an as-of date the last year of ``resource`` then published (gas: 2018)."""
    return int(asof.then_period(resource, range(2000, LAST_FULL_YEAR + 1), as_of))


def all_comparisons(as_of: str = asof.ASOF_LATEST) -> list[Comparison]:
    """Every article figure the package can check, in the order of the article, against what was
    published at the as-of date."""
    findings = data.load_table("findings")
    return [*trade_comparisons(data.load_table("trade_shares"), data.load_table("imf_dots_serbia_trade"),
                               year_for("imf_dots_serbia_trade", as_of), data.load_table(EU_WITH_UK)),
            gas_comparison(findings, data.load_table("eurostat_serbia_gas_imports"),
                           year_for("eurostat_serbia_gas_imports", as_of)),
            oil_comparison(findings),
            mig29_comparison(data.load_table("arms_deals"), data.load_table("sipri_arms_transfers"),
                             data.load_table("partners")),
            *china_comparisons(data.load_table("chinese_finance"), data.load_table("aiddata_chinese_finance"),
                               year_for("aiddata_chinese_finance", as_of))]


RECORD_LABELS = {
    "label": "Figure", "article_value": "The article", "article_wording": "As written", "endnote": "Endnote",
    "independent_value": "Independent value", "independent_source": "Independent source",
    "independent_basis": "Its basis", "rule": "Rule", "verdict": "Verdict"}


def _value_text(measure: Measure | None) -> str:
    if measure is None or measure.value is None:
        return "no figure" if measure is not None else "—"
    unit = "%" if measure.unit == "%" else f" {measure.unit}"
    return f"{_fmt(measure.value) if measure.unit != '%' else f'{measure.value:.1f}'}{unit}"


def verdict_summary(kinds: pd.Series) -> str:
    """From the rows' verdict kinds (``verdict_kind``): '6 figures agree with an independent source, 0
    differ, 1 agrees or differs depending on the basis, 2 not comparable, 0 without an independent source;
    2 qualitative claims, not counted as figures: 1 consistent, 1 without an independent source'."""
    n = {kind: int((kinds == kind).sum()) for kind in (AGREES, DIFFERS, NOT_COMPARABLE, NO_SOURCE, DEPENDS,
                                                       CONSISTENT, INCONSISTENT, QUALITATIVE_NO_SOURCE)}
    agree = "1 figure agrees" if n[AGREES] == 1 else f"{n[AGREES]} figures agree"
    depends = f", {n[DEPENDS]} agree{'s' if n[DEPENDS] == 1 else ''} or differ{'s' if n[DEPENDS] == 1 else ''} " \
              "depending on the basis" if n[DEPENDS] else ""
    figures = (f"{agree} with an independent source, {n[DIFFERS]} differ{depends}, {n[NOT_COMPARABLE]} not comparable, "
               f"{n[NO_SOURCE]} without an independent source")
    qualitative = {"consistent": n[CONSISTENT], "inconsistent": n[INCONSISTENT],
                   "without an independent source": n[QUALITATIVE_NO_SOURCE]}
    total = sum(qualitative.values())
    if not total:
        return figures
    parts = ", ".join(f"{count} {word}" for word, count in qualitative.items() if count)
    return f"{figures}; {total} qualitative claim{'s' if total > 1 else ''}, not counted as figures: {parts}"


def _on_bases(comparison: Comparison, text) -> str:
    """``text(measure)`` of the independent side, or of both readings where the basis is ambiguous."""
    if comparison.alternative is None:
        return text(comparison.independent)
    first, second = comparison.bases
    return f"{first}: {text(comparison.independent)}; {second}: {text(comparison.alternative)}"


def comparison_rows(comparisons: list[Comparison]) -> pd.DataFrame:
    """One row per comparison; the verdict computed by ``verdict``."""
    return pd.DataFrame([{
        "key": c.key, "partner": c.partner, "label": c.label,
        "article_value": _value_text(c.article), "article_wording": c.article.wording,
        "endnote": c.endnote, "quote": c.quote,
        "independent_value": _on_bases(c, _value_text) if c.independent else NO_SOURCE,
        "independent_source": _on_bases(c, lambda m: m.source) if c.independent else NO_SOURCE,
        "independent_basis": c.independent.basis if c.independent else "",
        "rule": c.rule.describe(c.article) if c.independent else "",
        "verdict": verdict(c), "verdict_kind": verdict_kind(c)} for c in comparisons])


# --- disputed and unknown figures, side by side -------------------------------------------------

DISPUTE_COLUMNS = {"claim": "Claim", "who": "Who says so", "value": "Figure", "source": "Source",
                   "standing": "Where it stands"}


def _note_text(endnote) -> str:
    return f"article, endnote {int(endnote)}" if endnote is not None and not pd.isna(endnote) else "article, main text"


def donor_ranking_text(donors: pd.DataFrame, names: dict[str, str]) -> str:
    """'1 US; 2 China; ... 9 Russia; ranks 6–8 not named in the article' from military_donors."""
    ranks = donors.sort_values("rank")
    named = "; ".join(f"{int(r['rank'])} {names.get(r['partner'], r['partner'])}" for _, r in ranks.iterrows())
    missing = sorted(set(range(1, int(ranks["rank"].max()) + 1)) - set(ranks["rank"].astype(int)))
    gap = f"; ranks {missing[0]}–{missing[-1]} not named in the article" if missing else ""
    return named + gap


def sipri_donations(register: pd.DataFrame, partners: pd.DataFrame, as_of: str = asof.ASOF_LATEST) -> str:
    """The arms deals SIPRI marks as aid, by supplier, as published at the as-of date:
    'Russia: BRDM-2, MiG-29 (2016); ...'."""
    deals = record_arms.deal_register(register, partners, as_of=as_of)
    aid = deals[deals["aid"]]
    if aid.empty:
        return "none recorded"
    return "; ".join(f"{supplier}: " + ", ".join(f"{r.weapon_designation} (ordered {r.order_year}, "
                                                   f"delivered {r.delivery_years or 'not yet'})" for r in part.itertuples())
                     for supplier, part in aid.groupby("supplier", sort=False))


def _sources(frame: pd.DataFrame, otherwise: str) -> list[str]:
    return [_note_text(n) if isinstance(q, str) else otherwise for n, q in zip(frame["endnote"], frame["quote"])]


def donor_dispute(findings, timeline, donors, register, partners, as_of: str = asof.ASOF_LATEST) -> pd.DataFrame:
    """The Ministry's 2008–2018 ranking, its own denial, the observers' reply, and what SIPRI records."""
    overview = timeline[timeline["event_id"] == "mod_donations_overview"].iloc[0]
    denial = _article_row(findings, finding_id="mod_denial_russia_biggest", partner="RUS")
    marketing = _article_row(findings, finding_id="mod_denial_called_marketing", partner="RUS")
    rows = [
        {"claim": str(overview["event"]), "who": f"Serbian Ministry of Defence, overview of "
         f"{donors['period'].iloc[0]} donations ({overview['date_as_written']})",
         "value": donor_ranking_text(donors, dict(zip(partners["code"], partners["short_name"]))),
         "endnote": overview["endnote"], "quote": overview["quote"], "partner": "RUS",
         "standing": "the Ministry's own published document"},
        {"claim": str(denial["finding"]), "who": "Serbian Ministry of Defence, statement", "value":
         "Russia first, if ongoing transactions counted (no figures given)", "endnote": denial["endnote"],
         "quote": denial["quote"], "partner": "RUS", "standing": "a claim without figures; contradicts the overview"},
        {"claim": str(marketing["finding"]), "who": "some Serbian observers", "value": "—",
         "endnote": marketing["endnote"], "quote": marketing["quote"], "partner": "RUS",
         "standing": "an assessment of the denial"},
        {"claim": "Arms deals SIPRI records as aid (donations) to Serbia", "who": "SIPRI trade register",
         "value": sipri_donations(register, partners, as_of), "endnote": None, "quote": None,
         "partner": "RUS", "standing": "independent, major arms only; SIPRI TIV measures military capability, "
         "not the money value of a donation, so it cannot rank donors by value"},
    ]
    frame = pd.DataFrame(rows)
    return frame.assign(source=_sources(frame, "SIPRI (sipri_arms_transfers)"))


def donor_beliefs(findings: pd.DataFrame) -> pd.DataFrame:
    """What Serbians believed about the largest donors beside the EU's role, as the article states both."""
    belief = findings[findings["finding_id"] == "donor_belief_vs_reality"]
    eu = _article_row(findings, finding_id="eu_biggest_donor_lender_investor", partner="EU")
    rows = [{"claim": str(r["finding"]), "partner": r["partner"], "endnote": r["endnote"], "quote": r["quote"],
             "who": "the article, citing a December 2019 survey" if r["partner"] != "EU" else "the article",
             "value": "majority (no percentage given)" if r["partner"] != "EU" else "largest donor (no amount given)",
             "standing": "belief" if r["partner"] != "EU" else "the article's statement of fact"}
            for _, r in belief.iterrows()]
    rows.append({"claim": str(eu["finding"]), "partner": "EU", "endnote": eu["endnote"], "quote": eu["quote"],
                 "who": "the article", "value": "no amount given", "standing": "the article's statement of fact"})
    rows.append({"claim": "Donations to Serbia by donor, measured independently", "partner": "EU", "endnote": None,
                 "quote": None, "who": "—", "value": NO_SOURCE,
                 "standing": "not checkable here; the package's Balkan Barometer survey aggregates are not used "
                             "(their licence is unknown)"})
    frame = pd.DataFrame(rows)
    return frame.assign(source=_sources(frame, NO_SOURCE))


# The article's systems as SIPRI names them (supplier, designation), read from both by hand.
ARTICLE_SYSTEMS_IN_SIPRI = {"Pantsir air-defence systems": ("Russia", "96K9 Pantsyr-S1"),
                            "Mistral MANPADS": ("France", "Mistral")}
NOT_ASSESSED = "not disclosed / not assessed by SIPRI"
NOT_GIVEN = "not given (SIPRI gives no number ordered)"
NOT_STATED = "not stated in the article"

ARMS_COLUMNS = {"system": "System", "supplier": "Supplier", "who": "Source", "order_year": "Ordered",
                "number": "Number", "value": "Value", "delivered": "Delivered"}


def order_value_text(deal) -> str:
    """SIPRI TIV of an order, or why there is none (never 0 for unknown)."""
    if not deal.value_assessed:
        return NOT_ASSESSED
    if pd.isna(deal.tiv_ordered):
        return NOT_GIVEN
    return f"{_fmt(deal.tiv_ordered)} million TIV (order)"


def _sipri_row(deal, system: str) -> dict:
    number = "not given" if pd.isna(deal.number_ordered) else f"{deal.number_ordered:g}"
    return {"system": system, "supplier": deal.supplier, "partner": deal.partner, "who": "SIPRI trade register",
            "order_year": str(deal.order_year), "number": number, "value": order_value_text(deal),
            "delivered": deal.delivery_status + (f" ({deal.delivery_years})" if deal.delivery_years else ""),
            "endnote": None, "quote": None}


def arms_values(arms: pd.DataFrame, register: pd.DataFrame, partners: pd.DataFrame,
                as_of: str = asof.ASOF_LATEST) -> pd.DataFrame:
    """The article's deals without quantities beside SIPRI's records of the same systems, then every
    SIPRI deal whose value is unknown, as published at the as-of date. Unknown values are said to
    be unknown, never 0."""
    deals = record_arms.deal_register(register, partners, as_of=as_of)
    names = dict(zip(partners["code"], partners["short_name"]))
    rows = []
    for _, deal in arms[arms["value"].isna()].iterrows():
        rows.append({"system": deal["system"], "supplier": names.get(deal["partner"], deal["partner"]),
                     "partner": deal["partner"],
                     "who": _note_text(deal["endnote"]), "order_year": NOT_STATED, "number": NOT_STATED,
                     "value": NOT_STATED, "delivered": NOT_STATED, "endnote": deal["endnote"], "quote": deal["quote"]})
        supplier, designation = ARTICLE_SYSTEMS_IN_SIPRI.get(deal["system"], (None, None))
        same = deals[(deals["supplier"] == supplier) & (deals["weapon_designation"] == designation)]
        rows += [_sipri_row(d, deal["system"]) for d in same.itertuples()]
    unknown = deals[~deals["value_assessed"] | deals["tiv_ordered"].isna()]
    rows += [_sipri_row(d, f"{d.weapon_designation} ({d.weapon_description})") for d in unknown.itertuples()]
    return pd.DataFrame(rows, columns=["system", "supplier", "partner", "who", "order_year", "number", "value",
                                       "delivered", "endnote", "quote"])
