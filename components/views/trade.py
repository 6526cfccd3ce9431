"""Trade: the article's 2019 EU vs Russia/EAEU shares first, then what IMF DOTS, Eurostat and the
Factbook record before and after it, each read the way its producer reads it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import asof, charts, charts_series, countries, data, params, record_factbook, record_trade
from components.sections import Section, nothing
from components.state import ViewState
from components.textsafe import plotly_text as safe
from components.views import memoised
from components.views.common import context_note, highlight, lookups, names_list, view_url

PAGE = "trade"
DOTS_ORDER = ("EU", "EAEU", "RUS", "CHN", "USA")  # the partners of the derived DOTS table
FLOWS = ("total", "exports", "imports")  # total trade first: the article's own measure
FLOW_TITLES = {"total": "Serbia's total trade (exports + imports)",  # the article's measure
               "exports": "Serbia's exports (FOB)", "imports": "Serbia's imports (CIF)"}
FLOW_WORDS = {"total": "total trade", "exports": "exports", "imports": "imports"}
UNITS = {"share_of_total_pct": "% of Serbia's total", "usd_million": "USD million"}


@dataclass(frozen=True)
class TradeView:
    heading: str
    shares: Section
    dots: Section  # in the unit the view's trade_unit control chose (share or USD)
    eu_exports: Section
    gas: Section
    imports: Section


def trade_share_title(shares: pd.DataFrame, names) -> str:
    rows = shares[shares["flow"] == "total"].set_index("partner")
    text = {code: charts.hedged(rows.loc[code, "share"], rows.loc[code, "qualifier"], "%") for code in rows.index}
    if {"EU", "EAEU"} <= set(rows.index):
        ratio = rows.loc["EU", "share"] / rows.loc["EAEU", "share"]
        return (f"The EU's share of Serbia's trade ({text['EU']}) is about {ratio:.0f}× "
                f"that of Russia and the EAEU ({text['EAEU']}), 2019")
    return "Share of Serbia's total trade in 2019: " + ", ".join(f"{names.get(p, p)} {text[p]}" for p in rows.index)


def trade_heading(trade: pd.DataFrame, last_year: int) -> str:
    """The page's takeaway from DOTS total trade shown: whether the EU led Russia and the EAEU in
    every year where both have a total (totals end in 2019: Serbia's 2020 imports are corrupt); a
    year inside the span without both totals is named, by the blocs' codes as the heading's own words
    (a page title is not escaped: no text from data in it)."""
    totals = record_trade.trade_shares(trade, partners=["EU", "EAEU"], flows=["total"])
    totals = totals[totals["year"] <= last_year].pivot(index="year", columns="partner", values="share_of_total_pct")
    both = totals.dropna()
    if both.empty:
        return "Trade: Serbia's partners"
    first, last = int(both.index.min()), int(both.index.max())
    span = f"{first}–{last}"
    lacking = {year: [p for p in ("EU", "EAEU") if year not in totals.index or pd.isna(totals.loc[year, p])]
               for year in range(first, last + 1) if year not in both.index}
    missing = (" with both totals (" + "; ".join(f"no {names_list(codes, {})} total for {year}"
                                                 for year, codes in lacking.items()) + ")") if lacking else ""
    if (both["EU"] > both["EAEU"]).all():
        return f"Trade: the EU leads Russia and the EAEU in every year {span}{missing}"
    return f"Trade: Serbia's trade with the EU and with Russia and the EAEU, {span}{missing}"


DOTS = "imf_dots_serbia_trade"
DOTS_GAPS = "imf_dots_serbia_gaps"
EU_EXPORTS = "eurostat_eu27_exports_to_serbia"
GAS = "eurostat_serbia_gas_imports"
FACTBOOK = "factbook_trade_partners"


def _last_year(state: ViewState, years: pd.Series, resource: str = DOTS) -> int:
    """The last year of ``resource`` public at the view's as-of date (components.asof)."""
    return int(asof.last_known(resource, [int(y) for y in years.unique()], state.asof))


def _as_of(rows: pd.DataFrame, resource: str, state: ViewState, column: str = "year") -> pd.DataFrame:
    """The rows public at the as-of date, each marked whether it was published after the article."""
    kept = asof.keep_known(rows, resource, column, state.asof)
    return kept.assign(post_publication=asof.published_after_mask(kept, resource, column))


# === IMF DOTS ===========================================================================

def dots_highlight(rows: pd.DataFrame, state: ViewState, partners: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Highlight the chosen partners; a chosen country with no row of its own highlights the
    blocs of the table it belongs to. Returns the rows and a sentence saying so (or '')."""
    rows = highlight(rows, state)
    if state.selection is None:
        return rows, ""
    member_of = dict(zip(partners["code"], partners["member_of"].fillna("")))
    names = dict(zip(partners["code"], partners["short_name"]))
    own = set(rows["partner"])
    without = [c for c in state.chosen if c not in own and c in member_of and member_of[c]]
    blocs = [b for c in without for b in member_of[c].split(";") if b in own]
    if not blocs:
        return rows, ""
    rows = rows.assign(highlighted=rows["highlighted"] | rows["partner"].isin(blocs))
    return rows, (f"IMF DOTS figures here are for {names_list(DOTS_ORDER, names)} only: "
                  f"{names_list(without, names)} has no row of its own, so {names_list(blocs, names)}, "
                  f"which {'it belongs' if len(without) == 1 else 'they belong'} to, "
                  f"{'is' if len(set(blocs)) == 1 else 'are'} highlighted.")


def with_year_gaps(rows: pd.DataFrame, years: range) -> pd.DataFrame:
    """Every partner and flow on every year, empty where DOTS has no figure, so a line breaks
    there instead of bridging it (EAEU 2010: Kyrgyz exports blank; imports 2020: corrupt)."""
    grid = pd.MultiIndex.from_product([rows["partner"].unique(), FLOWS, list(years)], names=["partner", "flow", "year"])
    full = rows.set_index(["partner", "flow", "year"]).reindex(grid).reset_index()
    full["highlighted"] = full.groupby("partner")["highlighted"].transform("max").astype(bool)
    full["is_mirror"] = full["is_mirror"].fillna(False).astype(bool)
    full = full.sort_values(["partner", "flow", "year"], key=lambda c: c.map(DOTS_ORDER.index) if c.name == "partner" else c,
                            ignore_index=True)
    return full.assign(post_publication=asof.published_after_mask(full, DOTS, "year"))


def dots_rows(state: ViewState) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Serbia's own exports and imports by partner (years of the as-of), the partners' mirror
    figures for the years Serbia's own import figure is missing, and the highlight note."""
    trade = data.load_table("imf_dots_serbia_trade")
    last = _last_year(state, trade["year"])
    own = record_trade.trade_shares(trade, flows=FLOWS)
    own = own[own["year"] <= last]
    mirror = record_trade.trade_shares(trade, flows=["imports"], include_mirror=True)
    mirror = mirror[mirror["is_mirror"].astype(bool) & (mirror["year"] <= last)]
    have = set(zip(own["partner"], own["flow"], own["year"]))
    mirror = mirror[[(p, f, y) not in have for p, f, y in zip(mirror["partner"], mirror["flow"], mirror["year"])]]
    mirror = mirror.sort_values("partner", key=lambda c: c.map(DOTS_ORDER.index), kind="stable")
    partners = data.load_table("partners")
    own, note = dots_highlight(own, state, partners)
    mirror = mirror.assign(highlighted=mirror["partner"].map(own.groupby("partner")["highlighted"].max()).fillna(False)
                           .astype(bool),  # bool even when no mirror row is left (as of June 2020)
                           post_publication=asof.published_after_mask(mirror, DOTS, "year"))
    own = with_year_gaps(own, range(int(trade["year"].min()), last + 1))
    return own, mirror, note


def dots_focus(rows: pd.DataFrame) -> list[str]:
    """The two partners a title speaks of: the first two highlighted, else the EU and the EAEU."""
    chosen = [p for p in DOTS_ORDER if rows.loc[rows["partner"] == p, "highlighted"].any()]
    return chosen[:2] if chosen and not rows["highlighted"].all() else ["EU", "EAEU"]


def dots_title(rows: pd.DataFrame, value_column: str, names) -> str:
    """The article's measure as a series: the focus partners' share (or value) of Serbia's total trade
    in the first and the last year shown that have one (Serbia's own figures, from the rows shown)."""
    parts = []
    for code in dots_focus(rows):
        known = rows[(rows["partner"] == code) & (rows["flow"] == "total")].dropna(subset=[value_column])
        if known.empty:
            parts.append(f"{names.get(code, code)} no figure")
            continue
        ends = [known.loc[known["year"].idxmin()], known.loc[known["year"].idxmax()]]
        values = [f"{end[value_column]:.1f}%" if value_column == "share_of_total_pct"
                  else f"{charts.fmt(round(end[value_column]))}m" for end in ends]
        years = [int(end["year"]) for end in ends]
        parts.append(f"{names.get(code, code)} {values[0]} ({years[0]})" +
                     (f" → {values[1]} ({years[1]})" if years[1] != years[0] else ""))
    head = ("Share of Serbia's total trade (exports + imports): " if value_column == "share_of_total_pct" else
            "Serbia's total trade (exports + imports), USD, nominal: ")
    return head + "; ".join(parts)


def dots_gap_note(rows: pd.DataFrame, gaps: pd.DataFrame, names) -> str:
    """Why each line shown breaks: every partner, flow and year of ``rows`` (the grid of
    with_year_gaps) without a figure, explained from the package's DOTS gap table (cause and cells)."""
    empty = rows[rows["usd_million"].isna()][["partner", "flow", "year"]]
    if empty.empty:
        return ""
    found = empty.merge(gaps, on=["partner", "flow", "year"], how="left")
    who = countries.from_producer("imf")
    parts = []
    blank = found[found["cause"] == "blank"]
    for (partner, year, rows_named, cells), part in blank.groupby(["partner", "year", "rows", "cells"], sort=False):
        named = str(rows_named).split(";")
        summed = ("" if named == [record_trade.dots_partners().get(partner)] else
                  f", one of the rows summed for {names.get(partner, partner)}, so the sum is unknown")
        parts.append(f"{names.get(partner, partner)}, {_flow_words(part['flow'])} {int(year)}: "
                     f"{names_list([who.get(n, n) for n in named], names)}'s cell is blank in DOTS ({cells}){summed}")
    corrupt = found[found["cause"] == "corrupt"]
    for (year,), part in corrupt.groupby(["year"], sort=False):
        partners = list(dict.fromkeys(part["partner"]))
        whom = "every partner" if set(partners) == set(rows["partner"]) else names_list(partners, names)
        sheets = sorted({ref.rsplit("!", 1)[0] for ref in part["cells"]})
        columns = sorted({cell.rstrip("0123456789") for ref in part["cells"] for cell in ref.rsplit("!", 1)[1].split(",")})
        parts.append(f"{_flow_words(part['flow'])} {int(year)}, {whom}: Serbia's {int(year)} imports by partner are "
                     f"corrupt in this vintage and not used ({names_list(sheets, {})}, column {names_list(columns, {})})")
    unknown = found[found["cause"].isna()]
    for (partner,), part in unknown.groupby(["partner"], sort=False):
        parts.append(f"{names.get(partner, partner)} {names_list(sorted(str(int(y)) for y in part['year'].unique()), {})}: "
                     "no figure in the package")
    return "Gaps in the lines (unknown, not 0): " + "; ".join(parts) + "."


def mark_blank_gaps(figure, rows: pd.DataFrame, gaps: pd.DataFrame, value_column: str, names) -> None:
    """On the chart itself, at each break a blank cell of the original causes: 'no <partner> figure
    (blank cell)', in the panel of its flow, between the points either side (see dots_gap_note)."""
    empty = rows[rows["usd_million"].isna()][["partner", "flow", "year"]]
    blank = empty.merge(gaps[gaps["cause"] == "blank"], on=["partner", "flow", "year"])
    for r in blank.itertuples():
        line = rows[(rows["partner"] == r.partner) & (rows["flow"] == r.flow)].set_index("year")[value_column]
        either_side = line.reindex([r.year - 1, r.year + 1]).dropna()
        if either_side.empty:
            continue
        figure.add_annotation(x=r.year, y=float(either_side.mean()), row=FLOWS.index(r.flow) + 1, col=1,
                              text=safe(f"no {names.get(r.partner, r.partner)}") + "<br>figure (blank cell)", showarrow=True,
                              arrowhead=0, ax=0, ay=-34, font=dict(size=10, color="#444444"), bgcolor="rgba(255,255,255,0.8)")


def _flow_words(flows) -> str:
    """'exports and total trade': the flows named in the order exports, imports, total."""
    return names_list([FLOW_WORDS[f] for f in ("exports", "imports", "total") if f in set(flows)], {})


def _mirror_labels(mirror: pd.DataFrame, names) -> dict[str, str]:
    return {code: f"{names.get(code, code)}: mirror, its own exports to Serbia (FOB)" for code in mirror["partner"]}


def _mirror_note(mirror: pd.DataFrame, trade: pd.DataFrame, names) -> str:
    """Why the mirror markers stand apart: the two reports differ, shown for the last year both exist."""
    if mirror.empty:
        return ""
    codes = [c for c in DOTS_ORDER if c in set(mirror["partner"])]
    both = trade[(trade["partner"] == codes[0]) & (trade["flow"] == "imports")].pivot_table(
        index="year", columns="is_mirror", values="usd_million").dropna()
    years = names_list(sorted(mirror["year"].astype(int).astype(str).unique()), {})
    text = (f"Diamonds: the partner's own exports to Serbia ({names_list(codes, names)}, {years}), a mirror "
            "statistic, where Serbia's own import figure is missing; a different basis, not joined to Serbia's line.")
    if both.empty:
        return text
    year = int(both.index.max())
    return (text + f" In {year} {names.get(codes[0], codes[0])} reported USD {charts.fmt(round(both.loc[year, True], 1))}m"
            f" exported to Serbia, Serbia USD {charts.fmt(round(both.loc[year, False], 1))}m imported.")


def series_note(rows: pd.DataFrame, state: ViewState, names) -> str:
    """context_note, worded for an external series (its own note speaks of the article's figures)."""
    note = context_note(rows, state, names)
    if rows.get("highlighted", pd.Series(True)).any():
        return note
    return f"None of the partners selected has figures here; shown for comparison: {names_list(rows['partner'].unique(), names)}."


def _dots_section(state: ViewState, look, value_column: str) -> Section:
    own, mirror, highlight_note = dots_rows(state)
    key = "dots_share" if value_column == "share_of_total_pct" else "dots_usd"
    title = dots_title(own, value_column, look.names)
    shown_mirror = mirror if value_column == "usd_million" else mirror.iloc[0:0]
    figure = charts_series.panel_lines_chart(
        own, title, panel="flow", panels=FLOWS, panel_titles=FLOW_TITLES, x="year", value_column=value_column,
        unit=UNITS[value_column], styles=look.styles, names=look.names, post_column="post_publication",
        marker_x=None if state.article_time else charts_series.ANNUAL_PUBLICATION_X,
        mirror=shown_mirror if len(shown_mirror) else None,
        mirror_label=_mirror_labels(shown_mirror, look.names))
    gaps = data.load_table(DOTS_GAPS)
    mark_blank_gaps(figure, own, gaps, value_column, look.names)
    trade = data.load_table("imf_dots_serbia_trade")
    mirror_note = (_mirror_note(shown_mirror, trade, look.names) if value_column == "usd_million" else
                   ("A partner's own export figure (mirror) has no share of Serbia's total (different basis): "
                    "see USD." if len(mirror) else ""))
    rows = pd.concat([own.dropna(subset=["usd_million"]), shown_mirror], ignore_index=True)
    return Section(key, title, rows, ("imf_dots_serbia_trade",), figure=figure, view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [record_trade.DOTS_METHOD_NOTE, _post_note(own), _revised(DOTS, state),
                                               dots_gap_note(own, gaps, look.names),
                                               mirror_note,
                                               highlight_note, series_note(own, state, look.names)])))


