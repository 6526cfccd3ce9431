"""Tests for components/filters.py: presets, URL parsing, bloc resolution, filtering."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

from components.filters import (
    MAX_DROPPED_SHOWN,
    MAX_PARAM_VALUES,
    MAX_VALUE_CHARS,
    PRESETS,
    ParsedPartners,
    describe_selection,
    dropped_notice,
    escape_markdown,
    filter_by_partner,
    filter_links,
    matching_preset,
    parse_partner_params,
    preset_codes,
    resolve_selection,
    shorten,
)

PARTNERS = pd.read_csv(ROOT / "data" / "partners.csv", dtype="string")
KNOWN = tuple(PARTNERS["code"])


def members_of(bloc: str) -> set[str]:
    """Codes whose member_of cell lists ``bloc``, computed independently of filters.py."""
    cells = PARTNERS["member_of"].fillna("")
    return {code for code, cell in zip(PARTNERS["code"], cells) if bloc in cell.split(";")}


# --- presets -----------------------------------------------------------------


def test_presets_are_ordered_with_all_first():
    assert list(PRESETS) == ["All", "West", "Russia and allies", "China"]
    assert PRESETS["All"] is None
    assert PRESETS["Russia and allies"] == "Russia"


def test_all_preset_means_no_filter():
    assert preset_codes("All", PARTNERS) == ()


def test_china_preset():
    assert preset_codes("China", PARTNERS) == ("CHN",)


def test_russia_preset_holds_russia_camp_in_table_order():
    codes = preset_codes("Russia and allies", PARTNERS)
    assert codes[:5] == ("RUS", "BLR", "KAZ", "EAEU", "CSTO")
    assert set(codes) == set(PARTNERS.loc[PARTNERS["camp"] == "Russia", "code"])


def test_west_preset_excludes_turkey_and_russia():
    codes = preset_codes("West", PARTNERS)
    assert {"USA", "EU", "NATO", "DEU", "FRA", "GBR"} <= set(codes)
    assert "TUR" not in codes  # NATO member, but camp Other
    assert "RUS" not in codes and "CHN" not in codes


def test_unknown_preset_label_raises():
    with pytest.raises(KeyError):
        preset_codes("Mars", PARTNERS)


def test_matching_preset():
    assert matching_preset((), PARTNERS) == "All"
    assert matching_preset(["CHN"], PARTNERS) == "China"
    assert matching_preset(reversed(preset_codes("West", PARTNERS)), PARTNERS) == "West"
    assert matching_preset(["CHN", "RUS"], PARTNERS) is None


# --- parse_partner_params: examples --------------------------------------------


def test_parse_is_case_insensitive_strips_and_deduplicates():
    parsed = parse_partner_params(["rus", " CHN ", "RUS", "Chn"], KNOWN)
    assert parsed == ParsedPartners(codes=("RUS", "CHN"), dropped=())


def test_parse_accepts_comma_separated_values():
    parsed = parse_partner_params(["RUS,chn", "eu, ,FRA"], KNOWN)
    assert parsed.codes == ("RUS", "CHN", "EU", "FRA")
    assert parsed.dropped == ()


def test_parse_ignores_empty_values_silently():
    assert parse_partner_params(["", "  ", ",", "\n"], KNOWN) == ParsedPartners()
    assert parse_partner_params([], KNOWN) == ParsedPartners()
    assert parse_partner_params(None, KNOWN) == ParsedPartners()


def test_parse_reports_unknown_and_markup():
    parsed = parse_partner_params(["<script>alert(1)</script>", "RUS", "xx", "xx"], KNOWN)
    assert parsed.codes == ("RUS",)
    assert parsed.dropped == ("<script>alert(1)</script>", "xx")


def test_parse_drops_too_long_value_even_if_it_holds_codes():
    long_value = ",".join(["RUS"] * 60)  # 239 characters
    assert len(long_value) > MAX_VALUE_CHARS
    parsed = parse_partner_params([long_value], KNOWN)
    assert parsed.codes == ()
    assert parsed.dropped == (shorten(long_value),)
    assert len(parsed.dropped[0]) == 40 and parsed.dropped[0].endswith("\u2026")


def test_parse_caps_the_notice_and_counts_the_rest():
    parsed = parse_partner_params([f"bad{i}" for i in range(15)] + ["CHN"], KNOWN)
    assert parsed.codes == ("CHN",)
    assert parsed.dropped == tuple(f"bad{i}" for i in range(MAX_DROPPED_SHOWN))
    assert parsed.more_dropped == 5


def test_parse_caps_the_number_of_values():
    values = ["CHN"] * MAX_PARAM_VALUES + ["RUS"] * 5
    parsed = parse_partner_params(values, KNOWN)
    assert parsed.codes == ("CHN",)  # RUS came after the cap
    assert parsed.more_dropped == 5


def test_parse_treats_a_lone_string_as_one_value():
    assert parse_partner_params("RUS", KNOWN).codes == ("RUS",)


def test_parse_does_not_match_lookalike_unicode():
    fullwidth, zero_width = "\uff32\uff35\uff33", "RU\u200bS"
    parsed = parse_partner_params([fullwidth, zero_width], KNOWN)
    assert parsed.codes == ()
    assert len(parsed.dropped) == 2


# --- parse_partner_params: properties ------------------------------------------

known_code = st.sampled_from(KNOWN)
cased_code = st.builds(
    lambda code, lower, pad: (" " * pad) + (code.lower() if lower else code) + (" " * pad),
    known_code, st.booleans(), st.integers(0, 2),
)
url_value = st.one_of(
    cased_code,
    st.just(""),
    st.text(max_size=30),
    st.text(min_size=MAX_VALUE_CHARS - 5, max_size=MAX_VALUE_CHARS + 50),
    st.sampled_from(
        ["<script>alert(1)</script>", "[x](javascript:1)", "`rm`", "=cmd|' /C calc'!A0"]
    ),
    st.lists(known_code | st.text(max_size=5), max_size=4).map(",".join),
)
url_values = st.lists(url_value, max_size=MAX_PARAM_VALUES + 10)


@settings(max_examples=300, deadline=None)
@given(url_values)
def test_parse_never_raises_and_keeps_only_known_codes(values):
    parsed = parse_partner_params(values, KNOWN)
    assert set(parsed.codes) <= set(KNOWN)
    assert len(parsed.codes) == len(set(parsed.codes))
    assert len(parsed.dropped) <= MAX_DROPPED_SHOWN
    assert all(len(item) <= 40 for item in parsed.dropped)
    assert parsed.more_dropped >= 0


@settings(max_examples=300, deadline=None)
@given(url_values)
def test_parse_accounts_for_every_non_empty_value(values):
    parsed = parse_partner_params(values, KNOWN)
    lookup = {code.casefold(): code for code in KNOWN}
    unaccounted = []
    for value in values[:MAX_PARAM_VALUES]:
        pieces = [value] if len(value) > MAX_VALUE_CHARS else [p.strip() for p in value.split(",")]
        for piece in filter(None, pieces):
            if piece.casefold() in lookup:
                assert lookup[piece.casefold()] in parsed.codes
            elif shorten(piece) not in parsed.dropped:
                unaccounted.append(piece)
    # Rejects may only go missing from the notice when it is full, and are then counted.
    if unaccounted:
        assert len(parsed.dropped) == MAX_DROPPED_SHOWN
        assert parsed.more_dropped >= 1
    assert parsed.more_dropped >= max(0, len(values) - MAX_PARAM_VALUES)


@settings(max_examples=100, deadline=None)
@given(url_values)
def test_dropped_notice_cannot_break_out_of_code_spans(values):
    notice = dropped_notice(parse_partner_params(values, KNOWN))
    spans = notice.split(": ", 1)[-1]
    assert spans.count("`") % 2 == 0
    assert "\n" not in notice and "\r" not in notice


# --- notice and caption text ---------------------------------------------------


def test_dropped_notice_text():
    parsed = ParsedPartners(codes=(), dropped=("a`b", "x\ny", "<b>"), more_dropped=2)
    assert dropped_notice(parsed) == (
        "Unknown partner codes in the link were ignored: `a'b`, `x?y`, `<b>`, and 2 more"
    )
    assert dropped_notice(ParsedPartners(codes=("RUS",))) == ""


def test_escape_markdown():
    assert escape_markdown("Serbia (domestic)") == "Serbia \\(domestic\\)"
    assert escape_markdown("**x** [a](b)") == "\\*\\*x\\*\\* \\[a\\]\\(b\\)"


# --- resolve_selection ----------------------------------------------------------


def test_empty_selection_means_no_filter():
    assert resolve_selection((), PARTNERS) is None


def test_country_expands_to_its_blocs():
    assert resolve_selection(["FRA"], PARTNERS) == {"FRA", "EU", "NATO"}
    assert resolve_selection(["RUS"], PARTNERS) == {"RUS", "EAEU", "CSTO"}
    assert resolve_selection(["CHN"], PARTNERS) == {"CHN"}


def test_bloc_expands_to_its_members():
    eu = resolve_selection(["EU"], PARTNERS)
    assert eu == {"EU"} | members_of("EU")
    assert {"DEU", "FRA", "ITA", "CYP"} <= eu
    assert "GBR" not in eu and "NATO" not in eu and "USA" not in eu


def test_alliance_expands_to_its_members():
    nato = resolve_selection(["NATO"], PARTNERS)
    assert {"NATO", "USA", "TUR", "GBR", "MKD"} <= nato
    assert "CYP" not in nato and "EU" not in nato
    assert resolve_selection(["CSTO"], PARTNERS) == {"CSTO", "RUS", "BLR", "KAZ"}


def test_mixed_selection_is_a_union():
    assert resolve_selection(["CHN", "CSTO"], PARTNERS) == {"CHN", "CSTO", "RUS", "BLR", "KAZ"}


# --- filter_by_partner and filter_links -----------------------------------------

EVENTS = pd.DataFrame(
    {
        "partner": pd.array(["RUS", "EU", "CHN", "FRA", None, "NATO"], dtype="string"),
        "value": [1, 2, 3, 4, 5, 6],
    }
)


def test_filter_without_selection_returns_all_rows():
    assert filter_by_partner(EVENTS, None) is EVENTS


def test_filter_by_country_keeps_its_bloc_rows():
    result = filter_by_partner(EVENTS, resolve_selection(["FRA"], PARTNERS))
    assert result["value"].tolist() == [2, 4, 6]


def test_filter_by_bloc_keeps_member_rows():
    result = filter_by_partner(EVENTS, resolve_selection(["EU"], PARTNERS))
    assert result["partner"].tolist() == ["EU", "FRA"]


def test_filter_on_other_column_and_empty_result():
    frame = EVENTS.rename(columns={"partner": "supplier"})
    assert filter_by_partner(frame, frozenset({"CHN"}), column="supplier")["value"].tolist() == [3]
    assert filter_by_partner(EVENTS, frozenset({"USA"})).empty


def test_filter_links_matches_either_end():
    links = pd.DataFrame(
        {"source": ["RUS", "SRB", "CHN"], "target": ["SRB", "EU", "SRB"], "n": [1, 2, 3]}
    )
    assert filter_links(links, frozenset({"EU"}))["n"].tolist() == [2]
    assert filter_links(links, frozenset({"SRB"}))["n"].tolist() == [1, 2, 3]
    assert filter_links(links, None) is links


# --- describe_selection ----------------------------------------------------------


def test_describe_selection():
    assert describe_selection((), PARTNERS) == "All partners"
    assert describe_selection(["RUS", "CHN"], PARTNERS) == "Russia, China (+ blocs: EAEU, CSTO)"
    assert describe_selection(["CHN"], PARTNERS) == "China"
    n_eu = len(members_of("EU"))
    assert describe_selection(["EU"], PARTNERS) == f"European Union (+ {n_eu} members)"
    assert describe_selection(["FRA", "NATO"], PARTNERS) == (
        f"France, NATO (+ blocs: EU; + {len(members_of('NATO')) - 1} members)"
    )


def test_describe_long_selection_is_shortened():
    codes = preset_codes("West", PARTNERS)
    text = describe_selection(codes, PARTNERS)
    assert text.startswith("United States, European Union, NATO, United Kingdom, Norway and ")
    assert f" and {len(codes) - 5} more" in text


# --- Streamlit glue, through AppTest (no browser needed) ----------------------


def _sidebar_app() -> None:
    """Minimal app around partner_filter_sidebar; AppTest runs this function's source."""
    from pathlib import Path

    import pandas as pd
    import streamlit as st

    root = Path(st.session_state.get("_test_root", "."))
    from components.filters import partner_filter_sidebar

    partners = pd.read_csv(root / "data" / "partners.csv", dtype="string")
    st.write("selected=" + ",".join(partner_filter_sidebar(partners)))


