"""Mock interviews: topics from the corpus, questions with key points, and grading.

1. Topics are the notes' titles and the articles' section headings (plus any
   free text the relevance gate accepts).
2. A question is written about one section of a topic's passages: by the chat
   model when the assistant has one (few-shot prompt, then validated: one
   sentence ending in "?", sharing key terms with the passages, not a repeat),
   otherwise — or when the model's question fails validation — from a subject
   found in the passages (a defined term or the section heading) and a frame
   for the question type (prompts.py).
3. Its key points are the passages' sentences that best answer it, quoted by the
   extractive backend's selection, never written by a model; the model answer is
   those sentences with `[n]` markers (citations.render).
4. Grading compares an answer with each key point: MiniLM similarity to the
   answer's closest sentence and the share of the point's words the answer uses.

Not here: storing attempts or scheduling reviews (progress.py), the UI (ui/).
"""

from __future__ import annotations

import re
import sys
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import prompts
from .chunking import split_sentences
from .citations import CitedSentence, render
from .errors import AssistantError
from .generation.extractive import ExtractiveGenerator
from .generation.units import quotable
from .terms import content_terms, named_terms, stems
from .types import Chunk, Grade, InterviewQuestion, Passage

QUESTION_TYPES = prompts.QUESTION_TYPES
# Sections that hold no material to be examined on: link lists, summaries, FAQ
# (already questions), and the notes' "Interview angle" (advice about interviews).
_SKIP_SECTIONS = {"further reading", "further resources", "faq", "faqs", "frequently asked questions", "conclusion",
                  "key takeaways", "interview angle", "facts and figures", "introduction"}
# Key points of an arbitrary question (grade): those at least this close to it, relative to the closest.
SIBLING_RATIO = 0.8
# Most key points per question: a learner can hold four points in mind; more turns grading into recall.
MAX_KEY_POINTS = 4
# What the server reads of a topic and an answer, whatever the client sends (the browser's
# box stops at 4,000 characters; a script's request does not).
MAX_TOPIC_CHARS, MAX_ANSWER_CHARS = 200, 4000


class NotCovered(AssistantError):
    """The corpus does not cover a topic or question; str(exc) says so and suggests topics."""


@dataclass(frozen=True)
class Topic:
    label: str
    source: str = ""  # "" for a free-text topic
    section: str = ""  # a top-level heading; "" for a whole note


@dataclass(frozen=True)
class _Seed:
    """One section of a topic: what a question is asked about."""

    heading: str
    passages: tuple[Passage, ...]
    domain: str  # what the document is about, for "... in {domain}"
    is_intro: bool = False  # the text before a document's first heading
    text: str = ""  # the whole topic's text: how its words are capitalised


def corpus_topics(index) -> list[Topic]:
    """Note titles (alphabetical), then each article's top-level sections (document order)."""
    docs = sorted(index.documents().values(), key=lambda d: ("/notes/" not in d.source, d.title))
    out, seen = [], set()
    for doc in docs:
        if "/notes/" in doc.source or "/articles/" not in doc.source:
            candidates = [Topic(doc.title, doc.source)]
        else:
            heads = dict.fromkeys(c.section.split(" > ")[0] for c in index.chunks_of(doc.source))
            candidates = [Topic(h, doc.source, h) for h in heads if h and h.lower() not in _SKIP_SECTIONS]
        for topic in candidates:
            if topic.label.lower() not in seen:
                seen.add(topic.label.lower())
                out.append(topic)
    return out


