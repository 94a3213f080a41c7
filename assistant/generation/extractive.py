"""The `extractive` backend: answer by quoting what answers the question.

No model writes anything, so every sentence is supported by construction; the
work is choosing well. What is asked decides the shape (asking.py): a list
question is answered by the list or table rows that name the items, a
comparison by one unit per side, a number question by the sentence holding the
figure, a how-to or career question by concrete advice; each type has a
sentence budget, and nothing is added that is only loosely about the question.

Each quotable unit (units.py) gets a score from its features — similarity to the
question, its rare words, what kind of unit it is, whether it is advice, hype or
a figure — weighted by one frozen `Weights` value (chosen on the `dev` split,
never on `test`). `select` then picks greedily, each pick favouring question
words not yet covered and penalising repeats (MMR), and shows the picks grouped
by passage in the author's order.

Not here: numbering citations (citations.py) or refusing (chat.py, answerability.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..asking import Asked, analyse, without_label
from ..backgrounds import backgrounds, written_for
from ..citations import CitedSentence
from ..embeddings import Embedder
from ..retrieval import sub_questions
from ..terms import content_terms, jaccard, stems
from ..types import Passage
from .units import Unit, passage_units

TermStats = Callable[[], tuple[dict[str, int], int]]

# Connectives that read oddly at the start of an answer (allowed later, lightly penalised).
_CONNECTIVES = {"and", "but", "or", "so", "also", "however", "additionally", "furthermore", "moreover",
                "therefore", "thus", "hence", "similarly", "likewise", "finally", "then", "instead", "otherwise"}
_ENUMERATION = re.compile(r"\b(include|includes|including|such as|like|e\.g\.)\b|(,[^,]+){2,}")
_DEFINITION = re.compile(r"\b(is|are|means|refers to|also called|also known as)\b")
# Words of praise that carry no fact: "MLOps is crucial for the ever-evolving landscape…".
_HYPE = frozenset("""crucial essential vital paramount pivotal quintessential realm landscape journey embark
embarking plethora myriad ever-evolving rewarding exciting cornerstone fulcrum amalgamation significance
unprecedented arena thrive excel invaluable indispensable transformative dynamic burgeoning foster
navigate navigating nascent strive aspirants endeavour endeavor""".split())
# Imperative openings and "should" advice: what a how-to or career question asks for.
_ADVICE = re.compile(
    r"^(?:undertake|share|engage|read|invest|join|participate|build|start|learn|practi[cs]e|contribute|collect|"
    r"document|attend|follow|take|gain|seek|consider|focus|keep|use|create|develop|explore|pursue|apply|"
    r"network|stay|write|deploy|automate|track|monitor|pin|test|prepare|study|work|get|look|begin|choose|"
    r"pick|set up|add|avoid|prefer|treat|make|leverage|obtain|earn|publish|showcase|highlight)\b|"
    r"\b(?:should|start with|begin with|first step|a good first|a strong answer)\b", re.I)
# Sentences about the text instead of the subject: "In this guide, we will…", "Here are some tips…".
_SIGNPOST = re.compile(
    r"\b(?:this|the following|the next|our) (?:article|guide|section|roadmap|post|chapter|blog|piece|phase|part)\b|"
    r"\bwe(?:'ll| will| shall)\b|\byou(?:'ll| will) (?:learn|find|discover|explore)\b|"
    r"^(?:here (?:are|is)|below,? (?:we|are|is|you))\b|\bwill (?:also )?(?:explore|discuss|cover|touch upon|delve)\b",
    re.I)
# A reason or a consequence: what a "why…?" question asks for ("…, so versioning code alone cannot
# reproduce a model", "…to ensure consistency", "…because tail latency…").
_REASON = re.compile(
    r"\b(?:because|since|due to|so that|in order to|as a result|otherwise|which (?:means|makes|removes|lets|helps)|"
    r"ensur(?:e|es|ing)|enabl(?:e|es|ing)|allow(?:s|ing)?|lets?|help(?:s|ing)?|prevent(?:s|ing)?|avoid(?:s|ing)?|"
    r"reduc(?:e|es|ing)|remov(?:e|es|ing)|eliminat(?:e|es|ing)|cannot|can't|without)\b|, so\b", re.I)
# A figure: digits (a count, share, price, year, duration) or a spelled-out share.
_FIGURE = re.compile(r"\d|\b(?:percent|per cent|half|quarter)\b", re.I)


@dataclass(frozen=True)
class Weights:
    """How much each feature of a unit counts; chosen on the dev split (README, "Extractive answers")."""
    cosine: float = 0.55  # meaning close to the question's
    lexical: float = 0.35  # the question's (rare) words, those not yet covered by earlier picks
    prior: float = 0.10  # from a better-ranked passage
    novelty: float = 0.20  # says something beyond the question's own words
    specific: float = 0.30  # its other words are rare in the corpus
    redundancy: float = 0.25  # close to a unit already chosen
    definition: float = 0.06  # "X is …" about the question's subject
    connective: float = 0.05  # opens with "However," / "Also," …
    meta: float = 0.15  # describes an interview question instead of answering
    signpost: float = 0.15  # about the text itself ("In this guide, we will…")
    enumeration: float = 0.08  # names several things, for a list question
    unit_for_list: float = 0.10  # a whole list or table row, for a list or comparison question
    unit_elsewhere: float = 0.05  # a whole list or table row, for any other question
    advice: float = 0.08  # an instruction, for a how-to or career question
    hype: float = 0.06  # per word of praise that carries no fact (at most three count)
    figure: float = 0.10  # holds a number, for a number question
    reason: float = 0.08  # gives a reason or a consequence, for a "why…?" question
    stop_ratio: float = 0.5  # stop adding units less similar than this share of the best
    heading: float = 0.5  # share of a unit's closeness measured with its section heading in front
    follows: float = 0.10  # the next sentence (or table row) after a chosen one in its passage
    background: float = 0.20  # from a section written for the background the learner gives as theirs


WEIGHTS = Weights()


@dataclass(frozen=True)
class Features:
    cosine: float
    prior: float
    novelty: float
    rarity: float
    connective: bool
    meta: bool
    defines: bool
    enumerates: bool
    whole_unit: bool
    advice: bool
    hype: int
    figure: bool
    signpost: bool
    reason: bool = False


def features(unit: Unit, cosine: float, query: set[str], term_df: dict[str, int], n_chunks: int) -> Features:
    """What a unit is like, as far as scoring goes (pure: the same unit and question, the same features)."""
    first = unit.text.split()[0].lower().strip(",")
    rare = [math.log(n_chunks / (1 + term_df.get(t, 0))) for t in unit.stems - query] if n_chunks else []
    return Features(
        cosine=cosine, prior=1.0 / (1 + unit.passage_rank),
        novelty=min(len(unit.stems - query), 10) / 10,
        rarity=(sum(rare) / len(rare)) / math.log(max(n_chunks, 2)) if rare else 0.0,
        connective=first in _CONNECTIVES, meta=unit.meta,
        defines=bool(_DEFINITION.search(unit.text) and stems(" ".join(unit.text.split()[:6])) & query),
        enumerates=bool(_ENUMERATION.search(unit.text) or "; " in unit.text),
        whole_unit=unit.kind != "sentence", advice=bool(_ADVICE.search(unit.text)),
        hype=sum(1 for w in content_terms(unit.text) if w in _HYPE), figure=bool(_FIGURE.search(unit.text)),
        signpost=bool(_SIGNPOST.search(unit.text)), reason=bool(_REASON.search(unit.text)))


def score(f: Features, asked: Asked, about_interviews: bool, w: Weights = WEIGHTS) -> float:
    """The part of a unit's score that does not change as units are picked."""
    total = w.cosine * f.cosine + w.prior * f.prior + w.novelty * f.novelty + w.specific * f.rarity
    total -= w.connective * f.connective + w.meta * (f.meta and not about_interviews) + w.hype * min(f.hype, 3)
    total -= w.signpost * f.signpost
    total += w.definition * f.defines
    if asked.type == "list":
        total += w.enumeration * f.enumerates
    if f.whole_unit:
        total += w.unit_for_list if asked.type in ("list", "comparison") else -w.unit_elsewhere
    if asked.type in ("howto", "career"):
        total += w.advice * f.advice
    if asked.figure:
        total += w.figure * f.figure
    if asked.reason:
        total += w.reason * f.reason
    return total


