"""Grading a learner's answer against a question's key points.

Per key point, credit blends meaning (MiniLM) and wording (the point's own words);
the score is the mean credit. Feedback names what is missing. With a checker (a chat
model measured to do it, checking.py), a point the model says the answer does not state
earns nothing, whatever its words.

Not here: choosing key points (interviewer.py), storing attempts (progress.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .. import prompts
from ..asking import analyse
from ..chunking import split_sentences
from ..terms import content_terms, stem, stems
from ..types import Grade, InterviewQuestion
from .checking import Checker, CheckFailed

# What the server reads of an answer, whatever the client sends (the browser's box stops
# at 4,000 characters; a script's request does not).
MAX_ANSWER_CHARS = 4000

# A point's credit blends meaning and wording, each measured on what the answer adds to the
# question (so restating the question earns nothing):
# - meaning: MiniLM cosine between the point and the answer's closest sentence or clause, both
#   with the question's own direction taken out of their vectors (a fluent answer about the
#   right subject but with the wrong facts keeps little once the subject is removed), less
#   however much that clause is closer to another key point (siblings sound alike);
# - wording: the share of the point's own words (beyond the question's and the other points')
#   that the answer says or says with a near synonym (word vectors at least SYNONYM apart).
# Credit rises linearly from LOW to HIGH of the blend; the score is the mean credit of the
# REQUIRED best-covered points. All chosen on tests/grading/dev.jsonl only (README, "Grading").
W_MEANING, W_WORDS = 0.5, 0.5
SYNONYM = 0.65
LOW, HIGH = 0.2, 0.35
# How many of a question's points a full answer states: its key points overlap (the corpus says
# things twice), and two distinct facts is what the hand grades of a full answer took.
REQUIRED = 2
COVERED = 0.5  # credit at which a point counts as covered
# With a checker (checking.py), the best-credited points are put to the model, best first, until
# REQUIRED are confirmed or CHECK_MOST asked: 2.2 questions an answer, 2.3 s p50 with the packaged 1.5B.
CHECK_MOST = 4
PARTLY = 0.25  # below COVERED but worth saying the answer touched on it
# An answer that is mostly the question's words and means nearly the same is an echo.
ECHO_NEW_SHARE, ECHO_COSINE = 0.35, 0.7

# A bare list of terms ("Airflow, DAGs, retries, Prefect") names things without saying anything
# about them: for a question that does not ask for a list, it keeps this share of its credit
# (hand grades of such answers: 5-10).
TERM_LIST_CREDIT = 0.25
_TERM_SPLIT = re.compile(r"[,;/\n]|\s+(?:and|or)\s+")

# "I don't know", "I'm not sure, I haven't set that up": a non-answer when little else is said
# and nothing is ventured ("Not sure, but I think a canary sends a small share first" is an answer).
_NO_ANSWER = re.compile(r"^\W*(i\s+(do\s*n[o'’]?t|dont)\s+(know|remember)|no\s+(idea|clue)|"
                        r"(i['’]?m\s+|i\s+am\s+)?not\s+sure|i\s+have\s+no\s+(idea|clue)|i\s+can['’]?t\s+(say|remember)|"
                        r"idk)\b", re.I)
NO_ANSWER_WORDS = 8  # content words at most, the phrase's own included
_VENTURED = re.compile(r"\b(?:but|think|guess|probably|maybe|perhaps|believe|would)\b", re.I)
# A bare "No.", "None", "Pass", "Skip", "n/a" (and nothing else) passes on the question.
_PASSES = re.compile(r"^\W*(?:no|none|pass|skip|n/?a|idk)\W*$", re.I)
_CLAUSE = re.compile(r"[;:]|, (?:and |but |so |because |which |while )?")


def point_credits(question: str, key_points: Sequence[str], answer: str, embedder) -> list[float]:
    """Credit 0..1 per key point for `answer` (see the constants above), from its words alone."""
    if not key_points:
        return []
    answer = answer.strip()
    if not answer or is_non_answer(answer) or is_echo(question, answer, embedder):
        return [0.0] * len(key_points)
    windows = _clauses(answer)
    vectors = embedder.embed([question, *key_points, *windows])
    q, points, said = vectors[0], vectors[1:1 + len(key_points)], vectors[1 + len(key_points):]
    meaning = _without(points, q) @ _without(said, q).T  # points × clauses
    synonyms = _word_matches(question, key_points, answer, embedder)
    out = []
    for k in range(len(key_points)):
        others = np.delete(meaning, k, axis=0)
        closer_elsewhere = np.clip(others.max(axis=0) - meaning[k], 0.0, None) if len(others) else 0.0
        blend = W_MEANING * max(float((meaning[k] - closer_elsewhere).max()), 0.0) + W_WORDS * synonyms[k]
        out.append(float(np.clip((blend - LOW) / (HIGH - LOW), 0.0, 1.0)))
    if terms_only(question, answer):
        out = [c * TERM_LIST_CREDIT for c in out]
    return out


def checked(key_points: Sequence[str], answer: str, credits: list[float], checker: Checker) -> list[float]:
    """The credits after the checker's word on the best-credited points (see CHECK_MOST): a point
    it says the answer does not state earns nothing. A checker that fails is not asked again."""
    credits = list(credits)
    confirmed = 0
    for asked, k in enumerate(sorted(range(len(credits)), key=lambda k: -credits[k])):
        if credits[k] <= 0 or confirmed >= REQUIRED or asked >= CHECK_MOST:
            break
        try:
            verdict = checker.states(key_points[k], answer)
        except CheckFailed:
            break
        if verdict is False:
            credits[k] = 0.0
        elif verdict:
            confirmed += 1
    return credits


def is_non_answer(answer: str) -> bool:
    """Says it does not know and ventures nothing, or only passes ("No.", "Skip")."""
    return bool(_PASSES.match(answer) or (_NO_ANSWER.match(answer) and not _VENTURED.search(answer)
                                          and len(content_terms(answer)) <= NO_ANSWER_WORDS))


def terms_only(question: str, answer: str) -> bool:
    """The answer only lists terms (three or more items of at most three words each, nothing
    else) and the question does not ask for a list."""
    items = [i.strip() for i in _TERM_SPLIT.split(answer.strip().rstrip(".!")) if i.strip()]
    return len(items) >= 3 and all(len(i.split()) <= 3 for i in items) and analyse(question).type != "list"


def score_of(credits: Sequence[float]) -> int:
    """0–100: the mean credit of the REQUIRED best-covered points."""
    if not credits:
        return 0
    best = sorted(credits, reverse=True)[:REQUIRED]
    return round(100 * sum(best) / len(best))


def is_echo(question: str, answer: str, embedder) -> bool:
    """The answer only restates the question ("You want me to walk through the three levels…")."""
    said = stems(answer)
    new = said - stems(question)
    if not new:
        return True
    if len(new) >= ECHO_NEW_SHARE * len(said):
        return False
    q, a = embedder.embed([question, answer])
    return float(q @ a) >= ECHO_COSINE


def _clauses(text: str) -> list[str]:
    """The answer's sentences, their clauses, and the whole answer: where a point may be said."""
    sentences = [s for s in split_sentences(text) if content_terms(s)] or [text]
    parts = [p.strip() for s in sentences for p in _CLAUSE.split(s) if len(content_terms(p)) >= 3]
    return list(dict.fromkeys([*sentences, *parts, text]))


