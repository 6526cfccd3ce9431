"""CSV downloads that open safely in spreadsheet programs.

Plain Python, importable without a running app. Cells that a spreadsheet
would read as a formula are neutralised following the OWASP CSV injection
guidance: https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

# A cell whose first visible character is one of these may be evaluated as a formula (OWASP
# list, with | for DDE), or any character that Unicode compatibility folding (NFKC) turns into one:
# the full-width forms (＝ ＋ － ＠ ｜), the small forms (﹦ ﹢ ﹣ ﹫), super- and subscripts (⁼ ⁺ ₌ ₊),
# which some spreadsheets and import steps fold to ASCII.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "|")
# Look-alikes that NFKC leaves alone: the minus sign (and ⁻ ₋, which fold to it), hyphens and
# dashes, heavy plus and minus, the small em dash.
LOOKALIKES = frozenset("\u2212\u2010\u2011\u2012\u2013\u2014\u2015\u2795\u2796\ufe58")
# Looked past before that character: white space and control characters (line breaks included),
# invisible format characters (Unicode category Cf: zero-width spaces and joiners, the BOM, bidi
# marks and isolates, the soft hyphen, ...) and blank fillers, which import steps may trim or
# readers do not see, and quote characters, which another CSV layer may strip.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_SKIPPED = frozenset("\"'\u115f\u1160\u3164\uffa0\u2800")
# Where a spreadsheet may start a new cell inside one line: the separators of its locales.
SEPARATORS = (",", ";", "\t")


def _skipped(char: str) -> bool:
    return char in _SKIPPED or unicodedata.category(char) in _SKIPPED_CATEGORIES


def _is_trigger(char: str) -> bool:
    return char in LOOKALIKES or unicodedata.normalize("NFKC", char)[:1] in FORMULA_TRIGGERS + ("\u2212",)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text``: a tab/CR first, or a trigger (or a look-alike of
    one) as the first character after blanks, invisible characters and quotes."""
    if not text or (text[0].isascii() and text[0].isalnum()):
        return False  # most cells: a letter or digit first
    if text[0] in ("\t", "\r"):
        return True
    for char in text:
        if not _skipped(char):
            return _is_trigger(char)
    return False


def comment_line(text: str) -> str:
    """``text`` as one '# ' comment line above a CSV's header: line breaks folded into spaces, and
    every place where a spreadsheet could start a cell (the text's start, after a comma, semicolon
    or tab) kept from starting a formula by a single quote, as in ``neutralise_cell``."""
    text = text.replace("\r", " ").replace("\n", " ")
    out = []
    for position, char in enumerate(text):
        out.append(char)
        if char in SEPARATORS and is_formula_like(text[position + 1:]):
            out.append("'")
    return "# " + neutralise_cell("".join(out))


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
    names whose first visible character is = + - @ | (or a look-alike), or
    that start with tab or CR, are prefixed with ' so that opening the file
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
