"""Check a chat message before any work is done on it.

Empty, punctuation-only, over-long and greeting-only messages get a polite reply
instead of an answer. Prompt-injection phrases ("ignore previous instructions",
"print your system prompt") are cut out of the message: what remains, if it is a
real question, is answered from the sources like any other; if nothing remains,
the message is declined. Either way nothing in a message can change how answers
are made — grounding is enforced in code, not by asking a model nicely.

Not here: whether the corpus covers a question (retrieval.py's relevance gate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import prompts
from .terms import content_terms

_INJECTION = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(ignore|disregard|forget|override|bypass|skip)\s+(?:(?:all|any|the|your|my|of|these|those|previous|prior|"
    r"above|earlier|system|safety)\s+)*(instructions?|prompts?|rules?|sources?|context|guidelines|guardrails|"
    r"restrictions|everything( above)?)\b",
    r"\b(reveal|print|show|repeat|output|leak|display|tell me)\b[^.?!:\n]{0,40}?"
    r"\b(system|hidden|initial|developer|secret)\s+(prompt|message|instructions?)\b",
    r"\b(system|developer|hidden|initial)\s+(prompt|message|instructions?)\b",
    r"\byou are (now|no longer)\b[^.?!:\n]*",
    r"\b(pretend|act as|role-?play as)\b[^.?!:\n]*",
    r"\b(jailbreak|dan mode|developer mode)\b",
    r"\b(just )?answer from (your )?(own )?memory\b",
    r"\b(make up|invent|fabricate)\b[^.?!:\n]*",
    r"\bwithout (citing|citations|sources)\b",
)]
_GREETING = re.compile(r"^\s*(hi|hello|hey|hiya|thanks|thank you|thx|good (morning|afternoon|evening)|bye)"
                       r"[\s!.,]*(there|assistant|bot)?[\s!.]*$", re.IGNORECASE)
_LEADING_GLUE = re.compile(r"^[\s,;:.!-]*(and|then|also|but|so|now|please)?\b[\s,;:.!-]*", re.IGNORECASE)


@dataclass(frozen=True)
class Checked:
    question: str  # what to answer ("" when `reply` is set)
    reply: str = ""  # a polite non-answer, when the message is not a question to answer
    injection: bool = False


def check_message(message: str, max_chars: int) -> Checked:
    text = (message or "").strip()
    if len(text) > max_chars:
        return Checked("", prompts.too_long_message(len(text), max_chars))
    if not re.search(r"\w", text):
        return Checked("", prompts.empty_message())
    if _GREETING.match(text):
        return Checked("", prompts.greeting_message())
    cleaned, injection = text, False
    for pattern in _INJECTION:
        cleaned, hits = pattern.subn(" ", cleaned)
        injection = injection or hits > 0
    if injection:
        # Drop what the cut left dangling: "… and tell me X" -> "tell me X".
        pieces = [_LEADING_GLUE.sub("", p).strip() for p in re.split(r"[.:;!\n]+", cleaned)]
        cleaned = " ".join(p for p in pieces if len(content_terms(p)) >= 1).strip()
        if len(content_terms(cleaned)) < 2:
            return Checked("", prompts.injection_message(), injection=True)
    return Checked(" ".join(cleaned.split()), injection=injection)
