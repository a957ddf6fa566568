"""Transliteration in the app: the View > Transliteration setting and the selected span shown in
Latin letters (for team members who do not read Arabic script)."""

from __future__ import annotations

from annotator.gui.settings import Settings


def test_transliteration_setting_defaults_to_buckwalter_and_is_remembered():
    assert Settings().transliteration() == "bw"
    Settings().set_transliteration("hsb")
    assert Settings().transliteration() == "hsb"
    Settings().set_transliteration(None)
    assert Settings().transliteration() is None


def test_an_unknown_stored_scheme_reads_as_off():
    settings = Settings()
    settings.qsettings.setValue("view/transliteration", "klingon")
    assert settings.transliteration() is None
