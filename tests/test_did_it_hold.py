"""Tests for the "Did it hold?" page: components/views/did_it_hold.py and app_pages/did_it_hold.py.

Every figure the page shows is checked against a value typed by hand after reading the original
file; each comment names the file and cell (or line) read. Sums and shares are recomputed here
from those typed numbers, never with the code under test.
"""

from __future__ import annotations

import html

import pandas as pd
import pytest

from components import data
from components.state import ASOF_ARTICLE, ASOF_LATEST, ViewState, view_state
from components.theme import CONTEXT_OPACITY
from components.views import did_it_hold as hold

# --- data/external/imf_dots/DOTS_170_Serbia.xlsx, row 7: P = 2019, Q = 2020 (USD million) ---
X_WORLD = {2019: 18942.106323, 2020: 19490.70285}   # 'Exports, FOB'!P9, Q9 (World)
M_WORLD_2019 = 26668.7846                          # 'Imports, CIF'!P9
X_EU = {2019: 12718.341388, 2020: 12649.944367}     # 'Exports, FOB'!P226, Q226 (European Union)
M_EU_2019 = 15302.908187                           # 'Imports, CIF'!P238
X_RUS = {2019: 976.802833, 2020: 910.925851}        # 'Exports, FOB'!P95, Q95 (Russian Federation)
M_RUS_2019 = 2582.134446                           # 'Imports, CIF'!P103
M_RUS_2020_CORRUPT = 1178.592784                   # 'Imports, CIF'!Q103: corrupt vintage, must appear nowhere
X_CHN = {2019: 329.725442, 2020: 374.625863}        # 'Exports, FOB'!P57, Q57 (China, P.R.: Mainland)
M_CHN_2019 = 2506.953885                           # 'Imports, CIF'!P58
X_USA = {2019: 305.220926, 2020: 369.968675}        # 'Exports, FOB'!P49, Q49 (United States)
M_USA_2019 = 554.259359                            # 'Imports, CIF'!P49
# Belarus, Kazakhstan, Armenia, Kyrgyz Rep.: exports P/Q 83, 111, 102, 113; imports P 90, 119, 110, 121
X_EAEU_OTHERS = {2019: [58.952941, 13.16534, 17.105035, 6.145525], 2020: [53.431857, 11.305316, 4.307554, 6.072134]}
M_EAEU_OTHERS_2019 = [68.198838, 3.955744, 166.28159, 2.071306]
# mirror files, sheet 'Exports, FOB', row 103 = "Serbia, Rep. of"
RUS_TO_SRB = {2019: 1525.711297, 2020: 937.798394}  # mirror/DOTS_162_RussianFederation.xlsx AD103, AE103
CHN_TO_SRB = {2019: 1025.17086, 2020: 1633.74646}   # mirror/DOTS_40_ChinaMainland.xlsx AS103, AT103
# --- data/external/eurostat_comext/original/, the "Serbia" row, VALUE_IN_EUR ---
EU27_TO_SRB = {2019: 15154323378, 2023: 23368864866}  # ...08_31_12.748Z.csv line 193; ...08_31_46.675Z.csv line 195
# --- data/external/eurostat_gas/custom-table-...xlsx, row 49 = Serbia, J = 2019, K = 2020 (TJ, GCV) ---
GAS = {2019: (83593.689, 83811.599), 2020: (50884.517, 73709.357)}  # ('Sheet 1' Russia, 'Sheet 2' Total)
# --- data/external/sipri_trade_register_balkans.csv (file line: SIPRI TIV of delivered weapons, delivery years),
# Serbia's deals with a delivery in 2010-2024; a deal delivered over n years counts 1/n in each ---
ARMS_2010_2019 = {
    "Russia": [14.5,            # 304 Mi-17, 2016
               57.0, 8.26,      # 305 MiG-29S, 306 MiG-29, 2017
               2.97 / 2,        # 308 BRDM-2, 2019; 2021
               2.0, 46.0, 21.75],  # 311 Ataka, 312 Mi-35M, 313 Mi-17, 2019
    "West": [16.25,             # 292 Germany EC145, 2018; 2019
             2.24, 13.8,        # 299, 300 Montenegro BOV-3, G-4, 2010
             8.8,               # 322 Slovenia TPS-70, 2016
             0.44,              # 327 US PA-34, 2012
             2.4 / 4],          # 328 US vehicle engine, 2018; 2020; 2021; 2022
    "China": []}                # China's first deliveries are 2020 (lines 279, 280)