class Interviewer:
    """Writes questions for a topic and grades answers, on top of an Assistant's index and models."""

    def __init__(self, assistant: Any, chat_model: Any = None, log: Callable[[str], None] | None = None) -> None:
        self.assistant = assistant
        # Passage sentences are embedded again for every question on the same section: remember them.
        self.embedder = assistant.sentence_embedder
        # The model writes questions when the assistant answers with one (GroundedGenerator).
        self.chat_model = chat_model if chat_model is not None else getattr(assistant.generator, "chat_model", None)
        self.log = log or (lambda line: print(line, file=sys.stderr))
        # Through the assistant each time: a Library rebuild replaces its index.
        self.quoter = ExtractiveGenerator(self.embedder, term_stats=lambda: self.assistant.index.term_stats(),
                                          max_sentences=MAX_KEY_POINTS)
        self._topics: tuple[frozenset, list[Topic]] | None = None

    def _reading(self):
        """Hold the assistant's index steady (a Library rebuild waits) while it is read; not re-entrant."""
        reading = getattr(self.assistant, "reading", None)
        return reading() if reading else nullcontext()

    # -- topics -------------------------------------------------------------
    def topics(self) -> list[str]:
        with self._reading():
            return [t.label for t in self._topic_list()]

    def _labels(self) -> list[str]:
        return [t.label for t in self._topic_list()]

    def _topic_list(self) -> list[Topic]:
        index = self.assistant.index
        # Rebuilt when documents are added, changed or removed (the manifest's hashes say so).
        key = frozenset((d.source, d.sha256) for d in index.documents().values())
        if self._topics is None or self._topics[0] != key:
            self._topics = (key, corpus_topics(index))
        return self._topics[1]

    def seeds(self, topic: str) -> tuple[str, list[_Seed]]:
        """The topic's label and its sections' passages; NotCovered if the corpus has nothing on it."""
        with self._reading():
            return self._seeds(topic)

    def _seeds(self, topic: str) -> tuple[str, list[_Seed]]:
        wanted = " ".join(topic.split()).lower()
        if not wanted:
            raise NotCovered(prompts.not_covered_topic(topic, self._labels()))
        for t in self._topic_list():
            if t.label.lower() == wanted:
                chunks = [c for c in self.assistant.index.chunks_of(t.source)
                          if _top(c.section).lower() not in _SKIP_SECTIONS
                          and (not t.section or _top(c.section) == t.section)]
                return t.label, _group([Passage(c, 1.0, 0.0) for c in chunks])
        # Free text: the same gate as Assistant.ask (best dense match, and no unknown names).
        found = self.assistant.retriever.retrieve(topic, self.assistant.settings.k)
        unknown = self.assistant.index.missing_terms(named_terms(topic))
        if unknown or not found.is_relevant(self.assistant.settings.relevance_threshold):
            raise NotCovered(prompts.not_covered_topic(topic, self._labels()))
        kept = [p for p in found.passages if _top(p.chunk.section).lower() not in _SKIP_SECTIONS]
        return " ".join(topic.split()), _group(kept or list(found.passages))

    # -- questions ------------------------------------------------------------
    def questions(self, topic: str, n: int = 3, kind: str | None = None,
                  asked: Sequence[str] = (), use_model: bool = True) -> list[InterviewQuestion]:
        """Up to `n` new questions on `topic`; `kind` one of QUESTION_TYPES (None: alternate).

        `asked`: questions already put in this session; none of them is repeated.
        `use_model`: let the chat model (if any) word them; False: the quick writer only.
        """
        if kind is not None and kind not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {kind!r}; choose one of {', '.join(QUESTION_TYPES)}")
        topic = topic[:MAX_TOPIC_CHARS]
        # Only the look-up holds the index: a model writing questions (seconds each) must not hold
        # up a Library rebuild, which would hold up every learner's questions meanwhile.
        with self._reading():
            label, seeds = self._seeds(topic)
            self.assistant.index.term_stats()  # cached for the key-point quoter, which runs after
        return self._questions(label, seeds, n, kind, asked, use_model)

    def _questions(self, label: str, seeds: list[_Seed], n: int, kind: str | None, asked: Sequence[str],
                   use_model: bool = True) -> list[InterviewQuestion]:
        kinds = [kind] if kind else (["career", "concept", "scenario"] if _is_career(label)
                                     else ["concept", "scenario", "career"])
        taken = list(asked)
        out: list[InterviewQuestion] = []
        # Round-robin over sections, then over phrasings, until n distinct questions are found.
        for variant in range(3):
            for number, seed in enumerate(seeds):
                if len(out) >= n:
                    return out
                this_kind = kinds[(len(out)) % len(kinds)]
                # The model gets one try per section (first pass); later passes rephrase with frames.
                made = self._question(label, seed, this_kind, variant + number, taken,
                                      use_model=use_model and variant == 0)
                if made:
                    out.append(made)
                    taken.append(made.question)
        return out

    def _question(self, label: str, seed: _Seed, kind: str, variant: int, taken: list[str],
                  use_model: bool = True) -> InterviewQuestion | None:
        text = self._model_question(label, seed, kind, taken) if self.chat_model is not None and use_model else None
        if text is None:
            text = write_question(seed, kind, variant)
            if text is None or is_duplicate(text, taken):
                return None
        points = self.key_points(text, seed.passages, focus=seed.heading)
        if not points:
            return None  # nothing in the passages answers it well enough to grade against
        answer, citations = render(points)
        return InterviewQuestion(question=text, type=kind, topic=label, key_points=tuple(p.text for p in points),
                                 citations=citations, model_answer=answer)

    def _model_question(self, label: str, seed: _Seed, kind: str, taken: list[str]) -> str | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        numbered = [(i + 1, f"{p.chunk.title} — {p.chunk.section}" if p.chunk.section else p.chunk.title,
                     p.chunk.text) for i, p in enumerate(seed.passages[:2])]
        try:
            reply = self.chat_model.invoke([SystemMessage(prompts.QUESTION_SYSTEM),
                                            HumanMessage(prompts.question_user_message(kind, label, numbered,
                                                                                       taken))],
                                           stop=["\n"])  # one line is one question; more is waiting time
        except Exception as exc:  # a server down must not cost the learner a question
            self.log(f"the model could not write a question ({type(exc).__name__}: {exc}); writing one from the passages")
            return None
        text = clean_model_question(str(reply.content))
        titles = " ".join({f"{p.chunk.title} {p.chunk.section}" for p in seed.passages} | {label})
        problem = question_problem(text, " ".join(p.chunk.text for p in seed.passages), taken, titles, kind)
        if problem:
            self.log(f"model question rejected ({problem}): {text[:120]!r}")
            return None
        return text

    def key_points(self, question: str, passages: Sequence[Passage], focus: str = "") -> list[CitedSentence]:
        """The passage sentences that best answer `question` (quoted, 1–4, in reading order)."""
        query = f"{question} {focus}".strip()
        vectors = self.embedder.embed([query, question])
        chosen = self.quoter.select(query, tuple(passages), vectors)
        if chosen:
            return chosen
        # Nothing scored as close to the question's wording: the question is about this section,
        # so its own opening sentences are what a good answer covers.
        opening = [CitedSentence(text, p, sentence) for p in passages for sentence in split_sentences(p.chunk.text)
                   if (text := quotable(sentence))]
        return opening[:MAX_KEY_POINTS]

    def question_for(self, text: str) -> InterviewQuestion:
        """Any question, with key points from the passages retrieval finds for it; NotCovered if none."""
        with self._reading():
            return self._question_for(" ".join((text or "").split()))

    def _question_for(self, text: str) -> InterviewQuestion:
        found = self.assistant.retriever.retrieve(text, self.assistant.settings.k) if text else None
        unknown = self.assistant.index.missing_terms(named_terms(text)) if text else []
        if found is None or unknown or not found.is_relevant(self.assistant.settings.relevance_threshold):
            raise NotCovered(prompts.not_covered_question(self._labels()))
        # Advice about interviews ("Interviewers often ask how…") is not part of an answer.
        passages = tuple(p for p in found.passages if _top(p.chunk.section).lower() not in _SKIP_SECTIONS)
        points = self.quoter.select(text, passages or found.passages, found.query_vectors)
        if not points:
            raise NotCovered(prompts.not_covered_question(self._labels()))
        # The quoting backend adds neighbours an answer may mention; a checklist keeps only what the
        # question asks: "What is concept drift?" is not failed for leaving out label drift.
        # Measured: the point answering the question scores 0.66–0.84 cosine, its siblings 0.43–0.61.
        vectors = self.embedder.embed([text] + [p.text for p in points])
        closeness = vectors[1:] @ vectors[0]
        points = [p for p, c in zip(points, closeness) if c >= SIBLING_RATIO * closeness.max()]
        answer, citations = render(points)
        topic = citations[0].title
        return InterviewQuestion(question=text, type="concept", topic=topic,
                                 key_points=tuple(p.text for p in points), citations=citations, model_answer=answer)

    # -- grading --------------------------------------------------------------
    def grade(self, question: InterviewQuestion, answer: str) -> Grade:
        answer = (answer or "")[:MAX_ANSWER_CHARS]
        credits = point_credits(question.question, question.key_points, answer, self.embedder)
        covered = tuple(p for p, c in zip(question.key_points, credits) if c >= COVERED)
        missed = tuple(p for p, c in zip(question.key_points, credits) if c < COVERED)
        score = round(100 * sum(credits) / len(credits)) if credits else 0
        partly = sum(PARTLY <= c < COVERED for c in credits)
        feedback = prompts.grade_feedback(score, len(covered), len(question.key_points), missed[0] if missed else "",
                                          partly, answered=bool(answer.strip()))
        return Grade(question=question.question, answer=answer, score=score, covered=covered, missed=missed,
                     feedback=feedback, model_answer=question.model_answer, citations=question.citations)


