"""The README must not fall behind the code: its tables list every data file with its true row
count and the years it covers, and every page of the app; it shows exactly the two set-up commands
CI relies on. A refresh that adds a year makes these fail until the README says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from components import registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_row_counts() -> dict[str, list[int]]:
    """`file(s)` -> row counts, from the README's data table rows like "| `a.csv`, `b.csv` | 30, 45 |"."""
    counts = {}
    for files, numbers in re.findall(r"^\| (`[^|]+`) \| ([\d, ]+) \|", README, flags=re.M):
        names = re.findall(r"`([^`]+)`", files)
        values = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", numbers)]
        if len(values) != len(names):  # "2,271" is one number for one file
            values = [int(numbers.replace(",", "").strip())]
        counts.update(dict(zip(names, values)))
    return counts


def test_every_data_file_is_documented_with_its_row_count():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    documented = readme_row_counts()
    for resource in package["resources"]:
        path = resource["path"]
        assert path in documented, f"README's data table does not list {path}"
        rows = len(pd.read_csv(ROOT / "data" / path))
        assert documented[path] == rows, f"README says {documented[path]} rows for {path}, the file has {rows}"


def readme_page_titles() -> list[str]:
    """Titles in the README's page table (the rows after "| page | question it answers |")."""
    table = README.split("| page | question it answers |", 1)[1].split("\n\n", 1)[0]
    return [row.split("|")[1].strip() for row in table.strip().splitlines()[1:]]


def test_every_page_is_described_and_every_described_page_exists():
    assert readme_page_titles() == [entry.title for entry in registry.PAGES]


def test_the_two_setup_commands_exist_and_ci_runs_the_test_one():
    commands = re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)
    assert commands[:2] == ["./scripts/run", "./scripts/test"]
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "streamlit run app.py" in (ROOT / "scripts" / "run").read_text(encoding="utf-8")
    assert "pytest" in (ROOT / "scripts" / "test").read_text(encoding="utf-8")


YEAR_COLUMNS = ("year", "data_year")


def readme_external_rows() -> dict[str, str]:
    """`external/...` -> the text of its README data-table row."""
    return dict(re.findall(r"^\| `(external/[^`]+)` \| [\d,]+ \| (.+) \|$", README, flags=re.M))


def test_years_the_readme_gives_for_an_external_table_are_the_files():
    rows = readme_external_rows()
    checked = 0
    for path, text in rows.items():
        table = pd.read_csv(ROOT / "data" / path)
        column = next((c for c in YEAR_COLUMNS if c in table), None)
        for first, last in re.findall(r"\b(\d{4})–(\d{4})\b", text):
            assert column, f"README gives years {first}–{last} for {path}, which has no year column"
            assert (int(first), int(last)) == (table[column].min(), table[column].max()), (path, text)
            checked += 1
        if sessions := re.search(r"sessions to (\d+) \((\d{4})–", text):  # UNGA session N opens in 1945 + N
            assert (int(sessions.group(1)), int(sessions.group(2))) == (table["session"].max(), 1945 + table["session"].max())
            checked += 1
    assert checked >= 5, f"only {checked} year ranges found in the README's external rows"
