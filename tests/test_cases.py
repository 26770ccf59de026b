"""Golden cases: each folder ``tests/cases/<case>/`` holds a short made-up document ``input.txt`` and the
sorted N-Quads ``expected.nq`` of its named graph. The test extracts the document
(``zhichan.extraction.extract_file`` + ``zhichan.rdf.extraction_quads``) and compares line by line.

The path is passed relative to the repository root (the test runs from there), so ``zc:sourcePath``
in the expected files does not depend on the machine.

To regenerate after a deliberate change to the rules or the engine::

    ZHICHAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_cases.py

then read the diff of every ``expected.nq`` (``git diff tests/cases``) and check each entity, relation
and figure against its ``input.txt`` by hand before committing: a golden file that records a wrong
reading protects the error.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from zhichan.extraction import extract_file
from zhichan.rdf import extraction_quads

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "tests" / "cases").glob("*/input.txt"))
UPDATE = os.environ.get("ZHICHAN_UPDATE_GOLDEN") == "1"


def nquads(path: Path) -> list[str]:
    quads = extraction_quads(extract_file(path))
    return sorted(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


@pytest.mark.parametrize("case", CASES, ids=[c.parent.name for c in CASES])
def test_golden_case(case, monkeypatch):
    monkeypatch.chdir(ROOT)
    got = nquads(case.relative_to(ROOT))
    expected_path = case.parent / "expected.nq"
    if UPDATE:
        expected_path.write_text("\n".join(got) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"{expected_path} is missing; run with ZHICHAN_UPDATE_GOLDEN=1 and check it by hand"
    expected = expected_path.read_text(encoding="utf-8").splitlines()
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    assert not missing and not extra, "\n".join(["missing:"] + missing + ["unexpected:"] + extra)
    assert got == expected


def test_cases_exist():
    assert len(CASES) >= 4
    for case in CASES:
        text = case.read_text(encoding="utf-8")
        assert text.strip() and len(text) < 400, case


NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


@pytest.mark.parametrize("case", CASES, ids=[c.parent.name for c in CASES])
def test_golden_offsets_point_into_the_input(case):
    """Every nif:anchorOf in the expected file is the input text between its begin and end index."""
    text = case.read_text(encoding="utf-8")
    expected = case.parent / "expected.nq"
    if not expected.exists():
        pytest.skip("no expected.nq yet")
    nodes: dict[str, dict[str, str]] = {}
    for q in ox.parse(expected.read_bytes(), format=ox.RdfFormat.N_QUADS):
        if q.predicate.value.startswith(NIF):
            nodes.setdefault(q.subject.value, {})[q.predicate.value[len(NIF):]] = q.object.value
    assert nodes
    for node, v in nodes.items():
        assert text[int(v["beginIndex"]):int(v["endIndex"])] == v["anchorOf"], node
