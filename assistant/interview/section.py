"""What one section of a topic is about, as the quick writer needs it.

Its heading (cleaned), its claims (claims.py), a pair of things it contrasts ("The offline
store holds … The online store holds …", "Operational monitoring vs model monitoring"),
the tools it lists, and whether it is career material. Also the `Written` result every
writer returns: the question and the sentences it was written from.

Not here: wording questions (writing.py, asking.py, headings.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..terms import content_terms, stems
from .claims import Claim, claims_of
from .english import phrase
from .topics import Seed

# Headings and nouns that say a section lists tools.
_TOOL_NOUNS = {"tool", "tools", "platform", "platforms", "framework", "frameworks", "library", "libraries"}
_ROLES = {"scientist", "engineer", "engineers", "scientists", "expert", "experts", "professional", "professionals",
          "candidate", "candidates", "learner", "learners"}
# Headings of career material (whole words: "Feature Engineering" and "Microsoft Azure" are not).
_CAREER_HEADING = re.compile(
    r"\b(?:careers?|portfolio|skills?|interviews?|roadmap|jobs?|hiring|education|academic|certifications?|"
    r"internships?|hackathons?|communit(?:y|ies)|networking|experts?|engineers?|professionals?|roles?|beginners?|"
    r"journey|transition|cross-functional|interdisciplinary|books|courses|forums|blogs|keep learning|"
    r"learning resources|continuous learning|entry points|open source|experience|expertise|advice|tips)\b", re.I)
# Documents whose every section is career material (a note on roles is not: its sections are technical).
_CAREER_TITLE = re.compile(r"\b(?:career|interview|roadmap|portfolio|job|hiring)", re.I)
# "…, and a container is a running instance …": a second term the sentence defines.
_SECOND_DEFINITION = re.compile(r",\s+and\s+(?P<b>(?:(?:a|an|the)\s+)?[\w/-]+(?:\s+[\w/-]+){0,2}?)\s+(?:is|are)\s+"
                                r"(?:a|an|the)\b")
# Heads of subjects too general to contrast ("the data part …", "the training part …").
_NOT_A_PAIR = {"part", "step", "project", "round", "question", "level", "stage", "way", "one", "model"}
# Words that make a subject one case of a thing ("a typical feature store"), not its full name.
QUALIFIERS = {"typical", "good", "basic", "common", "main", "major", "new", "simple", "full", "plain", "automatic",
               "large", "small", "shared", "most", "many", "other", "fast", "naive"}
# Subjects too general to put a candidate in front of ("a model", "teams", "the data part of the answer").
VAGUE = {"model", "team", "organisation", "organization", "process", "project", "system", "field", "industry",
         "skill", "knowledge", "expertise", "experience", "understanding", "complexity", "documentation", "part",
         "environment", "question", "round"}
# Things that go wrong: asked as "what causes it", "could it explain this".
PROBLEMS = {"skew", "drift", "decay", "leakage", "lock-in", "bias", "downtime", "failure", "failures", "outage",
            "overfitting", "debt"}


@dataclass(frozen=True)
class Written:
    """A question and the sentences it was written from (each becomes one of its key points)."""

    text: str
    sources: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Pair:
    """Two things a section contrasts, as they read mid-sentence, and the sentences that define them."""

    a: str
    b: str
    sources: tuple[Claim, ...]

    @property
    def problems(self) -> bool:
        return head(self.a) in PROBLEMS


@dataclass(frozen=True)
class Section:
    heading: str  # cleaned: "2. Showcase Your Expertise" → "Showcase Your Expertise", "X: Y" → "X"
    full_heading: str
    title: str  # what the document is about ("Feature Stores"; "MLOps" for an article's sections)
    claims: tuple[Claim, ...]
    text: str  # the topic's text: how its words are capitalised
    passage_text: str  # the section's own text: what its questions must share words with
    is_intro: bool
    career: bool
    pair: Pair | None = None
    tools: tuple[Claim, ...] = field(default=())

    def named(self, subject: str) -> bool:
        """The subject is a name ("Terraform", "Git LFS"), not a common noun."""
        return subject[:1].isupper()

    def longest_subject(self, claim: Claim) -> str:
        """The fullest name the section gives the claim's subject ("skew" → "training/serving skew")."""
        mine = words_of(claim.subject)
        same = [c.subject for c in self.claims if mine and mine < words_of(c.subject) and not c.activity
                and len(c.subject.split()) <= 5 and not self.named(c.subject) and c.kind in ("define", "action")
                and not set(c.subject.lower().split()) & QUALIFIERS]
        heading = re.sub(r"\s*\([^)]*\)", "", self.heading)
        if mine and mine < words_of(heading) and not re.search(r",| and | or | vs", heading):
            same.append(phrase(heading, self.text, title_case=True))
        return max(same, key=lambda s: (len(words_of(s)), -len(s)), default=claim.subject)


