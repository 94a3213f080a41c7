"""Questions worded by a chat model, and the checks that keep only good ones.

Small models copy their few-shot examples into other topics, ask about a whole
topic, or drift off the passages (measured with the packaged 0.5B model: 1 of 26
of its questions passed), so a model's question is kept only when it is one
question ending in "?", shares its key terms with the passages, copies no
example, says more than the topic's title, puts the candidate in a scenario or
career question, and repeats no earlier question; otherwise the quick writer
(writing.py) words it.

Not here: the prompts (prompts.py) or choosing key points (interviewer.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .. import prompts
from ..logs import Log
from ..terms import jaccard, stems
from .topics import Seed


def model_question(chat_model: Any, label: str, seed: Seed, kind: str, taken: Sequence[str], log: Log) -> str | None:
    """The model's question on the seed's section, or None (the model failed, or its question did not pass)."""
    from langchain_core.messages import HumanMessage, SystemMessage

    numbered = [(i + 1, p.chunk.heading, p.chunk.text) for i, p in enumerate(seed.passages[:2])]
    try:
        reply = chat_model.invoke([SystemMessage(prompts.QUESTION_SYSTEM),
                                   HumanMessage(prompts.question_user_message(kind, label, numbered, list(taken)))],
                                  stop=["\n"])  # one line is one question; more is waiting time
    except Exception as exc:  # a server down must not cost the learner a question
        log(f"the model could not write a question ({type(exc).__name__}: {exc}); writing one from the passages")
        return None
    text = clean_model_question(str(reply.content))
    titles = " ".join({f"{p.chunk.title} {p.chunk.section}" for p in seed.passages} | {label})
    problem = question_problem(text, " ".join(p.chunk.text for p in seed.passages), taken, titles, kind)
    if problem:
        log(f"model question rejected ({problem}): {text[:120]!r}")
        return None
    return text


def clean_model_question(reply: str) -> str:
    """The question in a model's reply: its first non-empty line, without labels or quotes."""
    for line in reply.strip().splitlines():
        line = re.sub(r"^\s*(?:\d+[.)]\s*|[-*•]\s*|(?:question|q|type|scenario|concept|career)\s*[:.]\s*)+", "",
                      line, flags=re.I)
        line = line.strip().strip('"“”\'').strip()
        if line:
            return " ".join(line.split())
    return ""


def question_problem(text: str, passage_text: str, taken: Sequence[str], titles: str = "",
                     kind: str = "concept") -> str:
    """Why a model's question cannot be used ("" if it can). `titles`: the passages' title and headings."""
    if not text.endswith("?") or text.count("?") > 2:
        return "not a single question ending in '?'"
    if not 4 <= len(text.split()) <= 45:
        return "too short or too long"
    if kind in ("scenario", "career") and not re.search(r"\b(you|your)\b", text, re.I):
        return f"not a {kind} question: it does not put the candidate in it"
    if prompts.MODEL_SENTINEL.lower() in text.lower():
        return "the model said the passages do not cover it"
    mine, theirs = stems(text) - _INTERVIEW_WORDS, stems(passage_text)
    if len(mine & theirs) < 2 or len(mine & theirs) < 0.5 * len(mine):
        return "shares too few key terms with the passages"  # about something they do not say
    if _copies_an_example(text):
        return "copies the prompt's example"
    if titles and mine <= stems(titles):
        return "only names the topic"  # "What is model monitoring and drift?" asks for an essay, not a point
    if is_duplicate(text, taken):
        return "repeats an earlier question"
    return ""


# Words any interview question may use without the passages saying them.
_INTERVIEW_WORDS = stems("scenario interview candidate describe example explain approach handle ensure key common "
                         "challenges steps first would should team production situation result project time")


def _copies_an_example(text: str, n: int = 6) -> bool:
    """Shares a run of `n` words with a few-shot example (small models copy them)."""
    def grams(t: str) -> set:
        words = re.findall(r"\w+", t.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    mine = grams(text)
    return any(mine & grams(f"{passage} {question}") for _, passage, question in prompts.QUESTION_EXAMPLES)


def is_duplicate(question: str, taken: Sequence[str]) -> bool:
    """Same question in other words: most of its content words already asked together."""
    mine = stems(question)
    for other in taken:
        theirs = stems(other)
        if question.strip().lower() == other.strip().lower():
            return True
        if jaccard(mine, theirs) >= 0.8:
            return True
    return False
