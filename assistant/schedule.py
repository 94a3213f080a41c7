"""The SM-2 review schedule: when a question comes back, from how well it was answered.

SM-2 (the SuperMemo 2 algorithm Anki grew from) rather than Leitner boxes because grades
here are scores, not pass/fail: SM-2 turns the 0–100 score into a 0–5 quality, so a shaky
pass (60) comes back sooner than a clean one (95), and an item that keeps going badly gets
a lower ease and stays frequent. A failed item (score < 60) returns after 10 minutes —
Anki's first relearning step — so it is always sooner than any pass (≥ 1 day).

Not here: storing schedules (progress.py).
"""

from __future__ import annotations

from dataclasses import dataclass

DAY = 86_400.0
RELEARN_SECONDS = 600.0  # a failed item comes back in 10 minutes (Anki's first learning step)
PASS_QUALITY = 3  # SM-2: quality 3 or more is a pass


@dataclass(frozen=True)
class Schedule:
    repetitions: int = 0  # passes in a row
    interval_days: float = 0.0
    ease: float = 2.5  # SM-2's starting ease factor
    due_at: float = 0.0


def quality(score: int) -> int:
    """SM-2 quality 0–5 from a 0–100 score: 90+ → 5, 75+ → 4, 60+ → 3 (pass), 40+ → 2, 20+ → 1."""
    return next((q for q, floor in ((5, 90), (4, 75), (3, 60), (2, 40), (1, 20)) if score >= floor), 0)


def next_schedule(state: Schedule, score: int, now: float) -> Schedule:
    """SM-2: 1 day, then 6 days, then the last interval times the ease; a fail starts over in 10 minutes."""
    q = quality(score)
    ease = max(1.3, state.ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
    if q < PASS_QUALITY:
        return Schedule(repetitions=0, interval_days=0.0, ease=ease, due_at=now + RELEARN_SECONDS)
    repetitions = state.repetitions + 1
    interval = 1.0 if repetitions == 1 else 6.0 if repetitions == 2 else round(state.interval_days * ease, 1)
    return Schedule(repetitions=repetitions, interval_days=interval, ease=ease, due_at=now + interval * DAY)
