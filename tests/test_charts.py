"""Chart builders draw exactly the rows they are given, keep hedges and unknowns, escape text;
the views' title and aggregation helpers state what the rows say.

Golden values are typed by hand from the CSVs in data/ (the file and row are named beside each).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components import charts, data, record_arms, theme
from components.state import ViewState, view_state
from components.theme import CONTEXT_OPACITY, Style
from components.views import china, kosovo, security, trade

ROOT = Path(__file__).resolve().parent.parent


NAMES = {"EU": "EU", "EAEU": "Russia & EAEU", "ROW": "Rest of world", "NATO": "NATO", "RUS": "Russia",
         "CHN": "China", "USA": "US", "NOR": "Norway", "DNK": "Denmark", "GBR": "UK", "FRA": "France",
         "ITA": "Italy", "SRB": "Serbia", "XKX": "Kosovo", "UKR": "Ukraine"}  # short_name, partners.csv
# Any distinct styles (EU #000001 solid "", EAEU #000002 dash "/", ...): the builders must pass
# colour, dash and pattern through.
STYLES = {code: Style(f"#{index:06d}", theme.DASHES[index % len(theme.DASHES)],
                      theme.PATTERNS[index % len(theme.PATTERNS)]) for index, code in enumerate(NAMES, start=1)}


def table(name: str) -> pd.DataFrame:
    return data.load_table(name)


# ---------------------------------------------------------------- each builder draws its rows

def test_trade_chart_draws_each_share_with_its_partner():
    fig = charts.trade_share_chart(table("trade_shares"), "t", NAMES, STYLES)
    drawn = {trace.name: list(trace.x) for trace in fig.data}
    # trade_shares.csv, endnote 22: total, exports, imports per partner; ROW is derived
    assert drawn == {"EU": [62, 66.3, 58.2], "Russia &amp; EAEU": [8, 5.4, 9.4],
                     "Rest of world (derived)": [30, 28.3, 32.4]}  # names escaped for Plotly's HTML
    assert [trace.marker.color for trace in fig.data] == ["#000001", "#000002", "#000003"]
    assert [trace.marker.pattern.shape for trace in fig.data] == ["/", "x", "."]  # STYLES: PATTERNS[1..3]
    assert list(fig.data[0].y) == ["Total trade", "Exports", "Imports"]


def test_trade_chart_fades_the_partners_not_chosen():
    # Under a filter the other blocs stay, as context: Russia's bar full, the EU and the rest faded.
    shares = table("trade_shares").assign(highlighted=lambda f: f["partner"] == "EAEU")
    fig = charts.trade_share_chart(shares, "t", NAMES, STYLES)
    assert {trace.name: list(trace.marker.opacity) for trace in fig.data} == {
        "EU": [CONTEXT_OPACITY] * 3, "Russia &amp; EAEU": [1.0] * 3, "Rest of world (derived)": [CONTEXT_OPACITY] * 3}
    assert {trace.name: list(trace.x) for trace in fig.data}["EU"] == [62, 66.3, 58.2]  # drawn, not deleted


def test_trade_chart_of_one_partner_draws_one_trace():
    shares = table("trade_shares")
    fig = charts.trade_share_chart(shares[shares["partner"] == "EAEU"], "t", NAMES, STYLES)
    assert len(fig.data) == 1 and list(fig.data[0].x) == [8, 5.4, 9.4]
    assert list(fig.data[0].customdata[:, 0]) == ["just", "", ""]  # the hedge of 8% (“just 8%”)


def test_bar_chart_draws_the_rows_in_order():
    exercises = table("military_exercises").assign(value=lambda f: f["exercises"].astype(float))
    fig = charts.bar_chart(exercises, "t", NAMES, STYLES)
    (bars,) = fig.data
    assert list(bars.y) == ["NATO", "Russia"] and list(bars.x) == [13.0, 4.0]  # military_exercises.csv, 2019
    assert list(bars.text) == ["13 exercises", "4 exercises"]
    assert list(bars.marker.color) == ["#000004", "#000005"]
    assert list(bars.marker.opacity) == [1.0, 1.0]  # no `highlighted` column: nothing faded
    faded = charts.bar_chart(exercises.assign(highlighted=[False, True]), "t", NAMES, STYLES)
    assert list(faded.data[0].x) == [13.0, 4.0] and list(faded.data[0].marker.opacity) == [CONTEXT_OPACITY, 1.0]


def test_unknown_value_is_marked_not_drawn_as_zero():
    # arms_deals.csv: Pantsir and Mistral rows have no value; MiG-29 6 jets, repair around 185 million USD
    fig = charts.bar_chart(table("arms_deals"), "t", NAMES, STYLES, label_column="system")
    assert list(fig.data[0].text) == ["6 jets", "around 185 million USD", "not stated in the article",
                                      "not stated in the article"]
    assert list(fig.data[0].marker.color)[2:] == [theme.UNKNOWN_COLOUR] * 2


def test_hedges_stay_with_their_numbers():
    # chinese_finance.csv: USD 4 billion; "slightly over" USD 5 billion (endnote 67)
    texts = list(charts.bar_chart(table("chinese_finance"), "t", NAMES, STYLES, label_column="label").data[0].text)
    assert texts == ["4 billion USD", "slightly over 5 billion USD"]
    medics = table("pandemic_aid").query("indicator == 'army_medics'")
    assert list(charts.bar_chart(medics, "t", NAMES, STYLES, label_column="label").data[0].text) == [
        "87 medics (said to)"]  # pandemic_aid.csv, endnote 8


def test_rank_ladder_shows_unnamed_ranks_as_gaps():
    # military_donors.csv: US 1, China 2, Norway 3, Denmark 4, UK 5, Russia 9
    fig = charts.rank_ladder_chart(table("military_donors"), "t", NAMES, STYLES, max_rank=9)
    gaps, named = fig.data  # one rank per line, down the y axis
    assert gaps.name == "Not named in the article" and list(gaps.y) == [6, 7, 8]
    assert list(named.y) == [1, 2, 3, 4, 5, 9]
    assert list(named.text) == ["US", "China", "Norway", "Denmark", "UK", "Russia"]
    assert list(named.marker.color) == ["#000007", "#000006", "#000008", "#000009", "#000010", "#000005"]


def test_grouped_bars_one_trace_per_recipient():
    aid = table("pandemic_aid")
    rows = aid[aid["indicator"].isin(["military_planes", "planes_per_serbia_size"])].assign(measure=lambda f: f["indicator"])
    fig = charts.grouped_bar_chart(rows, "t", x="measure", group="recipient", styles=STYLES, names=NAMES)
    # pandemic_aid.csv: Serbia 11 planes, 11 per size; Italy 14 planes, 1.56 per size (derived)
    assert {t.name: list(t.y) for t in fig.data} == {"Serbia": [11, 11], "Italy": [14, 1.56]}
    assert list(fig.data[1].text) == ["14", "1.56"]
    assert [(t.marker.color, t.marker.pattern.shape) for t in fig.data] == [("#000013", "+"), ("#000012", "\\")]


def test_stacked_years_draw_every_row_and_mark_the_article():
    rows = pd.DataFrame({"year": [2019, 2019, 2021], "partner": ["RUS", "CHN", "RUS"], "tiv": [10.0, 5.0, 7.5]})
    fig = charts.stacked_year_chart(rows, "t", group="partner", value_column="tiv", unit="million TIV",
                                    styles=STYLES, names=NAMES)
    assert {t.name: (list(t.x), list(t.y)) for t in fig.data} == {"China": ([2019], [5.0]),
                                                                  "Russia": ([2019, 2021], [10.0, 7.5])}
    # between 2019 and 2020: annual data for 2019 was the last the June-2020 article could see
    assert fig.layout.shapes[0].x0 == 2019.5
    assert fig.layout.annotations[0].text == "the article, June 2020 →"


def test_timeline_has_one_point_per_row():
    events = table("timeline").merge(table("event_partners"), on="event_id")
    crimea = events[events["event_id"] == "crimea_annexation"]  # event_partners.csv: RUS and UKR
    fig = charts.timeline_chart(crimea, "t", NAMES, STYLES)
    lanes = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))  # one lane per partner
    assert sorted(lanes[y] for y in fig.data[0].y) == ["Russia", "Ukraine"] and len(fig.data[0].x) == 2
    assert sorted(fig.data[0].marker.color) == ["#000005", "#000015"]


def test_data_text_is_escaped_in_figures():
    hostile = {**NAMES, "RUS": "<script>alert(1)</script>"}
    exercises = table("military_exercises").assign(value=lambda f: f["exercises"].astype(float))
    fig = charts.bar_chart(exercises, "Title <b>x</b>", hostile, STYLES)
    assert "<script>" not in str(fig.to_plotly_json())
    # escaped, and wrapped at 16 characters so labels leave the bars room on a phone
    assert fig.data[0].y[1] == "&lt;script&gt;alert(1)<br>&lt;/script&gt;"
    assert fig.layout.title.text == "Title &lt;b&gt;x&lt;/b&gt;"


def test_labels_and_hover_text_are_escaped():
    rows = pd.DataFrame({"event_id": ["e"], "partner": ["RUS"], "date": pd.to_datetime(["2019-01-01"]),
                         "event": ["<img src=x onerror=alert(1)>"], "date_as_written": ["[a](javascript:x)"]})
    fig = charts.timeline_chart(rows, "t", NAMES, STYLES)
    assert list(fig.data[0].customdata[0]) == ["&lt;img src=x onerror=alert(1)&gt;", "[a](javascript:x)", "Russia"]
    ranks = pd.DataFrame({"partner": ["RUS"], "rank": [1], "person": ["<a href=x>P</a>"]})
    ladder = charts.rank_ladder_chart(ranks, "t", NAMES, STYLES, max_rank=1, label_column="person")
    assert list(ladder.data[0].text) == ["&lt;a href=x&gt;P&lt;/a&gt;"]


def test_numbers_are_written_as_the_article_writes_them():
    assert [charts.fmt(v) for v in (3000, 66.3, 1.56, 120000.0)] == ["3,000", "66.3", "1.56", "120,000"]
    assert charts.hedged(8, "just", "%") == "just 8%"
    assert charts.hedged(87, "said to", "medics") == "87 medics (said to)"


# ---------------------------------------------------------------- views' titles and aggregations

def test_trade_title_states_the_ratio():
    assert trade.trade_share_title(table("trade_shares"), NAMES) == (
        "The EU's share of Serbia's trade (62%) is about 8× that of Russia and the EAEU (just 8%), 2019")


def test_trade_title_of_one_partner_makes_no_comparison():
    shares = table("trade_shares")
    assert trade.trade_share_title(shares[shares["partner"] == "EU"], NAMES) == (
        "Share of Serbia's total trade in 2019: EU 62%")


def test_factbook_title_for_russia():
    # serbia_trade_partner_shares_factbook.csv, imports, Russia: 11.3% (2014) ... 7.0% (2022)
    rows = pd.DataFrame({"data_year": [2014, 2015, 2017, 2019, 2022], "partner": ["RUS"] * 5,
                         "share_pct": [11.3, 9.6, 7.3, 9.0, 7.0]})
    assert trade.factbook_title(rows, NAMES) == "CIA Factbook, listed share of Serbia's imports: Russia 11.3% (2014) → 7% (2022)"


def test_deal_register_sums_serbias_sipri_orders():
    register = record_arms.deal_register(table("sipri_arms_transfers"), table("partners"))
    # sipri_trade_register_balkans.csv, Serbia from Russia ordered 2018: 37.5 + 66 + 2 + 46 + 21.75
    russia_2018 = register.query("partner == 'RUS' and order_year == 2018")
    assert russia_2018["tiv_ordered"].sum() == pytest.approx(173.25)
    assert set(russia_2018["weapon_designation"]) == {"57-E6", "96K9 Pantsyr-S1", "9M120 Ataka", "Mi-35M", "Mi-17"}
    assert register.groupby("partner")["tiv_ordered"].sum()[["RUS", "CHN"]].to_dict() == pytest.approx(
        {"RUS": 622.6, "CHN": 566.5})
    assert register.loc[register["order_year"] > 2020, "order_year"].min() == 2021
    assert sorted(register.loc[register["order_year"] == 2020, "weapon_designation"]) == ["HQ-22", "HQ-22", "vehicle engine"]


def test_top_suppliers_keeps_the_largest_and_the_chosen_and_sums_the_rest():
    rows = pd.DataFrame({"year": [2019] * 6 + [2020], "partner": list("ABCDEF") + ["F"], "supplier": list("ABCDEF") + ["F"],
                         "tiv_delivered": [50.0, 40, 30, 20, 10, 5, 7], "systems": list("uvwxyz") + ["z"],
                         "highlighted": [True] * 7})
    grouped = security.top_suppliers(rows, keep=4)  # no filter: all highlighted, only the largest kept
    assert set(grouped["partner"]) == {"A", "B", "C", "D", security.OTHERS}  # F: 12 in all, below D's 20
    others_2019 = grouped.query("year == 2019 and partner == @security.OTHERS")
    assert others_2019["tiv_delivered"].iloc[0] == 15 and others_2019["members"].iloc[0] == "E; F"
    assert grouped["tiv_delivered"].sum() == 162
    # A supplier the analyst chose is drawn on its own however small; the others stay, faded.
    chosen_e = security.top_suppliers(rows.assign(highlighted=rows["partner"] == "E"), keep=4)
    assert set(chosen_e["partner"]) == {"A", "B", "C", "D", "E", security.OTHERS}
    assert chosen_e.set_index("partner")["highlighted"].to_dict() == {
        "A": False, "B": False, "C": False, "D": False, "E": True, security.OTHERS: False}
    assert chosen_e.query("partner == @security.OTHERS")["tiv_delivered"].tolist() == [5.0, 7.0]
    # The page without a filter: the five largest suppliers and "Other suppliers", not all 13 of 2010-2024.
    assert [t.name for t in security.build(ViewState()).deliveries.figure.data][-1] == "Other suppliers"
    assert len(security.build(ViewState()).deliveries.figure.data) == 6


def test_timeline_title_counts_events_not_rows():
    rows = pd.DataFrame({"event_id": ["a", "a", "b", "c"], "partner": ["RUS", "UKR", "RUS", "USA"],
                         "date": pd.to_datetime(["2014-01-01", "2014-01-01", "2018-10-01", "2019-10-01"]),
                         "highlighted": True})
    # Without one of Russia's two events it ties with Ukraine and the US: the title says it rests on one event
    assert kosovo.timeline_title(rows, NAMES) == ("Russia is involved in 2 of the 3 dated events shown, 2014–2019 "
                                                  "(rests on one event)")
    assert kosovo.timeline_check(rows, NAMES).note == (
        "Rests on one event: without Russia's event of 2014-01, 1 of Russia's 2 events, no single partner is involved "
        "in most.")
    assert kosovo.timeline_title(rows[rows["partner"] == "RUS"], NAMES) == (
        "Russia is involved in all 2 dated events shown, 2014–2018")
    assert kosovo.timeline_title(rows.head(1), NAMES) == "Russia: the one dated event shown, 2014"


def filtered(rows: pd.DataFrame, chosen, include_blocs: bool = True):
    state = view_state(chosen, table("partners"), include_blocs=include_blocs)
    return rows.assign(highlighted=rows["partner"].isin(state.selection)), state


def test_timeline_title_under_a_filter_names_only_the_partners_chosen():
    # Every event stays (context); the title counts the events of the chosen partners among all.
    rows = pd.DataFrame({"event_id": ["a", "a", "b", "c", "d"], "partner": ["RUS", "UKR", "RUS", "USA", "EAEU"],
                         "date": pd.to_datetime(["2014-01-01", "2014-01-01", "2018-10-01", "2019-10-01", "2015-05-01"])})
    # partners.csv: RUS is a member of EAEU and CSTO, which it brings in; DEU brings in EU and NATO.
    lit, state = filtered(rows, ["RUS"], include_blocs=False)
    assert kosovo.timeline_title(lit, NAMES, state) == "Russia: involved in 2 of the 4 dated events, 2014–2019"
    lit, state = filtered(rows, ["RUS"])
    assert kosovo.timeline_title(lit, NAMES, state) == "Russia (with its blocs): involved in 3 of the 4 dated events, 2014–2019"
    lit, state = filtered(rows, ["CHN"])
    assert kosovo.timeline_title(lit, NAMES, state) == "None of the 4 dated events, 2014–2019, involves the partners chosen"
    lit, state = filtered(rows.assign(partner=rows["partner"].replace({"USA": "NATO"})), ["DEU"])
    assert kosovo.timeline_title(lit, {**NAMES, "DEU": "Germany"}, state) == (
        "Germany (with its blocs): involved in 1 of the 4 dated events, 2014–2019")


def test_china_finance_title_keeps_the_hedge_before_the_currency():
    # chinese_finance.csv (endnote 67): "USD 4 billion" in direct investment; "slightly over" "USD 5 billion"
    title = china.build(ViewState()).finance.title
    assert title == ("Chinese money in Serbia as of June 2020: USD 4 billion in direct investment and "
                     "slightly over USD 5 billion in loans and infrastructure projects")
    assert china.usd_billion(87, "said to") == "USD 87 billion (said to)"  # a trailing hedge stays after


def test_security_as_of_the_article_knows_deliveries_up_to_2019_only():
    # sipri_trade_register_balkans.csv, Serbia, ordered 2006-2019: 24 deals, the first in 2007; 10 of them
    # delivered only from 2020 on (MiG-29 from Belarus 2021, CH-92 2020, FT-8 2020, Mistral 2022, T-72
    # 2020; 2021, 57-E6 2020, Pantsyr-S1 2020, R-27R/T, Kh-29 and R-77 2020; 2021). BRDM-2 (2019; 2021)
    # and the US vehicle engines (2018; 2020; 2021; 2022) had begun to arrive.
    view = security.build(ViewState(asof="2020-06"))
    assert view.register.title == ("Serbia's 24 arms deals ordered 2007–2019: 10 with nothing delivered by end-2019, "
                                   "0 not yet valued by SIPRI")
    register = view.register.rows.set_index("weapon_designation")
    assert register.loc["96K9 Pantsyr-S1", "delivery_status"] == "not delivered by end-2019"
    assert register.loc["96K9 Pantsyr-S1", "delivery_years"] == ""
    assert register.loc["BRDM-2", "delivery_years"] == "2019"
    assert register.loc["BRDM-2", "delivery_status"].startswith("partly delivered by end-2019")
    assert pd.isna(register.loc["BRDM-2", "number_delivered"])  # how many of the 30 by then: not given
    assert view.deliveries.title.endswith("in 2010–2019") and "2020" not in view.deliveries.title
    assert "OTHERS" not in security.build(view_state(["RUS"], table("partners"))).deliveries.note


def test_security_deliveries_title_compares_the_periods_of_did_it_hold():
    # 78.2 % (2010-2019) and 66.3 % (2021-2024): the shares tests/test_did_it_hold.py checks against
    # the SIPRI register by hand; both pages must compare the same periods
    from components.state import view_state
    partners = data.load_table("partners")
    latest = security.build(view_state((), partners)).deliveries.title
    then = security.build(view_state((), partners, asof="2020-06")).deliveries.title
    assert latest == ("Arms delivered to Serbia (SIPRI TIV), largest camp: Russia and allies 78% in 2010–2019; "
                      "China 66% in 2021–2024 (rests on one order)")
    assert then == "Arms delivered to Serbia (SIPRI TIV), largest camp: Russia and allies 78% in 2010–2019"
