"""The fixed Q&A set, run on the extractive backend: the quality bar CI enforces."""

from __future__ import annotations

import json

import pytest

from assistant.evaluation import DEFAULT_QA, KINDS, evaluate, load_qa, write_chart
from conftest import ROOT


@pytest.fixture(scope="module")
def report(assistant):
    return evaluate(assistant)


def test_the_fixed_qa_set_is_well_formed():
    items = load_qa(DEFAULT_QA)
    kinds = [i["kind"] for i in items]
    assert len(items) >= 60 and len({i["id"] for i in items}) == len(items)
    assert set(kinds) <= set(KINDS)
    assert kinds.count("unanswerable") >= 8 and kinds.count("adversarial") >= 4
    for item in items:
        assert all((ROOT / s).is_file() for s in item["expected_sources"]), item["id"]
        if item["kind"] == "unanswerable":
            assert item["expected_sources"] == [] and item["must_include_any"] == []


def test_quality_thresholds(report):
    m = report.metrics
    summary = json.dumps({k: v for k, v in m.items() if k != "by_kind"})
    assert m["hit@5"] >= 0.95, summary
    assert m["answer_accuracy"] >= 0.85, summary
    assert m["refusal_accuracy"] >= 0.9, summary
    assert m["false_refusal_rate"] <= 0.05, summary
    assert m["invalid_marker_answers"] == 0, summary
    assert m["supported_sentence_share"] >= 0.95, summary


def test_chart_is_written(report, tmp_path):
    path = tmp_path / "eval.png"
    write_chart(report, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
