"""Grading a learner's answer against a question's key points.

Per key point, credit blends meaning (MiniLM) and wording (the point's own words);
the score is the mean credit. Feedback names what is missing.

Not here: choosing key points (interviewer.py), storing attempts (progress.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .. import prompts
from ..chunking import split_sentences
from ..terms import content_terms, stems
from ..types import Grade, InterviewQuestion

# What the server reads of an answer, whatever the client sends (the browser's box stops
# at 4,000 characters; a script's request does not).
MAX_ANSWER_CHARS = 4000

# A key point's credit blends meaning and wording (see point_credits): MiniLM cosine between
# the point and the answer's closest sentence, and the share of the point's own words the
# answer uses; credit rises linearly from LOW to HIGH of the blend. Measured on the real
# corpus: a point quoted verbatim blends to 1.0; a learner's paraphrase of a point 0.4–0.6
# (credit 0.5–1); a sentence about a sibling point ("data drift" for "concept drift") or an
# on-topic platitude below 0.3 (credit ≤ 0.25); "I don't know" or an off-topic answer 0.
W_MEANING, W_WORDS = 0.5, 0.5
LOW, HIGH = 0.2, 0.6
COVERED = 0.5  # credit at which a point counts as covered
PARTLY = 0.25  # below COVERED but worth saying the answer touched on it

_NO_ANSWER = re.compile(r"^\W*(i\s+(do\s*n[o']?t|dont)\s+know|no\s+idea|not\s+sure|idk|pass|skip|no|none|n/?a)\W*$",
                        re.I)


def point_credits(question: str, key_points: Sequence[str], answer: str, embedder) -> list[float]:
    """Credit 0..1 per key point for `answer`. Adding text to an answer never lowers a credit.

    Key points of one question often sound alike ("Data drift is a change in …", "Concept
    drift is a change in …"), so a point is credited for what sets it apart: an answer
    sentence counts towards the point it is closest to (its similarity to this point loses
    however much it is closer to another), and only the point's own words (those no other
    key point uses) count as wording.
    """
    if not key_points:
        return []
    answer = answer.strip()
    asked = stems(question)
    said = stems(answer)
    if not answer or _NO_ANSWER.match(answer) or not (said - asked):
        return [0.0] * len(key_points)  # nothing beyond the question's own words
    units = [s for s in split_sentences(answer) if content_terms(s)] or [answer]
    vectors = embedder.embed(list(key_points) + units)
    cosine = np.clip(vectors[: len(key_points)] @ vectors[len(key_points):].T, 0.0, 1.0)  # points × sentences
    words = [stems(p) - asked or stems(p) for p in key_points]
    out = []
    for k, own in enumerate(words):
        others = np.delete(cosine, k, axis=0)
        closer_elsewhere = np.clip(others.max(axis=0) - cosine[k], 0.0, None) if len(others) else 0.0
        meaning = float((cosine[k] - closer_elsewhere).max())
        distinct = own - set().union(*(w for j, w in enumerate(words) if j != k)) or own
        share = len(distinct & said) / len(distinct)
        blend = W_MEANING * max(meaning, 0.0) + W_WORDS * share
        out.append(float(np.clip((blend - LOW) / (HIGH - LOW), 0.0, 1.0)))
    return out


def grade(question: InterviewQuestion, answer: str, embedder) -> Grade:
    """The learner's `answer` scored against the question's key points, with feedback."""
    answer = (answer or "")[:MAX_ANSWER_CHARS]
    credits = point_credits(question.question, question.key_points, answer, embedder)
    covered = tuple(p for p, c in zip(question.key_points, credits) if c >= COVERED)
    missed = tuple(p for p, c in zip(question.key_points, credits) if c < COVERED)
    score = round(100 * sum(credits) / len(credits)) if credits else 0
    partly = sum(PARTLY <= c < COVERED for c in credits)
    feedback = prompts.grade_feedback(score, len(covered), len(question.key_points), missed[0] if missed else "",
                                      partly, answered=bool(answer.strip()))
    return Grade(question=question.question, answer=answer, score=score, covered=covered, missed=missed,
                 feedback=feedback, model_answer=question.model_answer, citations=question.citations)
