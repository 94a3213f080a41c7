"""How answers, questions, grades and times read, in a terminal and in the app.

The command line prints these as plain text; the app's panels use the same
wording (ui/markup.py shows documents' text there as text and highlights what an answer quotes).

Not here: the app's components (ui/) or the JSON shapes (types.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from .types import Answer, Citation, Grade, InterviewQuestion


def where(citation: Citation, separator: str = " — ") -> str:
    """The file a citation comes from, and its section if it has one."""
    return f"{citation.source}{separator}{citation.section}" if citation.section else citation.source


def when(timestamp: float, now: float | None = None) -> str:
    """A due time as a learner says it: "in 10 minutes", "in 6 days"."""
    seconds = timestamp - (time.time() if now is None else now)
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} minutes"
    days = round(seconds / 86400)
    return f"in {days} day{'s' if days != 1 else ''}"


def short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_answer(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        lines += [f"[{c.n}] {c.title} ({where(c)})" for c in answer.citations]
    lines.append(f"\n({answer.backend}, {answer.latency_ms:.0f} ms)")
    return "\n".join(lines)


def format_questions(topic: str, questions: Sequence[InterviewQuestion]) -> str:
    if not questions:
        return f"No questions could be written on \"{topic}\"."
    lines = []
    for number, q in enumerate(questions, 1):
        lines.append(f"{number}. ({q.type}) {q.question}")
        lines.append("   A good answer covers:")
        lines.extend(f"   - {point}" for point in q.key_points)
        lines.append("   Sources: " + "; ".join(f"[{c.n}] {c.title}" + (f" — {c.section}" if c.section else "")
                                              for c in q.citations))
        lines.append("")
    return "\n".join(lines).rstrip()


def format_grade(grade: Grade) -> str:
    lines = [f"Score: {grade.score}/100. {grade.feedback}"]
    if grade.covered:
        lines += ["", "Covered:"] + [f"  + {p}" for p in grade.covered]
    if grade.missed:
        lines += ["", "Missed:"] + [f"  - {p}" for p in grade.missed]
    lines += ["", f"Model answer: {grade.model_answer}", ""]
    lines += [f"[{c.n}] {c.title} ({where(c)})" for c in grade.citations]
    return "\n".join(lines)