def read_under_headings(embedder: Embedder, quotes: list[tuple[str, str]], query_vectors: np.ndarray,
                        heading: float = WEIGHTS.heading) -> tuple[np.ndarray, np.ndarray]:
    """The vectors of (text, section) quotes and how close each is to the question.

    Closeness is read twice and mixed (`heading` is the second reading's share): the text alone,
    and the text under its section heading ("Questions to ask the interviewer: Useful questions
    include how models move from experiment to production…"). An answering sentence often leaves
    its subject to the heading above it, while the sentence that only restates the question
    ("Interviewers often ask how…") is close to it on its own. Against the whole question and each
    of its parts (the rows of `query_vectors`): a quote answering only the second half of "which
    X…, and how Y…?" is still on topic."""
    texts = [text for text, _ in quotes]
    both = embedder.embed(texts + [f"{section.strip()}: {text}" if section.strip() else text
                                   for text, section in quotes])
    vectors, under = both[:len(texts)], both[len(texts):]
    asked = np.atleast_2d(query_vectors).T
    closeness = (1 - heading) * (vectors @ asked).max(axis=1) + heading * (under @ asked).max(axis=1)
    return vectors, closeness


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(text))


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, embedder: Embedder, term_stats: TermStats | None = None, max_sentences: int | None = None,
                 min_sentences: int = 2, shortlist: int | None = None, weights: Weights = WEIGHTS) -> None:
        self.embedder = embedder
        # Corpus document frequencies of stems: a sentence made only of words common
        # in the corpus ("a diverse skill set is paramount") says little.
        self.term_stats = term_stats
        self.max_sentences = max_sentences  # None: the budget of the question's type
        self.min_sentences = min_sentences
        # Embedding a short sentence costs ~2.4 ms on 2 cores. None: every unit is embedded,
        # which is cheap when the embedder remembers the corpus's sentences (the Assistant's
        # does) and finds the paraphrased answer a shortlist by wording would miss; a number:
        # only that many units, the best by wording, plus each passage's openings.
        self.shortlist = shortlist
        self.weights = weights

    def select(self, question: str, passages: tuple[Passage, ...], query_vectors: np.ndarray,
               on_token: Callable[[str], None] | None = None) -> list[CitedSentence]:
        units = passage_units(passages)
        if not units:
            return []
        asked = analyse(question)
        query = stems(question)
        lexical = _lexical_scorer(query, units)
        shortlist = self._shortlist(units, lexical)
        vectors, closeness = read_under_headings(
            self.embedder, [(u.text, passages[u.passage_rank].chunk.section) for u in shortlist], query_vectors,
            self.weights.heading)
        cosine = dict(zip(shortlist, closeness.tolist()))
        if asked.type in _OUTLINED:
            _lift_answers(cosine, self.embedder, query_vectors)
        vector = dict(zip(shortlist, vectors))
        term_df, n_chunks = self.term_stats() if self.term_stats else ({}, 0)
        about_interviews = "interview" in without_label(question).lower()
        pool = [u for u in shortlist if cosine[u] >= 0.2]  # unrelated to the question, whatever the words
        fixed = {u: score(features(u, cosine[u], query, term_df, n_chunks), asked, about_interviews, self.weights)
                 for u in pool}
        fields = backgrounds(question)
        theirs = {rank for rank, p in enumerate(passages) if any(written_for(p.chunk.section, f) for f in fields)}
        for_you = {u for u in pool if u.passage_rank in theirs}
        for u in for_you:
            fixed[u] += self.weights.background
        # A question of two parts or more ("what makes rollback quick, and how does the registry help?")
        # asks two things: one unit more, so the second part's answer is not the one left out.
        budget = self.max_sentences or asked.budget + (len(sub_questions(question)) >= 2)
        chosen = self._pick(pool, fixed, cosine, vector, lexical, budget, _side_stems(asked), for_you)
        # Most relevant passage first; within a passage, the author's order.
        first_pick: dict[int, int] = {}
        for order, u in enumerate(chosen):
            first_pick.setdefault(u.passage_rank, order)
        chosen.sort(key=lambda u: (first_pick[u.passage_rank], u.position))
        return [CitedSentence(text=u.text, passage=passages[u.passage_rank], source_sentence=u.original)
                for u in chosen]

    def _shortlist(self, units: list[Unit], lexical: Callable) -> list[Unit]:
        """The units worth embedding (see `shortlist`; a paraphrased question shares few words
        with its answer, so each passage's openings are kept too)."""
        if self.shortlist is None:
            return units
        by_words = sorted(units, key=lambda u: -(lexical(u) + 0.15 / (1 + u.passage_rank)))
        shortlist = by_words[: self.shortlist]
        shortlist += [u for u in units if u.position < 2 and u not in shortlist][: self.shortlist // 2]
        return shortlist

    def _pick(self, pool: list[Unit], fixed: dict, cosine: dict, vector: dict, lexical: Callable,
              budget: int, sides: list[set[str]], for_you: set[Unit] = frozenset()) -> list[Unit]:
        """Greedy: each pick favours question words not covered yet; a unit close to one
        already chosen adds little, however relevant (MMR), and the one its passage says next
        gains a little (an answer's steps and reasons follow each other in the author's text).
        A comparison first takes the best unit about each side."""
        w = self.weights
        pool = list(pool)
        chosen: list[Unit] = []
        covered: set[str] = set()
        top_cosine = max((cosine[u] for u in pool), default=0.0)
        while pool and len(chosen) < budget:
            known = set().union(*(o.facts for o in chosen)) if chosen else set()
            scores = {u: fixed[u] + w.lexical * lexical(u, covered)
                      - w.redundancy * (0.5 if u.facts - known else 1.0)
                      * max((float(vector[u] @ vector[o]) for o in chosen), default=0.0)
                      + w.follows * any(_follows(u, o) for o in chosen) for u in pool}
            side = next((s for s in sides if not any(s & o.stems for o in chosen)), None)
            candidates = [u for u in pool if side & u.stems] if side else []
            best = max(candidates or pool, key=lambda u: (scores[u], -u.passage_rank, -u.position))
            pool.remove(best)
            if not candidates and best not in for_you and len(chosen) >= self.min_sentences and \
                    cosine[best] < max(0.3, w.stop_ratio * top_cosine):
                continue  # only loosely about the question: enough has been said without it
            if not best.facts - known and any(
                    float(vector[best] @ vector[o]) > 0.9 or jaccard(best.stems, o.stems) > 0.6 for o in chosen):
                continue  # says again what a chosen unit says, with no new name or number
            inside = next((o for o in chosen if o.passage_rank == best.passage_rank and o.original in best.original),
                          None)
            if inside:  # a sentence and the pair that quotes it with the next one: keep the pair
                chosen[chosen.index(inside)] = best
            elif any(o.passage_rank == best.passage_rank and best.original in o.original for o in chosen):
                continue
            else:
                chosen.append(best)
            covered |= best.stems
        return chosen


# "Interviewers often ask how…" reports a question; "A strong answer lists…" right after it answers it.
# A report that answers itself ("…, and a good answer weighs…", "…, so candidates should…") has no
# answer after it to lift.
_REPORTED = re.compile(r"^Interviewers (?:often |commonly |usually |typically )?ask\s+(?:candidates\s+)?(?:to\s+)?")
_ANSWERS_ITSELF = re.compile(r",\s*(?:and|so|which|expecting)\b")
_ANSWER = re.compile(r"^An? (?:strong|good) answer\b")
# Such an answer is an outline of what to say: it answers "how do I…?" and career questions, not
# "what is…?" (where the explanation itself is the answer).
_OUTLINED = ("howto", "career")


def _lift_answers(cosine: dict, embedder: Embedder, query_vectors: np.ndarray) -> None:
    """The sentence after one reporting a question ("Interviewers often ask how…") answers it
    ("A strong answer lists…"): it is as close to a learner asking that question as the question
    it answers, read without the report's words."""
    reports = [(u, _REPORTED.match(u.text)) for u in cosine]
    reports = [(u, u.text[m.end():]) for u, m in reports if m and not _ANSWERS_ITSELF.search(u.text)]
    if not reports:
        return
    asked = (embedder.embed([q for _, q in reports]) @ np.atleast_2d(query_vectors).T).max(axis=1)
    for (u, _), close in zip(reports, asked.tolist()):
        for v in cosine:
            if _follows(v, u) and _ANSWER.match(v.text):
                cosine[v] = max(cosine[v], close)


def _follows(unit: Unit, chosen: Unit) -> bool:
    """`unit` comes straight after `chosen` in the same passage: the next sentence, or the next
    table row (sentences are numbered apart from lines, so only a unit of the same kind can follow;
    a list is one unit, so no list follows another)."""
    return unit.passage_rank == chosen.passage_rank and unit.kind == chosen.kind \
        and unit.position == chosen.position + 1


def _lexical_scorer(query: set[str], units: list[Unit]) -> Callable[..., float]:
    """Share of the question's words (weighted by rarity among these units) that a unit holds."""
    df: dict[str, int] = {}
    for u in units:
        for s in u.stems:
            df[s] = df.get(s, 0) + 1
    idf = {t: math.log(1 + len(units) / (1 + df.get(t, 0))) for t in query}
    total = sum(idf.values()) or 1.0

    def lexical(u: Unit, covered: set = frozenset()) -> float:
        return sum(idf[t] for t in query if t in u.stems and t not in covered) / total

    return lexical


def _side_stems(asked: Asked) -> list[set[str]]:
    """For a comparison, each side's own words (those the other side does not share)."""
    if asked.type != "comparison" or len(asked.sides) != 2:
        return []
    a, b = (stems(s) for s in asked.sides)
    return [x for x in (a - b, b - a) if x]

