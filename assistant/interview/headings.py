"""Questions from a section's heading, for headings that already read as a question or an activity.

"How MLOps differs from DevOps" → "How does MLOps differ from DevOps?", "Why version data and
models" → "Why would a team version data and models?", "Keeping images small" → "How would you
keep images small?", "Stay up to date and keep learning" → "How do you stay up to date and keep
learning?", "Key Components of MLOps" → "What are the key components of MLOps?". Used first
when the heading is itself a question, and last when no sentence of the section can be read.

Not here: questions from the section's sentences (writing.py, asking.py).
"""

from __future__ import annotations

import re

from .. import prompts
from .english import base_of_ing, base_of_s, is_plural, phrase, with_article
from .section import Section, Written

WH = {"why", "how", "what", "when", "which", "where"}
_AUXILIARIES = {"is", "are", "does", "do", "can", "should", "will", "would"}
_FINITE = {"is", "are", "matters", "needs", "differs", "helps", "works", "fails", "provides", "records", "means",
           "does", "changes", "runs", "keeps", "stores", "tracks", "adds", "costs", "happens", "matter", "need"}
IMPERATIVE = {"stay", "keep", "build", "learn", "start", "follow", "choose", "use", "avoid", "join", "prepare",
               "develop", "gain", "embrace", "acquire", "showcase", "seek", "get", "pursue", "contribute", "practice",
               "practise", "obtain", "earn", "network", "apply", "read"}
# Headings that name a trend rather than a thing: the thing is what follows.
_TREND = re.compile(r"^(?:(?:the\s+)?(?:rise|emphasis|focus|adoption|introduction)\s+(?:of|on|to)\s+|"
                    r"(?:increased|growing|emerging)\s+)", re.I)
# A heading's words before what it is about: "Rise of …", "Understanding …".
HEADING_LEAD = re.compile(rf"{_TREND.pattern}|^(?:Understanding|Exploring|Mastering|Setting|Defining)\s+", re.I)
_WHICH = {"practices", "techniques", "tips", "strategies", "methods", "approaches", "tools", "technologies"}
# Learning material: "Which books would you recommend to someone learning MLOps?"
_RESOURCES = {"books", "courses", "communities", "forums", "blogs", "publications", "certifications", "resources"}
# "-ing" headings that name something a person does ("Keeping images small"), not a field ("Learning Resources").
_ACTIVITIES = {"build", "leverage", "embrace", "break", "stay", "keep", "choose", "move", "talk", "handle", "gain",
               "develop", "deploy", "protect", "address", "structure", "automate", "ensure", "mitigate", "manage",
               "scale", "prepare", "version"}
_WHAT_ARE = {"components", "benefits", "challenges", "skills", "responsibilities", "stages", "types", "principles",
             "levels", "roles", "patterns", "considerations", "criteria", "trends", "options", "qualifications",
             "tasks"}
# Experience that leads into a first MLOps job: "How can hackathons and contests help someone move into MLOps?"
_STEPPING = {"contributions", "internships", "ventures", "hackathons", "contests", "certifications", "degrees",
             "projects", "programs", "bootcamps", "studies", "backgrounds", "positions"}


def wh_question(section: Section) -> str | None:
    """The heading as the question it already is: "What experiment tracking records" → "What does
    experiment tracking record?"; None for any other heading."""
    heading = section.full_heading.strip()
    words = heading.rstrip("?").split()
    if len(words) < 2 or words[0].lower() not in WH:
        return None
    if heading.endswith("?") or words[1].lower() in _AUXILIARIES:
        return heading.rstrip("?") + "?"  # the source's own FAQ heading: "Why is MLOps important?"
    wh, rest = words[0], words[1:]
    at = next((i for i, w in enumerate(rest) if i and w.lower() in _FINITE), None)
    if at is None:
        if wh.lower() == "why":  # "Why version data and models"
            return f"Why would a team {phrase(' '.join(rest), section.text, title_case=True)}?"
        return None
    subject, verb = phrase(" ".join(rest[:at]), section.text, title_case=True), rest[at].lower()
    tail = phrase(" ".join(rest[at + 1:]), section.text, title_case=True)
    if verb in ("is", "are"):
        return " ".join(f"{wh} {verb} {subject} {tail}".split()) + "?"
    does = "do" if is_plural(subject) else "does"
    return " ".join(f"{wh} {does} {subject} {base_of_s(verb)} {tail}".split()) + "?"


