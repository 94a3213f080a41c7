"""The quick writer: an interviewer's question about a section, without a model.

A question is written from what one sentence of the section says (claims.py), by its
kind: a definition gives "What is a feature store?", "… pay off most when …" gives "When
does a feature store pay off?", "A feature store reduces skew by …" gives "How does a
feature store reduce skew?"; two definitions of one head noun give "What is the difference
between data drift and concept drift?". The sentences a question is written from come back
with it, so they are always among its key points. Concept questions are written here;
scenario and career questions in asking.py; a section no sentence of which can be read is
asked about by its heading (headings.py). Instant and deterministic.

Not here: a model's wording (model_questions.py) or choosing key points (interviewer.py).
"""

from __future__ import annotations

from .. import prompts
from ..terms import stems
from .asking import scenario_options
from .careers import career_options
from .claims import Claim, short_object
from .english import base_of_ing, doing, pronoun
from .headings import heading_concepts, wh_question
from .section import PROBLEMS, Section, Written, head, is_role, ranked, read_section, tool_area, words_of
from .topics import Seed

# How much a kind of sentence is worth asking about in a concept question (0: never).
_CONCEPT_WEIGHT = {"define": 10, "cause": 9, "condition": 8, "purpose": 8, "effect": 7, "risk": 7, "require": 6,
                   "include": 5, "role": 5, "action": 5, "limit": 5, "important": 3, "property": 2}
# Verbs whose object is the answer: "What does a smoke test check?"
_WHAT_VERBS = {"check", "assert", "record", "track", "store", "hold", "keep", "measure", "compare", "cover", "log",
               "capture", "contain", "teach", "provide", "offer", "add", "declare", "expose", "answer"}
# Words every section shares: a question needs another one in common with its section.
_EVERYWHERE = stems("MLOps ML machine learning")
# Nouns for work done in steps: "What does data collection involve?" (not "… how does it work?").
_PROCESSES = {"collection", "preparation", "framing", "evaluation", "training", "validation", "integration",
              "delivery", "engineering", "monitoring", "testing", "debugging", "management"}
# "-ing" nouns a team does: "data versioning" → "version its data".
_DOINGS = {"versioning", "tracking", "monitoring", "testing", "caching", "logging", "labelling", "labeling"}


def write(seed: Seed, kind: str, variant: int = 0) -> Written | None:
    """The `variant`-th question of type `kind` on the seed's section (0: the best), or None when it has
    no more. An introduction is only asked about when it defines its subject."""
    section = read_section(seed)
    if section.is_intro:
        if kind != "concept":
            return None
        options = [w for c in section.claims[:2] if c.kind == "define" and (w := _concept(c, section))]
    else:
        writer = {"concept": concept_options, "scenario": scenario_options, "career": career_options}[kind]
        options = writer(section)
    passages = stems(f"{section.passage_text} {section.heading}") - _EVERYWHERE
    faq = _faq(section)  # the source's own question, and the sentences a question was written from,
    grounded = [w for w in options if w.sources or w.text == faq  # are the section's; anything else should
                or (stems(w.text) - _EVERYWHERE) & passages]  # share a word with it (and comes last if not)
    options = [w for w in grounded + [w for w in options if w not in grounded] if len(w.text.split()) <= 30]
    unique = list({w.text.lower(): w for w in reversed(options)}.values())  # a wording's first place wins,
    unique = sorted(unique, key=options.index)  # with the sentences it was written from there
    return unique[variant] if variant < len(unique) else None


def write_question(seed: Seed, kind: str, variant: int = 0) -> str | None:
    """The question's text only (see `write`)."""
    written = write(seed, kind, variant)
    return written.text if written else None


def concept_options(section: Section) -> list[Written]:
    """Concept questions on the section, best first."""
    out = []
    faq = _faq(section)
    if faq:
        out.append(Written(faq))
    if section.pair:
        pair = section.pair
        out.append(Written(f"What is the difference between {pair.a} and {pair.b}?", pair.sources))
    if section.tools:
        area = tool_area(section)
        out.append(Written(f"Which tools would you use for {area}, and what does each one do?", section.tools[:2]))
    from_heading = heading_concepts(section)
    if section.career:  # advice reads better asked by its heading ("Which books would you recommend …?")
        out += [w for w in from_heading if not w.text.startswith("What should an MLOps engineer know")]
    from_claims = [w for c in ranked(section, _CONCEPT_WEIGHT) if (w := _concept(c, section))]
    # A question on two of its sentences ("What is X, and when does it pay off?") asks more than one on one.
    return out + sorted(from_claims, key=lambda w: -min(2, len(w.sources))) + from_heading


def _faq(section: Section) -> str | None:
    """The heading when it is a question already ("Why is MLOps important?"); a bare "What is MLOps?" asks
    why it matters too."""
    faq = wh_question(section)
    return f"{faq[:-1]}, and why does it matter?" if faq and len(faq.split()) < 4 else faq


