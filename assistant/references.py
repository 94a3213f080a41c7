"""Questions that name a document: "according to the Shudra article", "per the trends piece".

Learners quote what they read by its author or title. Two things follow: such a
name is known to the corpus even though no passage contains it (the author sits
in the front matter), so it must not decline the question; and the passages of
the named document should come first. A document is named when the question
holds a word found in that document's title or author and in no other
document's, within a few words of a noun that refers to a text ("article",
"guide", "piece", "notes"…).

Not here: ranking (retrieval.py takes the preferred sources).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from .terms import content_terms, stem

# Nouns that point at a text rather than a topic; the document's name is within a few words.
_REFERRING = {"article", "articles", "guide", "piece", "post", "blog", "note", "notes", "writeup", "essay", "faq",
              "roadmap", "framework", "author"}
_WINDOW = 4
# Title words too common to tell documents apart, even when only one title has them.
_GENERIC = {stem(w) for w in "mlops ml machine learning engineer engineers career careers".split()}


def name_words(title: str, meta: Mapping) -> set[str]:
    """Stems of a document's title and author."""
    return {stem(w) for w in content_terms(f"{title} {meta.get('author', '')}")} - _GENERIC


def distinctive_names(documents: Iterable[tuple[str, str, Mapping]]) -> dict[str, set[str]]:
    """For each (source, title, meta): its title and author stems that no other document has."""
    words = {source: name_words(title, meta) for source, title, meta in documents}
    counts = Counter(w for ws in words.values() for w in ws)
    return {source: {w for w in ws if counts[w] == 1} for source, ws in words.items()}


def referenced_sources(question: str, names: Mapping[str, set[str]]) -> list[str]:
    """The documents the question names, if it refers to a text at all."""
    words = re.findall(r"[a-z0-9]+", question.lower())
    near: set[str] = set()
    for i, word in enumerate(words):
        if word in _REFERRING:
            near |= {stem(w) for w in words[max(0, i - _WINDOW):i + _WINDOW + 1]}
    return [source for source, names_of in names.items() if names_of & near] if near else []


def known_names(documents: Iterable[tuple[str, str, Mapping]]) -> set[str]:
    """Lower-case words of every title and author: names the corpus knows without a passage holding them."""
    return {w for _, title, meta in documents for w in content_terms(f"{title} {meta.get('author', '')}")}
