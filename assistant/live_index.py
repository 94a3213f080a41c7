"""The live index: the one open index of a running assistant, and when it may be used.

Answering, interviews and the Library all read the same index, and a Library
rebuild (or `ingest.py --rebuild` in another process) replaces it. `LiveIndex`
owns it: it opens and reopens it, guards readers against a swap (a closed
index under a reader crashes Chroma), keeps what is derived from it (the
documents' names and titles) until it changes, and offers the one look-up every
feature uses — retrieval plus the relevance gate (`look_up`).

Each read method holds the read side of the gate for its own call only, so callers
never nest guards (the gate is not re-entrant).

Reads take a `reader`: with accounts, a learner sees the shared documents and their own
uploads, never another learner's (ownership.py); `as_reader(name)` is the index as one
learner sees it, for the Assistant, Interviewer and Library of that learner. The default
reader, None, sees every shared document: the app without accounts, the CLI, the benches.

Not here: ranking (retrieval.py), writing documents (ingestion.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from .asking import FIGURE_WORDS, analyse, figure_qualifiers
from .concurrency import ReadWriteLock
from .config import Settings
from .embeddings import Embedder
from .ownership import hidden_from, visible_to
from .references import distinctive_names, document_names, known_names, referenced_sources, title_words
from .retrieval import COVER_LIMIT, HybridRetriever, Retrieval
from .short_forms import spell_out, spelled_out
from .store import DocumentRecord, Index
from .terms import content_terms, misspelt, names_to_check, of_place, only_capitalised, stems
from .token_match import PIECES_FILE, TokenMatcher
from .types import Chunk

# The relevance floor for a question naming something rare that the corpus holds (dev split:
# acronyms such as "PSI" score 0.24 against their own definition; off-topic questions 0.10-0.20).
NAMED_FLOOR = 0.2


@dataclass(frozen=True)
class _Said:
    """What a reader's documents say of names, beyond their titles."""

    short_forms: dict[str, str]  # "psi" -> "Population Stability Index" (short_forms.py)
    proper: frozenset[str]  # words they only ever write capitalised ("europe"; proper_case)


@dataclass(frozen=True)
class Lookup:
    """What retrieval found for a text, and whether the corpus covers it (the relevance gate)."""

    found: Retrieval
    relevant: bool  # the best dense match is close enough to the text
    unknown: tuple[str, ...] = ()  # names in the text that no indexed passage mentions
    named: tuple[str, ...] = ()  # documents the text names ("per the Shudra article")

    @property
    def covered(self) -> bool:
        """Relevant and no unknown name: "salaries in India" is close to careers, but not covered."""
        return self.relevant and not self.unknown


@dataclass(frozen=True)
class _Derived:
    """What is read from the documents once per version of the index."""

    titles: tuple[str, ...]  # notes first: what the corpus covers, for refusals and suggestions
    distinctive: dict[str, set[str]]  # per document, title and author words no other document has
    names: dict[str, set[str]]  # per document, all its title and author words (stems, less the generic)
    known: frozenset[str]  # every title and author word: names known without a passage
    title_words: dict[str, set[str]]
    hidden: tuple[str, ...] = ()  # documents this reader may not see: left out of every search


