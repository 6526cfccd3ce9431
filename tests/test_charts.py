"""Chart builders draw exactly the rows they are given, in stable colours, with true titles."""

from __future__ import annotations

import pandas as pd
import pytest

from components import charts, data, scorecard, theme
from components.filters import filter_by_partner, resolve_selection


@pytest.fixture(scope="module")
def partners() -> pd.DataFrame:
    return data.load_table("partners")


@pytest.fixture(scope="module")
def lookups(partners):
    return dict(zip(partners["code"], partners["short_name"])), theme.colour_map(partners)


def select(frame: pd.DataFrame, partners: pd.DataFrame, *codes: str) -> pd.DataFrame:
    return filter_by_partner(frame, resolve_selection(codes, partners))


@pytest.mark.parametrize("codes", [(), ("RUS",), ("EU",), ("FRA",)])
def test_trade_chart_draws_exactly_the_filtered_rows(partners, lookups, codes):
    shares = select(data.load_table("trade_shares"), partners, *codes)
    fig = charts.trade_share_chart(shares, *lookups)
    drawn = sorted(float(x) for trace in fig.data for x in trace.x)
    assert drawn == sorted(shares["share"].astype(float))
    assert len(fig.data) == shares["partner"].nunique()


def test_trade_title_states_the_ratio_computed_from_the_data(lookups):
    shares = data.load_table("trade_shares")
    total = shares[shares["flow"] == "total"].set_index("partner")["share"]
    title = charts.trade_share_title(shares, lookups[0])
    assert f"{total['EU'] / total['EAEU']:.0f}×" in title
    assert f"({charts.fmt(total['EU'])}%)" in title


def test_colours_are_stable_per_partner_across_charts(partners, lookups):
    names, colours = lookups
    trade = charts.trade_share_chart(data.load_table("trade_shares"), names, colours)
    exercises = data.load_table("military_exercises").assign(value=lambda f: f["exercises"].astype(float))
    bars = charts.bar_chart(exercises, "t", names, colours)
    trade_colours = {trace.name: trace.marker.color for trace in trade.data}
    assert trade_colours["EU"] == theme.PARTNER_COLOURS["EU"]
    assert list(bars.data[0].marker.color) == [theme.PARTNER_COLOURS["NATO"], theme.PARTNER_COLOURS["RUS"]]
    # the map is a pure function of the partners table: same code, same colour, every time
    assert theme.colour_map(partners) == colours


def test_main_actors_have_distinct_colours():
    main = ["EU", "NATO", "USA", "RUS", "EAEU", "CHN"]
    assert len({theme.PARTNER_COLOURS[code] for code in main}) == len(main)


def test_unknown_value_is_marked_not_drawn_as_zero(lookups):
    deals = data.load_table("arms_deals")
    fig = charts.bar_chart(deals, "t", *lookups, label_column="system")
    texts = list(fig.data[0].text)
    unknown = deals["value"].isna().tolist()
    assert [t == "not stated in the article" for t in texts] == unknown
    assert all(colour == theme.UNKNOWN_COLOUR for colour, u in zip(fig.data[0].marker.color, unknown) if u)


def test_qualifiers_stay_with_their_numbers(lookups):
    finance = data.load_table("chinese_finance")
    texts = list(charts.bar_chart(finance, "t", *lookups, label_column="label").data[0].text)
    assert "slightly over 5 billion USD" in texts
    aid = data.load_table("pandemic_aid").query("indicator == 'army_medics'")
    assert list(charts.bar_chart(aid, "t", *lookups, label_column="label").data[0].text) == ["87 medics (said to)"]


def test_rank_ladder_shows_unnamed_ranks_as_gaps(lookups):
    donors = data.load_table("military_donors")
    fig = charts.rank_ladder_chart(donors, "t", *lookups, max_rank=int(donors["rank"].max()))
    gap_trace = fig.data[0]
    assert gap_trace.name == "Not named in the article"
    assert sorted(gap_trace.x) == sorted(set(range(1, int(donors["rank"].max()) + 1)) - set(donors["rank"]))
    named = fig.data[1]
    assert sorted(named.x) == sorted(donors["rank"].astype(int))
    assert list(named.marker.color) == [lookups[1][code] for code in donors["partner"]]


def test_timeline_has_one_point_per_event_and_partner(partners, lookups):
    events = data.load_table("timeline").merge(data.load_table("event_partners"), on="event_id")
    shown = select(events, partners, "RUS")
    fig = charts.timeline_chart(shown, *lookups)
    assert sum(len(trace.x) for trace in fig.data) == len(shown)
    count = shown["event_id"].nunique()
    assert f"{count} dated events" in fig.layout.title.text


def test_data_text_is_escaped_in_figures(lookups):
    names, colours = lookups
    hostile = {**names, "RUS": "<script>alert(1)</script>"}
    exercises = data.load_table("military_exercises").assign(value=lambda f: f["exercises"].astype(float))
    fig = charts.bar_chart(exercises, "Title <b>x</b>", hostile, colours)
    assert "<script>" not in str(fig.to_plotly_json())
    assert "&lt;script&gt;" in fig.data[0].y[1]
    assert fig.layout.title.text.startswith("Title &lt;b&gt;")


def test_arms_orders_aggregate_sipri_rows_for_serbia(partners):
    register = data.load_table("sipri_arms_transfers")
    codes = {n: c for c, n in zip(partners["code"], partners["sipri_name"]) if isinstance(n, str)}
    orders = charts.arms_orders(register, codes)
    serbia = register[(register["Recipient"] == "Serbia") & (register["Year of order"] >= 2006)]
    assert orders["tiv_ordered"].sum() == pytest.approx(serbia["SIPRI TIV for total order"].sum())
    assert orders.loc[orders["after_publication"], "year"].min() > 2020
    russia_2018 = serbia[(serbia["Supplier"] == "Russia") & (serbia["Year of order"] == 2018)]
    got = orders.query("partner == 'RUS' and year == 2018")["tiv_ordered"].iloc[0]
    assert got == pytest.approx(russia_2018["SIPRI TIV for total order"].sum())


