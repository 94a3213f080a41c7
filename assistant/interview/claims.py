"""What a section says, one sentence at a time: its subject, its main verb and the kind of claim.

"A feature store is a central system for …" defines a feature store; "Feature stores pay
off most when …" says when one is worth it; "A feature store reduces skew by …" says what
it does against skew. Plain rules on the sentence's first words (a short noun phrase, then
a verb from a list), no model; a sentence they cannot read is left out. Only sentences the
quoting backend can quote are read, so a question written from a claim always has that
sentence as a key point.

Not here: turning claims into questions (writing.py, asking.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..generation.units import sentence_units
from ..terms import stems
from ..types import Passage
from .english import base_of_s, is_gerund_phrase, is_plural, phrase

# Main verbs by the kind of claim they make; a verb not listed ends no subject.
_KINDS = {
    "define": "means mean refers",
    "purpose": "lets let allows allow enables enable helps help",
    "condition": "suits suit pays pay",
    "require": "requires require needs depends depend",
    "cause": "happens happen occurs occur arises arise",
    "effect": "reduces reduce prevents prevent removes remove avoids avoid limits limit saves save improves "
              "improve protects protect catches catch lowers lower speeds speed simplifies simplify",
    "include": "includes include covers cover involves involve combines combine encompasses encompass contains "
               "contain comprises comprise",
    "role": "plays play",
    "action": "runs run sends send stops stop records record tracks track keeps keep stores store holds hold "
              "computes compute assigns assign explains explain exposes expose replaces replace trains train "
              "deploys deploy serves serve checks check asserts assert bins consumes consume returns return "
              "adds add extends extend uses use monitors monitor automates automate describes describe defines "
              "declares declare gives give provides provide offers offer organises organise organizes organize "
              "supports support builds build turns turn skips skip identifies identify maps represents "
              "represent splits split allocates allocate balances balance bundles bundle treats treat watches "
              "watch pulls pull applies apply generates generate governs govern manages manage connects "
              "connect produces produce makes make shows show compares compare creates create delivers "
              "deliver handles handle integrates integrate facilitates facilitate ensures ensure streamlines "
              "streamline answers answer measures measure frames frame fails fail changes deletes delete "
              "leaks leak hides hide inflates inflate fits fit adapts adapt assumes assume teaches teach "
              "lists groups group brings bring works work emphasizes emphasises focuses focus marks gathers gather "
              "cleans clean joins join transforms transform yields yield fires fire arrives arrive relies rely "
              "leverages leverage validates validate",
}
_VERBS = {word: kind for kind, words in _KINDS.items() for word in words.split()}
_BE = {"is", "are"}
_MODALS = {"can", "should", "must", "may", "might", "will", "could", "cannot"}
_ADVERBS = {"often", "also", "still", "therefore", "already", "only", "usually", "typically", "commonly", "mainly",
            "generally", "primarily", "then", "always", "now", "increasingly", "additionally", "automatically",
            "largely", "mostly", "first", "each"}
_PRONOUNS = {"it", "this", "these", "that", "those", "they", "such", "there", "here", "both", "another", "other",
             "its", "their", "our", "your", "we", "you", "i", "he", "she", "one", "all", "in", "with", "by", "for",
             "as", "to", "when", "while", "if", "because", "after", "before", "at", "on", "under", "from", "without",
             "although", "though", "whether", "since", "once", "so", "and", "but", "or", "not", "no", "even"}
_PEOPLE = {"learner", "engineer", "scientist", "candidate", "team", "professional", "you", "organisation",
           "organization", "applicant", "aspirant", "developer", "practitioner", "beginner", "student", "expert"}
_PREPOSITIONS = {"of", "for", "in", "on", "with", "to", "from", "into", "at", "by", "between", "across", "like"}
_NOT_IN_SUBJECT = _BE | _MODALS | {"that", "which", "who", "whose", "where", "has", "have", "was", "often", "also",
                                   "usually", "typically", "commonly", "still", "therefore", "already", "always"}
_FUNCTION_WORDS = {"as", "was", "has", "this", "its", "his", "thus", "plus", "across", "unless", "always", "perhaps",
                   "whereas", "does", "is", "us", "yes", "less", "news"}
_NOT_AFTER_VERB = _BE | _MODALS | {"of", "such", "than"} | set(_VERBS)
_NOT_ADVERBS = {"family", "assembly", "supply", "apply", "anomaly", "italy", "only"}
_LIMITED = {"provide", "guarantee", "support", "replace", "measure", "settle", "include", "cover", "protect",
            "prevent", "remove", "scale", "tell", "show", "prove"}
_QUANTIFIERS = {"most", "many", "some", "several", "every", "each", "any", "multiple", "various"}
_IMPORTANT = re.compile(r"^(?:(?:the|a|an|another) (?:\w+ )?(?:cornerstone|bedrock|backbone|linchpin|heart|"
                        r"foundation|starting point|key to|critical aspect|crucial aspect|essential skill)|"
                        r"(?:\w+ly )?(?:also )?(?:essential|crucial|vital|critical|important|indispensable|paramount|"
                        r"pivotal|integral|key)\b)")
_RISK = re.compile(r"^(?:The|Its) (?:main |biggest |key |chief |two )?(?P<noun>risks?|limitations?|costs?|drawbacks?|"
                   r"downsides?|challenges?|gaps?) (?:of|for) (?P<subject>[^,]{2,60}?) (?:is|are) ", re.I)
_ASIDE = re.compile(r"\s*\([^()]{1,80}\)|,\s*(?:also called|also known as|short for|which began as|as amended by|"
                    r"originally developed at|for instance|for example|in turn)\b[^,]{1,80},")
_STOP = re.compile(r"[,;:]| (?:by|with|through|because|when|where|so|while|which|that|whose|without|since|instead|"
                   r"rather|before|after|unless|if|but|as well as)\b")


@dataclass(frozen=True)
class Claim:
    """One readable sentence of a section."""

    text: str  # the sentence as quoted (what becomes a key point)
    original: str  # as it stands in the passage
    passage: Passage
    subject: str  # as it reads mid-sentence: "a feature store", "Terraform", "tagging images with …"
    kind: str  # define, purpose, condition, require, cause, effect, include, role, action, risk, limit,
    # important, advice, property
    verb: str  # the main verb's base form ("reduce", "be"); for "risk", the noun ("risks")
    rest: str  # what follows the verb, up to the first clause break ("skew" in "reduces skew by …")
    plural: bool
    modal: str  # "can", "should", "must", … before the verb, or ""
    activity: bool  # the subject is something a person does ("tagging images …"), asked with "you"
    position: int  # the sentence's place in the section


def claims_of(passages: tuple[Passage, ...], context: str) -> list[Claim]:
    """Every sentence of the passages that reads as a claim about a short subject, in reading order.
    `context`: the topic's text, which tells how its words are capitalised."""
    out, seen, position = [], set(), 0
    for passage in passages:
        for shown, original in sentence_units(passage.chunk.text):
            if shown is None or shown.lower() in seen:
                continue
            seen.add(shown.lower())
            claim = read_claim(shown, original, passage, position, context)
            position += 1
            if claim is not None:
                out.append(claim)
    return out