ARMS_2021_2024 = {
    "Russia": [54.52,           # 276 Belarus MiG-29, 2021
               42.37 / 2, 2.97 / 2, 9.5 / 2, 8.0 / 2, 20.0 / 2,  # 307 T-72, 308 BRDM-2, 314 R-27, 315 Kh-29, 316 R-77
               12.0],           # 320 Kornet, 2021
    "China": [300.0, 165.0, 20.0, 50.0, 25.0],  # 281, 282 HQ-22, 283 CH-95, 284 HQ-17A, 285 HQ-17
    "West": [3.0, 39.6, 7.5, 4.5, 30.0, 39.0, 0.7, 13.0, 10.8, 25.0,  # lines 278, 286-290, 293-295, 323
             2.4 / 4 * 2, 0.9, 0.75, 0.3]}  # 328 (2021, 2022 of four years), 329, 330, 331
# --- data/external/gw_gcdf.csv, gwcode 340 (constant 2021 USD): oof_amt + oda_amt + vof_amt ---
AIDDATA = {2010: 302778835.842102 + 42157768.6723451,       # line "340,2010,..."
           2011: 360354893.132994 + 7320787.9751976775 + 67847583.88114,
           2012: 3546001.612377844,
           2013: 339539002.20914,
           2014: 673634638.437787 + 1346888.867666653,
           2015: 1795640.91132632,                          # line "340,2015,..." (further down the file)
           2016: 1044485647.5979879,
           2017: 343120188.89247775 + 166335442.249953,
           2018: 83641.3907807472 + 236768285.031271,       # line "340,2018,..."
           2019: 1642121692.8641708 + 14606339.9594078,
           2020: 209008176.372466 + 2392132.652981853,
           2021: 284823529.4117647 + 13776470.58823529}
# --- /work/shared/external/unga-voting-agreement/IdealpointestimatesAll_Jun2024.csv, ccode 345 ---
# data/external/unga_agreement_balkans.csv line 283 ("345,73,..."): session 73 (2018–19) closed in September 2019,
# the last session complete when the article appeared (74 ran to September 2020)
UNGA = {73: {"USA": 0.2173913, "RUS": 0.673913, "CHN": 0.6333333, "votes": 92},
        74: {"USA": 0.2325581, "RUS": 0.6097561, "CHN": 0.6428571, "votes": 86},   # line 3801
        78: {"USA": 0.3815789, "RUS": 0.4605263, "CHN": 0.5733333, "votes": 77}}   # line 3805
# --- seeds/000_906fed83d2838f2b.txt: endnote 22 (EU 62%), main text "just 8%", endnote 67 (USD 4 bn, 5 bn) ---


def share(part: float, whole: float) -> float:
    return 100 * part / whole


