"""The Q&A set: two frozen splits, well formed, and the quality bar CI enforces on `test`.

`dev` is what the answerer is tuned on; `test` is only reported. The bar below is
measured on `test` (README, "Quality"); it is a floor under today's figures, not
the issue's target.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import ROOT

from assistant.evaluation import (
    KINDS,
    SPLITS,
    contains_evidence,
    evaluate_split,
    load_qa,
    names_missing_part,
    score_item,
    split_of,
    split_path,
    write_chart,
)
from assistant.prompts import not_covered
from assistant.types import Answer, Chunk, Passage


@pytest.fixture(scope="module")
def splits():
    return {split: load_qa(split_path(split)) for split in SPLITS}


@pytest.fixture(scope="module")
def report(assistant):
    return evaluate_split(assistant, "test")


def test_each_item_sits_in_the_split_its_id_decides_and_no_id_is_in_both(splits):
    ids = [item["id"] for items in splits.values() for item in items]
    assert len(ids) == len(set(ids)) >= 300
    for split, items in splits.items():
        wrong = [i["id"] for i in items if split_of(i["id"]) != split]
        assert not wrong, f"{split}.jsonl holds items of the other split: {wrong[:5]}"
    old = [i["id"] for i in splits["dev"] if not i["id"][:1].isupper() and not i["id"].startswith("probe-")]
    assert len(old) == 70, "the old fixed set's 70 items stay in dev"
    # Probes written by outsiders and read for failure classes are dev by their id.
    assert all(split_of(i["id"]) == "dev" for i in splits["dev"] if i["id"].startswith("probe-"))


def test_every_kind_is_in_both_splits_and_every_corpus_file_is_asked_about(splits):
    for split, items in splits.items():
        kinds = Counter(i["kind"] for i in items)
        assert set(kinds) == set(KINDS), (split, kinds)
    asked = {s for items in splits.values() for i in items for s in i["expected_sources"]}
    files = {str(p.relative_to(ROOT)) for p in (ROOT / "corpus").rglob("*.md")}
    assert files <= asked, sorted(files - asked)


def test_items_name_real_gold_sentences_and_refusals_expect_nothing(splits):
    texts = {}
    for item in (i for items in splits.values() for i in items):
        assert item["kind"] in KINDS, item["id"]
        assert all((ROOT / s).is_file() for s in item["expected_sources"]), item["id"]
        if item["kind"] in ("unanswerable", "near_miss"):
            assert item["expected_sources"] == [] and item["must_include_any"] == [], item["id"]
        if item["kind"] == "partial":
            assert item["uncovered"], item["id"]
        for gold in item.get("gold", []):
            assert gold["source"] in item["expected_sources"], item["id"]
            text = texts.setdefault(gold["source"], (ROOT / gold["source"]).read_text(encoding="utf-8"))
            assert contains_evidence(text, gold["evidence"]), (item["id"], gold["evidence"][:60])


def test_a_partial_answer_is_credited_only_for_naming_what_is_missing():
    answer = "Git is a distributed version control system [1]. " + not_covered(["Perforce"])
    assert names_missing_part(answer, ["Perforce"])
    assert not names_missing_part("Git is a distributed version control system [1].", ["Perforce"])
    assert not names_missing_part(answer, ["Bazaar"])


def test_the_passage_added_for_coverage_counts_apart_from_the_k_retrieved(hashing):
    # Retrieval may add a sixth passage (retrieval.py): "@5" stays five, and the sixth is counted on its own.
    passages = tuple(Passage(Chunk(id=f"c{i}", source=f"s{i}.md", title="", section="", ordinal=0,
                                   text=f"Passage {i} says fact {i}."), score=1.0, dense_similarity=0.5)
                     for i in range(6))
    item = {"id": "x", "kind": "fact", "question": "Which fact?", "expected_sources": ["s5.md"],
            "must_include_any": [["fact 5"]], "gold": [{"evidence": "Passage 5 says fact 5."}]}
    answer = Answer(question="Which fact?", answer="Passage 5 says fact 5 [1].", refused=False,
                    backend="extractive", passages=passages)
    row = score_item(item, answer, hashing, k=5)
    assert not row["hit"] and not row["gold_retrieved"] and row["gold_retrieved_all"]
    assert score_item(item, answer, hashing, k=6)["gold_retrieved"]


def test_quality_on_the_test_split(report):
    m = report.metrics
    summary = json.dumps({k: v for k, v in m.items() if k != "by_kind"})
    assert m["items"] >= 150 and m["split"] == "test"
    # Measured on test 2026-12-07 (ninth session): hit 0.951, cited 0.746, accuracy 0.701 (0.668 before the
    # eighth session's two changes, 0.693 before the ninth's; near-ties move between runs), refusals 0.932,
    # false refusals 0.033, partial named 0.733 (11 of 15), supported 1.000 (docs/quality.md).
    assert m["hit@5"] >= 0.92, summary
    # Since the passage added for coverage (2026-12-08): cited 0.766, accuracy 0.750.
    assert m["gold_cited"] >= 0.74, summary
    assert m["answer_accuracy"] >= 0.71, summary
    assert m["refusal_accuracy"] >= 0.88, summary
    assert m["false_refusal_rate"] <= 0.05, summary
    assert m["partial_named"] >= 0.7, summary
    assert m["invalid_marker_answers"] == 0, summary
    assert m["supported_sentence_share"] >= 0.97, summary


def test_chart_is_written(report, tmp_path):
    path = tmp_path / "eval.png"
    write_chart(report, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
