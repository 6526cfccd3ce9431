"""The page registry (components/registry.py) and app_pages/ hold the same pages."""

from __future__ import annotations

import pytest

from components import registry


def test_every_script_in_app_pages_is_registered():
    assert registry.unregistered_scripts() == set()


def test_every_registered_script_exists():
    missing = [entry.script for entry in registry.PAGES if not (registry.REPO_ROOT / entry.script).is_file()]
    assert missing == []


def test_keys_and_url_paths_are_unique_and_one_page_is_the_default():
    keys = [entry.key for entry in registry.PAGES]
    url_paths = [entry.url_path for entry in registry.PAGES]
    assert len(set(keys)) == len(keys) and len(set(url_paths)) == len(url_paths)
    assert [entry.key for entry in registry.PAGES if entry.default] == ["overview"]


def test_a_stray_script_is_reported(tmp_path, monkeypatch):
    """The check above could pass vacuously if the glob found nothing: show it finds strays."""
    pages_dir = tmp_path / registry.PAGES_DIR
    pages_dir.mkdir()
    for entry in registry.PAGES:
        (tmp_path / entry.script).write_text("")
    (pages_dir / "orphan.py").write_text("")
    (pages_dir / "_helper.py").write_text("")  # private helpers are not pages
    monkeypatch.setattr(registry, "REPO_ROOT", tmp_path)
    assert registry.unregistered_scripts() == {"orphan"}


def test_an_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        registry.page("no_such_page")


def test_page_kinds_are_known_and_only_the_article_and_sources_draw_no_charts():
    assert {entry.key: entry.kind for entry in registry.PAGES if entry.kind != "charts"} == \
        {"article": "article", "sources": "sources"}
    with pytest.raises(ValueError, match="unknown kind 'map'"):
        registry.Page("x", "X", "x", ":material/map:", "?", kind="map")