GOLDEN = {  # (indicator, partner) -> (then, latest); None = nothing to show
    (hold.TOTAL_SHARE, "EU"): (share(X_EU[2019] + M_EU_2019, X_WORLD[2019] + M_WORLD_2019), None),
    (hold.TOTAL_SHARE, "RUS"): (share(X_RUS[2019] + M_RUS_2019, X_WORLD[2019] + M_WORLD_2019), None),
    (hold.TOTAL_SHARE, "CHN"): (share(X_CHN[2019] + M_CHN_2019, X_WORLD[2019] + M_WORLD_2019), None),
    (hold.TOTAL_SHARE, "USA"): (share(X_USA[2019] + M_USA_2019, X_WORLD[2019] + M_WORLD_2019), None),
    (hold.TOTAL_SHARE, "EAEU"): (share(X_RUS[2019] + M_RUS_2019 + sum(X_EAEU_OTHERS[2019]) + sum(M_EAEU_OTHERS_2019),
                                       X_WORLD[2019] + M_WORLD_2019), None),
    (hold.EXPORT_SHARE, "EU"): (share(X_EU[2019], X_WORLD[2019]), share(X_EU[2020], X_WORLD[2020])),
    (hold.EXPORT_SHARE, "RUS"): (share(X_RUS[2019], X_WORLD[2019]), share(X_RUS[2020], X_WORLD[2020])),
    (hold.EXPORT_SHARE, "CHN"): (share(X_CHN[2019], X_WORLD[2019]), share(X_CHN[2020], X_WORLD[2020])),
    (hold.EXPORT_SHARE, "USA"): (share(X_USA[2019], X_WORLD[2019]), share(X_USA[2020], X_WORLD[2020])),
    (hold.EXPORT_SHARE, "EAEU"): (share(X_RUS[2019] + sum(X_EAEU_OTHERS[2019]), X_WORLD[2019]),
                                  share(X_RUS[2020] + sum(X_EAEU_OTHERS[2020]), X_WORLD[2020])),
    (hold.MIRROR, "RUS"): (RUS_TO_SRB[2019], RUS_TO_SRB[2020]),
    (hold.MIRROR, "CHN"): (CHN_TO_SRB[2019], CHN_TO_SRB[2020]),
    (hold.MIRROR_EUR, "EU"): (EU27_TO_SRB[2019] / 1e6, EU27_TO_SRB[2023] / 1e6),
    (hold.ARTICLE_TRADE, "EU"): (62, None),
    (hold.ARTICLE_TRADE, "EAEU"): (8, None),
    (hold.GAS_SHARE, "RUS"): (share(*GAS[2019]), share(*GAS[2020])),
    ("Share of Serbia's gas imports", "camp:West"): (None, None),
    ("Share of Serbia's gas imports", "camp:China"): (None, None),
    # yearly averages, 2010–2019 (ten years) and 2020–2021 (two), USD million
    (hold.AIDDATA, "CHN"): (sum(AIDDATA[y] for y in range(2010, 2020)) / 10 / 1e6,
                            (AIDDATA[2020] + AIDDATA[2021]) / 2 / 1e6),
    ("Direct investment (the article)", "CHN"): (4, None),
    ("Loans and infrastructure projects (the article)", "CHN"): (5, None),
    ("Finance committed or invested", "camp:West"): (None, None),
    ("Finance committed or invested", "camp:Russia"): (None, None),
    (hold.UNGA, "USA"): (100 * UNGA[73]["USA"], 100 * UNGA[78]["USA"]),
    (hold.UNGA, "RUS"): (100 * UNGA[73]["RUS"], 100 * UNGA[78]["RUS"]),
    (hold.UNGA, "CHN"): (100 * UNGA[73]["CHN"], 100 * UNGA[78]["CHN"]),
    (hold.GESTURES, "RUS"): (3, None),   # data/aid_gestures.csv: greeted planes (16), tweet (10), phone call (11)
    (hold.GESTURES, "CHN"): (3, None),   # greeted aircraft (18), kissed flag (19), billboards (65)
    (hold.GESTURES, "camp:West"): (None, None),
}
for camp in ("West", "Russia", "China"):
    then, latest = sum(ARMS_2010_2019[camp]), sum(ARMS_2021_2024[camp])
    GOLDEN[(hold.ARMS_TIV, f"camp:{camp}")] = (then, latest)
    GOLDEN[(hold.ARMS_SHARE, f"camp:{camp}")] = (
        share(then, sum(map(sum, ARMS_2010_2019.values()))), share(latest, sum(map(sum, ARMS_2021_2024.values()))))

