"""The learner's own background, when a question names it, and the sections written for it.

"I'm a backend dev with Docker and CI experience. What am I missing for MLOps?" is
answered by a section such as "Moving into MLOps from software engineering or
DevOps", but MiniLM puts that section about fifty places down: every passage of a
corpus about MLOps careers is about as close to such a question, and the words that
pick the right one ("backend dev") are neither the section's words nor the words
of the sentence that asks. So the background is read here, by plain rules: a role
the learner gives as their own ("I'm a data engineer", "Data scientist here",
"as a sysadmin", "coming from data science"), named as the field a heading would
name it ("software engineering", "data science"); retrieval then keeps a section
whose heading is about moving from that field (retrieval.py).

Not here: searching (store.py) or ranking (retrieval.py).
"""

from __future__ import annotations

import re

from .terms import stems

# Each field as a heading names it, and how learners name themselves by it.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("software engineering", r"(?:software|back-?end|front-?end|full-?stack|web) (?:devs?|developers?|engineers?|"
                             r"engineering|development)|programmers?|swes?"),
    ("DevOps", r"devops(?: engineers?| engineering)?|sres?|site reliability engineers?|sys-?admins?|"
               r"system administrators?|platform engineers?|infrastructure engineers?|cloud engineers?"),
    ("data science", r"data scien(?:tists?|ce)"),
    ("data engineering", r"data engineer(?:s|ing)?|etl developers?|analytics engineers?"),
    ("data analysis", r"data analy(?:sts?|sis|tics)|(?:bi|business) analysts?"),
)
_ROLES = [(field, re.compile(rf"\b(?:{pattern})\b", re.I)) for field, pattern in _FIELDS]
# The role is the learner's own: "I'm a (junior) data engineer", "as a sysadmin", "Data scientist here",
# "coming from data science", "my background is in DevOps" (not "Should I learn data engineering?").
_LINKING = (r"in|into|to|about|for|on|of|with|at|interested|looking|trying|hoping|thinking|planning|learning|"
            r"studying|considering|going|getting|moving|new")
_CALLS_SELF = re.compile(
    r"(?:\b(?:i'?m|i’m|i am|i've been|i’ve been|i was|i work(?:ed)? as|we'?re|we’re|we are|as)\s+(?:an?\s+)?"
    rf"(?:(?!(?:{_LINKING})\b)[\w-]+\s+){{0,3}}"  # "I'm a junior…", not "I'm interested in…"
    r"|\b(?:(?:mov|switch|transition|pivot|chang)\w*|com(?:e|es|ing))\s+(?:(?:careers?|over|away|across)\s+)?from"
    r"\s+(?:an?\s+)?"  # "moving from data science", not "differs from DevOps"
    r"|\b(?:background (?:is )?in|experience in)\s+)$", re.I)
# "Data scientist here", "Senior backend dev with four years of Java here;": a role opening the sentence,
# "here" closing its clause.
_OPENS = re.compile(r"^\W*(?:an?\s+)?(?:(?!(?:is|are|was|were|does|do|can|could|should|would|will|what|which|who|how|"
                    r"why|where|when|any|no)\b)[\w-]+\s+){0,2}$", re.I)
_HERE = re.compile(r"[^.,;:!?]{0,40}?\bhere\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\s+[-–—]\s+")
# A heading written for people coming from a field: "Moving into MLOps from data science", "The
# Transition from Data Science to MLOps" (not "Software engineering practices", nor "Python for data science").
_TRANSITION = re.compile(r"\b(?:from|transition\w*|switch\w*|mov(?:e|es|ing)|coming|pivot\w*|backgrounds?)\b", re.I)


def backgrounds(question: str) -> list[str]:
    """The fields the learner says they come from, as a heading would name them (at most two)."""
    found: list[str] = []
    for sentence in _SENTENCE.split(question):
        for field, role in _ROLES:
            for match in role.finditer(sentence):
                if _CALLS_SELF.search(sentence[:match.start()]) or (
                        _OPENS.match(sentence[:match.start()]) and _HERE.match(sentence[match.end():])):
                    if field not in found:
                        found.append(field)
                    break
    return found[:2]


def written_for(heading: str, field: str) -> bool:
    """`heading` is about moving from `field` ("Moving into MLOps from software engineering or DevOps")."""
    return stems(field) <= stems(heading) and bool(_TRANSITION.search(heading))
