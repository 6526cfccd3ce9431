"""The README must not fall behind the code: its tables list every data file with its true row
count and every page of the app; it shows exactly the two set-up commands CI relies on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

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


def test_every_page_is_described():
    from components.registry import PAGES  # app.py builds st.navigation from this list

    titles = [page.title for page in PAGES]
    assert len(titles) == 8
    for title in titles:
        assert f"| {title} |" in README, f"README does not describe the page {title!r}"


def test_the_two_setup_commands_exist_and_ci_runs_the_test_one():
    commands = re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)
    assert commands[:2] == ["./scripts/run", "./scripts/test"]
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "streamlit run app.py" in (ROOT / "scripts" / "run").read_text(encoding="utf-8")
    assert "pytest" in (ROOT / "scripts" / "test").read_text(encoding="utf-8")
