"""Where a chart's numbers come from: source lines, supporting quotes, citations.

Plain Python: everything is derived from the rows shown and from datapackage.json, so the
provenance on screen cannot drift from the data.
"""

from __future__ import annotations

import pandas as pd

ARTICLE_SHORT = "Vuksanovic, “From Russia With Love?”, LSE IDEAS, June 2020"
DASHBOARD_TITLE = "Serbia's external ties: Russia, China and the West"


def endnotes(rows: pd.DataFrame) -> list[int]:
    """Sorted endnote numbers used by the rows."""
    if "endnote" not in rows:
        return []
    return sorted({int(n) for n in rows["endnote"].dropna()})


def article_source_line(rows: pd.DataFrame) -> str:
    """"Source: Vuksanovic (2020), endnotes 7, 8." for the rows shown."""
    notes = endnotes(rows)
    if not notes:
        return f"Source: {ARTICLE_SHORT} (main text)."
    label = "endnote" if len(notes) == 1 else "endnotes"
    derived = " Values marked derived are computed from the article's figures." if _any_derived(rows) else ""
    return f"Source: {ARTICLE_SHORT}, {label} {', '.join(map(str, notes))}.{derived}"


def _any_derived(rows: pd.DataFrame) -> bool:
    return "derived" in rows and bool(rows["derived"].fillna(False).any())


def external_source_line(resource: dict, package: dict | None = None) -> str:
    """Credit line and licence of an external table, from its datapackage.json entry."""
    source = resource_sources(resource, package)[0]
    licence = resource_licences(resource, package)[0]
    credit = source.get("credit") or source["title"]
    accessed = f" Accessed {source['accessed']}." if source.get("accessed") else ""
    return f"Source: {credit}. Licence: {licence.get('title', licence['name'])}.{accessed}"


def resource_sources(resource: dict, package: dict | None = None) -> list[dict]:
    """A resource's own sources, else the package's (the article): metadata cascades."""
    return resource.get("sources") or (package or {}).get("sources") or []


def resource_licences(resource: dict, package: dict | None = None) -> list[dict]:
    """A resource's own licences, else the package's."""
    return resource.get("licenses") or (package or {}).get("licenses") or []


def is_article(resource: dict, package: dict) -> bool:
    """Whether a resource's rows come from the seed article (the package's first source)."""
    own = resource_sources(resource, package)
    return bool(own) and own[0].get("title") == package["sources"][0].get("title")


def source_lines(rows: pd.DataFrame, resources: tuple[str, ...], package: dict) -> list[str]:
    """The source lines of a section: article endnotes of the rows, or each external data set's
    credit line and licence, derived from the resources the rows came from."""
    by_name = {r["name"]: r for r in package.get("resources", [])}
    lines: list[str] = []
    for name in resources:
        resource = by_name.get(name)
        if resource is None:
            continue
        line = article_source_line(rows) if is_article(resource, package) else external_source_line(resource, package)
        if line not in lines:
            lines.append(line)
    return lines


def supporting_quotes(rows: pd.DataFrame) -> list[tuple[int | None, str]]:
    """Distinct (endnote, quote) pairs of the rows, in endnote order; a row without a quote (an
    external figure beside the article's) has none to show, never a printed "nan"."""
    if "quote" not in rows:
        return []
    endnotes = rows["endnote"] if "endnote" in rows else pd.Series(None, index=rows.index)
    pairs = {(None if pd.isna(n) else int(n), str(q)) for n, q in zip(endnotes, rows["quote"])
             if isinstance(q, str) and q.strip()}
    return sorted(pairs, key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1]))


def article_reference(package: dict) -> str:
    """Full reference of the seed article, from the package's first source."""
    source = package["sources"][0]
    return f"{source['title']}. {source['path']}"


def dashboard_citation(package: dict, accessed: str) -> str:
    """How to cite this dashboard."""
    return (f"{DASHBOARD_TITLE} (data package version {package.get('version', '?')}), built on "
            f"{ARTICLE_SHORT}. Accessed {accessed}.")


def licence_lines(package: dict) -> list[str]:
    """One line per source of the package: credit line (where one is required) and licence."""
    lines = []
    for resource in package["resources"]:
        source = resource_sources(resource, package)[0]
        licence = resource_licences(resource, package)[0]
        line = f"{source.get('credit') or source['title']} — {licence.get('title', licence['name'])}"
        if line not in lines:
            lines.append(line)
    return lines
