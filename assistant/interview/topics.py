"""What a mock interview can be about: the corpus's topics and, per topic, its sections.

Topics are the notes' titles and the articles' top-level section headings, or any
free text the relevance gate accepts. A topic's sections ("seeds") are what
questions are asked about, one section per question.

Not here: writing the questions (writing.py, model_questions.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import AssistantError
from ..live_index import LiveIndex
from ..prompts import not_covered_topic
from ..types import Chunk, Passage

# Sections that hold no material to be examined on: link lists, summaries, FAQ
# (already questions), and the notes' "Interview angle" (advice about interviews).
SKIP_SECTIONS = {"further reading", "further resources", "faq", "faqs", "frequently asked questions", "conclusion",
                 "key takeaways", "interview angle", "facts and figures", "introduction"}
# What the server reads of a topic, whatever the client sends.
MAX_TOPIC_CHARS = 200
_CAREER_WORDS = ("career", "portfolio", "skill", "interview", "roadmap", "job", "expert",
                 "engineer", "education", "academic", "hiring", "journey", "professional", "role", "beginner",
                 "field", "internship", "hackathon", "community", "communities", "open source", "soft skill",
                 "networking", "transition", "interdisciplinary", "cross-functional")


# "Learning" is a career word ("keep learning", "learning resources"), but not in "machine learning".
_LEARNING = re.compile(r"(?<!machine )(?<!federated )(?<!continual )(?<!deep )(?<!supervised )(?<!transfer )"
                       r"\blearning\b")


class NotCovered(AssistantError):
    """The corpus does not cover a topic or question; str(exc) says so and suggests topics."""


@dataclass(frozen=True)
class Topic:
    label: str
    source: str = ""  # "" for a free-text topic
    section: str = ""  # a top-level heading; "" for a whole note


@dataclass(frozen=True)
class Seed:
    """One section of a topic: what a question is asked about."""

    heading: str
    passages: tuple[Passage, ...]
    domain: str  # what the document is about, for "... in {domain}"
    is_intro: bool = False  # the text before a document's first heading
    text: str = ""  # the text of the topic's documents: how its words are capitalised


def corpus_topics(live: LiveIndex) -> list[Topic]:
    """Note titles (alphabetical), then each article's top-level sections (document order)."""
    docs = sorted(live.documents().values(), key=lambda d: ("/notes/" not in d.source, d.title))
    out, seen = [], set()
    for doc in docs:
        if "/notes/" in doc.source or "/articles/" not in doc.source:
            candidates = [Topic(doc.title, doc.source)]
        else:
            heads = dict.fromkeys(top(c.section) for c in live.chunks_of(doc.source))
            candidates = [Topic(h, doc.source, h) for h in heads if h and h.lower() not in SKIP_SECTIONS]
        for topic in candidates:
            if topic.label.lower() not in seen:
                seen.add(topic.label.lower())
                out.append(topic)
    return out


class TopicList:
    """The corpus's topics, read again only when a document was added, changed or removed."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live
        self._cached: tuple[frozenset, list[Topic]] | None = None

    def topics(self) -> list[Topic]:
        key = frozenset((d.source, d.sha256) for d in self.live.documents().values())
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, corpus_topics(self.live))
        return self._cached[1]

    def labels(self) -> list[str]:
        return [t.label for t in self.topics()]

    def seeds(self, topic: str) -> tuple[str, list[Seed]]:
        """The topic's label and its sections' passages; NotCovered if the corpus has nothing on it."""
        wanted = " ".join(topic[:MAX_TOPIC_CHARS].split())
        if not wanted:
            raise NotCovered(not_covered_topic(topic, self.labels()))
        for t in self.topics():
            if t.label.lower() == wanted.lower():
                every = self.live.chunks_of(t.source)
                chunks = [c for c in every if top(c.section).lower() not in SKIP_SECTIONS
                          and (not t.section or top(c.section) == t.section)]
                return t.label, group([Passage(c, 1.0, 0.0) for c in chunks], every)
        # Free text: the same gate as a question in the chat.
        lookup = self.live.look_up(wanted)
        if not lookup.covered:
            raise NotCovered(not_covered_topic(topic, self.labels()))
        passages = lookup.found.passages
        kept = [p for p in passages if top(p.chunk.section).lower() not in SKIP_SECTIONS]
        sources = dict.fromkeys(p.chunk.source for p in passages)
        return wanted, group(kept or list(passages), [c for s in sources for c in self.live.chunks_of(s)])


def top(section: str) -> str:
    return section.split(" > ")[0]


def group(passages: list[Passage], documents: Sequence[Chunk] = ()) -> list[Seed]:
    """One seed per section (document order), each with its passages. `documents`: every chunk of their
    documents, which tells how their words are capitalised and whether a document has sections at all
    (the passages alone when empty). The text before a document's first section is its introduction;
    a document without sections is all body, not an introduction."""
    groups: dict[tuple[str, str], list[Passage]] = {}
    everything = " ".join(c.text for c in documents) or " ".join(p.chunk.text for p in passages)
    sectioned = {c.source for c in documents or [p.chunk for p in passages] if c.section}
    for p in passages:
        groups.setdefault((p.chunk.source, p.chunk.section), []).append(p)
    seeds = []
    for (source, section), members in groups.items():
        chunk: Chunk = members[0].chunk
        heading = section.split(" > ")[-1] if section else chunk.title
        # An article's title is a headline ("Embarking on a Career as…"); other documents' titles name their subject.
        domain = "MLOps" if "/articles/" in source and section else chunk.title
        seeds.append(Seed(heading=heading, passages=tuple(members), domain=domain,
                          is_intro=not section and source in sectioned,
                          text=everything))
    return seeds


def is_career(label: str) -> bool:
    lower = label.lower()
    return any(w in lower for w in _CAREER_WORDS) or bool(_LEARNING.search(lower))