TAKEAWAY_LATEST = {
    "trade": "Share of Serbia's total trade in 2019 (IMF DOTS): the EU 61.4%, Russia 7.8% (Russia & EAEU 8.5%) "
             "and China 6.2%, the last year with a total in the package; of Serbia's exports, China's rose from "
             "1.7% in 2019 to 1.9% in 2020, Russia's fell from 5.2% in 2019 to 4.7% in 2020 and the EU's fell from "
             "67.1% in 2019 to 64.9% in 2020.",
    "energy": "Serbia reported 99.7% of its gas imports as from Russia in 2019 and 69.0% in 2020, the last year with a "
              "partner split; the partner can be the transit country, so this need not mean less Russian gas; the "
              "package has no figure for the West or China.",
    "arms": "Shares of the arms SIPRI records as delivered to Serbia (TIV), 2010–2019 vs 2021–2024: Russia and allies "
            "78.2% then and 12.8% since, the West 21.8% then and 20.9% since and China 0.0% then and 66.3% since; "
            "2020, the article's year, is in neither period.",
    "money": "The article gives China's USD 4 billion of direct investment and over USD 5 billion of loans and "
             "infrastructure projects (two figures of different scope, never added), with no later counterpart in the "
             "package; AidData records Chinese official finance committed of USD 525 million a year on average in "
             "2010–2019 and USD 255 million a year in 2020–2021 (2021 prices); no comparable series for the West or "
             "Russia.",
    "diplomacy": "Serbia's agreement in UN General Assembly votes: with Russia fell from 67.4% in session 73 (2018–19) "
                 "to 46.1% in session 78 (2023–24); with China fell from 63.3% in session 73 (2018–19) to 57.3% in "
                 "session 78 (2023–24); with the US rose from 21.7% in session 73 (2018–19) to 38.2% in session 78 "
                 "(2023–24).",
    "gestures": "The article reports public gestures towards pandemic aid: 3 towards Russia's and 3 towards China's; "
                "none towards the West's; no later data in the package.",
}
TAKEAWAY_ARTICLE_TIME = {
    "trade": "Share of Serbia's total trade in 2019 (IMF DOTS): the EU 61.4%, Russia 7.8% (Russia & EAEU 8.5%) "
             "and China 6.2%, the last year known in June 2020.",
    "energy": "In 2018 Serbia reported 100.0% of its gas imports as from Russia (the partner can be the transit "
              "country); the package has no figure for the West or China.",
    "arms": "Of the arms SIPRI records as delivered to Serbia in 2010–2019, Russia and allies supplied 78.2%, the West "
            "21.8% and China 0.0% (shares of TIV).",
    "money": "The article gives China's USD 4 billion of direct investment and over USD 5 billion of loans and "
             "infrastructure projects (two figures of different scope, never added); AidData records Chinese official "
             "finance committed of USD 360 million a year on average in 2010–2014 (the years then published, as "
             "revised in AidData's GCDF 3.0 (November 2023)); no comparable series for the West or Russia.",
    "diplomacy": "In session 73 (2018–19) Serbia voted with Russia on 67.4%, China on 63.3% and the US on 21.7% of UN "
                 "General Assembly votes.",
    "gestures": "The article reports public gestures towards pandemic aid: 3 towards Russia's and 3 towards China's; "
                "none towards the West's.",
}
# Chart titles, typed by hand from the figures above (the same values as the takeaways); the
# arrows are bound by no-break spaces so a wrapped title keeps "67.1% → 64.9%" on one line.
A = "\u00a0→\u00a0"
TITLE_LATEST = {
    "trade": f"Share of Serbia's exports: the EU 67.1%{A}64.9%, Russia 5.2%{A}4.7%, China 1.7%{A}1.9% (2019{A}2020)",
    "energy": f"Share of Serbia's gas imports reported as from Russia: Russia 99.7%{A}69.0% (2019{A}2020); the partner "
              "is the country Serbia reports, which can be the transit country, so a fall need not mean less Russian "
              "gas; no figure in the package for the West or China",
    "arms": f"Share of arms delivered to Serbia (SIPRI TIV): the West 21.8%{A}20.9%, Russia and allies 78.2%{A}12.8%, "
            f"China 0.0%{A}66.3% (2010–2019{A}2021–2024)",
    "money": f"Chinese official finance committed (AidData): China USD 525 million a year{A}USD 255 million a year "
             f"(2010–2019{A}2020–2021); no figure in the package for the West or Russia",
    "diplomacy": f"UN General Assembly votes in agreement: the US 21.7%{A}38.2%, Russia 67.4%{A}46.1%, China "
                 f"63.3%{A}57.3% (session 73, 2018–19{A}session 78, 2023–24)",
    "gestures": "Public gestures towards pandemic aid: Russia 3, China 3 (spring 2020, the article); none reported "
                "in the article for the West",
}
TITLE_ARTICLE_TIME = {
    "trade": "Share of Serbia's exports: the EU 67.1%, Russia 5.2%, China 1.7% (2019)",
    "arms": "Share of arms delivered to Serbia (SIPRI TIV): the West 21.8%, Russia and allies 78.2%, China 0.0% "
            "(2010–2019)",
    "diplomacy": "UN General Assembly votes in agreement: the US 21.7%, Russia 67.4%, China 63.3% (session 73, 2018–19)",
}
CAMP_WORDS = {"the West": "West", "the EU": "West", "the US": "West", "Russia": "Russia", "EAEU": "Russia",
              "China": "China"}


@pytest.fixture(scope="module")
def partners() -> pd.DataFrame:
    return data.load_table("partners")


@pytest.fixture(scope="module")
def latest() -> pd.DataFrame:
    return hold.indicators(ViewState())


@pytest.fixture(scope="module")
def then() -> pd.DataFrame:
    return hold.indicators(ViewState(asof=ASOF_ARTICLE))


def _value(rows: pd.DataFrame, indicator: str, partner: str, column: str):
    match = rows[(rows["indicator"] == indicator) & (rows["partner"] == partner)]
    assert len(match) == 1, (indicator, partner)
    return match[column].iloc[0]


def test_columns_are_the_specified_ones_first(latest):
    assert list(latest.columns[:len(hold.COLUMNS)]) == ["dimension", "camp", "partner", "indicator_id", "indicator", "unit",
                                                      "then_value", "then_label", "latest_value", "latest_label",
                                                      "change", "source_resource", "basis"]


def test_every_figure_matches_the_value_read_by_hand(latest):
    assert set(zip(latest["indicator"], latest["partner"])) == set(GOLDEN)
    for (indicator, partner), (then, last) in GOLDEN.items():
        for column, expected in (("then_value", then), ("latest_value", last)):
            got = _value(latest, indicator, partner, column)
            if expected is None:
                assert pd.isna(got), (indicator, partner, column, got)  # unknown stays unknown, never 0
            else:
                assert got == pytest.approx(expected, abs=0.01), (indicator, partner, column)