def table_row(table: tuple[tuple[tuple[str, ...], str], ...], texts: tuple[str, ...]) -> str | None:
    """The value of the first row of `table`, (keys, value), one of whose keys starts a word of a text,
    the texts tried in turn; None when no row fits. A row without keys (a table's default) never fits."""
    for text in texts:
        lower = text.lower()
        for keys, value in table:
            if keys and any(re.search(rf"\b{k}", lower) for k in keys):
                return value
    return None


def is_career_section(seed: Seed) -> bool:
    """Career material: a heading such as "Skills and Qualifications", or a document about careers."""
    return bool(_CAREER_HEADING.search(seed.heading) or _CAREER_TITLE.search(seed.domain))


def read_section(seed: Seed) -> Section:
    heading = re.sub(r"^\d+[.)]\s*", "", re.split(r":\s", seed.heading)[0].strip())
    claims = tuple(claims_of(seed.passages, seed.text))
    career = is_career_section(seed)
    section = Section(heading=heading, full_heading=seed.heading, title=seed.domain, claims=claims,
                      text=seed.text, passage_text=" ".join(p.chunk.text for p in seed.passages),
                      is_intro=seed.is_intro, career=career)
    return Section(**{**section.__dict__, "pair": _pair(section), "tools": _tools(section)})


def words_of(subject: str, plain: bool = False) -> set[str]:
    """A subject's content words in one number ("feature stores" and "a feature store" are one thing);
    `plain`: without qualifiers ("fast rollback" is about "rollback")."""
    words = {w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in content_terms(subject)}
    return words - QUALIFIERS if plain else words


def head(subject: str) -> str:
    """The noun a subject is about: "the offline store of a feature store" → "store"."""
    words = re.split(r"\s+(?:of|for|in|on|with|to|from|by|about)\s+", subject)[0].split()
    last = words[-1].lower() if words else ""
    return last[:-1] if last.endswith("s") and not last.endswith("ss") else last


def without_shared_tail(a: str, b: str) -> tuple[str, str]:
    """ "the offline store of a feature store", "the online store of a feature store" → "the offline store", …"""
    tail_a, tail_b = re.split(r"\s+(?=of\s)", a, maxsplit=1), re.split(r"\s+(?=of\s)", b, maxsplit=1)
    if len(tail_a) == len(tail_b) == 2 and tail_a[1] == tail_b[1]:
        return tail_a[0], tail_b[0]
    return a, b


def _pair(section: Section) -> Pair | None:
    """Two things the section contrasts: two claims on subjects with one head noun ("data drift",
    "concept drift"), the two sides of a "X vs Y" heading, or one sentence defining both ("A Docker
    image is …, and a container is …")."""
    usable = [c for c in section.claims if c.kind in ("define", "action", "include", "effect", "cause")
              and not c.activity and not c.plural and len(c.subject.split()) <= 7]
    sides = re.split(r"\s+(?:vs\.?|versus)\s+", section.heading, flags=re.I)
    for i, a in enumerate(usable):
        for b in usable[i + 1:]:
            if words_of(a.subject) <= words_of(b.subject) or words_of(b.subject) <= words_of(a.subject):
                continue
            if len(sides) == 2 and stems(a.subject) & stems(sides[0]) and stems(b.subject) & stems(sides[1]):
                return Pair(*without_shared_tail(a.subject, b.subject), (a, b))
            if head(a.subject) == head(b.subject) and head(a.subject) not in _NOT_A_PAIR | {""} and a.verb == b.verb:
                return Pair(*without_shared_tail(a.subject, b.subject), (a, b))
    for claim in usable:
        second = _SECOND_DEFINITION.search(claim.rest) if claim.kind == "define" else None
        if second and not words_of(second.group("b")) <= words_of(claim.subject):
            return Pair(claim.subject, phrase(second.group("b"), section.text), (claim,))
    return None