def test_scorecard_says_not_covered_instead_of_zero(partners, lookups):
    names = lookups[0]
    tables = {name: data.load_table(name) for name in
              ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid",
               "aid_gestures", "soft_power", "findings")}
    camps = dict(zip(partners["code"], partners["camp"]))
    table = scorecard.scorecard(scorecard.evidence(tables, names), camps).set_index("Dimension")
    assert table.loc["Trade", "China"] == scorecard.NOT_COVERED
    assert "62% of total trade" in table.loc["Trade", "West"]
    assert "USD 4 billion" in table.loc["Money", "China"]
    only_russia = {name: select(frame, partners, "RUS") for name, frame in tables.items()}
    filtered = scorecard.scorecard(scorecard.evidence(only_russia, names), camps).set_index("Dimension")
    assert (filtered["West"] == scorecard.NOT_COVERED).all()
    assert (filtered["China"] == scorecard.NOT_COVERED).all()


def test_head_to_head_title_names_the_leader_from_the_data(partners, lookups):
    names = lookups[0]
    tables = {name: data.load_table(name) for name in ("trade_shares", "military_exercises")}
    camps = dict(zip(partners["code"], partners["camp"]))
    metrics = scorecard.head_to_head(tables)
    assert scorecard.head_to_head_title(metrics, camps, names).startswith("The West leads")
    swapped = {**tables, "military_exercises": tables["military_exercises"].assign(exercises=[1, 99])}
    assert not scorecard.head_to_head_title(scorecard.head_to_head(swapped), camps, names).startswith("The West")


def test_top_groups_keeps_the_largest_and_sums_the_rest():
    rows = pd.DataFrame({"year": [2019] * 6 + [2020], "partner": list("ABCDEF") + ["F"],
                         "tiv": [50.0, 40, 30, 20, 10, 5, 7]})
    grouped = charts.top_groups(rows, "partner", "tiv", keep=4)
    assert set(grouped["partner"]) == {"A", "B", "C", "D", charts.OTHERS}
    assert grouped["tiv"].sum() == pytest.approx(rows["tiv"].sum())
    others_2019 = grouped.query("year == 2019 and partner == @charts.OTHERS")
    assert others_2019["tiv"].iloc[0] == 15 and others_2019["members"].iloc[0] == "E;F"
    assert set(charts.top_groups(rows.head(5), "partner", "tiv", keep=4)["partner"]) == set("ABCDE")


# ---------------------------------------------------------------- titles stay true under a filter

def test_factbook_title_makes_no_claim_about_partners_not_shown(partners, lookups):
    names = lookups[0]
    factbook = data.load_table("factbook_trade_partners")
    codes = {n: c for c, n in zip(partners["code"], partners["factbook_name"]) if isinstance(n, str)}
    imports = factbook[factbook["flow"] == "imports"].assign(partner=lambda f: f["partner_std"].map(codes))
    russia = imports[imports["partner"] == "RUS"].sort_values("data_year")
    title = charts.factbook_title(russia, names)
    assert "largest" not in title.lower()
    first, last = russia.iloc[0], russia.iloc[-1]
    assert f"{charts.fmt(first['share_pct'])}% ({first['data_year']})" in title
    assert f"{charts.fmt(last['share_pct'])}% ({last['data_year']})" in title


def test_sipri_title_shares_are_of_all_serbian_orders(partners, lookups):
    names = lookups[0]
    codes = {n: c for c, n in zip(partners["code"], partners["sipri_name"]) if isinstance(n, str)}
    everything = charts.arms_orders(data.load_table("sipri_arms_transfers"), codes)
    russia = everything[everything["partner"] == "RUS"]
    title = charts.arms_orders_title(russia, everything, names)
    before = everything[~everything["after_publication"]]
    share = russia[~russia["after_publication"]]["tiv_ordered"].sum() / before["tiv_ordered"].sum() * 100
    assert f"up to 2020: Russia {share:.0f}%" in title
    assert "100%" not in title and not title.startswith("Largest")
    assert charts.arms_orders_title(everything, everything, names).startswith("Largest supplier")


def test_head_to_head_does_not_claim_a_lead_over_nobody(partners, lookups):
    names = lookups[0]
    camps = dict(zip(partners["code"], partners["camp"]))
    tables = {name: data.load_table(name) for name in ("trade_shares", "military_exercises")}
    only_west = {name: select(frame, partners, "EU", "NATO") for name, frame in tables.items()}
    assert scorecard.head_to_head_title(scorecard.head_to_head(only_west), camps, names).startswith("Figures shown")


def test_hedges_stay_with_figures_in_titles_and_scorecard(partners, lookups):
    names = lookups[0]
    shares = data.load_table("trade_shares")
    eaeu = shares.query("flow == 'total' and partner == 'EAEU'").iloc[0]
    assert f"({eaeu['qualifier']} {charts.fmt(eaeu['share'])}%)" in charts.trade_share_title(shares, names)
    tables = {"trade_shares": shares, "military_exercises": data.load_table("military_exercises")}
    headline = dict((label, value) for label, value, _ in scorecard.headlines(
        {**tables, "chinese_finance": data.load_table("chinese_finance"),
         "pandemic_aid": data.load_table("pandemic_aid")}, names))
    assert headline[f"{names['EAEU']} trade share"] == f"{eaeu['qualifier']} {charts.fmt(eaeu['share'])}%"
