"""The Assistant: check the message → resolve a follow-up → retrieve → gate → answer → cite.

`Assistant.ask` is what the CLI, the app and the evaluation all call. Every
answer is built from retrieved passages; if the best passage is not close enough
to the question (the relevance gate), the assistant declines and says what it
can help with instead of generating anything.

Not here: how passages are found (retrieval.py) or sentences chosen (generation/).
"""

from __future__ import annotations

import queue
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, Mapping, Sequence

from . import prompts
from .answerability import Decision, decide, names_to_check
from .citations import render
from .concurrency import ReadWriteLock
from .config import Settings
from .embeddings import Embedder, RememberingEmbedder, make_embedder
from .generation import Generator, make_generator
from .generation.extractive import ExtractiveGenerator
from .guard import check_message
from .memory import release_free_memory
from .references import distinctive_names, known_names, referenced_sources, title_words, without_reference
from .retrieval import HybridRetriever, sub_questions
from .terms import content_terms
from .store import Index
from .types import Answer

# A short message with a pointing word ("that", "it") or an opening like "and…",
# "what about…" continues the previous question rather than starting a new one.
_POINTING = re.compile(r"\b(that|this|it|its|those|these|they|them|their|such|same|above|there)\b", re.I)
_CONTINUING = re.compile(r"^\s*(and|also|what about|how about|then|so|but|what else|why|how so|more)\b", re.I)

HistoryTurn = Mapping[str, str] | Sequence[str]
# The history comes from the client: only its recent, question-sized turns are read (a
# megabyte-long "previous question" must not cost more than a new one may).
MAX_TURNS, MAX_TURN_CHARS = 20, 2000


def _text(content: object, depth: int = 0) -> str:
    """A message's text: Gradio 6 sends content as a list of parts ({"type": "text", "text": …})."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, (list, tuple)) and depth < 2:  # parts of parts, no deeper
        return " ".join(_text(part, depth + 1) for part in content[:MAX_TURNS]).strip()
    return ""


def user_questions(history: Sequence[HistoryTurn]) -> list[str]:
    """The user's messages from a history of {"role", "content"} dicts or (user, assistant) pairs."""
    out = []
    for turn in list(history or ())[-MAX_TURNS:]:
        if isinstance(turn, Mapping):
            text = _text(turn.get("content")) if turn.get("role") == "user" else ""
        elif isinstance(turn, (list, tuple)) and turn:
            text = _text(turn[0])
        else:
            text = ""
        if text.strip():
            out.append(text.strip()[:MAX_TURN_CHARS])
    return out


def is_follow_up(question: str) -> bool:
    """A short message without a subject of its own: "what tools help with that?", "and for monitoring?"."""
    terms = content_terms(question)
    if len(question.split()) > 14 or len(terms) > 2:
        return False  # "What is a canary release and why does it matter?" stands on its own
    return bool(_POINTING.search(question) or _CONTINUING.match(question) or len(terms) <= 1)


def condense(question: str, history: Sequence[HistoryTurn]) -> str:
    """A follow-up made standalone by carrying the conversation's topic along."""
    topic = ""
    for previous in user_questions(history):
        topic = f"{previous} {topic}".strip() if topic and is_follow_up(previous) else previous
    if topic and is_follow_up(question):
        return f"{question} (context: {topic.replace('?', '')})"
    return question