class LiveIndex:
    def __init__(self, settings: Settings, embedder: Embedder, index: Index) -> None:
        self.settings = settings
        self.embedder = embedder
        self.index = index
        # Word-piece coverage may add a passage to retrieval's k when the model gives token vectors
        # (MiniLM does; the hashing stand-in of unit tests does not). One for every reader: it
        # remembers passages' pieces, whoever asked.
        self.matcher = TokenMatcher(embedder, size=COVER_LIMIT, path=settings.index_path / PIECES_FILE) \
            if hasattr(embedder, "token_vectors") else None
        self.retriever = self._retriever(index)
        self._gate = ReadWriteLock()
        self._derived: dict[str | None, _Derived] = {}  # by reader
        self._said: dict[str | None, _Said] = {}  # by reader (_said_by)

    # -- guards ---------------------------------------------------------------
    def reading(self):
        """Hold while using `self.index` directly: it is neither changed nor replaced meanwhile."""
        return self._gate.reading()

    def writing(self):
        """Hold while changing the open index in place (one document at a time)."""
        return self._gate.writing()

    @contextmanager
    def replacing(self) -> Iterator[None]:
        """Hold off readers while the index on disk is replaced, then use the new one."""
        with self._gate.writing():
            try:
                yield
            finally:
                self._reopen()

    def reopen_if_replaced(self) -> bool:
        """Pick up an index that another process (`ingest.py --rebuild`) put in place of ours."""
        if self.index.is_current():
            return False
        with self._gate.writing():
            self._reopen()
        return True

    def changed(self) -> None:
        """Call after documents were added or removed in place: titles and names are read again."""
        self._derived, self._said = {}, {}

    def _reopen(self) -> None:
        from .ingestion import open_settings_index

        # Close first: Chroma shares one client per folder in a process, so the new index would
        # otherwise get the old one's. Safe: every reader holds the read side of the gate.
        self.index.close()
        self.index = open_settings_index(self.settings, self.embedder)
        self.retriever = self._retriever(self.index)
        self._derived, self._said = {}, {}

    def _retriever(self, index: Index | _Hiding) -> HybridRetriever:
        return HybridRetriever(index, self.embedder, self.settings.fetch_k, self.settings.rrf_k, self.matcher)

    def as_reader(self, reader: str | None) -> LiveIndex | ReaderView:
        """The index as `reader` sees it (None: this index itself)."""
        return self if reader is None else ReaderView(self, reader)

    # -- reads ------------------------------------------------------------------
    def documents(self, reader: str | None = None) -> dict[str, DocumentRecord]:
        with self.reading():
            docs = self.index.documents()
        return {source: doc for source, doc in docs.items() if visible_to(source, reader)}

    def chunks_of(self, source: str, reader: str | None = None) -> list[Chunk]:
        if not visible_to(source, reader):
            return []
        with self.reading():
            return self.index.chunks_of(source)

    def term_stats(self) -> tuple[dict[str, int], int]:
        """(chunks holding each stem, chunk count) of whichever index is current; cached by the index."""
        with self.reading():
            return self.index.term_stats()

    def titles(self, reader: str | None = None) -> list[str]:
        """What the corpus covers, notes first: for refusals and suggestions."""
        return list(self._derive(reader).titles)

    def known_names(self, reader: str | None = None) -> frozenset[str]:
        return self._derive(reader).known

    def title_words(self, sources: Sequence[str], reader: str | None = None) -> set[str]:
        """The lower-case title and author words of these documents."""
        derived = self._derive(reader)
        return set().union(*(derived.title_words.get(s, set()) for s in sources))

    def names_to_look_up(self, text: str, reader: str | None = None) -> list[str]:
        """The text's names that only the index can tell are unknown: names of the documents
        themselves (title, author) are known without a passage holding them."""
        known = self.known_names(reader)
        return [n for n in names_to_check(text) + figure_qualifiers(text) if n.lower() not in known]

    def look_up(self, text: str, k: int | None = None, names_in: str | None = None,
                reader: str | None = None) -> Lookup:
        """Retrieve for `text` (passages of a document it names first) and apply the gate: relevant
        when the best dense match reaches the threshold, covered when no name in `names_in`
        (default: the text) is unknown to the index. One read of the index, held throughout.
        Documents `reader` may not see are neither found nor count as knowing a name."""
        derived = self._derive(reader)
        named = tuple(referenced_sources(text, derived.distinctive, derived.names))
        names = self.names_to_look_up(text if names_in is None else names_in, reader)
        hidden = derived.hidden
        with self.reading():
            retriever = self.retriever if not hidden else self._retriever(_Hiding(self.index, hidden))
            found = retriever.retrieve(text, k or self.settings.k, prefer=named)
            df, chunks = self.index.term_stats()  # cached for quoting too, which runs after the lock is given back
            # A lower-case word missing from the corpus is a name ("india") unless it is a typo of a corpus word.
            # "European" or "Indian" is the place the sources name ("Europe", "India").
            said = self._said_by(reader)
            unknown = [n for n in self.index.missing_terms(names, hidden)
                       if not (n.islower() and misspelt(n, df)) and not of_place(n, said.proper)]
            # A name the corpus holds ("PSI", "KEDA") vouches for a question MiniLM barely understands:
            # such a question passes at a lower floor (what is asked about it is answerability.py's to check).
            floor = min(NAMED_FLOOR if _distinctive([n for n in names if n not in unknown], df, chunks)
                        else self.settings.relevance_threshold, self.settings.relevance_threshold)
            forms = said.short_forms
            spelled = spell_out(text, forms)
            if spelled != text and not found.is_relevant(floor) and _other_words_used(text, forms, df):
                # "explain psi", declined as asked: asked again as the corpus says it
                again = retriever.retrieve(spelled, k or self.settings.k, prefer=named)
                found = again if again.is_relevant(floor) else found
        if spelled != text and found.query_vectors is not None and len(found.query_vectors):
            # The quoter also reads "what does CT mean" as "what does CT (Continuous training) mean".
            found = replace(found, query_vectors=np.vstack([found.query_vectors, self.embedder.embed([spelled])]))
        return Lookup(found=found, relevant=found.is_relevant(floor), unknown=tuple(unknown), named=named)

    def is_name(self, word: str) -> bool:
        """A capitalised word rare enough in the corpus (at most 5 % of chunks) to name someone or
        something: "Sculley" or "Google", not "Machine" or "Operations"."""
        return _in_few_chunks(word, *self.term_stats())

    def proper_case(self, text: str, reader: str | None = None) -> str:
        """`text` with the words a figure question is narrowed by ("salary in europe") capitalised when
        the reader's documents only ever write them so ("Europe"): they are names, which a figure must
        stand beside (answerability.py), however the learner typed them."""
        qualifiers = figure_qualifiers(text)
        if not qualifiers:
            return text
        with self.reading():
            proper = self._said_by(reader).proper
        for word in qualifiers:
            if word in proper:
                text = re.sub(rf"\b{re.escape(word)}\b", word.capitalize(), text)
        return text

    def _said_by(self, reader: str | None) -> _Said:
        """What the reader's documents say of names, read from every chunk they may see once per
        version of the index (7 ms), on first need. The caller holds the read side of the gate."""
        said = self._said.get(reader)
        if said is None:
            texts = [c.text for d in self.index.documents().values() if visible_to(d.source, reader)
                     for c in self.index.chunks_of(d.source)]
            df, chunks = self.index.term_stats()
            # Only rare short forms: MiniLM knows "ML" and "AWS".
            forms = {short: long for short, long in spelled_out(texts).items() if _in_few_chunks(short, df, chunks)}
            said = self._said[reader] = _Said(forms, only_capitalised(texts))
        return said

    def _derive(self, reader: str | None = None) -> _Derived:
        derived = self._derived.get(reader)
        if derived is None:
            with self.reading():
                every = self.index.documents()
            docs = [d for d in every.values() if visible_to(d.source, reader)]
            rows = [(d.source, d.title, d.meta) for d in docs]
            titles = tuple(d.title for d in sorted(docs, key=lambda d: ("/notes/" not in d.source, d.title)))
            names = document_names(rows)
            derived = _Derived(titles, distinctive_names(names), names, frozenset(known_names(rows)),
                               title_words(rows), hidden_from(reader, every))
            self._derived[reader] = derived
        return derived

    def close(self) -> None:
        with self._gate.writing():
            self.index.close()


