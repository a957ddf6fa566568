"""The reference data fixture: a missing `../shared/reference` fails in CI, skips elsewhere."""

from __future__ import annotations

import pytest
from conftest import REFERENCE, reference_data


def test_missing_reference_fails_in_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(BaseException) as caught:  # a skip, too, would be caught and seen
        reference_data(tmp_path / "missing")
    assert caught.type is pytest.fail.Exception
    assert "reference data not found" in str(caught.value) and "CI must have" in str(caught.value)


def test_missing_reference_skips_outside_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(BaseException) as caught:
        reference_data(tmp_path / "missing")
    assert caught.type is pytest.skip.Exception
    assert "reference data not found" in str(caught.value)


def test_present_reference_is_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert reference_data(tmp_path) == tmp_path


def test_fixture_reads_the_folder_beside_the_clone(reference_dir):
    assert reference_dir == REFERENCE and (reference_dir / "README.md").is_file()
