"""The quick writer: an interviewer's question about a section, without a model.

The question is built from what the section is about: the term one of its
sentences defines ("Point-in-time correctness means …"), or its heading read as
a phrase ("Offline store and online store", "Why version data and models?"),
put in a frame for the question type (prompts.py). Instant and deterministic.

Not here: a model's wording (model_questions.py) or key points (interviewer.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import prompts
from ..chunking import split_sentences
from ..terms import stems
from ..types import Passage
from .topics import Seed

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


@dataclass(frozen=True)
class _Subject:
    """What a section's question is about, as the frames need it."""

    heading: str  # the heading, cleaned ("2. Showcase…: more" → "Showcase…")
    label: str  # the heading as it reads mid-sentence
    subject: str  # the term the section defines, or ""
    plural: bool  # the defined term is plural ("X are …")
    domain: str  # what the document is about, as it reads mid-sentence
    first: str  # the heading's first word, lower-case
    words: tuple[str, ...]
    text: str  # the topic's text (how its words are capitalised)
    variant: int

    @property
    def gerund(self) -> bool:
        return self.first.endswith("ing") and self.words[0].isalpha() and len(self.words) > 1

    def fill(self, frames: Sequence[str], **values: str) -> str:
        # A frame naming the document's subject reads oddly when the question's subject already is it
        # ("What are feature stores in feature stores…").
        s_stems = stems(" ".join(values.values()))
        usable = [f for f in frames if "{d}" not in f or len(s_stems & stems(self.domain)) < max(1, len(s_stems) / 2)]
        usable = usable or list(frames)
        return usable[self.variant % len(usable)].format(d=self.domain, **values)


def write_question(seed: Seed, kind: str, variant: int = 0) -> str | None:
    """An interviewer's question about the seed's section, from a frame in prompts.py (None: none fits)."""
    about = _subject_of(seed, variant)
    if about is None:
        return None
    if kind == "scenario":
        return _scenario(about, seed)
    if about.first == "why" and not _FINITE.search(about.heading):
        about = _with_label(about, f"why a team would {about.label.split(' ', 1)[1]}")  # "Why version data"
    return _career(about) if kind == "career" else _concept(about)


def _subject_of(seed: Seed, variant: int) -> _Subject | None:
    heading = re.sub(r"^\d+[.)]\s*", "", re.split(r":\s", seed.heading)[0].strip())  # "2. Showcase…", "X: Y"
    heading = _NOMINAL.sub("", heading) or heading  # "Rise of Specialized MLOps Tools" → "Specialized MLOps Tools"
    if any(w.lower() in _NOT_A_SUBJECT for w in heading.split()[1:3]):
        heading = seed.domain  # "What it is": the heading's subject is the document's
    subject, plural = defined_subject(heading, seed.passages, seed.text)
    words = tuple(heading.rstrip("?").split())
    if not words or (seed.is_intro and not subject):
        return None  # an introduction without a defined term is a summary, not a subject
    return _Subject(heading=heading, label=_phrase(heading.rstrip("?"), seed.text), subject=subject, plural=plural,
                    domain=_phrase(seed.domain, seed.text), first=words[0].lower(), words=words, text=seed.text,
                    variant=variant)


def _with_label(about: _Subject, label: str) -> _Subject:
    return _Subject(**{**about.__dict__, "label": label})


def _scenario(about: _Subject, seed: Seed) -> str | None:
    if about.first in _WH or about.first in _IMPERATIVE:
        return None  # "How would how MLOps differs from DevOps help you" cannot be said
    where = f"{about.heading} {seed.domain}".lower()
    situation = next(line for keys, line in prompts.SCENARIO_SITUATIONS
                     if not keys or any(re.search(rf"\b{re.escape(k)}", where) for k in keys))
    s = about.subject or about.label
    if s.lower() == "tools":
        s = f"the tools for {about.domain}"
    return f"{situation} {about.fill(prompts.SCENARIO_ASKS, s=s)}"


def _career(about: _Subject) -> str:
    if about.first in _WH:
        return prompts.WH_FRAMES[1].format(s=about.label)
    if about.first in _IMPERATIVE:
        return f"How do you {about.label} as an MLOps engineer?"
    if about.gerund:
        return about.fill(prompts.CAREER_PRACTICE_FRAMES, s=about.label)
    s = about.subject or about.label
    if s.lower() == "tools":
        s = f"tools for {about.domain}"
    return about.fill(prompts.CAREER_FRAMES, s=s)


def _concept(about: _Subject) -> str:
    label, heading, first, words = about.label, about.heading, about.first, about.words
    if first in _WH and len(words) > 1 and words[1].lower() in _AUXILIARIES:
        return heading.rstrip("?") + "?"  # the source's own FAQ-style heading: "Why is MLOps important?"
    if label.split()[-1].lower() in _ROLES:
        return f"What does {_article(label)} {label} do, and which skills does the role call for?"
    if label.startswith("why a team would "):
        return f"Why would a team {label[len('why a team would '):]}?"
    if first in _WH:
        return about.fill(prompts.WH_FRAMES, s=label)
    if first in _IMPERATIVE:
        return f"Why should an MLOps engineer {label}, and how?"
    compare = re.split(r"\s+(?:vs\.?|versus)\s+", heading, flags=re.I)
    if len(compare) == 2:
        a, b = (_phrase(x, about.text) for x in compare)
        if a.lower().startswith("trade-off"):
            return f"What trade-offs would you weigh when choosing between {about.domain} and {b}?"
        return about.fill(prompts.COMPARE_FRAMES, a=a, b=b)
    if heading.lower() == "tools" or heading.lower().endswith(" tools"):
        return about.fill(prompts.TOOLS_FRAMES)
    if about.subject:
        question = about.fill(prompts.CONCEPT_FRAMES, s=about.subject)
        if about.plural:  # "Interdisciplinary skills are …"
            question = question.replace("What is ", "What are ", 1).replace(" does it ", " do they ")
        return question
    if about.gerund:
        return about.fill(prompts.PRACTICE_FRAMES, s=label)
    return _labelled(about)


def _labelled(about: _Subject) -> str:
    """A question on a heading that defines nothing: a pair, a plural ("entry points"), or a label."""
    label, heading = about.label, about.heading
    pair = re.split(r"\s+and\s+", heading)
    if len(pair) == 2 and "," not in heading and all(len(x.split()) <= 2 for x in pair):
        a, b = (_phrase(x, about.text) for x in pair)
        if a.split()[-1:] == b.split()[-1:]:  # "Offline store and online store"
            return about.fill(prompts.COMPARE_FRAMES, a=f"the {a}", b=f"the {b}")
        return about.fill(prompts.PAIR_FRAMES, a=a, b=b)
    head = re.split(r"\s+(?:of|in|for|on|with|to|from)\s+", label)[0].split()[-1]  # "entry points for …"
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) and head[0].islower()
    if plural and not stems(label) <= stems(about.domain):  # "Which canary releases do you know" asks for a list
        return about.fill(prompts.CONCEPT_PLURAL_FRAMES, s=label)
    return about.fill(prompts.CONCEPT_LABEL_FRAMES, s=label)


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