def _in_few_chunks(word: str, df: dict[str, int], chunks: int) -> bool:
    """Every stem of `word` is in at most 5 % of chunks (or 3)."""
    return all(df.get(s, 0) <= max(3, chunks // 20) for s in stems(word))


def _distinctive(names: Sequence[str], df: dict[str, int], chunks: int) -> bool:
    """Some name is rare in the corpus (in at most 1 % of chunks, or 3): "PSI", not "SYSTEM" or "API"."""
    limit = max(3, chunks // 100)
    return any(all(0 < df.get(s, 0) <= limit for s in stems(name)) for name in names if stems(name))


def _other_words_used(text: str, forms: dict[str, str], df: dict[str, int]) -> bool:
    """The corpus uses every word of `text` beside its short forms and, in a question asking for a
    figure, the words that ask for it ("psi cutoff for a big shift?": the sources give thresholds,
    never the word "cutoff"; answerability.py then checks the figure is there): "ct scan cost",
    "hcl syntax price" and "psi in physics" ask of something else, whatever the letters stand for here."""
    words = stems(" ".join(w for w in content_terms(text) if w not in forms))
    if analyse(text).figure:
        words -= FIGURE_WORDS
    return all(df.get(s) for s in words)


class _Hiding:
    """The searches of an index with some sources left out (what HybridRetriever asks of an index)."""

    def __init__(self, index: Index, hide: tuple[str, ...]) -> None:
        self.index, self.hide = index, hide

    def term_stats(self) -> tuple[dict[str, int], int]:
        return self.index.term_stats()

    def dense_search_many(self, query_vectors, n: int) -> list[list[tuple[Chunk, float]]]:
        return self.index.dense_search_many(query_vectors, n, self.hide)

    def keyword_search(self, terms: list[str], n: int) -> list[tuple[Chunk, float]]:
        return self.index.keyword_search(terms, n, self.hide)

    def section_search(self, phrase: str, n: int) -> list[Chunk]:
        return self.index.section_search(phrase, n, self.hide)


class ReaderView:
    """The live index as one learner sees it: what the Assistant, Interviewer and Library of that
    learner read. Reads pass the reader on; everything else (settings, guards, writes) is the
    live index's own."""

    def __init__(self, live: LiveIndex, reader: str) -> None:
        self.live, self.reader = live, reader

    def __getattr__(self, name: str):  # settings, embedder, index, the guards, term_stats, changed…
        return getattr(self.live, name)

    def documents(self) -> dict[str, DocumentRecord]:
        return self.live.documents(self.reader)

    def chunks_of(self, source: str) -> list[Chunk]:
        return self.live.chunks_of(source, self.reader)

    def titles(self) -> list[str]:
        return self.live.titles(self.reader)

    def known_names(self) -> frozenset[str]:
        return self.live.known_names(self.reader)

    def title_words(self, sources: Sequence[str]) -> set[str]:
        return self.live.title_words(sources, self.reader)

    def names_to_look_up(self, text: str) -> list[str]:
        return self.live.names_to_look_up(text, self.reader)

    def look_up(self, text: str, k: int | None = None, names_in: str | None = None) -> Lookup:
        return self.live.look_up(text, k, names_in, self.reader)

    def proper_case(self, text: str) -> str:
        return self.live.proper_case(text, self.reader)