def heading_concepts(section: Section) -> list[Written]:
    """Concept questions from the heading alone (an activity, a list, a trend, a role), best first; the
    last, "What should an MLOps engineer know about …?", only when nothing better fits."""
    heading = re.sub(r"^(?:Understanding|Exploring|Mastering|Setting|Defining)\s+|\s*\([^)]*\)", "", section.heading)
    label = phrase(heading, section.text, title_case=True)
    words = label.split()
    if not words or words[0].lower() in WH or section.is_intro or label.lower() == "mlops":
        return []  # a question already
    if words[0].lower() in IMPERATIVE:  # advice to the reader: "Why should an MLOps engineer follow industry blogs?"
        return [Written(f"Why should an MLOps engineer {first_part(label[0].lower() + label[1:])}?")]
    strong = _strong(section, heading, label)
    if strong:
        return [Written(strong)]
    return [Written(f"What should an MLOps engineer know about {first_part(label)}?")]


def first_part(label: str) -> str:
    """A long heading's first part: "data collection" for "data collection and preparation" (a whole
    heading in a question reads as a filled-in template)."""
    if len(label.split()) < 4 or not re.search(r",| and ", label):
        return label
    first = re.split(r"\s+and\s+|,\s*", label)[0]
    return first if len(first.split()) >= 2 or "," in label else label


def _strong(section: Section, heading: str, label: str) -> str:
    label = re.sub(r"\s+for an? (?:MLOps )?career$", "", label, flags=re.I)  # "… help someone move into MLOps"
    words = label.split()
    angle = _angle(section) if section.career else ""
    if angle and _activity(words):  # "Building a solid foundation …": the angle asks what the advice is about
        return angle
    if len(words) >= 4:  # "skills and qualifications for …" → "skills for …": a heading is no question's slot
        label = re.sub(r"\s+and\s+[\w-]+(?:\s+[\w-]+){0,2}?(?=\s+(?:of|for|in|on)\s|$)", "", label, count=1)
    if _activity(words):
        return f"How would you {base_of_ing(words[0])} {' '.join(words[1:])}?"
    trend = _TREND.sub("", heading)
    if trend != heading:
        thing = phrase(trend, section.text, title_case=True)
        return f"Why {'are' if is_plural(thing) else 'is'} {thing} becoming more important in MLOps?"
    head = re.split(r"\s+(?:of|for|in|on|with|to|from)\s+", label)[0].split()[-1].lower()
    role = " for an MLOps role" if section.career and "mlops" not in label.lower() else ""
    if head in ("engineer", "expert", "scientist"):
        return f"What does {with_article(label)} do, and which skills does the role call for?"
    if head in _RESOURCES or words[-1].lower() in _RESOURCES:
        return f"Which {label} would you recommend to someone learning MLOps, and why?"
    if head in _WHICH:
        return f"Which {label} would you recommend, and why?"
    if head in _WHAT_ARE:
        return f"What are {'' if label.lower().startswith('the ') else 'the '}{label}{role}?"
    if section.career and head in _STEPPING:
        return f"How can {label} help someone move into MLOps?"
    return _angle(section) if section.career or section.title == "MLOps" else ""


def _angle(section: Section) -> str:
    lower = section.full_heading.lower()
    return next((q for keys, q in prompts.CONCEPT_ANGLES if any(k in lower for k in keys)), "")


def _activity(words: list[str]) -> bool:
    return len(words) > 1 and words[0].lower().endswith("ing") and base_of_ing(words[0]) in _ACTIVITIES


def heading_career(section: Section) -> list[Written]:
    """Career questions from an advice heading ("Stay up to date …") or an activity ("Keeping images small")."""
    label = phrase(section.heading, section.text, title_case=True)
    words = label.split()
    if len(words) < 2:
        return []
    first = words[0].lower()
    if first in ("follow", "join", "read", "use") and words[-1].endswith("s"):
        return [Written(f"Which {' '.join(words[1:])} do you {first}, and why?")]
    short = first_part(label)
    if first in IMPERATIVE:
        return [Written(f"How do you {short[0].lower()}{short[1:]}?")]
    if _activity(words) and section.career:
        return [Written(f"How have you gone about {short[0].lower()}{short[1:]} so far?")]
    if _activity(words):
        return [Written(f"Tell me about a time you had to {base_of_ing(words[0])} {' '.join(words[1:])}. "
                        "How did you go about it?")]
    return []