def read_claim(text: str, original: str, passage: Passage, position: int, context: str) -> Claim | None:
    """The claim a sentence makes, or None when its first words are not a short subject and a listed verb."""
    risk = _RISK.match(text)
    if risk:
        subject = risk.group("subject")
        return Claim(text, original, passage, phrase(subject, context), "risk", risk.group("noun").lower(),
                     text[risk.end():], is_plural(subject), "", False, position)
    words = _ASIDE.sub("", text).rstrip(".!").split()
    found = _subject_and_verb(words)
    if found is None:
        return None
    end, verb_at, modal, negated = found
    subject_words = _trim(words[:end])
    if not subject_words:
        return None
    verb = words[verb_at].lower().rstrip(",")
    rest = " ".join(words[verb_at + 1:])
    kind = _kind("is" if modal and verb == "be" else verb, rest, subject_words, modal, negated)
    if kind is None:
        return None
    if kind in ("define", "role") and words[verb_at + 1:verb_at + 2] == ["that"]:
        rest = " ".join(words[verb_at + 2:])
    subject = " ".join(subject_words)
    plural = is_plural(subject) if verb not in _BE else verb == "are"
    singular = verb == "is" or (verb not in _BE and not modal and verb.endswith("s") and not verb.endswith("ss"))
    determined = len(subject_words) > 1 and subject_words[1].lower() in ("a", "an", "the", "with", "to", "on", "in",
                                                                         "how", "what")
    activity = is_gerund_phrase(subject_words) and (singular or (bool(modal) and determined))
    plural = plural and not activity
    verb = "be" if verb in _BE else verb if modal else base_of_s(verb)
    return Claim(text, original, passage, phrase(subject, context), kind, verb, rest, plural, modal, activity, position)