def _post_note(rows: pd.DataFrame) -> str:
    if not rows["post_publication"].any():
        return ""
    return "Hollow points: not yet published when the article appeared (June 2020)."


def _revised(resource: str, state: ViewState) -> str:
    """'Figures as revised in …' when the as-of date is before the vintage the package holds."""
    note = asof.revised_note(resource, state.asof)
    return f"Figures {note}." if note else ""


# === Eurostat: the EU's exports to Serbia (mirror, EUR) ===================================

def eu_exports_title(rows: pd.DataFrame) -> str:
    first, last = rows.iloc[0], rows.iloc[-1]
    return ("The EU's exports to Serbia, as the EU reports them (mirror), in nominal euros: "
            f"{charts_series.money(first['eur_million'], 'EUR')} in {int(first['year'])}, "
            f"{charts_series.money(last['eur_million'], 'EUR')} in {int(last['year'])}")


def _eu_exports_section(state: ViewState, look) -> Section:
    table = data.load_table("eurostat_eu27_exports_to_serbia")
    rows = record_trade.eu27_exports(table)
    rows = _as_of(rows, EU_EXPORTS, state).assign(partner="EU", flow="EU exports")
    rows = highlight(rows, state)
    title = eu_exports_title(rows)
    figure = charts_series.panel_lines_chart(
        rows, title, panel="flow", panels=("EU exports",),
        panel_titles={"EU exports": ""},
        x="year", value_column="eur_million", unit="EUR million (not USD)", styles=look.styles,
        names={"EU": "EU27, its own report (mirror)"}, post_column="post_publication",
        marker_x=None if state.article_time else charts_series.ANNUAL_PUBLICATION_X)
    return Section("eu27_exports", title, rows, ("eurostat_eu27_exports_to_serbia",), figure=figure,
                   view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [record_trade.EU27_EXPORTS_METHOD_NOTE, _post_note(rows),
                                               _revised(EU_EXPORTS, state),
                                               series_note(rows, state, look.names)])))