def test_labels_say_which_year_period_or_session(latest):
    assert _value(latest, hold.EXPORT_SHARE, "CHN", "latest_label") == "2020"
    assert _value(latest, hold.TOTAL_SHARE, "CHN", "latest_label") == hold.NO_LATER
    assert _value(latest, hold.MIRROR_EUR, "EU", "latest_label") == "2023"
    assert _value(latest, hold.UNGA, "RUS", "then_label") == "session 73 (2018–19)"
    assert _value(latest, hold.UNGA, "RUS", "latest_label") == "session 78 (2023–24)"
    assert _value(latest, hold.ARMS_SHARE, "camp:China", "then_label") == "2010–2019"
    assert _value(latest, hold.ARMS_SHARE, "camp:China", "latest_label") == "2021–2024"
    assert _value(latest, hold.AIDDATA, "CHN", "then_label") == "2010–2019"
    assert _value(latest, hold.GESTURES, "camp:West", "then_label") == "none reported in the article"
    assert _value(latest, hold.GESTURES, "camp:West", "change") == "none reported in the article"
    assert _value(latest, hold.UNGA, "USA", "change") == "up 16.4 percentage points"  # 38.15789 − 21.73913
    assert _value(latest, hold.MIRROR, "CHN", "change") == "up USD 609 million (nominal)"
    assert _value(latest, hold.MIRROR_EUR, "EU", "change") == "up EUR 8,215 million (nominal)"  # 23,368.9 − 15,154.3


def test_mirror_named_corrupt_imports_absent_and_nothing_added(latest):
    mirror = latest[latest["indicator"] == hold.MIRROR]
    assert mirror["basis"].str.contains("mirror").all()
    values = pd.concat([latest["then_value"], latest["latest_value"]]).dropna()
    assert not values.round(3).isin([round(M_RUS_2020_CORRUPT, 3)]).any()
    money = latest[latest["source_resource"] == "chinese_finance"]
    assert sorted(money["then_value"]) == [4, 5] and 9 not in set(values)  # USD 4 bn + 5 bn never summed
    assert money["basis"].str.contains("never added").all()
    assert _value(latest, "Loans and infrastructure projects (the article)", "CHN", "then_text") == "over USD 5 billion"


def test_takeaways_default_and_as_of_june_2020(latest, then):
    for frame, expected, article_time in ((latest, TAKEAWAY_LATEST, False), (then, TAKEAWAY_ARTICLE_TIME, True)):
        for dimension, sentence in expected.items():
            rows = frame[frame["dimension"] == dimension]
            assert hold.TAKEAWAYS[dimension](rows, article_time) == sentence


def test_as_of_june_2020_shows_only_article_time_values(latest, then):
    assert then["latest_value"].isna().all() and (then["latest_label"] == "").all() and (then["change"] == "").all()
    # The "then" values are the same as in the latest view except where the producer had not yet published
    # the year before the article: gas (2019 appeared in January 2021: 2018's 100.0%) and AidData (GCDF 1.0
    # covered 2000–2014: 2010–2014 averaged, gw_gcdf.csv lines "340,2010" to "340,2014").
    differ = then["then_value"].ne(latest["then_value"]) & then["then_value"].notna()
    assert set(then.loc[differ, "indicator"]) == {hold.GAS_SHARE, hold.AIDDATA}
    assert _value(then, hold.GAS_SHARE, "RUS", "then_value") == pytest.approx(100.0)
    assert _value(then, hold.GAS_SHARE, "RUS", "then_label") == "2018"
    aid_2010_2014 = sum(AIDDATA[year] for year in range(2010, 2015)) / 5
    assert _value(then, hold.AIDDATA, "CHN", "then_value") == pytest.approx(aid_2010_2014 / 1e6)
    assert _value(then, hold.AIDDATA, "CHN", "then_label") == "2010–2014"
    view = hold.build.uncached(ViewState(asof=ASOF_ARTICLE))
    for panel in view.panels:
        assert "Latest" not in panel.section.table.columns
        if panel.section.figure is not None:
            names = {trace.name for trace in panel.section.figure.data if trace.name}
            assert names == {"Article's time<br>(value below)"}  # no key for a latest point
            for trace in panel.section.figure.data:
                assert list(trace.marker.symbol or []) in ([], ["circle-open"]) or trace.x == (None,)


