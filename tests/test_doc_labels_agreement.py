"""Agreement on document labels in `annotator agree`: Cohen's kappa and Krippendorff's alpha
against the published worked examples of agreement/agreement_examples.json."""

from __future__ import annotations

import json

import pytest

from annotator.agreement.doc_labels import doc_label_agreement
from annotator.cli import main
from annotator.model import DocRecord
from annotator.rules import DONE
from annotator.store import Project


def _cases(reference_dir) -> dict[str, dict]:
    path = reference_dir / "agreement" / "agreement_examples.json"
    return {case["id"]: case for case in json.loads(path.read_text(encoding="utf-8"))["cases"]}


def _project(path, n_docs: int, definitions: list[dict]) -> Project:
    project = Project.create(path)
    for definition in definitions:
        project.set_doc_attribute(definition)
    project.add_documents([DocRecord(text=f"وثيقة رقم {i}", name=f"d{i}") for i in range(n_docs)])
    return project


def _agree_json(path, capsys, *extra: str) -> dict:
    assert main(["agree", str(path), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_krippendorff_2011_reliability_data_through_the_project(reference_dir, tmp_path, capsys):
    case = _cases(reference_dir)["alpha_krippendorff2011_reliability_data_C"]
    data = case["input"]["reliability_data"]
    observers = case["input"]["observers"]
    values = [str(v) for v in range(1, 6)]
    definitions = [
        {"name": "level", "type": "integer"},
        {"name": "kind", "type": "choice", "values": values},
    ]
    path = tmp_path / "k.sqlite"
    with _project(path, len(data[0]), definitions) as project, project.transaction():
        for observer, row in zip(observers, data, strict=True):
            for doc_id, value in enumerate(row, 1):
                if value is not None:
                    project.set_doc_labels(doc_id, observer, {"level": value, "kind": str(value)})
                project.set_status(doc_id, observer, DONE)
    report = _agree_json(path, capsys)
    level, kind = report["doc_labels"]["attributes"]
    expected = case["expected"]
    assert level["metric"] == "interval" and kind["metric"] == "nominal"
    assert level["alpha"] == pytest.approx(expected["interval"]["alpha"]["value"], abs=5e-4)
    assert kind["alpha"] == pytest.approx(expected["nominal"]["alpha"]["value"], abs=5e-4)
    assert level["n_documents"] == 12 and level["n_pairable"] == 11 and level["n_all"] == 8
    assert main(["agree", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Document labels" in text and "level" in text and "0.849" in text
    page = tmp_path / "agree.html"
    assert main(["agree", str(path), "--html", str(page)]) == 0
    assert "Document labels" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("subcase", [0, 1])
def test_cohen_kappa_of_two_annotators(reference_dir, tmp_path, capsys, subcase):
    cases = _cases(reference_dir)
    if subcase == 0:  # Cohen (1960) p. 45
        table = cases["kappa_cohen1960"]["subcases"][0]["table"]
        kappa, alpha = cases["kappa_cohen1960"]["subcases"][0]["expected"]["kappa"]["value"], None
    else:  # Artstein & Poesio (2008) p. 568: kappa and nominal alpha
        sub = cases["kappa_pi_S_alpha_artstein_poesio2008"]["subcases"][1]
        table = sub["contingency"]["table"]
        kappa, alpha = sub["expected"]["kappa"]["value"], sub["expected"]["alpha_nominal"]["value"]
    categories = [f"c{i}" for i in range(len(table))]
    pairs = [
        (categories[i], categories[j])
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]
    definitions = [{"name": "event", "type": "choice", "values": categories}]
    path = tmp_path / "c.sqlite"
    with _project(path, len(pairs), definitions) as project, project.transaction():
        for doc_id, (first, second) in enumerate(pairs, 1):
            project.set_doc_label(doc_id, "ana", "event", first)
            project.set_doc_label(doc_id, "ben", "event", second)
            project.set_status(doc_id, "ana", DONE)
            project.set_status(doc_id, "ben", DONE)
    (entry,) = _agree_json(path, capsys)["doc_labels"]["attributes"]
    assert entry["cohen_kappa"] == pytest.approx(kappa, abs=1e-3)
    assert entry["pairs"][0]["cohen_kappa"] == entry["cohen_kappa"]
    assert entry["pairs"][0]["n_documents"] == len(pairs)
    if alpha is not None:
        assert entry["alpha"] == pytest.approx(alpha, abs=1e-3)


def test_kappa_counts_only_documents_both_labelled_and_blind_to_other_annotators():
    values = {
        1: {"a": {"e": "x"}, "b": {"e": "x"}, "c": {"e": "y"}},
        2: {"a": {"e": "y"}, "b": {"e": "y"}},
        3: {"a": {"e": "x"}},  # b gave none: not in the a/b pair
        4: {"a": {"e": "y"}, "b": {"e": "x"}},
    }
    section = doc_label_agreement(
        [{"name": "e", "type": "choice"}], values, ["a", "b"], [1, 2, 3, 4]
    )
    (entry,) = section["attributes"]
    (pair,) = entry["pairs"]
    assert pair["annotators"] == ["a", "b"] and pair["n_documents"] == 3
    assert pair["agreement"] == pytest.approx(2 / 3)
    # table [[1, 0], [1, 1]] (rows a, columns b: x, y): p_o 2/3, p_e 4/9, kappa 0.4
    assert entry["cohen_kappa"] == pytest.approx(0.4)
    assert entry["n_documents"] == 4 and entry["n_pairable"] == 3 and entry["n_all"] == 3