def _without(vectors: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Rows with their component along `direction` removed, re-normalised (what they add to it)."""
    rest = np.atleast_2d(vectors) - np.outer(np.atleast_2d(vectors) @ direction, direction)
    return rest / np.maximum(np.linalg.norm(rest, axis=1, keepdims=True), 1e-6)


def _word_matches(question: str, key_points: Sequence[str], answer: str, embedder) -> list[float]:
    """Per point, the share of its own words the answer says, or says with a near synonym."""
    asked = stems(question)
    answer_words = [w for w in content_terms(answer) if stem(w) not in asked]
    if not answer_words:
        return [0.0] * len(key_points)
    said = embedder.embed(answer_words)
    point_words = [[w for w in content_terms(p) if stem(w) not in asked] for p in key_points]
    out = []
    for k, words in enumerate(point_words):
        others = {stem(w) for j, ws in enumerate(point_words) if j != k for w in ws}
        own = [w for w in words if stem(w) not in others] or words
        out.append(float(np.mean((embedder.embed(own) @ said.T).max(axis=1) >= SYNONYM)) if own else 0.0)
    return out


def grade(question: InterviewQuestion, answer: str, embedder, checker: Checker | None = None) -> Grade:
    """The learner's `answer` scored against the question's key points, with feedback."""
    answer = (answer or "")[:MAX_ANSWER_CHARS]
    points = question.key_points + question.accepted
    worded = point_credits(question.question, points, answer, embedder)
    credits = checked(points, answer, worded, checker) if checker else worded
    score = score_of(credits)
    covered = tuple(p for p, c in zip(points, credits) if c >= COVERED)
    # What to add next: the checklist's points not covered, best-ranked first (none once the score is full).
    missed = () if score >= 100 else tuple(p for p, c in zip(question.key_points, credits) if c < COVERED)
    partly = sum(PARTLY <= c < COVERED for c in credits)
    needed = min(REQUIRED, len(points))
    feedback = prompts.grade_feedback(score, min(len(covered), needed), needed, _cited(question, missed[0])
                                      if missed else "", partly, answered=bool(answer.strip()),
                                      terms_only=terms_only(question.question, answer),
                                      doubted=sum(w >= PARTLY and not c for w, c in zip(worded, credits)))
    return Grade(question=question.question, answer=answer, score=score, covered=covered, missed=missed,
                 feedback=feedback, model_answer=question.model_answer, citations=question.citations)


def _cited(question: InterviewQuestion, point: str) -> str:
    """A key point with the marker of the passage it is quoted from (the model answer carries them)."""
    for sentence in split_sentences(question.model_answer):
        marker = re.search(r"\[(\d+)\]", sentence)
        if marker and point.rstrip(".") in sentence:
            return f"{point} [{marker.group(1)}]"
    return point