def test_every_panel_shows_all_three_camps_and_names_no_other(latest):
    for dimension, sentence in TAKEAWAY_LATEST.items():
        rows = latest[latest["dimension"] == dimension]
        assert set(rows["camp"]) == {"West", "Russia", "China"}, dimension
        named = {camp for word, camp in CAMP_WORDS.items() if word in sentence}
        assert named <= set(rows["camp"])
        assert named == {"West", "Russia", "China"}, (dimension, named)  # and the sentence speaks of all three


def test_chart_draws_exactly_the_indicator_rows(latest):
    view = hold.build.uncached(ViewState())
    for panel in view.panels:
        indicator = hold.CHART_INDICATOR.get(panel.dimension)
        if indicator is None:
            assert panel.section.figure is None
            continue
        rows = latest[(latest["dimension"] == panel.dimension) & (latest["indicator_id"] == indicator)]
        drawn = {y for trace in panel.section.figure.data if trace.y[0] is not None for y in trace.y}
        assert drawn == {html.escape(who, quote=False) for who in rows.dropna(subset=["then_value"])["who"]}
        xs = sorted(x for trace in panel.section.figure.data if trace.y[0] is not None for x in trace.x)
        assert xs == pytest.approx(sorted(pd.concat([rows["then_value"], rows["latest_value"]]).dropna()))


def test_chart_titles_are_short_and_state_the_key_figures():
    for state, expected in ((ViewState(), TITLE_LATEST), (ViewState(asof=ASOF_ARTICLE), TITLE_ARTICLE_TIME)):
        view = hold.build.uncached(state)
        titles = {panel.dimension: panel.section.title for panel in view.panels}
        for dimension, title in expected.items():
            assert titles[dimension] == title
        for panel in view.panels:
            if panel.section.figure is not None:  # the figure carries the same title, wrapped
                drawn = panel.section.figure.layout.title.text.replace("<br>", " ")
                assert drawn == html.escape(panel.section.title, quote=False)
                assert panel.section.title != panel.takeaway


def test_chart_notes_say_each_clause_once():
    view = hold.build.uncached(ViewState())
    notes = {panel.dimension: panel.section.note for panel in view.panels}
    # the exports chart: Serbia's own report for all five rows, the EAEU sum for one (DOTS basis)
    assert notes["trade"] == ("IMF DOTS, Serbia's own report, exports FOB; EAEU = sum of the rows of Russia, Belarus, "
                              "Kazakhstan, Armenia and Kyrgyzstan")
    for note in notes.values():
        clauses = note.split("; ")
        assert len(clauses) == len(set(clauses))
    tables = {panel.dimension: panel.section.table for panel in view.panels}
    assert tables["trade"]["Basis"].str.contains("mirror").sum() == 3  # each row keeps its own basis in the table


def test_dumbbell_labels_never_share_a_side(latest):
    """The article-time value is written under its dot and the latest above, so close values
    (US 1.6% and 1.9% of exports) cannot overlap."""
    figure = hold.build.uncached(ViewState()).panels[0].section.figure
    for trace in figure.data:
        if trace.y[0] is None:
            continue
        sides = [position.split()[0] for position in trace.textposition]
        assert sides == ["bottom", "top"][:len(sides)]


def test_china_filter_keeps_west_and_russia_faded_and_the_takeaway_true(partners, latest):
    state = view_state(["CHN"], partners)
    rows = hold.indicators(state)
    pd.testing.assert_frame_equal(rows.drop(columns="highlighted"), latest.drop(columns="highlighted"))
    assert rows.loc[rows["camp"] == "China", "highlighted"].all()
    assert not rows.loc[rows["camp"] != "China", "highlighted"].any()
    view = hold.build.uncached(state)
    for panel in view.panels:
        assert panel.takeaway == TAKEAWAY_LATEST[panel.dimension]
        assert "Highlighted: China." in panel.section.note
        if panel.section.figure is None:
            continue
        for trace in panel.section.figure.data:
            if trace.y[0] is None:
                continue
            camp = latest.loc[latest["who"] == html.unescape(trace.y[0]), "camp"].iloc[0]
            assert trace.opacity == (1.0 if camp == "China" else CONTEXT_OPACITY)


def test_sources_come_from_the_resources(latest):
    view = hold.build.uncached(ViewState())
    by_key = {panel.dimension: panel.section for panel in view.panels}
    assert any("IMF, Direction of Trade Statistics" in line for line in by_key["trade"].sources)
    assert any("endnote 22" in line for line in by_key["trade"].sources)
    assert any("SIPRI" in line for line in by_key["arms"].sources)
    assert any("AidData" in line for line in by_key["money"].sources)
    assert any("endnote 67" in line for line in by_key["money"].sources)
    assert any("Voeten" in line for line in by_key["diplomacy"].sources)
    assert any("endnotes 10, 11, 16, 18, 19, 65" in line for line in by_key["gestures"].sources)


