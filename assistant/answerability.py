"""Answerability: do the sources hold what was asked, not only something on its topic?

Relevance (retrieval.py's gate) says the corpus is about the question's subject.
That is not enough: "How much does the Coursera course cost?" is on a covered
subject, but no passage gives a price; "Compare Git with Perforce" names a tool
the corpus never mentions. So, after the gate:

- a name the corpus never mentions declines the question, unless it sits in one
  part of a compound question or on one side of a comparison while another part
  is clean: then that part is answered and the rest named as not covered;
- a part asking for a figure (how much, how many, what percentage, when) counts as
  answered only if a quoted unit about that part's subject holds a number;
  otherwise it is declined, or named as not covered beside the parts that are.

Plain rules on the question and the quoted units; no model. Not here: the
relevance gate (retrieval.py) or composing the answer (generation/).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .asking import FIGURE_WORDS, OFFERED, analyse, asking_sentences
from .citations import CitedSentence
from .generation.extractive import has_figure
from .retrieval import sub_questions
from .terms import ALIASES, content_terms, named_terms, stems

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# Words that point back and are no stopwords (stems() already drops "it", "they", "this"…).
_POINTERS = stems("either neither")
# Verbs that leave the subject to what a part points back to ("when did it happen?").
_LIGHT_VERBS = stems("happen happened occur occurred take took place call called")
_POINTING = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those|there|both|either|neither|"
                       r"all (?:two|three|four|five))\b", re.I)
_POINTING_AT_SEVERAL = re.compile(r"\b(?:they|them|their|these|those|all (?:two|three|four|five))\b", re.I)
_CHOOSING = re.compile(r"\b(?:which|between|better|best|easier|easiest|prefer\w*|rather|instead)\b", re.I)
# A part that leans on another ("…, or what else should I look at?", "…, or which would you pick?") is
# no question alone: with the part it leans on declined, it is declined too.
_ALTERNATIVE = re.compile(r"\b(?:else|instead|otherwise)\b", re.I)
_CHOICE = re.compile(r"\b(?:pick|choose|recommend)\b", re.I)

Select = Callable[[str], list[CitedSentence]]


@dataclass(frozen=True)
class Decision:
    question: str | None  # what to answer (the covered parts); None: decline
    missing: tuple[str, ...] = ()  # what was asked and is not in the sources, as the question words it

    @property
    def declined(self) -> bool:
        return self.question is None


def decide(question: str, unknown: list[str], select: Select, asked: str = "",
           distinctive: Callable[[str], bool] = lambda word: True) -> Decision:
    """What of `question` can be answered, given the names the corpus never mentions (`unknown`)
    and `select`, which quotes units for a text (to see whether a figure or a name is there).
    `asked`: the question as the learner wrote it, if `question` is a shortened form of it (its
    numbers are not the figure asked for either). `distinctive`: whether a capitalised word is
    rare enough in the corpus to be a name ("Sculley", not "Machine" or "Learning")."""
    # Only what asks is answered or declined: "…? trying to figure out how hard to study" sets the scene,
    # and a name only there ("I basically live in Jupyter.") is not what was asked about, unless the
    # question points back to it ("I use Perforce. How do I version models in it?").
    asks, scene = asking_sentences(question)
    body = " ".join(asks)
    if scene and not _POINTING.search(body):
        unknown = [u for u in unknown if u.lower() in body.lower()]
    parts = [part for clause in re.split(r";\s+", body)
             for part in (sub_questions(clause, min_terms=1) or [clause])]
    missing: list[str] = []
    if unknown:
        lowered = [u.lower() for u in unknown]
        parts = _clean_parts(body, parts, lowered)
        if not parts and scene and _POINTING_AT_SEVERAL.search(body) and not _CHOOSING.search(body):
            # "I'm shortlisting Airflow, Dagster and Flyte. Are all three sensible choices?": the names
            # it points back to are listed in the scene, so the whole question is what lists them. Not
            # for "is it…?" (which one?) or "which of those…?" (a choice left with one option).
            parts = _clean_parts(question, [question], lowered)
        if not parts:
            return Decision(None, tuple(unknown))
        missing += unknown
    answered = []
    for part in parts:
        wants = analyse(part)
        points_back = bool(_POINTING.search(part))
        about = question if points_back else part  # "…, and who wrote it?" is about the rest
        if (wants.figure and not figure_found(part, select(about), asked, points_back)) or \
                (wants.named and not name_found(part, select(about), asked, distinctive, wants.named)):
            missing.append(_phrase(part))
        else:
            answered.append(part)
    if not answered:
        return Decision(None, tuple(missing))
    text = question if len(answered) == len(parts) and not unknown else \
        " ".join(p if p.endswith(("?", ".", "!")) or len(answered) == 1 else f"{p[0].upper()}{p[1:]}?"
                 for p in answered)
    return Decision(text, tuple(missing))


def _clean_parts(question: str, parts: list[str], unknown: list[str]) -> list[str]:
    """The parts free of unknown names, when the unknown names sit in some part only."""
    def clean(text: str) -> bool:
        return not any(u in text.lower() for u in unknown)

    if len(parts) > 1:
        # A part naming an unknown one beside a known one ("Feast vs Featureform: what is Feast for") keeps
        # the known one; a part that points back ("…, and what do they ask?") is about an unknown name
        # before it too, unless that part kept its known one ("…, and what does it leave to other tools?").
        kept: list[str | None] = [p if clean(p) else next(iter(_clean_parts(p, [p], unknown)), None)
                                  for p in parts]
        if all(map(clean, parts)):
            return []
        return [p for i, p in enumerate(kept) if p is not None
                and not (_POINTING.search(p) and None in kept[:i])
                and not (clean(parts[i]) and _leans(question, p))]
    asked = analyse(question)
    if asked.type == "comparison" and len(asked.sides) == 2 and sum(map(clean, asked.sides)) == 1:
        # "Compare Git with Perforce for versioning": the question about Git alone.
        text = question
        for name in unknown:
            text = _without(text, name)
        text = re.sub(r"\b(?:vs\.?|versus|or|and|with)\s*(?=[:,;?.!]|$)", "", text, flags=re.I)  # "Feast vs :"
        return [_tidy(text)]
    known = [n for n in named_terms(question) if clean(n)]
    if known and not _JOINT.search(question) and all(_coordinated(question, name, known) for name in unknown):
        # "Explain the KS test and the Anderson-Darling test": asked of each, so the KS test is answered.
        text = question
        for name in unknown:
            text = _without(text, name)
        return [_tidy(text)]
    return []


# Words asking how listed things go together ("Can Deequ and Great Expectations share one set of rules?",
# "…give the same attributions?", "in the same notebook?"): not answered by what the sources say of one.
_JOINT = re.compile(r"\b(?:shar(?:e|es|ed|ing)|together|combin\w*|integrat\w*|compatib\w*|interoperat\w*|"
                    r"work(?:s|ed|ing)? with|each other|migrat\w*|convert\w*|port(?:s|ed|ing)?|same|both|alike|"
                    r"equivalent|agree\w*|replac\w*|switch\w*|alongside|instead)\b", re.I)
# What lists names: ", and", "and", "or", "vs" (then "the", "a" or one word, as in "and Azure Bicep"),
# or a bare comma straight before the next name (after "Captum, the PyTorch library," an aside begins).
_LINK = r"(?:(?:,\s*(?:and|or)|\band|\bor|\bvs\.?|\bversus)\s+(?:(?:the|an?)\s+)?(?:[\w-]+\s+)?|,\s*)"
_COORDINATOR = r"(?:,\s*(?:and|or)\b|,|\band\b|\bor\b|\bvs\.?|\bversus\b)"


def _leans(question: str, part: str) -> bool:
    """`part` is no question without the others: it asks for an alternative ("…, and what else…?"), or
    follows an "or" and offers a choice ("…, or which would you pick?") or names too little to have a
    subject of its own ("…, or what do most teams use?"; "…, or how does a shadow release route
    requests?" has one). "…, and which orchestrator would you recommend?" stands alone."""
    after_or = re.search(rf"[,;]\s*or\s+{re.escape(part)}", question, re.I) is not None
    return bool(_ALTERNATIVE.search(part)) or (after_or and (bool(_CHOICE.search(part))
                                                             or len(content_terms(part)) < 3))


def _name(name: str) -> str:
    """A pattern for `name` as a whole word ("Ray" not in "array"; "C++" and "scikit-learn" whole)."""
    return rf"(?<![\w-]){re.escape(name)}(?![\w-])"


def _coordinated(question: str, name: str, known: list[str]) -> bool:
    """`name` is listed beside a known name ("Airflow, Dagster and Flyte", "SHAP or Captum", "the KS
    test and the Anderson-Darling test"), so the question asks of each, not of it alone. At most two
    lower-case words may follow the first name ("test", "change sets"): "Captum explain XGBoost and
    LightGBM" lists two other names, not Captum."""
    for other in known:
        for first, second in ((other, name), (name, other)):
            if re.search(rf"{_name(first)}(?:\s+(?-i:[a-z][a-z-]*)){{0,2}}?\s*{_LINK}{_name(second)}", question, re.I):
                return True
    return False


def _without(text: str, name: str) -> str:
    """`text` without `name` and what lists it: ", and the Anderson-Darling" or "Captum, "."""
    listed_after = re.compile(rf"\s*{_COORDINATOR}\s*(?:(?:the|an?)\s+)?{_name(name)}", re.I)
    if listed_after.search(text):
        return listed_after.sub(" ", text, count=1)
    return re.sub(rf"(?:(?:the|an?)\s+)?{_name(name)}(?:\s*{_COORDINATOR}\s*)?", " ", text, count=1, flags=re.I)


def _tidy(text: str) -> str:
    return re.sub(r"\s+([:,;?.!])", r"\1", re.sub(r"\s+", " ", text)).strip()


def figure_found(part: str, units: list[CitedSentence], asked: str = "", points_back: bool = False) -> bool:
    """A quoted sentence (or list item) holds a figure of the kind asked for — money for a salary,
    a share for a percentage, a year or month for "when", a duration for "how long" — beside the names
    the part gives, in a unit about the part's subject (half of its own words, counting the section
    heading). A part that points back ("SageMaker was renamed. When did it happen?") leaves its subject
    to the rest of the question: its unit must be in a passage whose quoted units name one of the
    question's names, and hold half of the part's own words beyond "happen", "call"…"""
    def aliased(text: str) -> str:  # "in the US": the sources write "in the United States"
        for name in named_terms(text):
            if name.lower() in ALIASES:
                text = re.sub(rf"\b{re.escape(name)}\b", ALIASES[name.lower()], text)
        return text

    part = aliased(part)
    subject = stems(part) - FIGURE_WORDS - _POINTERS - (_LIGHT_VERBS if points_back else set())
    # The names in the part must be there: "…earn in Germany" is not answered by a US salary.
    names = stems(" ".join(n for n in named_terms(part) if n.lower() not in _COMMON_CAPITALS))
    pointed = stems(" ".join(n for n in named_terms(aliased(asked)) if n.lower() not in _COMMON_CAPITALS)) - names \
        if points_back else set()
    pieces = [(unit, piece, context, stems(f"{piece} {context}")) for unit, piece, context in _pieces(units)]
    in_passage: dict[str, set[str]] = {}
    for unit, _, _, words in pieces:
        in_passage.setdefault(unit.passage.chunk.id, set()).update(words)
    # "how many months does the 2024 guide say…": not 2024; but "Is 61% the usual growth?" offers the figure.
    given = set() if OFFERED.search(part) else set(_NUMBER.findall(f"{part} {asked}"))
    kind = next((shape for asks, shape in _FIGURE_KINDS if asks.search(part)), None)
    for unit, piece, context, words in pieces:
        text = _NUMBER.sub(lambda m: "" if m.group() in given else m.group(), piece)
        if not has_figure(text) or (kind and not kind.search(text)):
            continue
        if not all(n in words or n.rstrip("s") in words or f"{n}s" in words for n in names):  # "GPUs", "1 GPU"
            continue
        if pointed and not pointed & in_passage[unit.passage.chunk.id]:  # "SageMaker…. When did it happen?"
            continue
        said = stems(f"{unit.text} {context}")
        shared = _shared(subject, said) if points_back else len(subject & said)
        if not subject or shared >= 0.5 * len(subject):
            return True
    return False


def _shared(wanted: set[str], words: set[str]) -> int:
    """How many of `wanted` `words` holds, a stem counting when one is the other's start ("renam" for
    "rename": the stemmer cuts "renamed" but not "rename")."""
    return sum(any(w == x or (min(len(w), len(x)) >= 4 and (w.startswith(x) or x.startswith(w))) for x in words)
               for w in wanted)


# What a figure of each kind looks like, for the words that ask for it (first that fits).
_FIGURE_KINDS = (
    (re.compile(r"\b(?:percentage|percent|share|proportion|fraction)\b|%", re.I),
     re.compile(r"%|\b(?:percent|per cent|half|quarter|third)\b", re.I)),
    (re.compile(r"\b(?:salar(?:y|ies)|pay|paid|earn\w*|price[sd]?|pricing|costs?|fees?|tuition|charges?|revenue|"
                r"turnover)\b|\bhow much (?:do|does|did|can|could|would|will)\b[\w\s-]{1,40}?\bmake\b", re.I),
     re.compile(r"[$€£¥]\s?\d|\d\s?(?:k\b|usd|eur|gbp|dollars?|euros?|pounds?)|\b(?:usd|eur|gbp)\b", re.I)),
    (re.compile(r"\bhow long\b|\bhow far back\b|\b(?:interval|timeout)\b", re.I),
     re.compile(r"\d\s*(?:ms|s|sec\w*|min\w*|h|hrs?|hours?|days?|weeks?|months?|years?)\b", re.I)),
    (re.compile(r"^\W*when\b|\bwhen (?:was|were|did|will|is|does)\b|\b(?:what|which) (?:year|date)\b", re.I),
     re.compile(r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|june|july|august|september|october|"
                r"november|december)\b", re.I)),
)
_ITEM = re.compile(r";\s+|(?<=[.!?])\s+(?=[A-Z])")


def _pieces(units: list[CitedSentence]):
    """Each quoted unit's sentences and list items, with the words that say what they are about: the
    list's lead-in ("Facts and figures: …"), the title and the section heading."""
    for unit in units:
        chunk = unit.passage.chunk
        lead = unit.text.split(":", 1)[0] if ":" in unit.text[:80] else ""
        for piece in _ITEM.split(unit.text):
            yield unit, piece, f"{lead} {chunk.title} {chunk.section}"


# Capitalised words that name nothing in particular: a question's "which researchers…" is not
# answered by "MLOps" or "AI" in a sentence.
_COMMON_CAPITALS = {"ml", "ai", "mlops", "devops", "dataops", "llm", "api", "ci", "cd", "it"}
_CAPITALISED = re.compile(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][\w'’-]*[a-z][\w'’-]*\b")
_LABEL = re.compile(r"^[^:]{1,40}:\s")  # "Reduced Risk: By standardizing …": a list item's label


def name_found(part: str, units: list[CitedSentence], asked: str = "",
               distinctive: Callable[[str], bool] = lambda word: True, kind: str = "") -> bool:
    """A quoted unit about the part's subject names, in the shape of the `kind` asked for, someone or
    something the question itself does not: "which researchers proved X" is answered by "Kleinberg
    et al. showed X", not by a sentence about X alone; "which licence" by "the Business Source
    License", not by "HashiCorp changed Terraform's licence"."""
    subject = stems(part) - FIGURE_WORDS - _NAMED_KINDS
    if len(subject) < 2 or _POINTING.search(part):  # "…, and who wrote it?": the subject is the question's
        subject = stems(f"{part} {asked}") - FIGURE_WORDS - _NAMED_KINDS
    given = {w.lower() for w in re.findall(r"[\w'’-]+", f"{part} {asked}")}
    given_stems = stems(" ".join(given))
    for _, piece, context in _pieces(units):
        words = stems(f"{piece} {context}")
        if subject and len(subject & words) < len(subject) / 3:  # a paraphrased subject shares less
            continue
        if kind == "code":  # an identifier, capitalised or not: `max_queue_delay`, --flag, expect_x()
            if _CODE_SHAPE.search(piece):
                return True
            continue
        text = _LABEL.sub("", piece)
        if kind == "work" and any(stems(title) - given_stems for title in _QUOTED_TITLE.findall(text)):
            return True  # a quoted title names a work, however common its words ("Machine Learning Engineering")
        names = {w.lower() for w in _CAPITALISED.findall(text)} - given - _COMMON_CAPITALS
        if any(stems(name) and distinctive(name) for name in names) and _SHAPES.get(kind, _ANY).search(text):
            return True
    return False


class _PersonName:
    """A person's name: "by Sculley", "Sculley et al.", or two capitalised words standing alone ("Jane
    Smith"; not a longer run such as "Data Version Control", nor a sentence's first word)."""
    _MARKED = re.compile(r"\bby [A-Z][a-z]+|\b[A-Z][a-z]+ (?:et al|and colleagues)\b")
    _RUN = re.compile(r"(?<![.!?:]\s)\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")

    def search(self, text: str) -> re.Match | None:
        return self._MARKED.search(text) or next((m for m in self._RUN.finditer(text) if m.group().count(" ") == 1),
                                                None)


# How a name of each kind is written: a person "by Sculley", "Sculley et al.", "Jane Smith";
# a work a quoted title or a run of three capitalised words; an institution (a university, a
# licence, a conference) with its kind word in the name ("Business Source License", "University of X").
_ANY = re.compile(r".")
_SHAPES = {
    "person": _PersonName(),
    "work": re.compile(r"[\"“][^\"”]{8,}[\"”]|\b(?:[A-Z][a-z]+ ){2,}[A-Z][a-z]+"),
    "institution": re.compile(r"\b(?:University|College|School|Institute|Licen[cs]e|Conference|Journal|Award)\b|"
                              r"\b[A-Z]{2,}\d*(?: \d(?:\.\d)*)? licen[cs]e\b"),
}


# A title in quotes: capitalised, two words or more (not a quoted term such as "champion").
_QUOTED_TITLE = re.compile(r"[\"“]([A-Z][^\"”\s]*\s[^\"”]+)[\"”]")  # one pass from each opening quote
_CODE_SHAPE = re.compile(r"`[^`\n]+`|\B--[a-z][\w-]+|\b[a-z]+_[a-z_]+\b|\b\w+\(\)|\b[a-z]+\.[a-z]+\.[a-z]+\b")


_NAMED_KINDS = stems("researchers scientists authors people person papers books titles university universities "
                     "method function command flag field parameter setting name names "
                     "college school institute institution licence license conference journal award who whose")


# Words a missing part may open with that are not names: lower-cased to sit inside a sentence.
_OPENERS = frozenset("what which who whom whose when where why how does do did is are was were has have had can "
                     "could would should will may might must and or but so also then the a an its it in on at for "
                     "with from by about besides if as any anyone anybody someone tell please give list explain "
                     "describe compare".split())


def _phrase(part: str) -> str:
    """A part as the learner wrote it, to quote inside a sentence: its opening word lower-cased unless
    it is a name, and every name as written ("how much do MLOps engineers earn in Europe")."""
    text = part.strip(" ?.!\"“”'‘’`")
    words = text.split(" ")
    if sum(w[:1].isupper() for w in words) > len(words) / 2:
        return text.lower()  # shouted or in title case: its capitals do not mark names
    if words and re.split(r"['’]", words[0].lower())[0] in _OPENERS:  # "What's" too
        words[0] = words[0].lower()
    return " ".join(words)