def _concept(claim: Claim, section: Section) -> Written | None:
    s, kind = claim.subject, claim.kind
    does = "do" if claim.plural else "does"
    if claim.activity:
        phrase = doing(s)
        if claim.verb == "teach":
            return Written(f"What would {s} teach you?", (claim,))
        return Written(f"How would you {phrase}?" if kind in ("important", "define") else f"Why would you {phrase}?",
                       (claim,))
    if kind == "define":
        return _definition(claim, section)
    if kind == "purpose":
        return _purpose(claim)
    if kind == "condition":
        if claim.verb == "pay":
            return Written(f"When {does} {s} pay off?", (claim,))
        return Written(f"When would you choose {s}?", (claim,))
    if kind == "cause":
        return _with_follow_up(f"What causes {section.longest_subject(claim)}", claim, section)
    if kind == "require":
        verb = "depend on" if claim.verb == "depend" else claim.verb
        return Written(f"What {does} {s} {verb}?", (claim,)) if not is_role(s) else None
    if kind == "effect":
        return _effect(claim)
    if kind == "risk":
        noun = claim.verb
        be = "are" if noun.endswith("s") else "is"
        return Written(f"What {be} the main {noun} of {section.longest_subject(claim)}?", (claim,))
    if kind == "limit":
        return Written(f"What are the limits of {s}?", (claim,))
    if kind == "include":
        if claim.verb in ("combine", "comprise", "contain"):
            return Written(f"What are the main parts of {s}?", (claim,))
        return Written(f"What {does} {s} {claim.verb}?", (claim,))
    if kind == "role":
        where = "on an ML team" if is_role(s) else "in an ML project"
        return Written(f"What role {does} {s} play {where}?", (claim,))
    if kind == "important":
        return Written(f"Why {does} {s} matter so much?", (claim,))
    if kind == "property" and " when " in f" {claim.rest} ":
        adjective = claim.rest.split(" when ")[0].split()[-1]
        return Written(f"When {'are' if claim.plural else 'is'} {s} {adjective}?", (claim,))
    if kind == "action":
        return _action(claim, section, does)
    return None


def _definition(claim: Claim, section: Section) -> Written:
    s = claim.subject
    if section.named(s) and not s.endswith("Ops"):  # a tool, not a discipline such as MLOps
        return Written(f"What is {s}, and what would you use it for?", (claim,))
    if claim.verb == "mean" or claim.rest.startswith(("that", "being", "processing")):
        return _with_follow_up(f"What does {s} mean", claim, section)
    return _with_follow_up(f"What {'are' if claim.plural else 'is'} {s}", claim, section)


def _with_follow_up(question: str, claim: Claim, section: Section) -> Written:
    """The question, and its second half from another sentence about the same subject, if there is one."""
    mine = words_of(claim.subject)
    it, its = ("they", "their") if claim.plural else ("it", "its")
    for other in section.claims:
        if other is claim or not mine or not words_of(other.subject, plain=True) <= mine:
            continue
        key = other.verb if other.kind in ("condition", "action") else other.kind
        key = "risk one" if key == "risk" and not other.verb.endswith("s") else key  # "its main limitation"
        if key in prompts.FOLLOW_UPS and key != claim.kind and not (key == "cause" and question.startswith("What c")):
            verb = "depend on" if other.verb == "depend" else other.verb
            follow = prompts.FOLLOW_UPS[key].format(it=it, its=its, noun=other.verb, verb=verb)
            return Written(f"{question}, and {follow}?", (claim, other))
    for other in section.claims:  # "A feature store reduces skew by …": how to fight it
        if other.kind == "effect" and head(claim.subject) and head(claim.subject) in short_object(other.rest).lower():
            does = "do" if other.plural else "does"
            return Written(f"{question}, and how {does} {other.subject} {other.verb} {pronoun(claim.plural)}?",
                           (claim, other))
    if len(question.split()) < 4:  # "What is lineage?" alone says little of what a good answer covers
        return Written(f"{question}, and {prompts.FOLLOW_UPS['matter'].format(it=it)}?", (claim,))
    return Written(f"{question}?", (claim,))


def _purpose(claim: Claim) -> Written | None:
    words = claim.rest.split()
    who = next((" ".join(words[:n]) for n in (1, 2) if len(words) > n and words[n - 1].lower() in (
        "team", "teams", "users", "you", "individuals", "engineers", "organizations", "organisations")), "")
    s = claim.subject
    if who in ("a team", "teams") and s.split()[-1] in _DOINGS and len(s.split()) == 2:
        thing = s.split()[0] if s.split()[0] == "data" else s.split()[0] + "s"  # "its data", "its models"
        return Written(f"Why would a team {base_of_ing(s.split()[-1])} its {thing}?", (claim,))
    if who and who not in ("a team", "teams"):
        to = "" if claim.verb == "let" else " to"
        return Written(f"What {'do' if claim.plural else 'does'} {s} {claim.verb} {who}{to} do?", (claim,))
    if who:
        return Written(f"Why would a team use {s}?", (claim,))
    return None


def _effect(claim: Claim) -> Written | None:
    thing = short_object(claim.rest)
    if not thing:
        return None
    does = "do" if claim.plural else "does"
    first, _, rest = thing.partition(" ")
    if first.lower() in ("problems", "issues", "failures", "errors", "bugs"):
        return Written(f"What {first.lower()} {does} {claim.subject} {claim.verb}?", (claim,))
    return Written(f"How {does} {claim.subject} {claim.verb} {thing}?", (claim,))


def _action(claim: Claim, section: Section, does: str) -> Written | None:
    s = claim.subject
    if is_role(s):
        return Written(f"What {does} {s} do?", (claim,))
    if "'s" in s or "’s" in s or not (stems(s) & stems(section.heading) or section.named(s)):
        return None  # "the role's complexity warrants …": not what the section is about
    thing = short_object(claim.rest, most=4)
    if section.named(s) and thing and stems(thing) & stems(section.heading) - stems(s):
        return Written(f"Why {does} {s} {claim.verb} {thing}?", (claim,))  # "Why does Terraform keep a state file?"
    if claim.verb in _WHAT_VERBS and not claim.modal:
        return Written(f"What {does} {s} {claim.verb}?", (claim,))
    if section.named(s) or claim.modal or s.split()[-1] in PROBLEMS:
        return None
    if s.split()[-1] in _PROCESSES:  # "data collection", "problem framing"
        return _with_follow_up(f"What {does} {s} involve", claim, section)
    return _with_follow_up(f"How {does} {s} work", claim, section)