def _tools(section: Section) -> tuple[Claim, ...]:
    """The claims naming tools, when the section is a list of tools (two or more)."""
    named = [c for c in section.claims if c.kind in ("define", "action", "purpose") and section.named(c.subject)
             and not is_role(c.subject)]
    about_tools = bool(_TOOL_NOUNS & set(section.heading.lower().split())) or sum(
        bool(_TOOL_NOUNS & set(c.rest.lower().replace(",", " ").split()[:6])) for c in named) >= 2
    distinct = list(dict.fromkeys(c.subject for c in named))
    return tuple(named) if about_tools and len(distinct) >= 2 else ()


def tool_area(section: Section, before_tools: bool = False) -> str:
    """What the listed tools are for, as it reads mid-sentence: "pipeline orchestration", "feature stores";
    `before_tools`: as it reads in "… tools" ("feature store tools")."""
    area = _tool_area(section)
    if before_tools and area.endswith("s") and not area.endswith(("ss", "Ops")):
        return area[:-1]
    return area


def _tool_area(section: Section) -> str:
    words = [w for w in section.heading.split() if w.lower() not in _TOOL_NOUNS | {"and", "technologies"}]
    if words and stems(" ".join(words)) - stems("mlop ml"):
        return phrase(" ".join(words), section.text, title_case=True)
    title = re.split(r"\s+and\s+", re.sub(r"\s+(?:for ML(?: Models)?|Patterns)$", "", section.title))[0]
    return "MLOps" if title == "MLOps" else phrase(title, section.text, title_case=True)


def ranked(section: Section, weights: dict[str, int]) -> list[Claim]:
    """The section's claims worth asking about, best first: by kind, then by being about the heading."""
    heading = stems(f"{section.heading} {section.title}")

    def score(claim: Claim) -> float:
        mine = stems(claim.subject)
        on_topic = bool(mine & heading) or section.named(claim.subject)
        fit = len(mine & stems(section.heading)) / max(1, len(mine | stems(section.heading)))
        return (weights.get(claim.kind, 0) + 4 * on_topic + 3 * fit - 0.2 * claim.position
                - 0.5 * len(claim.subject.split()))

    usable = [c for c in section.claims if weights.get(c.kind, 0) > 0 and len(c.subject.split()) <= 7
              and not (c.subject.lower() in ("a model", "research", "models") or is_role(c.subject) and c.plural)]
    return sorted(usable, key=score, reverse=True)


def role_of(claim: Claim, section: Section) -> str | None:
    """How a candidate meets the claim's subject: a "problem", a "technique", or an "activity" they do; None
    for a subject no one meets that way (a role, a skill, advice, something the section only mentions)."""
    if claim.activity:
        return "activity"
    subject = claim.subject
    if len(subject.split()) > 5 or set(subject.lower().split()[:2]) & QUALIFIERS or is_role(subject) \
            or head(subject) in VAGUE or subject.endswith("Ops") or subject.lower() == "research" or claim.modal:
        return None
    if claim.kind == "cause" or head(subject) in PROBLEMS:
        return "problem"
    about = section.heading if section.title == "MLOps" else f"{section.heading} {section.title}"
    on_topic = bool(stems(subject) & stems(about)) or section.named(subject) or claim.position <= 1
    return "technique" if on_topic else None


def asked_subject(claim: Claim, section: Section, role: str) -> str:
    """The claim's subject as a question names it: its fullest form for a problem or a technique."""
    if section.named(claim.subject) or role not in ("problem", "risk", "technique", "goal"):
        return claim.subject
    return section.longest_subject(claim)


def is_role(subject: str) -> bool:
    return head(subject) in {r.rstrip("s") for r in _ROLES}
