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
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from . import prompts
from .answerability import Decision, decide
from .citations import render
from .config import Settings
from .embeddings import Embedder, RememberingEmbedder, make_embedder
from .generation import Generator, make_generator
from .generation.extractive import ExtractiveGenerator
from .guard import check_message
from .interview.checking import checker_for
from .live_index import LiveIndex
from .logs import stderr_log
from .memory import release_free_memory
from .references import without_reference
from .retrieval import sub_questions
from .terms import content_terms, full_name
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
    def __init__(self, settings: Settings, live: LiveIndex, sentence_embedder: RememberingEmbedder | None = None,
                 generator: Generator | None = None) -> None:
        self.settings = settings
        self.live = live
        self.embedder = live.embedder
        # The corpus's sentences, embedded once and remembered: quoting and grading embed them
        # again and again (questions are embedded by `embedder` itself). Shared with the Interviewer.
        self.sentence_embedder = sentence_embedder or RememberingEmbedder(live.embedder)
        self.generator = generator or make_generator(settings, self.sentence_embedder, live.term_stats)
        # Quotes units to check that an asked-for figure is there (answerability.py), whatever the
        # backend; the default generator itself when it quotes, so its quotes are not made twice.
        self.quoter = self.generator if isinstance(self.generator, ExtractiveGenerator) else \
            ExtractiveGenerator(self.sentence_embedder, term_stats=live.term_stats)
        # Other backends a learner picked in the app, made on first use (a model takes seconds).
        self._generators: dict[str, Generator] = {self.generator.name: self.generator}
        self._generators_lock = threading.Lock()
        # Long-lived threads for ask_stream (see local.py on malloc arenas); enough for the
        # app's concurrent requests.
        self._workers = ThreadPoolExecutor(max_workers=16, thread_name_prefix="ask")
        # What grading asks whether an answer states its key points (interview/checking.py), made once
        # for every learner; with ASSISTANT_GRADE_CHECK=model and a quoting backend the local model is
        # made here, so a missing one fails at start with what to install, not at the first grade.
        checking = self.chat_model
        if checking is None and settings.grade_check == "model":
            checking = self.generator_for("local").chat_model
        self.checker = checker_for(checking, settings.grade_check)

    @property
    def backend(self) -> str:
        return self.generator.name

    @property
    def chat_model(self):
        """The default backend's chat model, or None when it quotes (the Interviewer words questions with it)."""
        return getattr(self.generator, "chat_model", None)

    def generator_for(self, backend: str | None) -> Generator:
        """The generator for `backend` (None: the default), made once; ValueError or
        ModelUnavailable (with what to do) when it cannot be used here."""
        if not backend or backend == self.generator.name:
            return self.generator
        with self._generators_lock:
            if backend not in self._generators:
                self._generators[backend] = make_generator(self.settings.replace(backend=backend),
                                                           self.sentence_embedder, self.live.term_stats)
            return self._generators[backend]

    def topics(self) -> list[str]:
        """What the corpus covers, for refusals and suggestions: the notes' titles first."""
        return self.live.titles()

    def focus(self, question: str, named: Sequence[str]) -> str:
        """The question without the words naming the documents in `named` (references.py)."""
        if not named:
            return question
        focus = without_reference(question, self.live.title_words(named))
        return focus if len(content_terms(focus)) >= 2 else question  # "What is?" says nothing

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
        standalone = self.live.proper_case(self.standalone(checked.question, history, generator))
        # Only the look-up holds the index: a model's answer (seconds) must not hold up a
        # Library rebuild, which would hold up every other question meanwhile. A question about a
        # name the corpus never mentions ("salaries in India", "Stripe's interviews") is not
        # covered, however close its other words are to something that is.
        lookup = self.live.look_up(standalone, k, names_in=checked.question)
        found, unknown = lookup.found, list(lookup.unknown)
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
        if lookup.relevant:
            decision = decide(self.focus(standalone, lookup.named), unknown, quote, asked=standalone,
                              distinctive=self.live.is_name)
        if decision.declined:
            sentences = []
        elif generator is self.quoter:  # the figure check may have quoted this text already
            sentences = quote(decision.question)
        else:
            sentences = generator.select(decision.question, found.passages, vectors(decision.question),
                                         on_token=on_token)
        # An unknown name is said as the learner wrote it: "Soda Core", not the "Soda" that was looked up.
        named = {u: full_name(checked.question, u) for u in unknown}
        if not sentences:
            not_given = [m for m in decision.missing if m not in unknown]
            return finish(answer=prompts.refusal(self.topics(), _once(named.values()), not_given), refused=True,
                          **trace)
        text, citations = render(sentences)
        missing = tuple(_once(named.get(m, m) for m in decision.missing))
        if missing:
            text = f"{text} {prompts.not_covered(list(missing))}"
        return finish(answer=text, refused=False, citations=citations, not_covered=missing, **trace)

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
    """Build the index if it is missing or stale, and wire the Assistant (the model loads on first use)."""
    from .ingestion import ensure_index

    embedder = embedder or make_embedder(settings.embeddings, settings.embed_batch_size)
    index = ensure_index(settings, embedder, progress=progress, log=log or stderr_log)
    return Assistant(settings, LiveIndex(settings, embedder, index))


def _once(names: Iterable[str]) -> list[str]:
    """Each name once, and none that a longer one holds ("Brazil" beside "Brazil's LGPD")."""
    seen: set[str] = set()
    names = [n for n in names if not (n.lower() in seen or seen.add(n.lower()))]  # the first spelling of each
    return [n for n in names if not any(n != other and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", other, re.I)
                                        for other in names)]