@pytest.fixture
def app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_sidebar_app, default_timeout=30)
    at.session_state["_test_root"] = str(ROOT)
    return at


def _selected(at) -> list[str]:
    return at.multiselect(key="partner_select").value


def _url_partners(at) -> list[str]:
    """``partner`` values in the URL; AppTest gives a lone value as a plain string."""
    value = at.query_params.get("partner", [])
    values = [value] if isinstance(value, str) else list(value)
    return [v for v in values if v]  # "?partner=" (empty) is the explicit "no filter"


def test_sidebar_without_url_has_no_filter(app):
    app.run()
    assert not app.exception
    assert _selected(app) == []
    assert app.query_params.get("partner") in ("", [""])  # explicit "no filter", so Back can return here
    assert app.get("button_group")[0].value == "All"
    assert app.caption[0].value == "All partners"


def test_sidebar_seeds_from_url_and_warns_about_unknown_codes(app):
    app.query_params["partner"] = ["rus", "CHN", "<b>x</b>", ""]
    app.run()
    assert not app.exception
    assert _selected(app) == ["RUS", "CHN"]
    assert _url_partners(app) == ["RUS", "CHN"]  # normalised and written back
    assert app.session_state["_partners_written"] == ("RUS", "CHN")
    assert len(app.warning) == 1
    assert app.warning[0].value.endswith("ignored: `<b>x</b>`")
    assert app.markdown[-1].value == "selected=RUS,CHN"


