"""The learner's own background, when a question names it, and the sections written for it.

"I'm a backend dev with Docker and CI experience. What am I missing for MLOps?" is
answered by a section such as "Moving into MLOps from software engineering or
DevOps", but MiniLM puts that section about fifty places down: every passage of a
corpus about MLOps careers is about as close to such a question, and the words that
pick the right one ("backend dev") are neither the section's words nor the words
of the sentence that asks. So the background is read here, by plain rules, and named
as the field a heading would name it ("software engineering", "data science");
retrieval then keeps a section whose heading moves from that field (retrieval.py),
and the quoter puts its sentences first (generation/extractive.py).

A background read where the learner gave none would push a career-change section into
a technical answer, so the rules only read what a learner says of themselves: a role
after "I'm a…", "as a…", "I work as…", "ex-…" or before "here" ("Data scientist here"),
a field after "moving from…", "I work in…", "years in…", "my … background". "I'm
building a data science platform", "I'm hiring a DevOps engineer", "such as data
engineering", "as a software engineer would say" and "our data engineers here" are
no one's background.

Not here: searching (store.py) or ranking (retrieval.py).
"""

from __future__ import annotations

import re

from .terms import content_terms, stem

# Each field as a heading names it; how a learner names themselves by it; how they name the field.
_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("software engineering",
     r"(?:software|back-?\s?end|front-?\s?end|full-?\s?stack|web|java|python|go|golang|\.net|c#|ruby|php|"
     r"javascript|typescript|android|ios|mobile|application|app)\s+(?:devs?|developers?|engineers?)|programmers?|"
     r"swes?|coders?",
     r"software (?:engineering|development)|(?:back-?\s?end|front-?\s?end|web) development"),
    ("DevOps",
     r"devops (?:engineers?|person|people|guy)|sres?|site reliability engineers?|sys-?\s?admins?|"
     r"system administrators?|platform engineers?|infra(?:structure)? engineers?|cloud engineers?|ops engineers?",
     r"devops|site reliability engineering|system administration|platform engineering"),
    ("data science", r"data scientists?", r"data science"),
    ("data engineering", r"data engineers?|data eng|etl developers?|analytics engineers?", r"data engineering"),
    ("data analysis", r"data analysts?|(?:bi|business intelligence|business) analysts?",
     r"data analy(?:sis|tics)|business intelligence"),
)
# How a field is found in a message: by its people ("data engineer"), then by its name ("data engineering").
_READINGS = ([(field, re.compile(rf"\b(?:{person})\b", re.I), True) for field, person, _ in _FIELDS]
             + [(field, re.compile(rf"\b(?:{noun})\b", re.I), False) for field, _, noun in _FIELDS])

# Up to three words between "I'm a" and the role ("I'm a junior backend dev"), none of them linking
# words or -ing forms: "I'm interested in…", "I'm building a…", "I'm not a…", "I'm hiring a…".
_SKIPPED = (r"in|into|to|about|for|on|of|with|at|by|not|no|that|what|whether|new|aspiring|wannabe|future|"
            r"would-be|told|asked")
_FEW = rf"(?:(?!(?:{_SKIPPED})\b)(?![\w-]+ing\b)[\w-]+\s+){{0,3}}"
_LOOK_BACK = 80  # characters before a role that can say whose it is
_CALLS_SELF = re.compile(
    r"(?:\b(?:i'?m|i’m|i am|i've been|i’ve been|i have been|i was|i used to be|used to be|been|we['’]re|we are|"
    r"currently|formerly|former|i work(?:ed)? as|my (?:role|title|job|position) is|"
    r"(?<!such )(?<!same )(?<!applying )(?<!apply )(?<!hired )(?<!job )(?<!role )as)\s+(?:an?\s+)?"
    rf"{_FEW}|(?:^|\s)ex-)$", re.I)
