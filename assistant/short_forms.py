"""Short forms the corpus spells out: "The Population Stability Index (PSI) bins a feature…".

MiniLM reads "explain psi" or "tfx?" as nearly nothing (0.18 and 0.28 from their own
definitions, under the relevance gate's 0.3), while the corpus says once what the letters
stand for. Those pairs are read from the passages — a parenthesised short form of two or
more capitals after the words it abbreviates — and a question the gate would decline is
looked up again with its short forms spelled out ("explain psi (Population Stability
Index)"). The quoter also reads every question with its short forms spelled out, beside the
question as typed, so "what does CT mean?" quotes "Continuous training (CT) is…" before
"Common CT triggers…". Only rare short forms are kept: MiniLM knows "ML" and "AWS", and
spelling those out in every retrieval moved answers that were right (dev split).

Not here: the gate itself (live_index.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SMALL = {"of", "and", "for", "the", "to", "in", "on", "a", "an", "as"}
# "(PSI)" after the words it stands for: up to 8 words before it are searched from the end for its letters.
_DEFINED = re.compile(r"(?<=\s)\(([A-Za-z][A-Za-z0-9&]{1,7})\)")
_WORDS_BEFORE = 8
_PARTS = re.compile(r"[-–/]")
_WORD = re.compile(r"\b[\w/&]+\b")


def spelled_out(texts: Iterable[str]) -> dict[str, str]:
    """Lower-cased short form -> the words it stands for, as the texts first spell it out."""
    out: dict[str, str] = {}
    for text in texts:
        for match in _DEFINED.finditer(text):
            short = match.group(1)
            if sum(ch.isupper() for ch in short) < 2 or short.lower() in out:
                continue
            words = re.findall(r"[\w/&–-]+", text[max(0, match.start() - 200):match.start()])[-_WORDS_BEFORE:]
            long = _long_form(short, words)
            if long:
                out[short.lower()] = long
    return out


def _long_form(short: str, words: list[str]) -> str:
    """The fewest last `words` that spell `short` (Schwartz and Hearst's test: its letters in order,
    the first at the start of the first word), counting hyphenated parts as words."""
    for n in range(1, min(len(words), len(short) + 2) + 1):
        tail = words[-n:]
        if tail[0].lower() in _SMALL or tail[0][0].lower() != short[0].lower():
            continue
        parts = [p for w in tail if w.lower() not in _SMALL for p in _PARTS.split(w) if p]
        if len(parts) >= min(len(short), 2) and _spells(short, " ".join(tail)):
            return " ".join(tail)
    return ""


def _spells(short: str, long: str) -> bool:
    letters, long = [ch.lower() for ch in short if ch.isalnum()], long.lower()
    at = len(long) - 1
    for j in range(len(letters) - 1, -1, -1):
        while at >= 0 and (long[at] != letters[j] or (j == 0 and at > 0 and long[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def spell_out(text: str, forms: dict[str, str]) -> str:
    """`text` with each short form of `forms` followed by its words, unless the text already says them."""
    def spelled(match: re.Match) -> str:
        word = match.group()
        long = forms.get(word.lower())
        return f"{word} ({long})" if long and long.lower() not in text.lower() else word

    return _WORD.sub(spelled, text)
