"""Words of a text: content terms, stems, and the names a question mentions.

Shared by keyword search, the relevance gate, the extractive answerer and the
support check, so they all agree on what counts as a word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself also get got tell explain describe give list mean means
please thing things way ways anything something know need want like use used using one two much many lot
does doesn isn aren don whats hows vs etc eg ie really
""".split())

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")


def content_terms(text: str) -> list[str]:
    """Lower-case content words of `text`, stopwords removed, order kept, no repeats."""
    seen, out = set(), []
    for word in _WORD.findall(text.lower()):
        for part in word.replace(".", " ").replace("-", " ").split() if "." in word or "-" in word else [word]:
            if part not in STOPWORDS and part not in seen and (len(part) > 1 or part.isdigit()):
                seen.add(part)
                out.append(part)
    return out


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.-]*[A-Za-z0-9+#]|[A-Za-z0-9]")


# Endings that make a name into a description ("Kubernetes-native"); "Stable-diffusion" or
# "Apache-beam" are names of their own and are looked up whole.
_MODIFIER_ENDINGS = frozenset("""native based compatible powered driven specific aware friendly style like heavy
centric ready enabled managed hosted backed first only focused oriented""".split())


# A sentence opening with two capitalised things offered as a choice: "Pinecone or Weaviate…?"
_PAIRED = re.compile(r"\s*[A-Z][\w+#.-]*\s+(?:or|vs\.?|versus)\s+[A-Z]")


def named_terms(question: str) -> list[str]:
    """Names, products and versions in a question: "Stripe", "CeleryExecutor", "A100", "1.0".

    Words capitalised mid-sentence, CamelCase or all-caps words, words mixing letters
    and digits, and version numbers. Plain numbers and sentence-initial words are not names
    (unless another name is offered beside one: "Pinecone or Weaviate?"); in a compound
    ending in a describing word ("Kubernetes-native"), only its first part is.
    """
    out = []
    for sentence in re.split(r"(?<=[.?!:])\s+", question):
        previous = ""
        for position, match in enumerate(_TOKEN.finditer(sentence)):
            word = re.sub(r"'s$", "", match.group().rstrip("."))
            head, *rest = word.split("-")
            if rest and head and rest[-1] in _MODIFIER_ENDINGS and all(p.isalpha() and p.islower() for p in rest):
                word = head  # "Python-class-based", "Kubernetes-native": the name is the first part
            has_digit, has_alpha = any(ch.isdigit() for ch in word), any(ch.isalpha() for ch in word)
            inner_caps = any(ch.isupper() for ch in word[1:])
            # "MLflow 2.9", "k8s 1.29" name a release; "an index of 0.3", "PSI 0.18" give a value.
            version = has_digit and (has_alpha or (re.fullmatch(r"\d+\.\d+(\.\d+)*", word) is not None
                                                   and (not word.startswith("0.") or _RELEASE_OF.fullmatch(previous))))
            name = has_alpha and not has_digit and word.lower() not in STOPWORDS and (
                inner_caps or (word[0].isupper() and (position > 0 or _PAIRED.match(sentence))))
            if (version or name) and word.lower() not in CHAT_SHORTHAND:
                out.append(word)
            previous = word
    return list(dict.fromkeys(out))


# Chat shorthand in capitals names nothing: "LOL what is a canary deployment?" was declined as "never mention LOL".
CHAT_SHORTHAND = frozenset("""lol btw tbh imo imho fyi afaik iirc asap omg tldr eli5 ngl smh idk pls plz thx fwiw
lmk""".split())  # words as named_terms reads them: "TL;DR" is two ("TL", "DR", which may be disaster recovery)


# A number under 1 is a value the learner gives ("a PSI of 0.3", "AUC 0.85"), unless it follows one of these.
_RELEASE_OF = re.compile(r"v|versions?|releases?", re.I)

# Words naming what kind of thing a name is ("the Hellinger distance", "the CARL method"): part of
# the name when they follow it, so a note says what the learner asked about, not one word of it.
_KIND_NOUNS = frozenset("""distance divergence method methods test tests testing score index framework library
approach algorithm metric exam certificate certification platform service mesh format protocol rubric
operator plugin runtime""".split())


# The most words a name said whole may have: a run of capitalised words without commas
# ("Compare Airflow Prefect Perforce") is several names, not one.
MOST_NAME_WORDS = 4


def full_name(text: str, name: str) -> str:
    """`name` as `text` writes it, with the capitalised words around it that name the same thing and
    the kind words that follow it: "Soda" in "…pandera or Soda Core?" is "Soda Core", "Beam" in "could
    Apache Beam do it" is "Apache Beam", "Hellinger" in "the Hellinger distance" is "Hellinger distance".
    Not taken: a sentence's first word ("Is Flyte…" names Flyte), a word past a comma, a kind word a
    noun follows ("Soda test data" tests data), anything in a shouted (all-capitals) sentence, a
    possessive's "'s". `name` itself when `text` does not hold it."""
    head = [h.lower() for h in name.split()]
    for sentence in re.split(r"(?<=[.?!:;])\s+", text):
        raw = sentence.split()
        words = [re.sub(r"^[\"“‘'`(]+|[\"”’'`).,;:?!]+$", "", w) for w in raw]
        bare = [re.sub(r"['’]s$", "", w) for w in words]  # "Soda Core's scan": the name is Soda Core
        joined = [not re.search(r"[,;:)]$", w) for w in raw]  # no comma, colon or bracket after the word
        letters = [w for w in words if any(ch.isalpha() for ch in w)]
        shouted = len(letters) > 2 and sum(w.isupper() for w in letters) > len(letters) / 2
        for at in range(len(words) - len(head) + 1):
            if [w.lower() for w in bare[at:at + len(head)]] != head:
                continue
            if shouted:
                return " ".join(bare[at:at + len(head)])
            start, end = at, at + len(head)
            while start > 1 and end - start < MOST_NAME_WORDS and joined[start - 1] and _names_part(words[start - 1]):
                start -= 1  # "Brazil's LGPD", "Apache Beam"
            while end < len(words) and end - start < MOST_NAME_WORDS and joined[end - 1] and \
                    words[end - 1] == bare[end - 1] and _names_part(words[end]):
                end += 1  # not past a possessive: "Captum's Integrated Gradients" is Captum's
            kinds = end
            while kinds < len(words) and kinds - end < 2 and joined[kinds - 1] and words[kinds - 1] == bare[kinds - 1] \
                    and words[kinds].lower() in _KIND_NOUNS:
                kinds += 1
            # "the Hellinger distance", "Hellinger distance when…", "a Linkerd service mesh?": a noun phrase
            # (an article before it, or nothing but a function word after it); "Soda test data" is a verb.
            after_article = start > 0 and words[start - 1].lower() in ("the", "a", "an")
            if after_article or kinds == len(words) or not joined[kinds - 1] or words[kinds].lower() in STOPWORDS:
                end = kinds
            return " ".join([*words[start:end - 1], bare[end - 1]])
    return name


def _names_part(word: str) -> bool:
    """A capitalised word that is not a function word ("Core", "Pi", "Apache"; not "Is", "And")."""
    return bool(word) and (word[0].isupper() or any(ch.isupper() for ch in word[1:])) \
        and word.lower() not in STOPWORDS


def stem(word: str) -> str:
    """A light suffix stripper: consistency matters more than linguistic accuracy here."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + keep
    return word


def stems(text: str) -> set[str]:
    return {stem(w) for w in content_terms(text)}


def jaccard(a: set | frozenset, b: set | frozenset) -> float:
    """Shared share of two sets of words (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


# Units and counts are not names ("a 12 GB image", "a 4-person team"); common short
# forms stand for what the corpus spells out.
_NOT_NAMES = re.compile(r"\d[\d.,]*-?[a-z]+|[kmgtp]i?b|ms|[a-z]{1,2}", re.I)
ALIASES = {"k8s": "Kubernetes", "kfp": "Kubeflow Pipelines", "us": "United States", "usa": "United States"}
# A name ending in one capital letter ("Jenkins X") is another thing than its first word.
_LETTER_NAME = re.compile(r"\b[A-Z][A-Za-z0-9+#-]* (?![AI]\b)[A-Z]\b(?!\.)")


def names_to_check(question: str) -> list[str]:
    """The question's names worth looking up in the index (units, counts and short forms aside)."""
    out = [m.group() for m in _LETTER_NAME.finditer(question)]
    for name in named_terms(question):
        if _NOT_NAMES.fullmatch(name):
            continue
        out.append(ALIASES.get(name.lower(), name))
    return list(dict.fromkeys(out))


def misspelt(word: str, vocabulary: Collection[str]) -> bool:
    """`word` is one slip (a letter added, dropped, changed, or two swapped) from a stem of `vocabulary`
    ("kubernets", "sagemkaer"), for words of five letters or more and no digit ("mlflow3" is a name);
    "india" is no slip of anything."""
    word = stem(word.lower())
    if len(word) < 5 or word in vocabulary or any(ch.isdigit() for ch in word):  # "mlflow3" is a name
        return False
    return any(abs(len(v) - len(word)) <= 1 and _one_slip(word, v) for v in vocabulary)


_OF_PLACE = (("ean", "e"), ("ian", "a"), ("ian", ""), ("an", ""), ("n", ""), ("ese", "a"), ("", "y"))


def of_place(word: str, places: Collection[str]) -> bool:
    """`word` is the adjective of one of `places` (lower-case names the sources only write capitalised):
    "European" of "europe", "Indian" of "india", "Canadian" of "canada", "German" of "germany"."""
    word = word.lower()
    return any(word.endswith(ending) and word[:len(word) - len(ending)] + added in places
               for ending, added in _OF_PLACE if len(word) - len(ending) >= 3)


def _one_slip(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[i:] == long[i + 1:]


def only_capitalised(texts: Iterable[str]) -> frozenset[str]:
    """The words (lower-cased) the texts write capitalised after a sentence's first word and never in
    lower case: "europe" and "germany", not "production" ("Staging, Production and Archived")."""
    capitalised, lower = set(), set()
    for text in texts:
        text = re.sub(r"\S*[A-Za-z]\.[a-z]\S*", " ", text)  # addresses: "cloud.google.com/…" is no lower-case use
        for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", text):
            for position, word in enumerate(re.findall(r"[A-Za-z][a-z]+", sentence)):
                if word[0].isupper():
                    if position:
                        capitalised.add(word.lower())
                else:
                    lower.add(word)
    return frozenset(capitalised - lower)
