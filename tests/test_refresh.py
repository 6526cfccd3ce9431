"""The one refresh path (scripts/refresh.py): every external data set rebuilt from its shipped originals.

Each refresh runs on a private copy of data/ and must leave every byte as committed: the derived
file and datapackage.json (hash, bytes, access date, formatting). A changed original must change
the file, its hash and bytes and only its own sources' access date.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from scripts import extracts, refresh

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
ENTRIES = {entry["path"]: entry for group in ("resources", "x-geodata") for entry in DESCRIPTOR.get(group, [])}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
@pytest.mark.parametrize("name", refresh.DATASETS)
def test_refresh_on_the_shipped_originals_changes_nothing(name, data_copy):
    assert refresh.refresh(name, data_copy, today="2099-01-01") == []
    for relative in refresh.DATASETS[name].outputs:
        assert (data_copy / relative).read_bytes() == (DATA / relative).read_bytes(), relative
    assert (data_copy / "datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()


def test_every_external_file_of_the_descriptor_has_a_refresh():
    outputs = {path for dataset in refresh.DATASETS.values() for path in dataset.outputs}
    external = {path for path in ENTRIES if path.startswith("external/")}
    assert external == outputs
    for dataset in refresh.DATASETS.values():  # originals are shipped, inside data/
        for relative in dataset.inputs.values():
            assert (DATA / relative).exists() and not Path(relative).is_absolute(), relative


@pytest.mark.parametrize("path", [p for p in ENTRIES if p.startswith("external/")])
def test_descriptor_states_hash_and_bytes_of_each_file(path):
    raw = (DATA / path).read_bytes()
    assert (ENTRIES[path]["hash"], ENTRIES[path]["bytes"]) == (f"sha256:{hashlib.sha256(raw).hexdigest()}", len(raw))


def test_descriptor_is_written_as_committed():
    text = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and refresh.render_descriptor(json.loads(text)) == text


def test_a_changed_original_updates_file_hash_bytes_and_only_its_access_date(data_copy):
    original = data_copy / "external/eums/original/member_states_raw.csv"
    original.write_text(original.read_text(encoding="utf-8").replace("1952-07-23", "1952-07-24", 1), encoding="utf-8")
    assert refresh.refresh("eu-accession", data_copy, today="2099-01-01") == ["eu_accession_dates"]
    out = (data_copy / "external/eu_accession_dates.csv").read_bytes()
    assert out.splitlines()[1] == b"Belgium,BEL,1952-07-24,"
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in package["resources"]}
    entry = entries["external/eu_accession_dates.csv"]
    assert (entry["hash"], entry["bytes"]) == (f"sha256:{hashlib.sha256(out).hexdigest()}", len(out))
    assert [source["accessed"] for source in entry["sources"]] == ["2099-01-01"]
    others = {path: e for path, e in entries.items() if path != "external/eu_accession_dates.csv"}
    assert others == {path: e for path, e in ENTRIES.items() if path in others}


def test_check_reports_a_stale_file_and_writes_nothing(data_copy, capsys):
    target = data_copy / "external/eu_accession_dates.csv"
    target.write_bytes(target.read_bytes() + b"\n")
    before = target.read_bytes()
    assert refresh.main(["eu-accession", "--check", "--data", str(data_copy)]) == 1
    assert "stale: external/eu_accession_dates.csv" in capsys.readouterr().out
    assert target.read_bytes() == before


def test_sipri_extract_from_a_full_register_export(tmp_path):
    """SIPRI's export (cp1252, preamble, unnamed 'uncertain' columns, every recipient, in another order) gives
    the extract; rows of one recipient, supplier and order year keep the register's order (a stable sort)."""
    committed = (DATA / "external/sipri_trade_register_balkans.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(committed.decode("utf-8"), newline="")))
    header = ["" if name.endswith(" uncertain") else name for name in rows[0]]
    other = ["Peru", "Russia", "2001", "", "1", "", "X", "y", "1", "", "2002", "New", "", "1", "1", "1"]
    out = io.StringIO()
    out.write("SIPRI Arms Transfers Database\r\n" * 11)
    writer = csv.writer(out, lineterminator="\r\n")
    by_year_first = sorted(rows[1:], key=lambda row: (row[2], row[1], row[0]), reverse=True)  # ties stay in order
    writer.writerows([header, other, *by_year_first])
    register = tmp_path / "trade-register.csv"
    register.write_bytes(out.getvalue().encode("cp1252"))
    assert extracts.sipri_extract(register) == committed


def test_factbook_rows_are_read_from_the_texts():
    table = list(csv.DictReader(io.StringIO((DATA / "external/serbia_trade_partner_shares_factbook.csv").read_text("utf-8"))))
    row = next(r for r in table if r["data_year"] == "2014" and r["flow"] == "exports" and r["rank"] == "6")
    assert (row["partner"], row["partner_std"], row["share_pct"]) == \
        ("Macedonia, The Former Yugo Rep of", "North Macedonia", "4.0")


def test_a_text_without_its_year_is_refused_with_the_file_named(tmp_path):
    texts = tmp_path / "texts.csv"
    texts.write_text("flow,factbook_json_commit,commit_date,source_text\nexports,abc,2026-01-01,Germany 15%\n", "utf-8")
    with pytest.raises(extracts.OriginalError, match=re.escape(f"{texts}: cannot read partners and year from 'Germany 15%'")):
        extracts.factbook_table(texts)


def test_shipped_unga_original_is_the_one_its_source_note_describes():
    digest = hashlib.sha256(extracts.read_text(DATA / "external/unga/IdealpointestimatesAll_Jun2024.csv.gz").encode()).hexdigest()
    assert f"SHA-256 `{digest}`" in (DATA / "external/unga/SOURCE.md").read_text(encoding="utf-8")


def test_a_rebuild_after_a_code_change_keeps_the_access_date(data_copy):
    target = data_copy / "external/eu_accession_dates.csv"
    target.write_bytes(target.read_bytes().replace(b"Belgium", b"Belgique"))  # as an older build would have written it
    stale = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(e for e in stale["resources"] if e["path"] == "external/eu_accession_dates.csv")
    entry["hash"], entry["bytes"] = "sha256:" + "0" * 64, 1
    (data_copy / "datapackage.json").write_text(refresh.render_descriptor(stale), encoding="utf-8")
    assert refresh.main(["eu-accession", "--same-originals", "--data", str(data_copy)]) == 0
    assert (data_copy / "datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()
    assert target.read_bytes() == (DATA / "external/eu_accession_dates.csv").read_bytes()