# -- grading ------------------------------------------------------------------

# A key point's credit blends meaning and wording (see point_credits): MiniLM cosine between
# the point and the answer's closest sentence, and the share of the point's own words the
# answer uses; credit rises linearly from LOW to HIGH of the blend. Measured on the real
# corpus: a point quoted verbatim blends to 1.0; a learner's paraphrase of a point 0.4–0.6
# (credit 0.5–1); a sentence about a sibling point ("data drift" for "concept drift") or an
# on-topic platitude below 0.3 (credit ≤ 0.25); "I don't know" or an off-topic answer 0.
W_MEANING, W_WORDS = 0.5, 0.5
LOW, HIGH = 0.2, 0.6
COVERED = 0.5  # credit at which a point counts as covered
PARTLY = 0.25  # below COVERED but worth saying the answer touched on it

_NO_ANSWER = re.compile(r"^\W*(i\s+(do\s*n[o']?t|dont)\s+know|no\s+idea|not\s+sure|idk|pass|skip|no|none|n/?a)\W*$",
                        re.I)


def point_credits(question: str, key_points: Sequence[str], answer: str, embedder) -> list[float]:
    """Credit 0..1 per key point for `answer`. Adding text to an answer never lowers a credit.

    Key points of one question often sound alike ("Data drift is a change in …", "Concept
    drift is a change in …"), so a point is credited for what sets it apart: an answer
    sentence counts towards the point it is closest to (its similarity to this point loses
    however much it is closer to another), and only the point's own words (those no other
    key point uses) count as wording.
    """
    if not key_points:
        return []
    answer = answer.strip()
    asked = stems(question)
    said = stems(answer)
    if not answer or _NO_ANSWER.match(answer) or not (said - asked):
        return [0.0] * len(key_points)  # nothing beyond the question's own words
    units = [s for s in split_sentences(answer) if content_terms(s)] or [answer]
    vectors = embedder.embed(list(key_points) + units)
    cosine = np.clip(vectors[: len(key_points)] @ vectors[len(key_points):].T, 0.0, 1.0)  # points × sentences
    words = [stems(p) - asked or stems(p) for p in key_points]
    out = []
    for k, own in enumerate(words):
        others = np.delete(cosine, k, axis=0)
        closer_elsewhere = np.clip(others.max(axis=0) - cosine[k], 0.0, None) if len(others) else 0.0
        meaning = float((cosine[k] - closer_elsewhere).max())
        distinct = own - set().union(*(w for j, w in enumerate(words) if j != k)) or own
        share = len(distinct & said) / len(distinct)
        blend = W_MEANING * max(meaning, 0.0) + W_WORDS * share
        out.append(float(np.clip((blend - LOW) / (HIGH - LOW), 0.0, 1.0)))
    return out