# === Eurostat: gas ========================================================================

def gas_title(rows: pd.DataFrame, state: ViewState) -> str:
    """First, the article's "then" year (2019; as of June 2020 the last one then published, 2018), and
    last share shown, from the rows."""
    by_year = rows.set_index("year")["share_russia_pct"]
    known = asof.then_period(GAS, [int(y) for y in by_year.index], state.asof)
    picks = dict.fromkeys([int(by_year.index.min()), *([known] if known is not None else []), int(by_year.index.max())])
    values = ", ".join(f"{by_year[y]:.1f}% in {y}" for y in picks if y in by_year.index)
    return f"Share of Serbia's gas imports reported as from Russia: {values}"


def _gas_section(state: ViewState, look) -> Section:
    gas = data.load_table("eurostat_serbia_gas_imports")
    rows = record_trade.gas_share(gas)
    rows = _as_of(rows, GAS, state).assign(partner="RUS")
    rows = highlight(rows, state)
    title = gas_title(rows, state)
    figure = charts_series.year_bars_chart(rows, title, x="year", value_column="share_russia_pct",
                                           unit="% of gas imports (TJ, GCV)", colour=look.styles["RUS"].colour,
                                           post_column="post_publication",
                                           marker_x=None if state.article_time else charts_series.ANNUAL_PUBLICATION_X)
    return Section("gas", title, rows, ("eurostat_serbia_gas_imports",), figure=figure, view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [record_trade.GAS_METHOD_NOTE, record_trade.GAS_TRANSIT_NOTE,
                                               _post_note(rows), _revised(GAS, state), series_note(rows, state, look.names)])))