def test_sidebar_keeps_selection_when_navigation_drops_params(app):
    app.query_params["partner"] = ["FRA"]
    app.run()
    app.query_params.clear()  # what a click in st.navigation does to the URL
    app.run()
    assert _selected(app) == ["FRA"]
    assert _url_partners(app) == ["FRA"]
    assert not app.warning  # the notice belongs to the run that read the link


def test_sidebar_follows_a_changed_url(app):
    app.query_params["partner"] = ["FRA"]
    app.run()
    app.query_params["partner"] = ["CHN"]  # Back/Forward or an edited link
    app.run()
    assert _selected(app) == ["CHN"]
    assert app.get("button_group")[0].value == "China"


def test_sidebar_preset_and_widget_write_the_url(app):
    app.run()
    app.get("button_group")[0].set_value("Russia and allies").run()
    assert _selected(app) == list(preset_codes("Russia and allies", PARTNERS))
    assert _url_partners(app) == list(preset_codes("Russia and allies", PARTNERS))
    app.multiselect(key="partner_select").set_value(["EU"]).run()
    assert _url_partners(app) == ["EU"]
    assert app.get("button_group")[0].value is None  # no preset matches any more
    app.multiselect(key="partner_select").set_value([]).run()
    assert app.query_params.get("partner") in ("", [""])  # explicit "no filter", so Back can return here
    assert app.session_state["partners"] == ()


def test_sidebar_link_with_only_unknown_codes_clears_url(app):
    app.query_params["partner"] = ["XXX", "x" * 500]
    app.run()
    assert not app.exception
    assert _selected(app) == []
    assert app.query_params.get("partner") in ("", [""])  # explicit "no filter", so Back can return here
    assert app.warning[0].value == (
        f"Unknown partner codes in the link were ignored: `XXX`, `{'x' * 39}\u2026`"
    )