# -- writing questions without a model ------------------------------------------

# "X is …", "X (XY) is …", "X, also called Y, is …": X is a term the passage defines.
_DEFINES = re.compile(r"^(?:(?P<article>A|An|The)\s+)?(?P<subject>[A-Za-z][\w/+.-]*(?:\s+[\w/+.-]+){0,4}?)"
                      r"(?:\s*\([^)]{1,40}\))?(?:,[^,]{1,60},)?\s+(?P<verb>is|are|means|refers to)\s+(?:a|an|the)?\b")
_WH = {"why", "how", "what", "when", "which", "where"}
_AUXILIARIES = {"is", "are", "does", "do", "can", "should", "will", "would", "to"}
_IMPERATIVE = {"stay", "keep", "build", "learn", "start", "follow", "choose", "use", "avoid", "join", "prepare",
               "develop", "gain", "embrace", "acquire", "showcase", "seek", "get", "pursue", "contribute",
               "practice", "practise", "obtain", "earn", "network", "apply"}
_FINITE = re.compile(r"\b(is|are|does|do|matters|needs|differs|helps|works|fails|provides|records|means)\b", re.I)
_ROLES = {"engineer", "engineers", "expert", "experts", "scientist", "scientists"}
# Headings that name a trend rather than a thing: the thing is what follows.
_NOMINAL = re.compile(r"^(?:(?:the\s+)?(?:rise|emphasis|focus|adoption|introduction|overview|importance|role)"
                      r"\s+(?:of|on|to)\s+|(?:increased|growing|emerging)\s+)", re.I)