# === CIA World Factbook: import partners ===================================================

# Two sources, one quantity: the Factbook's share of Serbia's imports against IMF DOTS (Serbia's own
# report, imports CIF) in the same year. Differences under this many points are rounding and revision
# (later editions print whole percents); at or over it the two disagree, and the title says so.
FACTBOOK_TOLERANCE = 1.0


def factbook_title(rows: pd.DataFrame, names, against: pd.DataFrame | None = None) -> str:
    """Takeaway of the Factbook import shares of the partners shown (never a claim about others),
    with every edition year where IMF DOTS, the primary source, differs by FACTBOOK_TOLERANCE or more."""
    trends = []
    for code, part in rows.dropna(subset=["share_pct"]).sort_values("data_year").groupby("partner", sort=False):
        first, last = part.iloc[0], part.iloc[-1]
        trends.append(f"{names.get(code, code)} {charts.fmt(first['share_pct'])}% ({int(first['data_year'])}) → "
                      f"{charts.fmt(last['share_pct'])}% ({int(last['data_year'])})")
    title = "CIA Factbook, listed share of Serbia's imports: " + "; ".join(trends)
    differ = against[against["differs"]] if against is not None else pd.DataFrame()
    if differ.empty:
        return title
    cases = [f"{names.get(r.partner, r.partner)} {int(r.data_year)} ({r.dots_share_pct:.1f}% against the Factbook's "
             f"{charts.fmt(r.share_pct)}%)" for r in differ.itertuples()]
    return title + f". IMF DOTS differs by {charts.fmt(FACTBOOK_TOLERANCE)} point or more: " + "; ".join(cases)


