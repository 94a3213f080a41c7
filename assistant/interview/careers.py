"""Career questions: the candidate's own experience, preparation and plans, fitted to the section.

On career material the section's heading decides: advice is asked back ("Stay up to date …" →
"How do you stay up to date?"), and prompts.CAREER_ANGLES gives the angle its words name
("portfolio" → "Which project would you put in your portfolio …?"). On technical material the
candidate is asked about the section's subject: a tool ("Have you used Terraform in a project?
…"), a technique or practice ("How have you approached blue-green deployment in your own
projects, …?"), a problem ("Tell me about a time you ran into data drift. …"), or something
done ("Tell me about a time you had to keep images small. …").

Not here: concept questions (writing.py), scenarios (asking.py).
"""

from __future__ import annotations

import re

from .. import prompts
from .asking import LISTS
from .english import doing, phrase
from .headings import HEADING_LEAD, WH, heading_career
from .section import Section, Written, asked_subject, ranked, role_of, table_row, tool_area

_CAREER_WEIGHT = {"define": 8, "purpose": 8, "cause": 8, "effect": 7, "condition": 6, "action": 6, "risk": 5,
                  "require": 4, "limit": 4, "include": 3}


def career_options(section: Section) -> list[Written]:
    """Career questions on the section, best first."""
    angle = _angle(section)
    out = heading_career(section)
    if angle and section.career:  # advice ("Follow blogs …") is asked back; an activity by the angle it names
        out.insert(0 if out and out[0].text.startswith("How have you gone about") else len(out), Written(angle))
    if section.tools:
        area = tool_area(section, before_tools=True)
        out.append(Written(prompts.CAREER_ASKS["tools"].format(area=area), section.tools[:2]))
    for claim in [] if section.career else ranked(section, _CAREER_WEIGHT):  # advice is no one's practice
        key = role_of(claim, section)
        named = section.named(claim.subject) or claim.subject.split()[0] in ("a", "an")  # "a canary release"
        key = "tool" if key == "technique" and named else key
        if key in prompts.CAREER_ASKS:
            s = doing(claim.subject) if key == "activity" else asked_subject(claim, section, key)
            they, them = ("they", "them") if claim.plural else ("it", "it")
            out.append(Written(prompts.CAREER_ASKS[key].format(s=s, they=they, them=them), (claim,)))
    for subject in _practices(section):  # "How have you approached cloud adoption …", "… feature stores …"
        out.append(Written(prompts.CAREER_ASKS["technique"].format(s=subject)))
    if angle and angle not in [w.text for w in out]:
        out.append(Written(angle))
    return out


def _practices(section: Section) -> list[str]:
    """What a technical section or its note is about, as a practice a candidate has approached: the
    heading ("cloud adoption", from "Increased Cloud Adoption"), then the note's title ("feature stores")."""
    if section.career:
        return []
    out = []
    heading = re.split(r"\s+(?:in|for)\s+(?:the\s+|MLOps\b)|:\s", HEADING_LEAD.sub("", section.full_heading))[0]
    words = heading.lower().split()
    noun = re.split(r"\s+(?:of|for|in)\s+", heading.lower())[0].split()[-1:] if words else []
    whole = heading == section.full_heading and " and " in heading and len(words) >= 4  # a heading is no slot
    if words and words[0] not in WH and len(words) <= 5 and not section.pair and not set(noun) & LISTS \
            and heading.lower() != "mlops" and not whole:
        out.append(phrase(heading, section.text, title_case=True))
    title = re.sub(r"\s+for ML(?: Models)?$", "", section.title)
    if section.title != "MLOps" and not re.search(r"\broles?\b", title, re.I):
        out.append(phrase(title, section.text, title_case=True))
    return out


def _angle(section: Section) -> str:
    """The career question CAREER_ANGLES gives the section's heading, or its last, general row."""
    return table_row(prompts.CAREER_ANGLES, (section.full_heading,)) or prompts.CAREER_ANGLES[-1][1]