def _subject_and_verb(words: list[str]) -> tuple[int, int, str, bool] | None:
    """(end of the subject, index of the main verb, modal, negated) for a subject of at most 8 words."""
    for end in range(1, min(9, len(words) - 1)):
        word = words[end - 1].lower()
        if word.endswith((",", ";", ":")) or (end == 1 and word in _PRONOUNS) or word in _NOT_IN_SUBJECT or (
                word.endswith("ly") and len(word) > 5 and word not in _NOT_ADVERBS):
            return None
        if word == "to" and "from" not in [w.lower() for w in words[:end - 1]]:
            return None  # "MLOps leverages cloud computing … to handle": the verb was missed
        if end > 1 and word in ("a", "an", "the") and words[end - 2].lower() not in _PREPOSITIONS \
                and not words[0].lower().endswith("ing"):
            return None  # "The cloud an organisation already uses …": a relative clause, not a subject
        at = _skip_adverbs(words, end)
        modal, negated = "", False
        if words[at].lower() in _MODALS or words[at].lower() in ("does", "do"):
            modal = words[at].lower()
            negated = modal == "cannot" or words[at + 1].lower() == "not"
            at = _skip_adverbs(words, at + 1 + (words[at + 1].lower() == "not"))
            if modal in ("does", "do") and not negated:
                return None
        if at >= len(words) - 1:
            continue
        if words[at].endswith(","):  # "cleans, joins and transforms raw data": a series of verbs
            if words[at].lower().rstrip(",") in _VERBS and words[at + 1].lower().rstrip(",") in _VERBS:
                return end, at, modal, negated
            continue
        verb, following = words[at].lower(), words[at + 1].lower().rstrip(",")
        known = verb in _BE or verb in _VERBS or bool(modal)
        guessed = (verb.endswith("s") and not verb.endswith("ss") and len(verb) > 3 and verb not in _FUNCTION_WORDS
                   and following in ("the", "a", "an", "each", "its"))
        if following in ("and", "or") and words[at + 2].lower() in _VERBS:  # "adds or removes replicas"
            following = words[at + 3].lower() if at + 3 < len(words) else ""
        if (known or guessed) and following not in _NOT_AFTER_VERB and not words[at + 1].startswith(",") \
                and (modal or _agrees(words[:end], verb)):
            return end, at, modal, negated
    return None


def _skip_adverbs(words: list[str], at: int) -> int:
    while at < len(words) - 1 and (words[at].lower() in _ADVERBS or (
            words[at].lower().endswith("ly") and len(words[at]) > 5 and words[at].lower() not in _NOT_ADVERBS)):
        at += 1
    return at


def _agrees(subject: list[str], verb: str) -> bool:
    if verb in _BE:
        return verb != "are" or is_plural(" ".join(subject)) or len(subject) > 1
    singular_form = verb.endswith("s") and not verb.endswith("ss")
    plural = is_plural(" ".join(subject))
    return singular_form != plural or is_gerund_phrase(subject)


def _trim(subject: list[str]) -> list[str]:
    """Without a leading quantifier ("Most orchestrators" → "orchestrators")."""
    if subject and subject[0].lower() in _QUANTIFIERS and len(subject) > 1:
        subject = subject[1:]
    if len(subject) > 7 or any(w.lower() in ("this", "these", "those", "such", "both") for w in subject):
        return []
    return subject


def _kind(verb: str, rest: str, subject: list[str], modal: str, negated: bool) -> str | None:
    if negated:  # "Git LFS does not provide …"; not "The role … does not exist in a vacuum"
        return "limit" if verb in _LIMITED else None
    if subject[-1].lower().endswith("ed") and len(subject) > 2:
        return None  # "The first essential skill required is …"
    if modal in ("should", "must") and subject[-1].lower().rstrip("s") in _PEOPLE:
        return "advice"
    if verb in _BE:
        following = re.sub(r"^(?:(?:often|usually|also|typically|commonly|generally|sometimes|now|only)\s+)+", "",
                           rest.lower())
        if _IMPORTANT.match(following):
            return "important"
        if re.match(r"(?:a|an|the|one|another|also called|called|known as)\b", following) and not re.match(
                r"(?:the (?:most|main|first|simplest|best)|an? (?:natural|critical|crucial|vital|great|valuable|"
                r"powerful|game-changer))\b", following):
            return "define"
        if re.match(r"\w+ed\b", following):
            return None  # passive ("are keyed by …"): the subject is not what acts
        return "property"
    return _VERBS.get(verb, "action")


def about(claim: Claim, heading: str) -> bool:
    """The claim's subject shares a word with the section heading (it is what the section is about)."""
    return bool(stems(claim.subject) & stems(heading))


def short_object(rest: str, most: int = 6) -> str:
    """The start of `rest` up to its first clause break, if short: "skew" in "skew by using one …"."""
    head = _STOP.split(rest, maxsplit=1)[0].strip()
    words = head.split()
    if not words or len(words) > most or words[0].lower() in ("this", "these", "that", "it", "them"):
        return ""
    return head