_CAREER_WORDS = ("career", "portfolio", "skill", "interview", "learning", "roadmap", "job", "expert",
                 "engineer", "education", "academic", "hiring", "journey", "professional", "role", "beginner",
                 "field", "internship", "hackathon", "community", "communities", "open source", "soft",
                 "trends", "demand", "outlook", "networking")


def write_question(seed: _Seed, kind: str, variant: int = 0) -> str | None:
    """An interviewer's question about the seed's section, from a frame in prompts.py."""
    heading = re.sub(r"^\d+[.)]\s*", "", re.split(r":\s", seed.heading)[0].strip())  # "2. Showcase…", "X: Y"
    heading = _NOMINAL.sub("", heading) or heading  # "Rise of Specialized MLOps Tools" → "Specialized MLOps Tools"
    if any(w.lower() in _NOT_A_SUBJECT for w in heading.split()[1:3]):
        heading = seed.domain  # "What it is": the heading's subject is the document's
    text = seed.text
    domain = _phrase(seed.domain, text)
    subject, plural_subject = defined_subject(heading, seed.passages, text)
    words = heading.rstrip("?").split()
    first = words[0].lower() if words else ""
    if not words or (seed.is_intro and not subject):
        return None  # an introduction without a defined term is a summary, not a subject
    label = _phrase(heading.rstrip("?"), text)
    gerund = first.endswith("ing") and words[0].isalpha() and len(words) > 1
    role = label.split()[-1].lower() in _ROLES

    def fill(frames: Sequence[str], **values: str) -> str:
        # A frame naming the document's subject reads oddly when the question's subject already is it
        # ("What are feature stores in feature stores…").
        s_stems = stems(" ".join(values.values()))
        usable = [f for f in frames if "{d}" not in f or len(s_stems & stems(domain)) < max(1, len(s_stems) / 2)]
        return (usable or list(frames))[variant % len(usable or frames)].format(d=domain, **values)

    if kind == "scenario":
        if first in _WH or first in _IMPERATIVE:
            return None  # "How would how MLOps differs from DevOps help you" cannot be said
        about = f"{heading} {seed.domain}".lower()
        situation = next(line for keys, line in prompts.SCENARIO_SITUATIONS
                         if not keys or any(re.search(rf"\b{re.escape(k)}", about) for k in keys))
        s = subject or label
        if s.lower() == "tools":
            s = f"the tools for {domain}"
        return f"{situation} {fill(prompts.SCENARIO_ASKS, s=s)}"

    if first == "why" and not _FINITE.search(heading):
        label = f"why a team would {label.split(' ', 1)[1]}"  # "Why version data and models"
    if kind == "career":
        if first in _WH:
            return prompts.WH_FRAMES[1].format(s=label)
        if first in _IMPERATIVE:
            return f"How do you {label} as an MLOps engineer?"
        if gerund:
            return fill(prompts.CAREER_PRACTICE_FRAMES, s=label)
        s = subject or label
        if s.lower() == "tools":
            s = f"tools for {domain}"
        return fill(prompts.CAREER_FRAMES, s=s)

    # concept
    if first in _WH and len(words) > 1 and words[1].lower() in _AUXILIARIES:
        return heading.rstrip("?") + "?"  # the source's own FAQ-style heading: "Why is MLOps important?"
    if role:
        return f"What does {_article(label)} {label} do, and which skills does the role call for?"
    if label.startswith("why a team would "):
        return f"Why would a team {label[len('why a team would '):]}?"
    if first in _WH:
        return fill(prompts.WH_FRAMES, s=label)
    if first in _IMPERATIVE:
        return f"Why should an MLOps engineer {label}, and how?"
    compare = re.split(r"\s+(?:vs\.?|versus)\s+", heading, flags=re.I)
    if len(compare) == 2:
        a, b = (_phrase(x, text) for x in compare)
        if a.lower().startswith("trade-off"):
            return f"What trade-offs would you weigh when choosing between {domain} and {b}?"
        return fill(prompts.COMPARE_FRAMES, a=a, b=b)
    if heading.lower() == "tools" or heading.lower().endswith(" tools"):
        return fill(prompts.TOOLS_FRAMES)
    if subject:
        question = fill(prompts.CONCEPT_FRAMES, s=subject)
        if plural_subject:  # "Interdisciplinary skills are …"
            question = question.replace("What is ", "What are ", 1).replace(" does it ", " do they ")
        return question
    if gerund:
        return fill(prompts.PRACTICE_FRAMES, s=label)
    pair = re.split(r"\s+and\s+", heading)
    if len(pair) == 2 and "," not in heading and all(len(x.split()) <= 2 for x in pair):
        a, b = (_phrase(x, text) for x in pair)
        if a.split()[-1:] == b.split()[-1:]:  # "Offline store and online store"
            return fill(prompts.COMPARE_FRAMES, a=f"the {a}", b=f"the {b}")
        return fill(prompts.PAIR_FRAMES, a=a, b=b)
    head = re.split(r"\s+(?:of|in|for|on|with|to|from)\s+", label)[0].split()[-1]  # "entry points for …"
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) and head[0].islower()
    if plural and not stems(label) <= stems(domain):  # "Which canary releases do you know" asks for a list
        return fill(prompts.CONCEPT_PLURAL_FRAMES, s=label)
    return fill(prompts.CONCEPT_LABEL_FRAMES, s=label)


