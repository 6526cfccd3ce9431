"""CSV downloads that open safely in spreadsheet programs.

Plain Python, importable without a running app. Cells that a spreadsheet
would read as a formula are neutralised following the OWASP CSV injection
guidance: https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

# A cell whose first visible character is one of these may be evaluated as a formula (OWASP
# list, with | for DDE and the full-width forms, which some spreadsheets normalise to ASCII).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "|", "\t", "\r", "＝", "＋", "－", "＠", "｜")
# Looked past before that character: whitespace (line breaks included) and zero-width characters,
# which import steps may trim, and quote characters, which another CSV layer may strip.
_SKIPPED = re.compile("[\\s\"'\u200b\u200c\u200d\u2060\ufeff]*")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text``: a tab/CR first, or a trigger after blanks and quotes."""
    if text.startswith(("\t", "\r")):
        return True
    visible = text[_SKIPPED.match(text).end():]
    return visible.startswith(FORMULA_TRIGGERS)


def neutralise_cell(value: Any) -> Any:
    """Prefix a formula-like string with a single quote; return anything else unchanged.

    Only text is touched: numbers (negative ones included), dates, booleans
    and missing values are not strings and must stay what they are.
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def _neutralise_column(column: pd.Series) -> pd.Series:
    """Neutralise a column's text cells, leaving non-text columns as they are."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column  # includes bool; no text can hide in these dtypes
    return column.astype(object).map(neutralise_cell)


def to_safe_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes of exactly ``df``'s rows and columns, for st.download_button.

    UTF-8 with a byte-order mark so Excel detects the encoding (Cyrillic and
    accented names stay readable); no index column; text cells and header
    names whose first visible character is = + - @ | (or a full-width form),
    or that start with tab or CR, are prefixed with ' so that opening the file
    cannot run a formula (see ``is_formula_like``). Rows end with CRLF (RFC 4180).
    ``df`` itself is not modified.
    """
    # Columns by position and a fresh index: duplicate names or index labels must not
    # make pandas align, drop or repeat rows.
    safe = pd.DataFrame(
        {
            position: _neutralise_column(df.iloc[:, position].reset_index(drop=True))
            for position in range(df.shape[1])
        },
        index=pd.RangeIndex(len(df)),
    )
    safe.columns = [neutralise_cell(name) for name in df.columns]
    # CRLF rows (RFC 4180) also make the csv writer quote cells holding a lone CR,
    # which would otherwise split a row in two in Excel.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