# A role that is someone's way of speaking, not the learner's: "as a software engineer would say".
_SPEAKS = re.compile(r"\s+(?:would|might|does|do|did|says?|said|tells?|told|thinks?|asked)\b", re.I)
# "Data scientist here", "Senior backend dev with four years of Java here;": a role opening the sentence,
# "here" closing its clause (not "Our data engineers here use Airflow", "A data scientist here asked me").
_OPENS = re.compile(r"^\W*(?:(?:hi|hello|hey)\W+)?(?:(?!(?:the|our|my|his|her|their|your|some|many|all|these|those|"
                    r"a|an|is|are|was|were|does|do|can|could|should|would|will|what|which|who|how|why|where|when|"
                    r"any|no)\b)[\w-]+\s+){0,2}$", re.I)
_HERE = re.compile(r"[^.,;:!?]{0,40}?\bhere\b(?=\s*(?:[-–—,.;:!?()]|$|and\b|with\b))", re.I)
# A field the learner comes from or works in: "moving from data science", "I work in DevOps",
# "five years in data engineering", "my DevOps background" (not "how does MLOps differ from DevOps?").
_FROM_FIELD = re.compile(
    r"(?:\b(?:(?:mov|switch|transition|pivot|chang)\w*|com(?:e|es|ing))\s+(?:(?:careers?|over|away|across)\s+)?"
    r"from\s+(?:an?\s+)?|\b(?:background (?:is )?in|experience in|years? in|work(?:s|ed|ing)? in|i'?m in|i’m in|"
    r"i do|doing|my (?:role|job) is)\s+)$", re.I)
_BACKGROUND_BEFORE = re.compile(r"\b(?:my|with an?|have an?|got an?|from an?)\s+$", re.I)
_BACKGROUND_AFTER = re.compile(r"\s+background\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|(?<!\s)\s+[-–—]\s+")


def backgrounds(question: str) -> list[str]:
    """The fields the learner says they come from, as a heading would name them (at most two)."""
    found: list[str] = []
    for sentence in _SENTENCE.split(question):
        for field, pattern, person in _READINGS:
            if field not in found and any(_own(sentence, m, person) for m in pattern.finditer(sentence)):
                found.append(field)
    return found[:2]


def _own(sentence: str, match: re.Match, person: bool) -> bool:
    """The role (`person`) or field `match` found is the learner's own (see the patterns above)."""
    before, after = sentence[max(0, match.start() - _LOOK_BACK):match.start()], sentence[match.end():]
    if person and _SPEAKS.match(after):
        return False
    if _BACKGROUND_BEFORE.search(before) and _BACKGROUND_AFTER.match(after):  # "my DevOps background"
        return True
    if not person:
        return bool(_FROM_FIELD.search(before))
    return bool(_CALLS_SELF.search(before) or (_OPENS.match(sentence[:match.start()]) and _HERE.match(after)))

# A heading that moves from a field to another: "Moving into MLOps from data science", "The Transition
# from Data Science to MLOps" (not "How MLOps differs from DevOps", "From Machine Learning to DevOps").
_DIFFERS = re.compile(r"\b(?:differ\w*|distinct|vs\.?|versus|compar\w*)\b", re.I)
_FROM = re.compile(r"\bfrom\b", re.I)
_TO = re.compile(r"\b(?:to|into)\b", re.I)


def written_for(heading: str, field: str) -> bool:
    """`heading` (its last part) moves from `field`: "Moving into MLOps from software engineering or DevOps"."""
    last = heading.rsplit(">", 1)[-1]
    start = _FROM.search(last)
    if not start or _DIFFERS.search(last):
        return False
    source = _TO.split(last[start.end():], 1)[0]  # "from Data Science to MLOps": "Data Science"
    wanted, said = [stem(w) for w in content_terms(field)], [stem(w) for w in content_terms(source)]
    return any(said[i:i + len(wanted)] == wanted for i in range(len(said) - len(wanted) + 1))