_NOT_A_SUBJECT = {"this", "these", "that", "those", "it", "they", "several", "many", "most", "some", "all",
                  "each", "every", "such", "both", "other", "another", "its", "their", "our", "your", "one"}


def defined_subject(heading: str, passages: Sequence[Passage], context: str = "") -> tuple[str, bool]:
    """The term a sentence of the section defines ("Point-in-time correctness means …") if it is the
    heading's subject, and whether it is plural ("X are …"); ("", False) otherwise. Keeps "a"/"an"."""
    wanted = stems(heading)
    text = " ".join(p.chunk.text for p in passages)
    for sentence in split_sentences(text)[:6]:
        match = _DEFINES.match(sentence)
        if not match:
            continue
        subject = match.group("subject")
        words = subject.split()
        if not stems(subject) & wanted or len(words) > 5 or words[0].lower() in _NOT_A_SUBJECT:
            continue
        if words[0].lower().endswith("ing") and len(words) >= 3:
            continue  # "Monitoring a production ML system is…" describes an activity, not a term
        article = (match.group("article") or "").lower()
        phrase = _phrase(subject, context or text)
        return (f"{article} {phrase}" if article in ("a", "an") else phrase), match.group("verb") == "are"
    return "", False


def _phrase(words: str, text: str) -> str:
    """Words from a heading or a sentence's start as they read mid-sentence: a capitalised word is
    lower-cased unless the corpus writes it capitalised mid-sentence and never in lower case
    ("Terraform state", "deployment strategies for ML models", "a Docker image")."""
    out = []
    for word in words.split():
        lower = word.lower()
        plain_capital = word[:1].isupper() and word[1:] == lower[1:] and word.isalpha()
        if plain_capital and not _is_name(word, text):
            out.append(lower)
        else:
            out.append(word)
    return " ".join(out)


