"""`python -m assistant` as scripts use it: JSON contracts, JSONL streams, first-use build."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

from conftest import ROOT

from assistant.commands import answer_lines


def cli(env, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=env, cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=300)


def small_env(tmp_path, corpus):
    return {**os.environ, "ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_CORPUS": str(corpus),
            "ASSISTANT_EMBEDDINGS": "hashing", "ASSISTANT_BACKEND": "extractive"}


def test_ask_builds_a_missing_index_then_answers_in_json(tmp_path, small_corpus):
    result = cli(small_env(tmp_path, small_corpus), "ask", "What is a canary release?", "--json")
    assert result.returncode == 0, result.stderr
    assert "building the index" in result.stderr
    data = json.loads(result.stdout)
    assert data["question"] == "What is a canary release?" and data["refused"] is False
    assert "[1]" in data["answer"] and data["citations"][0]["source"] == f"{small_corpus.name}/canary.md"


def test_plain_ask_prints_answer_and_sources_and_exits_1_when_declined(tmp_path, small_corpus):
    env = small_env(tmp_path, small_corpus)
    answered = cli(env, "ask", "What is a canary release?")
    assert answered.returncode == 0 and "[1] Canary releases" in answered.stdout
    declined = cli(env, "ask", "How do I bake sourdough bread?")
    assert declined.returncode == 1 and "not in my sources" in declined.stdout
    usage = cli(env, "ask")
    assert usage.returncode == 2 and "QUESTION" in usage.stderr  # a usage message, not a traceback


def test_jsonl_answers_each_line_and_reports_bad_lines_without_stopping(assistant):
    lines = ['{"id": 1, "question": "What is a feature store?"}',
             "this is not json",
             '{"id": "x", "text": "no question field"}',
             '["a", "list"]',
             "",
             '{"id": 2, "question": "Who won the 2018 FIFA World Cup?"}']
    out = io.StringIO()
    answer_lines(assistant, lines, out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 5
    assert results[0]["id"] == 1 and not results[0]["refused"] and results[0]["citations"]
    assert "error" in results[1] and results[1]["line"] == 2
    assert results[2]["id"] == "x" and "question" in results[2]["error"]
    assert "error" in results[3]
    assert results[4]["id"] == 2 and results[4]["refused"] is True


def test_jsonl_from_stdin_through_the_real_command(tmp_path, small_corpus):
    stdin = b'{"id": "a", "question": "What is data drift?"}\nnot json\n{"id": "b", "question": "caf\xe9"}\n'
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "--jsonl", "-"],
                            env=small_env(tmp_path, small_corpus), cwd=ROOT, input=stdin, capture_output=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    first, second, third = (json.loads(line) for line in result.stdout.splitlines())
    assert first["id"] == "a" and "drift" in first["answer"].lower()
    assert "error" in second
    assert "not UTF-8" in third["error"] and third["line"] == 3


def test_jsonl_file_that_cannot_be_read_is_a_usage_error(tmp_path, small_corpus):
    result = cli(small_env(tmp_path, small_corpus), "ask", "--jsonl", str(tmp_path / "missing.jsonl"))
    assert result.returncode == 2 and "cannot read" in result.stderr and "Traceback" not in result.stderr


def test_eval_json_reports_every_metric(tmp_path, small_corpus):
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(json.dumps(item) for item in [
        {"id": "1", "question": "What is a canary release?", "kind": "concept",
         "expected_sources": [f"{small_corpus.name}/canary.md"], "must_include_any": [["traffic"]]},
        {"id": "2", "question": "How do I bake sourdough bread?", "kind": "unanswerable",
         "expected_sources": [], "must_include_any": []}]) + "\n")
    chart = tmp_path / "eval.png"
    result = cli(small_env(tmp_path, small_corpus), "eval", "--qa", str(qa), "--json", "--chart", str(chart))
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    for key in ("hit@5", "mrr", "answer_accuracy", "false_refusal_rate", "refusal_accuracy",
                "marker_validity", "supported_sentence_share", "latency_p50_ms", "latency_p95_ms"):
        assert key in metrics
    assert metrics["items"] == 2 and chart.stat().st_size > 0


def test_interview_json_contract_plain_output_and_usage_errors(tmp_path, small_corpus):
    env = small_env(tmp_path, small_corpus)
    result = cli(env, "interview", "--topic", "Canary releases", "--n", "2", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["topic"] == "Canary releases" and len(data["questions"]) == 2
    for q in data["questions"]:
        assert set(q) == {"question", "type", "key_points", "citations"}
        assert q["question"].endswith("?") and q["type"] in ("concept", "scenario", "career") and q["key_points"]
        assert q["citations"][0]["source"] == f"{small_corpus.name}/canary.md" and q["citations"][0]["text"]
    plain = cli(env, "interview", "--topic", "data drift", "--type", "scenario", "--n", "1")
    assert plain.returncode == 0 and "1. (scenario)" in plain.stdout and "A good answer covers:" in plain.stdout
    declined = cli(env, "interview", "--topic", "sourdough baking")
    assert declined.returncode == 1 and "not in my sources" in declined.stdout
    for bad in (["--topic", "Canary releases", "--n", "0"], ["--topic", " "], ["--topic", "x", "--type", "trivia"]):
        usage = cli(env, "interview", *bad)
        assert usage.returncode == 2 and "Traceback" not in usage.stderr, bad


def test_grade_json_contract_records_the_attempt_and_declines_uncovered_questions(tmp_path, small_corpus):
    env = small_env(tmp_path, small_corpus)
    answer = "A canary release sends a small share of live traffic to the new model version first."
    result = cli(env, "grade", "--question", "What is a canary release?", "--answer", answer, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"score", "covered", "missed", "feedback", "model_answer", "citations"} <= set(data)
    assert 0 <= data["score"] <= 100 and answer in data["covered"] and "[1]" in data["model_answer"]
    assert data["citations"][0]["n"] == 1 and data["refused"] is False
    empty = json.loads(cli(env, "grade", "--question", "What is a canary release?", "--answer", "", "--json").stdout)
    assert empty["score"] == 0 and not empty["covered"]
    declined = cli(env, "grade", "--question", "How do I bake sourdough bread?", "--answer", "Flour and water.")
    assert declined.returncode == 1 and "not in my sources" in declined.stdout
    as_json = json.loads(cli(env, "grade", "--question", "How do I bake sourdough bread?", "--answer", "x",
                             "--json").stdout)
    assert as_json["refused"] is True and as_json["score"] is None
    review = cli(env, "review", "--json", "--csv", str(tmp_path / "anki.csv"))
    assert review.returncode == 0, review.stderr
    [item] = json.loads(review.stdout)["scheduled"]  # one question, answered twice
    assert item["question"] == "What is a canary release?" and item["last_score"] == 0
    assert item["due_at"] - time.time() < 11 * 60  # the empty answer failed: back in 10 minutes
    assert "#columns:Front,Back,Tags" in (tmp_path / "anki.csv").read_text()
