"""Questions that name a document: "according to the Shudra article", "per the trends piece".

Learners quote what they read by its author or title. Two things follow: such a
name is known to the corpus even though no passage contains it (the author sits
in the front matter), so it must not decline the question; and the passages of
the named document should come first. A document is named when the question
holds a word found in that document's title or author and in no other
document's, within a few words of a noun that refers to a text ("article",
"guide", "piece", "notes"…). When that noun is itself a title word ("the
roadmap", with two roadmaps in the corpus), it names the documents whose titles
hold it, unless the word before it names another ("the lifecycle notes" beside
an uploaded "My interview notes").

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


def document_names(documents: Iterable[tuple[str, str, Mapping]]) -> dict[str, set[str]]:
    """For each (source, title, meta): the stems of its title and author (name_words)."""
    return {source: name_words(title, meta) for source, title, meta in documents}


def distinctive_names(names: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """For each document of `names` (document_names): its title and author stems no other document has."""
    counts = Counter(w for ws in names.values() for w in ws)
    return {source: {w for w in ws if counts[w] == 1} for source, ws in names.items()}


def referenced_sources(question: str, names: Mapping[str, set[str]],
                       title_names: Mapping[str, set[str]]) -> list[str]:
    """The documents the question names, if it refers to a text at all. `names`: each document's
    distinctive words (distinctive_names); `title_names`: all its title and author words (document_names).

    A referring noun that is a title word names the document its modifier names ("the lifecycle
    notes", "the Shudra notes"), else those of the documents with the noun in their titles whose
    other title words are near ("the 2024 roadmap"), else all of those. Another document's word
    elsewhere near it is then the question's subject, not a name: "which dedicated serving systems
    does the roadmap suggest?" asks the roadmaps, not the serving or the testing notes."""
    found = list(re.finditer(r"[a-z0-9]+", question.lower()))
    words = [m.group() for m in found]
    compounded = _in_compounds(question)
    near: set[str] = set()
    named: set[str] = set()
    for i, word in enumerate(words):
        if word not in _REFERRING or found[i].start() in compounded:
            continue  # "post-deployment monitoring" refers to no post
        window = {stem(w) for w in words[max(0, i - _WINDOW):i + _WINDOW + 1]}
        holders = [source for source, title in title_names.items() if stem(word) in title]
        if not holders:
            near |= window
            continue
        modifier = {stem(w) for w in words[max(0, i - 2):i] if w not in _ARTICLES}
        named |= set([s for s, names_of in names.items() if names_of & modifier]
                     or [s for s in holders if (title_names[s] - {stem(word)}) & window] or holders)
    named |= {source for source, names_of in names.items() if names_of & near}
    return [source for source in names if source in named]


def _in_compounds(text: str) -> set[int]:
    """Where the words start that are parts of a hyphenated word not made of referring nouns alone:
    "post-deployment" and "faq-style" refer to no text; "blog-post" does."""
    return {part.start() + compound.start()
            for compound in re.finditer(r"[a-z0-9]+(?:-[a-z0-9]+)+", text.lower())
            if not _refers(compound.group())
            for part in re.finditer(r"[a-z0-9]+", compound.group())}


def _refers(word: str) -> bool:
    """A referring noun, or a hyphenated word made of them ("blog-post"); "the roadmap's" counts too."""
    return all(part in _REFERRING for part in re.split(r"['’]", word)[0].split("-"))


def known_names(documents: Iterable[tuple[str, str, Mapping]]) -> set[str]:
    """Lower-case words of every title and author: names the corpus knows without a passage holding them."""
    return {w for _, title, meta in documents for w in content_terms(f"{title} {meta.get('author', '')}")}


_JOINING = {"the", "a", "an", "to", "of", "in", "on", "for", "s"}
_ARTICLES = {"the", "a", "an", "this", "that"}
_DEFINITE = {"the", "this", "that"}
_LEADING = {"according", "per", "from", "by", "in"}


def title_words(documents: Iterable[tuple[str, str, Mapping]]) -> dict[str, set[str]]:
    """For each (source, title, meta): the lower-case words of its title and author."""
    return {source: set(re.findall(r"[a-z0-9]+", f"{title} {meta.get('author', '')}".lower()))
            for source, title, meta in documents}


def without_reference(question: str, title_words: set[str]) -> str:
    """The question without the words that name a document: "What degree does the 2024 guide
    say to earn first?" → "What degree does say to earn first?". They say where to look, not
    what the answer holds, and would otherwise favour any sentence that repeats "2024".

    Only the run of the named documents' `title_words` next to a referring noun goes ("the
    Shudra article", "the roadmap's FAQ"), with a leading "according to" or "per"."""
    spans = [(m.start(), m.end(), m.group().lower())
             for m in re.finditer(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*", question)]

    def naming(word: str) -> bool:  # "emerging-trends", "roadmap's", "2024"
        return all(p in title_words or p in _REFERRING or (p.isdigit() and len(p) == 4) or p == "s"
                   for p in re.split(r"[-'’]", word))

    drop: set[int] = set()
    for i, (_, _, word) in enumerate(spans):
        if not _refers(word):  # "the roadmap's", "the blog-post", not "post-deployment"
            continue
        left = i  # leftwards only over name words and articles: "the feature store in the notes" keeps its subject
        while left > 0 and (naming(spans[left - 1][2]) or spans[left - 1][2] in _ARTICLES):
            left -= 1
        right = i
        while right + 1 < len(spans) and (naming(spans[right + 1][2]) or spans[right + 1][2] in _JOINING):
            right += 1
        while right > i and spans[right][2] in _JOINING:  # "…guide to becoming an MLOps engineer"
            right -= 1
        definite = any(spans[j][2] in _DEFINITE for j in range(left, i))
        if left > 0 and spans[left][2] in _ARTICLES:  # "per the …", "in the …", "according to the …"
            if spans[left - 1][2] == "to" and left > 1 and spans[left - 2][2] == "according":
                left -= 2
            elif spans[left - 1][2] in _LEADING:
                left -= 1
        elif left > 0 and spans[left][2] == "to" and spans[left - 1][2] == "according":
            left -= 1  # "according to the 2024 guide" when "to" is a title word too
        named = any(j != i and spans[j][2] not in _JOINING and naming(spans[j][2]) for j in range(left, right + 1))
        if named or (definite and naming(word)):  # "a guide to Kubernetes" names no document
            drop |= set(range(left, right + 1))
    if not drop:
        return question
    out, last = [], 0
    for i, (start, end, _) in enumerate(spans):
        if i in drop:
            out.append(question[last:start])
            last = end
    out.append(question[last:])
    text = re.sub(r"\s+", " ", "".join(out))
    text = re.sub(r"\s+([,?.!;:])", r"\1", text)
    text = re.sub(r"([,;:])\s*(?=[,?.!;:]|$)", "", text)
    text = re.sub(r"^\W+", "", text).strip()
    return text[:1].upper() + text[1:] if text else question