# ------------------------------------------------------------------ the page in AppTest

@pytest.mark.parametrize("asof, expected", [(None, TAKEAWAY_LATEST), (ASOF_ARTICLE, TAKEAWAY_ARTICLE_TIME)])
def test_page_shows_each_takeaway_and_table(open_page, asof, expected):
    at = open_page("did_it_hold", asof=asof)
    from components.textsafe import escape_markdown

    markdown = [m.value for m in at.markdown]
    for sentence in expected.values():
        assert f"**Takeaway:** {escape_markdown(sentence)}" in markdown
    assert len(at.get("plotly_chart")) == len(hold.CHART_INDICATOR)
    headers = [h.value for h in at.header]
    assert headers == [escape_markdown(v) for v in hold.DIMENSIONS.values()]
    tables = [frame.value for frame in at.dataframe]
    has_latest = any("Latest" in table.columns for table in tables)
    assert has_latest == (asof is None)


def test_page_with_china_filter_still_shows_the_west_and_russia(open_page):
    at = open_page("did_it_hold", partner=["CHN"])
    tables = pd.concat([frame.value for frame in at.dataframe if "Partner" in frame.value.columns])
    assert {"EU", "Russia", "China"} <= set(tables["Partner"])  # short names from data/partners.csv
    from components.textsafe import escape_markdown

    assert f"**Takeaway:** {escape_markdown(TAKEAWAY_LATEST['diplomacy'])}" in [m.value for m in at.markdown]


# ------------------------------------------------------------------ verdicts (the rule written on the page)

@pytest.mark.parametrize("russia, china, one_record, expected", [
    ("down", "up", False, hold.VISIBLE),
    ("down", "up", True, hold.MIXED),            # a replacement that rests on one record is mixed
    ("down", "down", False, hold.MIXED),
    ("up", "up", False, hold.MIXED),
    ("up", "down", False, hold.NOT_VISIBLE),
    ("unchanged", "unchanged", False, hold.NOT_VISIBLE),  # no move is not a replacement
    ("unchanged", "up", False, hold.MIXED),
    ("down", None, False, hold.INCOMPLETE),      # only Russia's figure, and it fell
    (None, "up", False, hold.INCOMPLETE),
    (None, "down", False, hold.NOT_VISIBLE),     # the only side moved the other way
    ("up", None, False, hold.NOT_VISIBLE),
    (None, None, False, hold.NO_DATA_AFTER),
    (None, None, True, hold.NO_DATA_AFTER),
])
def test_verdict_rule_on_synthetic_directions(russia, china, one_record, expected):
    assert hold.verdict(russia, china, one_record) == expected


def test_every_outcome_of_the_rule_is_named_in_the_rule_on_the_page():
    for word in hold.VERDICTS:
        assert word[0].upper() + word[1:] in hold.VERDICT_RULE
    assert set(hold.VERDICTS) == {hold.verdict(r, c, o) for r in ("up", "down", None) for c in ("up", "down", None)
                                  for o in (False, True)}


def test_reverses_on_synthetic_shares():
    then, latest = {"Russia": 78.0, "China": 0.0}, {"Russia": 13.0, "China": 66.0}
    assert not hold.reverses(then, latest, then, {"Russia": 20.0, "China": 40.0})  # China still ahead, both moves hold
    assert hold.reverses(then, latest, then, {"Russia": 28.0, "China": 25.0})      # the order flips
    assert hold.reverses(then, latest, then, {"Russia": 80.0, "China": 85.0})      # Russia's fall becomes a rise
    assert hold.reverses(then, latest, {"Russia": 78.0, "China": 70.0}, latest)    # China's rise becomes a fall


def _panel_rows(state):
    rows = hold.indicators(state)
    return {d: rows[rows["dimension"] == d].reset_index(drop=True) for d in hold.DIMENSIONS}


def test_dimension_verdicts_from_synthetic_rows():
    rows = _panel_rows(ViewState())["diplomacy"].copy()
    rows.loc[rows["partner"] == "CHN", "latest_value"] = 70.0  # China's agreement now rising
    rows.loc[rows["partner"] == "CHN", "latest_text"] = "70.0%"
    assert hold.dimension_verdict("diplomacy", rows, False).verdict == hold.VISIBLE
    one = "Rests on one order: without it, the order of the two flips."
    mixed = hold.dimension_verdict("diplomacy", rows, False, one)
    assert (mixed.verdict, mixed.qualifier, mixed.because.endswith(one)) == (hold.MIXED, "rests on one order", True)
    no_russia = rows[rows["camp"] != "Russia"]
    assert hold.dimension_verdict("diplomacy", no_russia, False).summary == "incomplete (no figure for Russia)"


