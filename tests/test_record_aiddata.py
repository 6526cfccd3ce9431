"""AidData commitments by year and flow class (AidData's own class names), and the data's window.

Golden values typed by hand from data/external/gw_gcdf.csv (line numbers as `grep -n '^340,'` shows).
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import record_aiddata
from components.data import load_table


@pytest.fixture(scope="module")
def finance() -> pd.DataFrame:
    return load_table("aiddata_chinese_finance")


@pytest.fixture(scope="module")
def serbia(finance) -> pd.DataFrame:
    return record_aiddata.commitments_by_year_and_class(finance)


def value(serbia, year, flow_class) -> float:
    return float(serbia[(serbia["year"] == year) & (serbia["flow_class"] == flow_class)]["usd"].iloc[0])


def test_window_for_serbia_and_for_the_file(finance):
    # Serbia's first row is line 1417 (340,2001), its last 269 (340,2021); the file starts at 2000
    assert record_aiddata.window(finance) == (2001, 2021)
    assert record_aiddata.window(finance, None) == (2000, 2021)


def test_2019_oof_like_and_oda_like(serbia):
    # line 267: 340,2019,oof_amt 1642121692.8641708, oda_amt 14606339.9594078, vof_amt 0
    assert value(serbia, 2019, "OOF-like") == pytest.approx(1642121692.8641708)
    assert value(serbia, 2019, "ODA-like") == pytest.approx(14606339.9594078)
    assert value(serbia, 2019, "Vague (official finance)") == 0


def test_2017_vague_official_finance(serbia):
    # line 265: 340,2017,...,vof_amt 166335442.249953
    assert value(serbia, 2017, "Vague (official finance)") == pytest.approx(166335442.249953)


def test_years_absent_from_the_file_have_no_rows(serbia):
    assert 2000 not in set(serbia["year"])  # no 340,2000 line: no record, not a zero
    assert len(serbia) == 21 * 3
    assert set(serbia["flow_class"]) == {"ODA-like", "OOF-like", "Vague (official finance)"}


def test_after_publication_flag(serbia):
    """Published after June 2020: GCDF 1.0 (October 2017) covered 2000–2014; 2015–2017 first came with
    2.0 (September 2021), 2018–2021 with 3.0 (November 2023). Serbia's rows run 2001–2021."""
    assert set(serbia[serbia["after_publication"]]["year"]) == set(range(2015, 2022))


def test_unknown_recipient_is_a_clear_error(finance):
    with pytest.raises(ValueError, match="XXX"):  # no Gleditsch–Ward code in the crosswalk
        record_aiddata.commitments_by_year_and_class(finance, recipient="XXX")
    with pytest.raises(ValueError, match="HUN"):  # a code (310), but AidData records no finance to Hungary
        record_aiddata.commitments_by_year_and_class(finance, recipient="HUN")
