"""Text from data files and links, made safe for the two renderers that interpret markup.

Streamlit's markdown (captions, st.markdown, metric labels) and Plotly's text (titles, hover,
labels, which understand a subset of HTML including links) would otherwise turn a cell such as
``[x](javascript:..)`` or ``<a href=..>`` into live markup. Every module escapes through here.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape markdown punctuation so ``text`` renders literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def plotly_text(text) -> str:
    """Data text for Plotly, which renders a subset of HTML (links included): escape it."""
    return html.escape(str(text), quote=False)


def code_span(value: str) -> str:
    """``value`` made safe inside a markdown inline code span (no backtick, no control character)."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return cleaned.replace("`", "'") or "?"