# Verdicts as computed from the figures read by hand above (GOLDEN): trade, Serbia's exports, Russia 5.157 ->
# 4.674 (down), China 1.741 -> 1.922 (up); gas, Russia 99.7 -> 69.0, no China series; arms, Russia and allies
# 78.2 -> 12.8, China 0 -> 66.3, but without the HQ-22 order (lines 281-282: 300 + 165 TIV) China has 95 of the
# 379.2 TIV left in 2021-2024 (25.1%) against Russia and allies' 107.9 (28.5%); AidData, China 524.8 -> 255.0 a
# year, no Russia series; UN votes, both down; gestures, no later figure.
VERDICTS_LATEST = {"trade": "replacement visible", "energy": "incomplete (no figure for China)",
                   "arms": "mixed (rests on one order)", "money": "replacement not visible (no figure for Russia)",
                   "diplomacy": "mixed", "gestures": "no data after June 2020"}
VERDICTS_ARTICLE_TIME = {"trade": "no data after June 2020", "energy": "no data after June 2020",
                         "arms": "no data after June 2020", "money": "no data after June 2020",
                         "diplomacy": "no data after June 2020", "gestures": "no data after June 2020"}


@pytest.mark.parametrize("chosen, asof, expected", [((), ASOF_LATEST, VERDICTS_LATEST),
                                                    (("CHN",), ASOF_LATEST, VERDICTS_LATEST),
                                                    (("RUS",), ASOF_ARTICLE, VERDICTS_ARTICLE_TIME),
                                                    ((), ASOF_ARTICLE, VERDICTS_ARTICLE_TIME)])
def test_verdicts_match_the_figures_read_by_hand(partners, chosen, asof, expected):
    view = hold.build.uncached(view_state(chosen, partners, asof=asof))
    assert {v.dimension: v.summary for v in view.verdicts} == expected
    assert [v.anchor for v in view.verdicts] == list(hold.DIMENSIONS)  # each links to its section


def test_arms_verdict_names_the_order_it_rests_on_with_hand_read_shares():
    china = sum(ARMS_2021_2024["China"]) - (300.0 + 165.0)
    whole = sum(map(sum, ARMS_2021_2024.values())) - (300.0 + 165.0)
    russia = sum(ARMS_2021_2024["Russia"])
    note = hold.arms_one_record()
    assert note.startswith("Rests on one order: without China's HQ-22 (FK-3 version, ordered 2020), 465 of China's "
                           "560 TIV in 2021–2024")
    assert f"China's share in 2021–2024 is {100 * china / whole:.1f}%" in note and "25.1%" in note
    assert f"Russia and allies' {100 * russia / whole:.1f}%" in note and "(Russia and allies ahead)" in note
    arms = next(v for v in hold.build.uncached(ViewState()).verdicts if v.dimension == "arms")
    assert arms.because.endswith(note)


def test_money_verdict_holds_without_the_record_year():
    # 2019 (USD 1,656.7 million) is the largest year; without it 2010-2019 still averages more than 2020-2021:
    # (sum 2010-2018) / 9 = 399.0 > 255.0, so no note.
    without = sum(AIDDATA[year] for year in range(2010, 2019)) / 9 / 1e6
    assert without > (AIDDATA[2020] + AIDDATA[2021]) / 2 / 1e6
    assert hold.money_one_record(ASOF_LATEST) == ""


@pytest.mark.parametrize("asof, partner, expected", [(None, None, VERDICTS_LATEST), (None, ["CHN"], VERDICTS_LATEST),
                                                     (ASOF_ARTICLE, None, VERDICTS_ARTICLE_TIME)])
def test_page_prints_every_computed_verdict_with_a_link_and_the_rule(open_page, asof, partner, expected):
    from components.textsafe import escape_markdown

    at = open_page("did_it_hold", asof=asof, partner=partner)
    markdown = [m.value for m in at.markdown]
    summary = next(m for m in markdown if m.startswith("- **["))
    for dimension, heading in hold.DIMENSIONS.items():
        assert f"- **[{escape_markdown(heading)}](#{dimension})**: {escape_markdown(expected[dimension])}" in summary
    lines = [m for m in markdown if m.startswith("**Verdict: ")]
    assert [line.split(".**")[0] for line in lines] == [
        f"**Verdict: {escape_markdown(expected[d].split(' (')[0])}" for d in hold.DIMENSIONS]
    assert escape_markdown(hold.VERDICT_RULE) in [c.value for c in at.caption]