def factbook_against_dots(shares: pd.DataFrame, trade: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Each edition year and partner shown that IMF DOTS also has: the Factbook's share, DOTS's share
    of Serbia's imports (Serbia's own report, CIF, same year) and whether they differ by the tolerance."""
    dots = record_trade.trade_shares(trade, partners=list(shares["partner"].dropna().unique()), flows=["imports"])
    dots = dots[dots["year"] <= last_year].rename(columns={"year": "data_year", "share_of_total_pct": "dots_share_pct",
                                                           "basis": "dots_basis"})
    both = shares.dropna(subset=["share_pct"]).merge(dots[["partner", "data_year", "dots_share_pct", "dots_basis"]],
                                                     on=["partner", "data_year"])
    both = both.assign(difference=both["dots_share_pct"] - both["share_pct"])
    return both.assign(differs=both["difference"].abs() >= FACTBOOK_TOLERANCE - 1e-9).sort_values(
        ["data_year", "partner"], ignore_index=True)


def dots_import_points(shares: pd.DataFrame, trade: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """DOTS import shares of the partners shown, every year within the editions' span: drawn beside
    the Factbook's lines as separate markers (another source, never joined to them)."""
    first, last = int(shares["data_year"].min()), min(int(shares["data_year"].max()), last_year)
    dots = record_trade.trade_shares(trade, partners=list(shares["partner"].dropna().unique()), flows=["imports"])
    dots = dots[dots["year"].between(first, last)]
    lit = shares.groupby("partner")["highlighted"].max()
    return pd.DataFrame({"partner": dots["partner"], "data_year": dots["year"], "share_pct": dots["share_of_total_pct"],
                         "panel": "imports", "highlighted": dots["partner"].map(lit).fillna(False).astype(bool),
                         "post_publication": asof.published_after_mask(dots, DOTS, "year")}).reset_index(drop=True)


