"""Scenario questions: a situation the section resolves, then what the candidate would do.

The situation is chosen by the section's words (prompts.SCENARIO_SITUATIONS: drift words →
"Your model's accuracy has slipped …"; CAREER_SITUATIONS for career material), and the ask
by what one sentence of the section offers: a remedy ("How could a feature store help here,
and how would you use it?"), a problem ("Could training/serving skew explain this, and how
would you check?"), a risk ("Would you use the recreate strategy here, and what could go
wrong?"). When no sentence offers one, an open ask ("How would you approach this?") if the
situation shares the section's words, else one that names the section's subject.

Not here: concept questions (writing.py), career questions (careers.py).
"""

from __future__ import annotations

import re
import zlib

from .. import prompts
from ..terms import stems
from .claims import Claim
from .english import phrase
from .headings import HEADING_LEAD, IMPERATIVE, WH, first_part
from .section import VAGUE, Section, Written, asked_subject, head, is_role, ranked, role_of, table_row

_SCENARIO_WEIGHT = {"cause": 10, "condition": 9, "define": 8, "purpose": 8, "effect": 7, "risk": 7, "action": 6,
                    "require": 5, "limit": 5, "include": 3}
# Subjects that are goals rather than means: "What would you need … to get reproducibility here?"
_GOALS = {"reproducibility", "scalability", "reliability", "efficiency", "privacy", "security", "observability",
          "correctness"}
LISTS = {"components", "benefits", "techniques", "practices", "tools", "skills", "tips", "resources", "basics",
         "overview", "introduction", "qualifications"}
# What a learner fits into a plan: "How would internships fit into your plan?"
_PLANNED = {"internships", "hackathons", "contests", "courses", "books", "certifications", "communities", "forums",
            "contributions", "projects", "degrees", "bootcamps", "programs"}
# Situation words any section may share without being about the situation.
_STOCK = stems("model models team data production ml mlops new your company last week")


def scenario_options(section: Section) -> list[Written]:
    """Scenario questions on the section, best first."""
    out = []
    pair = section.pair
    if pair and pair.problems:  # "… data drift or concept drift?"
        ask = prompts.SCENARIO_ASKS["problem pair"].format(a=pair.a, b=pair.b)
        out.append(Written(f"{situation(section, f'{pair.a} {pair.b}')} {ask}", pair.sources))
    if section.tools:
        out.append(Written(f"{situation(section, '')} {prompts.SCENARIO_ASKS['tools']}", section.tools[:2]))
    plan = plan_subject(section)
    if plan:
        out.append(Written(f"{situation(section, '')} {prompts.SCENARIO_ASKS['plan'].format(s=plan)}"))
    for claim in ranked(section, _SCENARIO_WEIGHT):
        ask = _scenario_ask(claim, section)
        if ask:
            out.append(Written(f"{situation(section, claim.subject)} {ask}", (claim,)))
    open_ask = _open_ask(section)
    return out + [open_ask] if open_ask else out


def _open_ask(section: Section) -> Written | None:
    """The situation and an open ask ("How would you approach this?") when the situation was chosen by the
    section's own words and shares them; otherwise the ask names what the section is about. None when
    it can name nothing and a situation matched by a heading or a title alone shares no word with the
    passages ("…Ensuring Fairness" over an introduction): not a situation they resolve."""
    best = ranked(section, _SCENARIO_WEIGHT)[:1]  # the section as the answer: its best sentence a key point
    line = situation(section, best[0].subject if best else "")
    plain = prompts.SCENARIO_ASKS["career plain" if section.career else "plain"]
    open_ask = plain[zlib.crc32(section.full_heading.encode()) % len(plain)]  # varied, the same every time
    shared = (stems(line) - _STOCK) & stems(section.passage_text)  # the situation's words the passages use
    if len(shared) >= 2 or (section.career and shared):
        return Written(f"{line} {open_ask}", tuple(best))
    nouns = [c.subject for c in ranked(section, _SCENARIO_WEIGHT) + list(section.claims) if _plain_noun(c.subject)]
    subject = re.sub(r"\s*\([^)]*\)", "", nouns[0] if nouns else _topic_phrase(section))
    whole = subject.lower() == section.heading.lower() and " and " in subject and len(subject.split()) >= 4
    listed = "," in section.heading and subject.lower() == section.heading.split(",")[0].strip().lower()
    if not _plain_noun(subject) or whole or listed:
        generic = section.career or line == prompts.SCENARIO_SITUATIONS[-1][1]  # fits any section
        return Written(f"{line} {open_ask}", tuple(best)) if generic or shared else None
    ask = prompts.SCENARIO_ASKS["career subject" if section.career else "subject"].format(s=subject)
    return Written(f"{line} {ask}", tuple(c for c in section.claims if c.subject == subject)[:1] or tuple(best))


def _plain_noun(subject: str) -> bool:
    """A short noun phrase a question can name: "tracking tools", "version control"; not "choosing the
    right one", "MLOps engineer", "the benefits of MLOps"."""
    words = subject.lower().split()
    return (0 < len(words) <= 4 and not words[0].endswith("ing")
            and words[0] not in WH | IMPERATIVE | {"the", "a", "an"} and not is_role(subject)
            and not {head(subject), head(subject) + "s"} & (VAGUE | LISTS)
            and not {"mlops", "engineering"} & set(words))


def situation(section: Section, subject: str) -> str:
    """The opening that fits the section: by its subject and heading first, then by its document's title."""
    table = prompts.CAREER_SITUATIONS if section.career else prompts.SCENARIO_SITUATIONS
    subject = "" if section.career else subject  # career advice is matched by its heading alone
    return table_row(table, (f"{subject} {section.full_heading}", section.title)) or table[-1][1]


def _scenario_ask(claim: Claim, section: Section) -> str | None:
    key = role_of(claim, section)
    if key is None or key == "activity" or section.career:
        return None
    if key == "technique" and claim.kind not in ("define", "purpose", "effect", "condition", "risk", "limit") \
            and not section.named(claim.subject):
        return None  # a mechanism, not a remedy ("the CUDA runtime image contains …"): the plain ask fits
    if len(asked_subject(claim, section, key).split()) > 3:
        return None  # a long name makes a long question
    if head(claim.subject) in _GOALS:
        key = "goal"
    key = {"risk": "risk", "limit": "risk", "condition": "condition", "require": "require"}.get(claim.kind, key)
    if key == "require" and claim.plural:
        return None
    s = asked_subject(claim, section, key)
    return prompts.SCENARIO_ASKS[key].format(s=s, them="them" if claim.plural else "it")


def _topic_phrase(section: Section) -> str:
    """The heading as a noun phrase, its first part if long ("data collection" for "Data collection and …")."""
    label = phrase(HEADING_LEAD.sub("", section.heading), section.text, title_case=True)
    return first_part(label) if label.split()[0].lower() not in WH else phrase(section.title, section.text, True)


def plan_subject(section: Section) -> str:
    """What a career section recommends, as a learner would fit it into a plan ("online courses",
    "building a strong portfolio"), or ""."""
    label = re.split(r"\s+and\s+|,\s*", phrase(section.heading, section.text, title_case=True))[0]
    words = label.split()
    if not section.career or not words or len(words) > 3:
        return ""
    if (words[0].lower().endswith("ing") and not is_role(label)) or head(label) + "s" in _PLANNED:
        return label[0].lower() + label[1:]
    return ""
