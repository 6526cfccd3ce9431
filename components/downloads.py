"""CSV downloads that open safely in spreadsheet programs.

Plain Python, importable without a running app. Cells that a spreadsheet
would read as a formula are neutralised following the OWASP CSV injection
guidance: https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# A cell starting with one of these may be evaluated as a formula (OWASP list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Prefix a formula-like string with a single quote; return anything else unchanged.

    Only text is touched: numbers (negative ones included), dates, booleans
    and missing values are not strings and must stay what they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
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
    names that start with = + - @ tab or CR are prefixed with ' so that
    opening the file cannot run a formula. Rows end with CRLF (RFC 4180).
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