def factbook_comparison_note(against: pd.DataFrame, names) -> str:
    """Both sources with their bases, and each edition year compared (computed)."""
    if against.empty:
        return ""
    years = []
    for year, part in against.groupby("data_year", sort=True):
        years.append(f"{int(year)}: " + ", ".join(
            f"{names.get(r.partner, r.partner)} {charts.fmt(r.share_pct)}% / {r.dots_share_pct:.1f}%"
            for r in part.itertuples()))
    differ = against[against["differs"]]
    verdict = (f"they differ by {charts.fmt(FACTBOOK_TOLERANCE)} point or more in " +
               names_list([f"{names.get(r.partner, r.partner)} {int(r.data_year)}" for r in differ.itertuples()], {})
               + ", so a Factbook trend through that edition is not IMF DOTS's"
               if not differ.empty else
               f"they agree within {charts.fmt(FACTBOOK_TOLERANCE)} point in every edition year DOTS covers")
    return ("Diamonds: IMF DOTS, the same quantity from Serbia's own report (imports CIF, as a share of Serbia's "
            "imports from the World in the same year), for the partners DOTS has. Factbook / IMF DOTS share of "
            "imports by edition year: " + "; ".join(years) + f" — {verdict}.")


def factbook_focus(factbook: pd.DataFrame, codes: dict[str, str], state: ViewState, others: int = 2) -> list[str]:
    """Factbook names of Russia, China, the chosen partners listed, and the ``others`` largest remaining."""
    imports = factbook[factbook["flow"] == "imports"]
    keep = ["Russia", "China"] + [n for n, c in codes.items() if state.selection and c in state.selection]
    rest = imports[~imports["partner_std"].isin(keep) & imports["partner_std"].isin(codes)]
    largest = rest.groupby("partner_std")["share_pct"].mean().nlargest(others).index
    return list(dict.fromkeys(keep + list(largest)))