class Assistant:
    def __init__(self, settings: Settings, embedder: Embedder, index: Index,
                 generator: Generator | None = None, retriever: HybridRetriever | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        # The corpus's sentences, embedded once and remembered: quoting and grading embed them
        # again and again (questions are embedded by `embedder` itself).
        self.sentence_embedder = RememberingEmbedder(embedder)
        self.index = index
        self.generator = generator or make_generator(settings, self.sentence_embedder, self._term_stats)
        # Quotes units to check that an asked-for figure is there (answerability.py), whatever the
        # backend; the default generator itself when it quotes, so its quotes are not made twice.
        self.quoter = self.generator if isinstance(self.generator, ExtractiveGenerator) else \
            ExtractiveGenerator(self.sentence_embedder, term_stats=self._term_stats)
        self.retriever = retriever or HybridRetriever(index, embedder, settings.fetch_k, settings.rrf_k)
        self._topics: list[str] | None = None
        self._names: tuple[dict[str, set[str]], set[str]] | None = None
        self._title_words: dict[str, set[str]] = {}
        # Questions read the index together; a Library rebuild swaps it under the write side.
        self._index_gate = ReadWriteLock()
        # Other backends a learner picked in the app, made on first use (a model takes seconds).
        self._generators: dict[str, Generator] = {self.generator.name: self.generator}
        self._generators_lock = threading.Lock()
        # Long-lived threads for ask_stream (see local.py on malloc arenas); enough for the
        # app's concurrent requests.
        self._workers = ThreadPoolExecutor(max_workers=16, thread_name_prefix="ask")

    @property
    def backend(self) -> str:
        return self.generator.name

    def _term_stats(self) -> tuple[dict[str, int], int]:
        return self.index.term_stats()  # whichever index is current (a rebuild replaces it)

    def generator_for(self, backend: str | None) -> Generator:
        """The generator for `backend` (None: the default), made once; ValueError or
        ModelUnavailable (with what to do) when it cannot be used here."""
        if not backend or backend == self.generator.name:
            return self.generator
        with self._generators_lock:
            if backend not in self._generators:
                self._generators[backend] = make_generator(self.settings.replace(backend=backend),
                                                           self.sentence_embedder, self._term_stats)
            return self._generators[backend]

    def topics(self) -> list[str]:
        """What the corpus covers, for refusals and suggestions: the notes' titles first."""
        if self._topics is None:
            with self.reading():
                docs = self.index.documents().values()
            docs = sorted(docs, key=lambda d: ("/notes/" not in d.source, d.title))
            self._topics = [d.title for d in docs]
        return self._topics

    def document_names(self) -> tuple[dict[str, set[str]], set[str]]:
        """Each document's distinctive title and author words, and every title and author word
        (references.py): for questions that name a document."""
        if self._names is None:
            with self.reading():
                docs = [(d.source, d.title, d.meta) for d in self.index.documents().values()]
            self._names = (distinctive_names(docs), known_names(docs))
            self._title_words = title_words(docs)
        return self._names

    def focus(self, question: str, named: list[str]) -> str:
        """The question without the words naming the documents in `named` (references.py)."""
        if not named:
            return question
        self.document_names()
        focus = without_reference(question, set().union(*(self._title_words.get(s, set()) for s in named)))
        return focus if len(content_terms(focus)) >= 2 else question  # "What is?" says nothing

    def names_to_look_up(self, question: str) -> list[str]:
        """The question's names that only the index can tell are unknown: names of the
        documents themselves (title, author) are known without a passage holding them."""
        known = self.document_names()[1]
        return [n for n in names_to_check(question) if n.lower() not in known]

    def documents_changed(self) -> None:
        """Call after documents were added or removed, so suggestions list them."""
        self._topics = None
        self._names = None

    def reading(self):
        """Hold while using `self.index` from another thread than a Library action's (not re-entrant):
        the index is never changed or replaced meanwhile."""
        return self._index_gate.reading()

    def writing(self):
        """Hold while changing the open index in place (one document at a time)."""
        return self._index_gate.writing()

    @contextmanager
    def replacing_index(self) -> Iterator[None]:
        """Hold off readers while the index on disk is replaced, then use the new one."""
        with self._index_gate.writing():
            try:
                yield
            finally:
                self._reopen()

    def reopen_if_replaced(self) -> bool:
        """Pick up an index that another process (`ingest.py --rebuild`) put in place of ours."""
        if self.index.is_current():
            return False
        with self._index_gate.writing():
            self._reopen()
        return True

    def _reopen(self) -> None:
        from .ingestion import open_settings_index

        # Close first: Chroma shares one client per folder in a process, so the new index would
        # otherwise get the old one's. Safe: every reader holds the read side of the gate.
        self.index.close()
        self.index = open_settings_index(self.settings, self.embedder)
        self.retriever = HybridRetriever(self.index, self.embedder, self.settings.fetch_k, self.settings.rrf_k)
        self._topics = None
        self._names = None

    def standalone(self, question: str, history: Sequence[HistoryTurn], generator: Generator | None = None) -> str:
        """The question retrieval should see: a follow-up rewritten to stand alone."""
        previous = user_questions(history)
        if not previous or not is_follow_up(question):
            return question
        rewrite = getattr(generator or self.generator, "rewrite", None)
        rewritten = rewrite(question, previous) if rewrite else ""
        # The model's rewrite is kept only if it still mentions what the conversation was about.
        if rewritten and set(content_terms(rewritten)) & set(content_terms(" ".join(previous[-2:]))):
            return rewritten
        return condense(question, history)

    def ask(self, question: str, history: Sequence[HistoryTurn] = (), k: int | None = None,
            id: object = None, on_token: Callable[[str], None] | None = None,  # noqa: A002
            backend: str | None = None) -> Answer:
        """Answer one message. `on_token` sees a model's draft as it streams (before checking).
        `backend`: another backend than the default, for this question only."""
        started = time.perf_counter()
        generator = self.generator_for(backend)

        def finish(**fields: object) -> Answer:
            return Answer(question=question, backend=generator.name, id=id,
                          latency_ms=(time.perf_counter() - started) * 1000, **fields)

        checked = check_message(question, self.settings.max_question_chars)
        if checked.reply:
            return finish(answer=checked.reply, refused=True)
        standalone = self.standalone(checked.question, history, generator)
        # Only the look-up holds the index: a model's answer (seconds) must not hold up a
        # Library rebuild, which would hold up every other question meanwhile.
        named = referenced_sources(standalone, self.document_names()[0])  # "per the Shudra article"
        names = self.names_to_look_up(checked.question)
        with self.reading():
            found = self.retriever.retrieve(standalone, k or self.settings.k, prefer=named)
            # A question about a name the corpus never mentions ("salaries in India", "Stripe's
            # interviews") is not covered, however close its other words are to something that is.
            unknown = self.index.missing_terms(names)
            self.index.term_stats()  # cached for the generator, which runs outside the lock
        trace = {"standalone_question": standalone, "passages": found.passages,
                 "best_similarity": found.best_similarity}
        quoted: dict[str, list] = {}

        def vectors(text: str):
            return found.query_vectors if text == standalone else self.embedder.embed([text] + sub_questions(text))

        def quote(text: str) -> list:
            if text not in quoted:
                quoted[text] = self.quoter.select(text, found.passages, vectors(text))
            return quoted[text]

        decision = Decision(None, tuple(unknown))
        if found.is_relevant(self.settings.relevance_threshold):
            decision = decide(self.focus(standalone, named), unknown, quote, asked=standalone)
        if decision.declined:
            sentences = []
        elif generator is self.quoter:  # the figure check may have quoted this text already
            sentences = quote(decision.question)
        else:
            sentences = generator.select(decision.question, found.passages, vectors(decision.question),
                                         on_token=on_token)
        if not sentences:
            not_given = [m for m in decision.missing if m not in unknown]
            return finish(answer=prompts.refusal(self.topics(), unknown, not_given), refused=True, **trace)
        text, citations = render(sentences)
        if decision.missing:
            text = f"{text} {prompts.not_covered(list(decision.missing))}"
        return finish(answer=text, refused=False, citations=citations, not_covered=decision.missing, **trace)

    def ask_stream(self, question: str, history: Sequence[HistoryTurn] = (), k: int | None = None,
                   backend: str | None = None, on_done: Callable[[], None] | None = None) -> Iterator[str | Answer]:
        """The model's draft as it grows (str), then the checked Answer (always last).

        The answer is worked out in a worker thread, which goes on if the caller stops
        listening; `on_done` is called when that work has really finished."""
        events: queue.Queue = queue.Queue()
        draft: list[str] = []

        def on_token(piece: str) -> None:
            draft.append(piece)
            events.put("".join(draft))

        def work() -> None:
            try:
                events.put(self.ask(question, history, k, on_token=on_token, backend=backend))
            except Exception as exc:  # re-raised in the caller's thread
                events.put(exc)
            finally:
                release_free_memory()  # a long app session would otherwise creep upwards
                if on_done:
                    on_done()

        self._workers.submit(work)
        while True:
            item = events.get()
            if isinstance(item, Exception):
                raise item
            yield item
            if isinstance(item, Answer):
                return


def build_assistant(settings: Settings, embedder: Embedder | None = None, progress: bool = True,
                    log: Callable[[str], None] | None = None) -> Assistant:
    """Load the model, build the index if it is missing or stale, and wire the Assistant."""
    from .ingestion import ensure_index

    embedder = embedder or make_embedder(settings.embeddings, settings.embed_batch_size)
    index = ensure_index(settings, embedder, progress=progress,
                         log=log or (lambda line: print(line, file=sys.stderr)))
    return Assistant(settings, embedder, index)
