"""Text from data, the seed or a URL, made safe for the two places it is rendered.

Streamlit markdown (st.markdown, st.caption, labels) and Plotly (titles, labels, hover text)
each interpret a little markup. Nothing from data or a URL may turn into formatting, links or
HTML there, so every such string passes through one of these two functions.
"""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character that CommonMark, GFM or Streamlit's extensions (":red[...]"
# directives, "$" math, "~" strikethrough) give a meaning; CommonMark allows a backslash before
# any ASCII punctuation, so escaping one too many is harmless. "&" stops entities ("&lt;").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def escape_markdown(text: str) -> str:
    """Backslash-escape markdown punctuation so ``text`` renders literally.

    Partner names come from our own CSV, but st.caption renders markdown and a name such as
    "A*B" or "[x](y)" should never turn into formatting.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plotly_text(text) -> str:
    """Data text for Plotly, which renders a subset of HTML (links included): escape it."""
    return html.escape(str(text), quote=False)


def code_span(value: str) -> str:
    """``value`` made safe inside a markdown inline code span (no backtick, no control character)."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return cleaned.replace("`", "'") or "?"
