"""The Interviewer: questions on a topic with their key points, and grading answers.

1. A topic's sections (topics.py) are taken in turn; each gives one question, worded
   by the chat model when there is one and the learner wants it (model_questions.py),
   otherwise by the quick writer (writing.py).
2. A question's key points are the passage sentences that best answer it, quoted by
   the extractive backend's selection, never written by a model; the model answer is
   those sentences with `[n]` markers (citations.render).
3. Grading compares an answer with each key point (grading.py), and asks the chat model
   whether the answer states the best-matched ones when it is one measured to tell (checking.py).

Not here: storing attempts or scheduling reviews (progress.py), the UI (ui/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..chunking import split_sentences
from ..citations import CitedSentence, render
from ..generation.extractive import WEIGHTS, ExtractiveGenerator, read_under_headings
from ..generation.units import quotable
from ..live_index import LiveIndex
from ..logs import Log, stderr_log
from ..prompts import QUESTION_TYPES, not_covered_question
from ..types import Grade, InterviewQuestion
from . import grading
from .checking import Checker
from .model_questions import is_duplicate, model_question
from .section import is_career_section
from .topics import SKIP_SECTIONS, NotCovered, Seed, TopicList, is_career, top
from .writing import write

# Most key points shown per question: a learner can hold four points in mind; more turns grading into recall.
MAX_KEY_POINTS = 4
# Sentences quoted for a question in all: the checklist, and the rest credited too (the corpus says a
# thing twice, and the quoting backend's first choices miss it often enough). Chosen on tests/grading's
# dev split: 8 against 6 took the mean absolute error from 17.8 to 16.1 with no non-answer credited more;
# searching 8 passages instead of 5 as well lowered it further but let off-topic answers earn credit
# from the extra off-question sentences.
CANDIDATES = 8
# The answers' weights, less the lift for the sentence after a chosen one: a checklist is read point
# by point, not as a passage, and with it grading's dev error rose (mean absolute error 20.2 → 20.8).
QUOTING = replace(WEIGHTS, follows=0.0)


class Interviewer:
    """Writes questions for a topic and grades answers, from the live index."""

    def __init__(self, live: LiveIndex, embedder: Any, chat_model: Any = None, log: Log | None = None,
                 checker: Checker | None = None) -> None:
        self.live = live
        # Remembers sentence vectors: a section's sentences are embedded again for every question on it.
        self.embedder = embedder
        self.chat_model = chat_model  # words questions when given (the app's default backend's model)
        self.log = log or stderr_log
        self.checker = checker  # asks a chat model whether an answer states a key point (checking.py)
        self.quoter = ExtractiveGenerator(embedder, term_stats=live.term_stats, max_sentences=CANDIDATES,
                                          weights=QUOTING)
        self.topic_list = TopicList(live)

    @classmethod
    def of(cls, assistant: Any, live: LiveIndex | None = None, log: Log | None = None) -> Interviewer:
        """The interviewer an Assistant's learner uses: its chat model words questions, and its checker
        (one for every learner; None unless Settings.grade_check allows one) checks answers;
        `live`: a learner's own view of the index."""
        return cls(live or assistant.live, assistant.sentence_embedder, chat_model=assistant.chat_model, log=log,
                   checker=assistant.checker)

    def topics(self) -> list[str]:
        return self.topic_list.labels()

    def questions(self, topic: str, n: int = 3, kind: str | None = None,
                  asked: Sequence[str] = (), use_model: bool = True) -> list[InterviewQuestion]:
        """Up to `n` new questions on `topic`; `kind` one of QUESTION_TYPES (None: alternate).

        `asked`: questions already put in this session; none of them is repeated.
        `use_model`: let the chat model (if any) word them; False: the quick writer only.
        """
        if kind is not None and kind not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {kind!r}; choose one of {', '.join(QUESTION_TYPES)}")
        label, seeds = self.topic_list.seeds(topic)
        if not is_career(label):  # "responsible AI" is not asked about a career article's "Responsibilities"
            seeds = [s for s in seeds if not is_career_section(s)] or seeds
        kinds = [kind] if kind else (["career", "concept", "scenario"] if is_career(label)
                                     else ["concept", "scenario", "career"])
        taken = list(asked)
        out: list[InterviewQuestion] = []
        tries: dict[tuple[int, str], int] = {}  # (section, type) → questions of that type tried on it
        # Round-robin over sections, three passes, until n distinct questions are found.
        for _ in range(3):
            for number, seed in enumerate(seeds):
                if len(out) >= n:
                    return out
                asking = kinds[len(out) % len(kinds)]
                variant = tries[number, asking] = tries.get((number, asking), -1) + 1
                # The model gets one try per section and type; later tries take the quick writer's next question.
                made = self._question(label, seed, asking, variant, taken, use_model=use_model and variant == 0)
                if made:
                    out.append(made)
                    taken.append(made.question)
        return out

    def _question(self, label: str, seed: Seed, kind: str, variant: int, taken: list[str],
                  use_model: bool) -> InterviewQuestion | None:
        text, written = None, None
        if self.chat_model is not None and use_model:
            text = model_question(self.chat_model, label, seed, kind, taken, self.log)
        if text is None:
            written = write(seed, kind, variant)
            if written is None or is_duplicate(written.text, taken):
                return None
            text = written.text
        query = f"{text} {seed.heading}".strip()
        chosen = self.quoter.select(query, seed.passages, self.embedder.embed([query, text]))
        # The sentences the question was written from are key points whatever the quoter chose.
        required = [CitedSentence(c.text, c.passage, c.original) for c in (written.sources if written else ())]
        chosen = _in_reading_order(seed, required + [c for c in chosen if c.text not in {r.text for r in required}])
        if not chosen:
            # Nothing scored as close to the question's wording: the question is about this section,
            # so its own opening sentences are what a good answer covers.
            chosen = [CitedSentence(quoted, p, sentence) for p in seed.passages
                      for sentence in split_sentences(p.chunk.text) if (quoted := quotable(sentence))][:CANDIDATES]
        if not chosen:
            return None  # nothing in the passages answers it well enough to grade against
        return self._made(text, kind, label, chosen, required)

    def _made(self, text: str, kind: str, topic: str, chosen: list[CitedSentence],
              required: Sequence[CitedSentence] = ()) -> InterviewQuestion:
        """The question with its checklist (the `required` quotes, then those closest to it, MAX_KEY_POINTS
        in all, in reading order), the other quotes as also accepted, and the checklist as its cited
        model answer."""
        _, closeness = read_under_headings(self.embedder, [(p.text, p.passage.chunk.section) for p in chosen],
                                           self.embedder.embed([text]), self.quoter.weights.heading)
        ranked = [chosen[i] for i in sorted(range(len(chosen)), key=lambda i: -closeness[i])]
        ranked = [*required, *(p for p in ranked if p not in required)]
        shown = [p for p in chosen if p in ranked[:MAX_KEY_POINTS]]
        answer, citations = render(shown)
        return InterviewQuestion(question=text, type=kind, topic=topic or citations[0].title,
                                 key_points=tuple(p.text for p in shown), citations=citations, model_answer=answer,
                                 accepted=tuple(p.text for p in ranked[MAX_KEY_POINTS:]))

    def question_for(self, text: str) -> InterviewQuestion:
        """Any question, with key points from the passages retrieval finds for it; NotCovered if none."""
        text = " ".join((text or "").split())
        lookup = self.live.look_up(text) if text else None
        if lookup is None or not lookup.covered:
            raise NotCovered(not_covered_question(self.topics()))
        found = lookup.found
        # Advice about interviews ("Interviewers often ask how…") is not part of an answer.
        passages = tuple(p for p in found.passages if top(p.chunk.section).lower() not in SKIP_SECTIONS)
        points = self.quoter.select(text, passages or found.passages, found.query_vectors)
        if not points:
            raise NotCovered(not_covered_question(self.topics()))
        return self._made(text, "concept", "", points)

    def grade(self, question: InterviewQuestion, answer: str) -> Grade:
        return grading.grade(question, answer, self.embedder, self.checker)


def _in_reading_order(seed: Seed, cited: list[CitedSentence]) -> list[CitedSentence]:
    """The quotes in the order the section has them (passage, then place in its text)."""
    def place(c: CitedSentence) -> tuple[int, int]:
        passage = next((i for i, p in enumerate(seed.passages) if p.chunk == c.passage.chunk), len(seed.passages))
        return passage, c.passage.chunk.text.find(c.source_sentence or c.text)

    return sorted(cited, key=place)