def _is_name(word: str, text: str) -> bool:
    """Written capitalised mid-sentence in `text` more often than in lower case ("Terraform", "Docker")."""
    lower = len(re.findall(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text))
    capital = len(re.findall(rf"[a-z,;]\s+{re.escape(word)}(?![\w-])", text))
    return capital > lower


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeio" or phrase.startswith(("ML", "MLOps")) else "a"


def _top(section: str) -> str:
    return section.split(" > ")[0]


def _group(passages: list[Passage]) -> list[_Seed]:
    """One seed per section (document order), each with its passages."""
    groups: dict[tuple[str, str], list[Passage]] = {}
    everything = " ".join(p.chunk.text for p in passages)
    for p in passages:
        groups.setdefault((p.chunk.source, p.chunk.section), []).append(p)
    seeds = []
    for (source, section), group in groups.items():
        chunk: Chunk = group[0].chunk
        heading = section.split(" > ")[-1] if section else chunk.title
        # An article's title is a headline ("Embarking on a Career as…"); other documents' titles name their subject.
        domain = "MLOps" if "/articles/" in source and section else chunk.title
        seeds.append(_Seed(heading=heading, passages=tuple(group), domain=domain, is_intro=not section,
                           text=everything))
    return seeds


def _is_career(label: str) -> bool:
    return any(w in label.lower() for w in _CAREER_WORDS)


# -- checking a model's question --------------------------------------------------

def clean_model_question(reply: str) -> str:
    """The question in a model's reply: its first non-empty line, without labels or quotes."""
    for line in reply.strip().splitlines():
        line = re.sub(r"^\s*(?:\d+[.)]\s*|[-*•]\s*|(?:question|q|type|scenario|concept|career)\s*[:.]\s*)+", "",
                      line, flags=re.I)
        line = line.strip().strip('"“”\'').strip()
        if line:
            return " ".join(line.split())
    return ""


def question_problem(text: str, passage_text: str, taken: Sequence[str], titles: str = "",
                     kind: str = "concept") -> str:
    """Why a model's question cannot be used ("" if it can). `titles`: the passages' title and headings."""
    if not text.endswith("?") or text.count("?") > 2:
        return "not a single question ending in '?'"
    if not 4 <= len(text.split()) <= 45:
        return "too short or too long"
    if kind in ("scenario", "career") and not re.search(r"\b(you|your)\b", text, re.I):
        return f"not a {kind} question: it does not put the candidate in it"
    if prompts.MODEL_SENTINEL.lower() in text.lower():
        return "the model said the passages do not cover it"
    mine, theirs = stems(text) - _INTERVIEW_WORDS, stems(passage_text)
    if len(mine & theirs) < 2 or len(mine & theirs) < 0.5 * len(mine):
        return "shares too few key terms with the passages"  # about something they do not say
    if _copies_an_example(text):
        return "copies the prompt's example"
    if titles and mine <= stems(titles):
        return "only names the topic"  # "What is model monitoring and drift?" asks for an essay, not a point
    if is_duplicate(text, taken):
        return "repeats an earlier question"
    return ""


# Words any interview question may use without the passages saying them.
_INTERVIEW_WORDS = stems("scenario interview candidate describe example explain approach handle ensure key common "
                         "challenges steps first would should team production situation result project time")


def _copies_an_example(text: str, n: int = 6) -> bool:
    """Shares a run of `n` words with a few-shot example (small models copy them)."""
    def grams(t: str) -> set:
        words = re.findall(r"\w+", t.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    mine = grams(text)
    return any(mine & grams(f"{passage} {question}") for _, passage, question in prompts.QUESTION_EXAMPLES)


def is_duplicate(question: str, taken: Sequence[str]) -> bool:
    """Same question in other words: most of its content words already asked together."""
    mine = stems(question)
    for other in taken:
        theirs = stems(other)
        if question.strip().lower() == other.strip().lower():
            return True
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.8:
            return True
    return False
