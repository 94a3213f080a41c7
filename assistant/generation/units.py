"""What can be quoted from a passage: sentences that stand on their own, whole lists, table rows.

A sentence is quotable when it reads on its own (no heading, question, fragment,
or opening pronoun whose referent was left behind). Many answers are not
sentences at all: "which tools…?" is answered by a bulleted list, "which tool
goes with testing?" by a table row. A list becomes one unit with its lead-in
("Certifications: A; B; C."), a table row one unit that names its columns
("Testing — Tools: PyTest."). Each unit keeps the text it came from, so the
sources panel can highlight exactly that.

Not here: scoring units against a question (extractive.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..chunking import split_sentences
from ..prompts import as_data
from ..terms import stems
from ..types import Passage

# First words that leave a quoted sentence dangling: its subject is in a sentence we did not quote.
_DANGLING = {"it", "this", "these", "that", "those", "they", "them", "he", "she", "such", "its",
             "their", "here", "both", "each", "another", "former", "latter"}
# Sentences about the text rather than the subject.
_FILLER = re.compile(r"^(let[’']s|let us|in this (article|guide|section)|this article|in conclusion|in summary|"
                     r"in essence|to sum up|read on|below is|the following)\b", re.I)
_LIST_ITEM = re.compile(r"^(?:[-*•+]|\d+[.)])\s+\S")
_LIST_MARK = re.compile(r"^(?:[-*•+]\s+|\d+[.)]\s+|[A-Z]:\s+)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_LINK = re.compile(r"^(?:<?https?://|www\.)\S*>?$")  # a bare address: further reading, not an answer
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")
_FACT = re.compile(r"\$?\d[\d,.]*%?|\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b|\b[A-Z][a-z]+\b")

KINDS = ("sentence", "list", "row")


@dataclass(frozen=True)
class Unit:
    text: str  # cleaned for display
    original: str  # as it appears in the passage (for highlighting)
    passage_rank: int
    position: int  # line or sentence number within the passage: the author's order
    stems: frozenset
    kind: str = "sentence"  # one of KINDS
    meta: bool = False  # interview-advice sentences ("Interviewers often ask…")

    @property
    def facts(self) -> set[str]:
        """Numbers and names in the unit: two units alike but for these say different things."""
        return set(_FACT.findall(self.text)) - {self.text.split()[0]}


def clean(text: str) -> str:
    """Display text: no list mark or emphasis, and no "[n]" a document planted to pass for a citation."""
    return as_data(_EMPHASIS.sub("", _LIST_MARK.sub("", text.strip())).strip())


def quotable(sentence: str) -> str | None:
    """The sentence cleaned for quoting, or None if it cannot stand on its own."""
    text = clean(sentence)
    if not text or text.startswith(("|", "#")) or text.count(" | ") >= 2 or text.endswith(("?", ":", ",", ";")):
        return None
    words = text.split()
    if not 6 <= len(words) <= 70 or not text[0].isupper():
        return None
    if text[-1] not in ".!\"”')":
        return None
    if words[0].lower().strip(",") in _DANGLING or _FILLER.match(text):
        return None
    return text


def passage_units(passages: tuple[Passage, ...]) -> list[Unit]:
    """Every quotable sentence, list and table row of the passages, each once."""
    seen: set[str] = set()
    out: list[Unit] = []
    for rank, passage in enumerate(passages):
        text, section = passage.chunk.text, passage.chunk.section.lower()
        found = [(shown, original, n, "sentence") for n, (shown, original) in enumerate(sentence_units(text))]
        found += [(shown, original, line, "list") for shown, original, line in list_units(text)]
        found += [(shown, original, line, "row") for shown, original, line in table_rows(text)]
        for shown, original, position, kind in found:
            if not shown or shown.lower() in seen:
                continue
            seen.add(shown.lower())
            meta = "interview" in section or shown.startswith(("Interviewers", "Candidates"))
            out.append(Unit(shown, original, rank, position, frozenset(stems(shown)), kind, meta))
    return out


def sentence_units(text: str) -> list[tuple[str | None, str]]:
    """(display text or None, original text) for each sentence of `text`. A sentence that
    opens with a pointing word ("These practices enable…", "This allows…") is quoted together
    with the sentence before it, which holds what it points at: in the same paragraph, or
    ending the paragraph just above (articles written one sentence to a paragraph)."""
    sentences = split_sentences(text)
    out: list[tuple[str | None, str]] = []
    for n, sentence in enumerate(sentences):
        shown, original = quotable(sentence), sentence.strip()
        if shown is None and n and _points_back(sentence):
            pair = _adjacent(text, sentences[n - 1], sentence)
            previous = sentences[n - 1].rstrip()
            if pair and _ends_prose(text, pair, previous) and not _points_back(previous):
                shown, original = quotable(" ".join(pair.group().split())), pair.group()
        out.append((shown, original))
    return out


def _ends_prose(text: str, pair: re.Match, previous: str) -> bool:
    """The pair's first sentence can be pointed at: on the same line, any sentence not ending in
    "?" or ":"; across a line break, only one that ends a prose line with a full stop (not a
    heading, list item, table row or a label such as "**Why versioning matters**")."""
    if "\n" not in pair.group():
        return not previous.endswith(("?", ":"))
    line = text[text.rfind("\n", 0, pair.start()) + 1:].lstrip()
    return (not _LIST_MARK.match(line) and not line.startswith(("#", "|"))
            and previous.endswith((".", "!", '"', "”", ")")))


def _points_back(sentence: str) -> bool:
    words = clean(sentence).split()
    return bool(words) and words[0].lower().strip(",") in _DANGLING


def _adjacent(text: str, previous: str, sentence: str) -> re.Match | None:
    """Where `previous` and `sentence` stand together in `text`, if one follows the other on one
    line or after one paragraph break."""
    return re.search(re.escape(previous.strip()) + r"[ \t]*(?:\n[ \t]*){0,2}" + re.escape(sentence.strip()), text)


def table_rows(text: str) -> list[tuple[str, str, int]]:
    """Each body row of a Markdown table as "First cell — Header: cell; Header: cell."

    (display text, original line, line number) triples; a table cut from its header
    row by a chunk boundary gives its cells joined without names."""
    lines = text.splitlines()
    rows, header = [], None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("|"):
            header = None
            continue
        if _TABLE_RULE.match(stripped):
            continue
        cells = [clean(c) for c in stripped.strip("|").split("|")]
        if header is None and number + 1 < len(lines) and _TABLE_RULE.match(lines[number + 1].strip()):
            header = cells
            continue
        if len(cells) < 2 or not all(cells):
            continue
        names = header if header and len(header) == len(cells) else [""] * len(cells)
        rest = "; ".join(f"{name}: {cell}" if name else cell for name, cell in zip(names[1:], cells[1:]))
        shown = f"{cells[0]} — {rest.rstrip('.')}."
        if 4 <= len(shown.split()) <= 80:
            rows.append((shown, line.strip(), number))
    return rows


def list_units(text: str) -> list[tuple[str, str, int]]:
    """Each Markdown list of 2+ items as one quotable unit, with its lead-in line if it has one.

    "Which skills…?" is often answered by a list whose items are not sentences. An
    item ending in ":" that heads an indented sub-list becomes the lead-in of its
    own unit ("Certifications and Education: A; B."). Returns (display text,
    original text, line number) triples.
    """
    lines = text.splitlines()
    units = []

    def emit(lead: str, items: list[str], first: int, last: int) -> None:
        items = [x for x in (clean(x).rstrip(".;") for x in items) if x and not _LINK.match(x)]
        if len(items) >= 2 and sum(len(x.split()) for x in items) <= 120:
            body = "; ".join(items) + "."
            lead = clean(lead)
            display = f"{lead} {body}" if lead else body[0].upper() + body[1:]
            units.append((display, "\n".join(lines[first:last]), first))

    i = 0
    while i < len(lines):
        if not _LIST_ITEM.match(lines[i].strip()):
            i += 1
            continue
        start = i
        while i < len(lines) and _LIST_ITEM.match(lines[i].strip()):
            i += 1
        block = lines[start:i]
        depth = [len(x) - len(x.lstrip()) for x in block]
        heads = [j for j, x in enumerate(block) if x.rstrip().endswith(":") and j + 1 < len(block)
                 and depth[j + 1] > depth[j]]
        if heads:  # a two-level list: one unit per heading item
            for j in heads:
                k = j + 1
                while k < len(block) and depth[k] > depth[j]:
                    k += 1
                emit(block[j], block[j + 1:k], start + j, start + k)
        else:
            above = start - 1
            if above > 0 and not lines[above].strip():
                above -= 1  # "…in one of the following fields:", a blank line, then the list
            lead = lines[above] if above >= 0 and lines[above].strip().endswith(":") else ""
            emit(lead, block, above if lead else start, i)
    return units
