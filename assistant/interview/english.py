"""The few English word rules the quick writer needs, and nothing else.

How a heading's or a sentence's words read mid-sentence ("Terraform state",
"a Docker image"), "a" or "an", "it" or "they", a verb's base form from its
"-s" or "-ing" form ("reduces" → "reduce", "keeping" → "keep"), and whether a
noun phrase is plural.

Not here: reading sentences (claims.py) or wording questions (writing.py, asking.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

# "-ing" stems that take back an "e": "handl(ing)" → "handle". Others keep the bare stem.
_E_ENDINGS = ("at", "ur", "ag", "iv", "ov", "ar", "rc", "dg", "lv", "yz", "iz", "ys", "bl", "pl", "tl", "gl", "dl",
              "ud")
_E_STEMS = {"us", "mak", "choos", "stor", "shar", "serv", "sav", "driv", "tak", "giv", "explor", "writ", "cod",
            "scal", "sourc", "pric", "releas", "rehears", "increas", "decreas", "purs", "embrac", "leverag",
            "becom", "continu", "issu", "argu", "valu"}
_NOT_E = {"monitor", "debug", "log", "tag", "plan", "ship", "stop", "run", "set", "get", "put"}
_DOUBLED = re.compile(r"([bdgmnprt])\1$")
_IRREGULAR_S = {"does": "do", "has": "have", "is": "be", "goes": "go"}
_VOWELS = "aeiou"


def phrase(words: str, text: str, title_case: bool = False) -> str:
    """Words from a heading (`title_case`) or a sentence's start as they read mid-sentence: a capitalised
    word is lower-cased unless the corpus writes it capitalised mid-sentence at least as often as in lower
    case ("Terraform state", "deployment strategies for ML models", "a Docker image")."""
    out, split, in_name = [], words.split(), False
    spelled = _spelled_out(split)
    for n, word in enumerate(split):
        bare = word.strip(",;:")
        plain_capital = bare[:1].isupper() and bare[1:] == bare.lower()[1:] and re.fullmatch(r"[A-Za-z/-]+", bare)
        name = is_name(bare, text)
        if name is None:  # never seen mid-sentence: a name if it heads one ("Apache Airflow"), stands alone,
            following = split[n + 1] if n + 1 < len(split) else ""  # or is capitalised mid-sentence
            name = not title_case and (n > 0 or not following or following[:1].isupper() or following == "&")
        keep = not plain_capital or name or (in_name and not title_case) or n in spelled  # "Delta Lake"
        out.append(word if keep else word.lower())
        in_name = keep and word[:1].isupper() and word not in ("A", "An", "The")
    return " ".join(out)


@lru_cache(maxsize=64)
def _prose(text: str) -> str:
    """The text without code and addresses ("`docker run`" does not make "Docker" a common word)."""
    return re.sub(r"`[^`]*`|https?://\S+", " ", text)


def _spelled_out(words: list[str]) -> set[int]:
    """Positions of words an acronym in brackets spells out: "Amazon Web Services (AWS)"."""
    out: set[int] = set()
    for n, word in enumerate(words):
        acronym = word.strip("()")
        if word.startswith("(") and acronym.isupper() and 2 <= len(acronym) <= n:
            start = n - len(acronym)
            if "".join(w[0] for w in words[start:n]).upper() == acronym:
                out.update(range(start, n))
    return out


@lru_cache(maxsize=8192)  # a section's words are looked up again for every question on it
def is_name(word: str, text: str) -> bool | None:
    """Written capitalised mid-sentence in `text` at least as often as in lower case ("Terraform", "Docker"),
    None when `text` has it neither way mid-sentence ("Git" only ever opens sentences)."""
    text = _prose(text)
    lower = len(re.findall(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text))
    capital = len(re.findall(rf"(?<![\w-])[a-z][a-z-]*[,;]?[ \t]+{re.escape(word)}(?![\w-])", text))
    if lower == 0 and capital == 0:
        return None if not word.lower().endswith(("ing", "ly", "ed", "ion", "ity", "ment", "ness")) else False
    return capital >= lower


def article(noun_phrase: str) -> str:
    """ "a" or "an" for a noun phrase, by its sound as far as spelling tells ("an ML model", "an MLOps role")."""
    first = noun_phrase.split()[0] if noun_phrase.split() else ""
    if first[:2] in ("ML", "MB", "FA", "SQ") or first.startswith(("MLOps", "LLM", "NLP", "HTTP", "SLA", "S3")):
        return "an"
    if first[:1].isupper() and len(first) > 1 and first[1:2].isupper():  # an acronym: "a GPU", "an API"
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in _VOWELS and not first.lower().startswith(("uni", "use", "eu")) else "a"


def with_article(noun_phrase: str) -> str:
    return f"{article(noun_phrase)} {noun_phrase}"


def is_plural(noun_phrase: str) -> bool:
    """A noun phrase that takes "are": "feature stores", "Argo CD and Flux"; not "DVC", "Kubernetes", "data"."""
    words = re.split(r"\s+(?:of|for|in|on|with|to|from|between|across|per)\s+", noun_phrase)[0].split()
    if not words:
        return False
    if " and " in f" {' '.join(words)} " and len(words) > 2:
        return True
    head = words[-1]
    if head[:1].isupper() or head.lower() in ("data", "news", "analysis", "kubernetes", "ops", "mlops", "devops"):
        return False
    return head.endswith("s") and not head.endswith(("ss", "us", "is", "ics")) and len(head) > 3


def pronoun(plural: bool) -> str:
    return "they" if plural else "it"


def base_of_s(verb: str) -> str:
    """ "reduces" → "reduce", "applies" → "apply", "catches" → "catch"; a base form is kept."""
    lower = verb.lower()
    if lower in _IRREGULAR_S:
        return _IRREGULAR_S[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def third_person(verb: str) -> str:
    """ "reduce" → "reduces", "apply" → "applies" (for "How does X …" read back as "X …s")."""
    if verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        return verb[:-1] + "ies"
    return verb + ("es" if verb.endswith(("ch", "sh", "ss", "x", "z", "o")) else "s")


def base_of_ing(word: str) -> str:
    """ "keeping" → "keep", "running" → "run", "handling" → "handle", "building" → "build"."""
    lower = word.lower()
    if not lower.endswith("ing") or len(lower) < 5:
        return lower
    stem = lower[:-3]
    if stem in _NOT_E:
        return stem
    if _DOUBLED.search(stem) and stem[-3:-2] in _VOWELS and not stem.endswith(("ll", "ss")):
        return stem[:-1]  # "running", "tagging", "setting"
    if stem in _E_STEMS or stem.endswith(_E_ENDINGS):
        return stem + "e"
    return stem


def doing(activity: str) -> str:
    """ "tagging images with the Git commit hash" → "tag images with the Git commit hash"."""
    first, _, rest = activity.partition(" ")
    return f"{base_of_ing(first)} {rest}".strip()


def is_gerund_phrase(words: list[str]) -> bool:
    """ "Tagging images with …", "Choosing the right model", "Building a small REST API" — an activity;
    not a noun compound such as "Serving latency" or "Training/serving skew"."""
    if len(words) < 2 or not words[0].lower().endswith("ing") or "/" in words[0] or len(words[0]) < 6:
        return False
    follower = words[1]
    return (follower.lower() in ("a", "an", "the", "one", "its", "their", "both", "out", "to", "how", "what",
                                 "your", "each", "every", "all", "more", "large")
            or (follower.endswith("s") and not follower.endswith("ss")) or follower[:1].isupper())
