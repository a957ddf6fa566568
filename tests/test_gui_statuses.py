"""The GUI's status maps name exactly the statuses of annotator.rules: a status added in one
place only fails here."""

from __future__ import annotations

from annotator import rules
from annotator.gui import document_list, i18n, main_window
from annotator.gui.review import style


def test_every_status_map_of_the_gui_has_exactly_the_rules_statuses():
    for shown in (i18n.STATUS_TITLES, main_window.STATUS_COLOURS):
        assert list(shown) == list(rules.STATUSES)  # in display order
    assert set(document_list.STATUS_COLOURS) == set(rules.STATUSES)
    assert set(style.STATUS_COLOURS) == set(rules.STATUSES)  # review's curation status


def test_the_document_filters_offer_each_status_and_only_statuses():
    filters = [f for f in document_list.STATUS_FILTERS.values() if f is not None]
    assert {status for f in filters for status in f} == set(rules.STATUSES)
    assert {f[0] for f in filters if len(f) == 1} == set(rules.STATUSES)
    assert document_list.STATUS_FILTERS["Not done"] == rules.NOT_DONE
