"""Split documents into chunks sized in the embedding model's own tokens.

all-MiniLM-L6-v2 reads at most 256 word pieces and silently drops the rest, so a
chunk is measured with the model's tokenizer, never in characters. Splits follow
the document's structure: a heading always starts a new chunk, and so does a
paragraph that opens with its own bold label ("**Starting Positions:** …", a
subsection without a heading); within a section, whole paragraphs are packed
together; a paragraph too long for one chunk is split at sentence boundaries
(and a sentence too long, at word boundaries).

Chunk ids are content hashes (source, section, text), so re-ingesting an
unchanged document yields the same ids and upserts are idempotent.

Not here: sentence scoring for answers (generation/extractive.py), though both
use `split_sentences`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

from .corpus import Block, SourceDocument
from .types import Chunk, heading

# Bump when the splitting rules change: a new version means a new index.
CHUNKER_VERSION = 6  # 4: headings parsed by hand ("# C#" keeps its "#"); 5: a bold label starts a chunk; 6: of 2+ words

# A paragraph opening with a bold label of two words or more ending in a colon: "**Starting Positions:**
# Initial positions…", "__About the author__: …". Packed with its neighbours, what it says is averaged
# with theirs ("Educational Background", "Industry Opportunities") and a question about it finds the
# chunk far down the list. A one-word label is a callout or a flashcard's side ("**Q:**", "**A:**",
# "**Tip:**"), which belongs with the paragraph before it.
_LABELLED = re.compile(r"(?:\*\*|__)[^*_\n\s][^*_\n]{0,59}?\s[^*_\n]{0,59}?(?::(?:\*\*|__)|(?:\*\*|__):)")

TokenCounter = Callable[[str], int]

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "Dr.", "Mr.", "Ms.", "Mrs.", "Inc.", "Ltd.", "Fig.",
                  "No.", "approx.", "cf.", "St.", "Jr.", "Sr.", "U.S.", "a.k.a.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; list items and table rows count as their own lines."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            if _no_sentence_end(line, start, match.start()):
                continue  # "e.g. Kubeflow", "J. Smith"
            end = match.end()
            piece = line[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def _no_sentence_end(line: str, start: int, end: int) -> bool:
    """The period before `end` belongs to an abbreviation or an initial. Only the last few
    characters are looked at: reading the whole growing candidate made a run of initials
    ("A. B. C. …") quadratic."""
    if line[max(start, end - 8):end].endswith(_ABBREVIATIONS):
        return True
    before = line[end - 3] if end - 3 >= start else " "
    return end - start >= 2 and line[end - 1] == "." and "A" <= line[end - 2] <= "Z" and \
        not (before.isalnum() or before == "_")


def chunk_document(doc: SourceDocument, count_tokens: TokenCounter, max_tokens: int,
                   overlap_tokens: int = 0) -> list[Chunk]:
    """Chunks of one document, each whose `embedding_text` fits the model window."""
    pieces: list[tuple[str, str]] = []  # (section, text)
    for section, blocks in _group_by_section(doc.blocks):
        budget = max_tokens - count_tokens(heading(doc.title, section))
        pieces.extend((section, text) for text in _pack(blocks, count_tokens, max(budget, 32), overlap_tokens))
    chunks, seen = [], set()
    for ordinal, (section, text) in enumerate(pieces):
        digest = hashlib.sha256(f"{doc.source}\x00{section}\x00{text}".encode()).hexdigest()[:16]
        chunk_id = digest if digest not in seen else f"{digest}-{ordinal}"
        seen.add(chunk_id)
        chunks.append(Chunk(id=chunk_id, source=doc.source, title=doc.title, section=section,
                            text=text, ordinal=ordinal))
    return chunks


def _group_by_section(blocks: Iterable[Block]) -> list[tuple[str, list[str]]]:
    """Runs of paragraphs to pack together: a section's, split again at each labelled paragraph."""
    groups: list[tuple[str, list[str]]] = []
    for block in blocks:
        if groups and groups[-1][0] == block.section and not _LABELLED.match(block.text):
            groups[-1][1].append(block.text)
        else:
            groups.append((block.section, [block.text]))
    return groups


def _pack(paragraphs: list[str], count_tokens: TokenCounter, budget: int, overlap_tokens: int) -> list[str]:
    """Greedily pack paragraphs (or, for long ones, their sentences) into texts within budget."""
    units: list[tuple[str, int, str]] = []  # (text, tokens, separator before it: "\n\n", "\n" or " ")
    for paragraph in paragraphs:
        tokens = count_tokens(paragraph)
        if tokens <= budget:
            units.append((paragraph, tokens, "\n\n"))
            continue
        separator = "\n\n"
        for line in paragraph.splitlines():  # list items and table rows keep their own lines
            for sentence in split_sentences(line):
                for piece in _split_long(sentence, count_tokens, budget):
                    units.append((piece, count_tokens(piece), separator))
                    separator = " "
            separator = "\n"

    chunks: list[str] = []
    current: list[tuple[str, int, str]] = []

    def used() -> int:
        return sum(t for _, t, _ in current) + len(current)  # +1 per join

    for unit in units:
        if current and used() + unit[1] > budget:
            chunks.append(_join(current))
            tail = current[-1]
            # Carry the last sentence over when it is short: a thought that straddles
            # the boundary stays readable in both chunks.
            keep = overlap_tokens and tail[2] == " " and tail[1] <= overlap_tokens and tail[1] + unit[1] < budget
            current = [tail] if keep else []
        current.append(unit)
    if current:
        chunks.append(_join(current))
    return chunks


def _join(units: list[tuple[str, int, str]]) -> str:
    out = ""
    for text, _, separator in units:
        out += separator + text if out else text
    return out


def _split_long(sentence: str, count_tokens: TokenCounter, budget: int) -> list[str]:
    """Pieces of at most `budget` tokens, cut between words (each word counted once)."""
    if count_tokens(sentence) <= budget:
        return [sentence]
    pieces, current, used = [], [], 0
    for word in sentence.split():
        tokens = max(1, count_tokens(word))
        if current and used + tokens > budget:
            pieces.append(" ".join(current))
            current, used = [], 0
        current.append(word)
        used += tokens
    if current:
        pieces.append(" ".join(current))
    return pieces