def factbook_rows(state: ViewState) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The focus partners' shares in every edition shown (empty where not listed), with None rows
    between non-consecutive years so no line crosses a year no edition covers."""
    partners = data.load_table("partners")
    factbook = data.load_table(FACTBOOK)
    later = set(factbook.loc[asof.published_after_mask(factbook, FACTBOOK, "commit_date"), "data_year"].astype(int))
    factbook = asof.keep_known(factbook, FACTBOOK, "commit_date", state.asof)  # each edition by its first snapshot
    codes = {n: c for c, n in zip(partners["code"], partners["factbook_name"]) if isinstance(n, str)}
    shares = record_factbook.import_partner_shares(factbook, factbook_focus(factbook, codes, state))
    shares = highlight(shares.assign(partner=shares["partner_std"].map(codes)), state)
    parts = []
    for code, part in shares.groupby("partner", sort=False):
        gapped = record_factbook.with_gaps(part)
        parts.append(gapped.assign(partner=code, highlighted=bool(part["highlighted"].any()), panel="imports"))
    drawn = pd.concat(parts, ignore_index=True)
    return shares, drawn.assign(post_publication=drawn["data_year"].isin(later))


def _factbook_section(state: ViewState, look) -> Section:
    shares, drawn = factbook_rows(state)
    if shares["share_pct"].notna().sum() == 0:
        return nothing("factbook_imports", "Serbia's top import partners (CIA World Factbook)",
                       ("factbook_trade_partners",), "The Factbook lists none of these partners.")
    trade = data.load_table(DOTS)
    last = _last_year(state, trade["year"])
    against = factbook_against_dots(shares, trade, last)
    points = dots_import_points(shares, trade, last)
    title = factbook_title(shares, look.names, against)
    figure = charts_series.panel_lines_chart(
        drawn, title, panel="panel", panels=("imports",), panel_titles={"imports": ""},
        x="data_year", value_column="share_pct", unit="% of imports", styles=look.styles, names=look.names,
        post_column="post_publication", marker_x=None if state.article_time else charts_series.ANNUAL_PUBLICATION_X,
        mirror=points if len(points) else None,
        mirror_label={c: f"{look.names.get(c, c)}: IMF DOTS, Serbia's imports (CIF)" for c in points["partner"]})
    years = shares["data_year"].astype(int)
    figure.update_xaxes(tickformat="d", **({"dtick": 1} if years.max() - years.min() <= 6 else {}))  # never "2,014.5"
    factbook = data.load_table("factbook_trade_partners")
    shown_years = factbook[factbook["data_year"].isin(shares["data_year"])]
    rows = shares.merge(against[["partner", "data_year", "dots_share_pct", "dots_basis", "differs"]],
                        on=["partner", "data_year"], how="left")
    return Section("factbook_imports", title, rows, ("factbook_trade_partners", DOTS),
                   figure=figure, view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [
                       "Russia, China, the partners chosen and the two largest others. A partner an edition does not "
                       "list has no point (at most that edition's lowest listed share, not 0); lines break where no "
                       "edition gives a year.", record_factbook.basis_note(shown_years),
                       factbook_comparison_note(against, look.names), _post_note(drawn),
                       series_note(shares, state, look.names)])))


# === the page =============================================================================

def _shares_section(state: ViewState, look) -> Section:
    shares = highlight(data.load_table("trade_shares"), state)
    if shares.empty:
        return nothing("shares", "Shares of Serbia's trade, 2019", ("trade_shares",),
                       "The article gives trade shares only for the EU and for Russia with the EAEU.")
    title = trade_share_title(shares, look.names)
    figure = charts.trade_share_chart(shares, title, look.names, look.styles)
    charts_series.legend_below(figure)  # room for the legend above the source footer
    return Section("shares", title, shares, ("trade_shares",), figure=figure, view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, ["“Rest of world” is derived: 100 − EU share − Russia/EAEU share.",
                                               context_note(shares, state, look.names)])))


@memoised
def build(state: ViewState) -> TradeView:
    look = lookups()
    trade = data.load_table("imf_dots_serbia_trade")
    heading = trade_heading(trade, _last_year(state, trade["year"]))
    unit = state.control(params.TRADE_UNIT.name, params.TRADE_UNIT.default)
    value_column = "usd_million" if unit == params.TRADE_UNITS[1] else "share_of_total_pct"
    return TradeView(heading, _shares_section(state, look), _dots_section(state, look, value_column),
                     _eu_exports_section(state, look),
                     _gas_section(state, look), _factbook_section(state, look))
