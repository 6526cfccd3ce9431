"""The Kosovo page's UN General Assembly section, checked against values read by hand from the
original file /work/shared/external/unga-voting-agreement/IdealpointestimatesAll_Jun2024.csv
(row ids = its first, unnamed column; columns USAgree, RUSSAgree, ChinaAgree, NVotesAll).
Expected titles are written out by hand from those numbers, not produced by the code.
"""

from __future__ import annotations

import base64
import html
import json

import numpy as np
import pytest

from components import data
from components.state import ViewState, view_state
from components.views import kosovo

# Serbia (COW 345, "Yugoslavia" in the file)
SRB_73 = {"USA": 0.2173913, "RUS": 0.673913, "CHN": 0.6333333, "votes": 92}   # row "3799", session 73
SRB_74 = {"USA": 0.2325581, "RUS": 0.6097561, "CHN": 0.6428571, "votes": 86}  # row "3800", session 74
SRB_78 = {"USA": 0.3815789, "RUS": 0.4605263, "CHN": 0.5733333, "votes": 77}  # row "3804", session 78
HRV_73 = {"USA": 0.3789474, "RUS": 0.5789474, "CHN": 0.5268817}                # row "3729", session 73 (Croatia)

TITLE_LATEST = ("Serbia's UN votes in agreement, session 78 (2023–24): with China 57%, with Russia 46%, "
                "with the US 38%; session 73 (2018–19): with Russia 67%, with China 63%, with the US 22%")
TITLE_ARTICLE = "Serbia's UN votes in agreement, session 73 (2018–19): with Russia 67%, with China 63%, with the US 22%"


def state(*codes: str, asof: str = "latest") -> ViewState:
    return view_state(codes, data.load_table("partners"), asof=asof) if codes else ViewState(asof=asof)


def plain(value):
    """Plotly packs number arrays as base64 ('bdata'): plain Python lists to read them."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        return plain(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return [plain(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]
    return value


def line(section, panel: int, name: str) -> dict:
    """Session -> value of one line in one panel (1 = Serbia, 2 = the neighbour)."""
    axis = "y" if panel == 1 else f"y{panel}"
    figure = plain(section.figure.to_plotly_json())
    found = [t for t in figure["data"] if t.get("name") == name and t.get("yaxis", "y") == axis]
    assert len(found) == 1, (name, panel)
    return dict(zip(found[0]["x"], found[0]["y"]))


def test_hand_read_values_round_as_titled():
    assert [f"{100 * SRB_78[p]:.0f}" for p in ("CHN", "RUS", "USA")] == ["57", "46", "38"]
    assert [f"{100 * SRB_73[p]:.0f}" for p in ("RUS", "CHN", "USA")] == ["67", "63", "22"]


@pytest.mark.parametrize("codes", [(), ("RUS",), ("DEU",)])
def test_title_latest_in_every_filter(codes):
    assert kosovo.build.uncached(state(*codes)).unga.title == TITLE_LATEST


@pytest.mark.parametrize("codes", [(), ("RUS",), ("DEU",)])
def test_title_at_article_time(codes):
    section = kosovo.build.uncached(state(*codes, asof="2020-06")).unga
    assert section.title == TITLE_ARTICLE
    assert section.rows["session"].max() == 73, "session 74 ended in September 2020"


def test_chart_points_equal_the_original_rows():
    section = kosovo.build.uncached(state()).unga
    russia = line(section, 1, "Russia")
    assert russia[74] == pytest.approx(100 * SRB_74["RUS"], abs=1e-4)
    assert russia[78] == pytest.approx(100 * SRB_78["RUS"], abs=1e-4)
    assert line(section, 1, "US")[73] == pytest.approx(100 * SRB_73["USA"], abs=1e-4)
    assert line(section, 2, "US")[73] == pytest.approx(100 * HRV_73["USA"], abs=1e-4)
    assert line(section, 2, "China")[73] == pytest.approx(100 * HRV_73["CHN"], abs=1e-4)


def test_sessions_labelled_with_both_years_and_votes():
    section = kosovo.build.uncached(state()).unga
    figure = plain(section.figure.to_plotly_json())
    serbia_russia = [t for t in figure["data"] if t.get("name") == "Russia" and t.get("yaxis", "y") == "y"][0]
    labels = dict(zip(serbia_russia["x"], (c[0] for c in serbia_russia["customdata"])))
    assert labels[74] == "74 (2019–20), 86 votes"
    assert labels[73] == "73 (2018–19), 92 votes"
    assert "74<br>(2019–20)" in figure["layout"]["xaxis2"]["ticktext"]
    symbols = dict(zip(serbia_russia["x"], serbia_russia["marker"]["symbol"]))
    assert symbols[73] == "circle" and symbols[74] == "circle-open", "session 74 had not ended by June 2020"
    assert any("June 2020" in a.get("text", "") for a in figure["layout"]["annotations"])


def highlighted(section) -> set[tuple[str, str]]:
    lit = section.rows.groupby(["country", "partner"])["highlighted"].max()
    return set(lit[lit].index)


def test_filter_highlights_and_keeps_every_line():
    russia = kosovo.build.uncached(state("RUS")).unga
    assert highlighted(russia) == {("SRB", "RUS"), ("HRV", "RUS")}
    assert set(russia.rows["partner"]) == {"USA", "RUS", "CHN"}
    west = kosovo.build.uncached(state("WEST")).unga
    assert {p for _, p in highlighted(west)} == {"USA"}
    germany = kosovo.build.uncached(state("DEU")).unga
    assert highlighted(germany) == set() and len(germany.rows) == len(russia.rows)
    assert "None of the partners selected" in germany.note
    hungary = kosovo.build.uncached(state("HUN"))
    assert hungary.neighbour == "HUN"
    assert highlighted(hungary.unga) == {("HUN", "USA"), ("HUN", "RUS"), ("HUN", "CHN")}


def test_neighbours_come_from_the_table_and_method_note_is_shown():
    view = kosovo.build.uncached(state())
    assert dict(view.neighbours) == {"HRV": "Croatia", "BIH": "Bosnia and Herzegovina", "MNE": "Montenegro",
                                     "MKD": "North Macedonia", "ALB": "Albania", "HUN": "Hungary",
                                     "ROU": "Romania", "BGR": "Bulgaria"}
    assert "Voeten, Strezhnev and Bailey" in view.unga.note
    other = kosovo.unga_section(state(), "ALB")
    assert other.title == TITLE_LATEST and set(other.rows["country"]) == {"SRB", "ALB"}


@pytest.mark.parametrize("asof,expected", [("latest", TITLE_LATEST), ("2020-06", TITLE_ARTICLE)])
def test_app_kosovo_page_per_asof(open_page, asof, expected):
    at = open_page("kosovo", asof=asof)
    titles = [html.unescape(json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " "))
              for c in at.get("plotly_chart")]
    assert titles[-1] == expected
    at.selectbox(key="neighbour").set_value("Hungary").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert [a["text"] for a in spec["layout"]["annotations"][:2]] == ["Serbia", "Hungary"]
