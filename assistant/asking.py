"""What a question asks for: its type, the sides of a comparison, and whether it wants a figure.

An answer that answers is shaped by what was asked: the enumeration for "which
tools…?", one sentence per side for "X vs Y?", the number for "how much…?",
concrete steps for "how do I become…?". The extractive answerer composes by
this type, and the answerability check declines a question whose asked-for
figure no quoted sentence holds (the topic is covered, the fact is not).

Plain rules on the question's own words; no model. Not here: choosing
sentences (generation/extractive.py) or deciding to refuse (chat.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .terms import ALIASES, content_terms, stems

# Words that ask for a figure rather than name its subject ("psi cutoff", "salary-wise"): what the
# sources must give, not what the question is about.
FIGURE_WORDS = stems("how many much long often big large fast quickly percentage percent share proportion fraction "
                     "number price cost costs fee fees year date age pass passing mark score rate salary salaries "
                     "pay per maximum minimum average typical exact exactly roughly about around realistically "
                     "ballpark approximately wise cutoff cut off threshold thresholds")

TYPES = ("definition", "list", "howto", "comparison", "number", "yesno", "career", "why", "general")

# How many sentences an answer of each type needs at most: the answer first, no filler.
# Chosen on the dev split: 3 for the narrow types, 4 for the rest (fewer lost answer items).
SENTENCE_BUDGET = {"definition": 3, "list": 4, "howto": 4, "comparison": 4, "number": 3, "yesno": 3,
                   "career": 4, "why": 4, "general": 4}

_FIGURE = re.compile(
    r"\bhow (?:many|much|long|often|big|large|fast|quickly)\b|\bwhat (?:percentage|percent|share|proportion|"
    r"fraction|number|salary|salaries|price|cost|year|date|age|pass(?:ing)? (?:mark|score))\b|"
    r"\b(?:which|what) year\b|\bwhen (?:was|were|did)\b|\bpass(?:ing)? (?:mark|score|rate)\b|"
    # The score a person needs to pass ("what score do I need to pass…", "what's the passing grade…"),
    # not the scores a model must pass, nor "what marks a good engineer"; the date of an event ("when is
    # the exam?", "when and where does the MLOps World Conference happen?"), not when one is worth it.
    r"\b(?:what|which) (?:score|mark|grade) (?:do|does|would|will|should) (?:i|you|we|one|candidates?|people|"
    r"someone|students?|learners?) need\b(?=[^?.]{0,30}\bpass)|\b(?:what|which) (?:score|mark|grade) (?:is|counts as) "
    r"(?:(?:needed|required) )?(?:to pass|a pass|passing)\b|\bwhat(?:'s|’s|s| is| was) (?:the |a )?passing grade\b|"
    r"\bwhen (?:and where )?(?:is|are|was|were|does|do|did|will) (?:the |a |an |this |next |my |our )?"
    r"(?:(?!(?:it|worth|right|time|i|we|you|need|ready|at|to|for|in|about|on|with)\b)(?!\w+ing\b)[\w'’-]+ ){0,3}?"
    r"(?:conference|summit|meetup|exam|hackathon|webinar|bootcamp)s?(?: (?:happens?|take place|takes place|held|"
    r"starts?|begins?)\b(?! to\b)(?! \w+ing\b)| (?:each|every|this|next) (?:year|month|week|time)\b|\s*\?)|"
    # "what share of…", "the percentage in…"; not a share the question gives ("the slowest one percent of calls").
    r"(?<!\d )(?<!\d)(?<!one )(?<!two )(?<!five )(?<!ten )\b(?:price|cost|fee|tuition|salary|salaries|pay|percentage|"
    r"percent|share)\b(?= of| in| at| for| per| does| is|\?)|"
    r"\bhow many\b|\b(?:maximum|minimum|max|min)\s+\w+|\bnumber of\b|\bcut-?off\b|\bp-value\b|"
    # "what do MLOps engineers earn", "which ports…", "like what's the sync interval", "how far back…",
    # "is there a standard number", "is 1 fine or is 8 too loose?"
    r"\b(?:what|how much) (?:do|does|can|could|would|will) [\w\s-]{1,40}? (?:earn|get paid)\b|"
    r"\b(?:what|which) (?:\w+ )?ports?\b|\b(?:what|which)(?:'s|’s| is| are)? the (?:\w+ ){0,2}"
    r"(?:interval|timeout|retention period)\b|\bhow far back\b|"
    r"\b(?:standard|typical|usual|recommended|default) (?:number|value|figure|percentage|amount)\b|"
    r"\bwhat (?:(?!(?:causes?|is|are|does|do|makes?|drives?|leads?)\b)\w+ ){0,3}(?:figure|amount)\b|"
    r"\b(?:is|are|would) \d[\d.,]*%? (?:\w+ ){0,2}(?:fine|enough|ok|okay|reasonable|too \w+)\b|"
    # "what % of companies…", "whats the latest airflow version"
    r"\bwhat %|\b(?:what|which)(?:'s|’s|s| is| are)? the (?:latest|newest|current|most recent) (?:[\w-]+ )?"
    r"(?:version|release)\b(?! (?:that|which|where|when|of (?:a|the|my|our|your)\b)|[^?.]*\b(?:called|named)\b)",
    re.I)
# "Does automation shorten how long it takes…?" asks whether an amount changes, not for the amount;
# "how does the autoscaler decide how many replicas…?" asks how it is decided.
_CHANGED_AMOUNT = re.compile(r"\b(?:shortens?|shortening|reduces?|reducing|cuts?|cutting|lowers?|lowering|raises?|"
                             r"increases?|increasing|affects?|affecting|changes?|improves?|speeds? up|"
                             r"decides?|deciding|determines?|determining|chooses?|choosing|controls?|controlling|"
                             r"adjusts?|adjusting|tells? (?:you|us|me)|shows?|measures?|measuring|quantif(?:y|ies)|"
                             r"estimates?|estimating|indicates?|describes?|captures?)\s+"
                             r"how (?:many|much|long|often|fast|quickly|big|large)\b", re.I)
# "How much does knowing the business matter?" asks how important something is, not for an amount;
# "How much Linux do I need?", "How much Python should I learn?" and "How much do I need to know about
# Terraform?" ask how deep to study a subject: one named (capitalised) or one of these. "How much
# training data / test coverage / memory do I need?" asks for an amount.
_AMOUNTS = (r"(?:experience|time|money|data(?! scien)|memory|ram|storage|disk|traffic|budget|compute|gpus?|cpus?|"
            r"bandwidth|capacity|latency|salary|pay|years?|months?|weeks?|days?|hours?|people|effort)")
_STUDIED = (r"(?:(?-i:[A-Z][\w+#.-]*)|linux|python|sql|bash|git|docker|kubernetes|k8s|terraform|cloud|devops|math|"
            r"maths|mathematics|statistics|stats|coding|programming|theory|ml|machine learning|software engineering)")
_DEGREE = re.compile(r"\bhow much (?:(?:does|do|did|would|will|can|could|should|is|are)\s+)"
                     r"(?:(?!(?:costs?|pay|paid|charges?|earns?|and|or|if|but|when)\b)[\w'’-]+\s+){1,8}?"
                     r"(?:matters?|helps?|counts?|influences?|affects?|weighs?|contributes?)\b|"
                     rf"\bhow much (?!(?:of|{_AMOUNTS})\b)(?:[\w+#.-]+\s+){{1,3}}?(?:do|does|should|must|would|will)\s+"
                     r"(?:[\w-]+\s+){1,3}?(?:(?:actually|really|realistically)\s+)?(?:need to\s+)?"
                     r"(?:know|learn|study|master|understand|practi[cs]e)\b|"
                     rf"\bhow much {_STUDIED}(?:\s+(?:knowledge|skills?))?\s+(?:(?:do|does|should|must)\s+"
                     r"(?:[\w-]+\s+){1,3}?(?:(?:actually|really|realistically)\s+)?need|"
                     r"is (?:enough|needed|required|necessary|expected))\b|"
                     r"\bhow much (?:do|does|should|must)\s+(?:[\w-]+\s+){1,3}?(?:need to\s+)?"
                     r"(?:know|learn|understand|study)\s+about\b|"
                     # "How much of MLOps do I already cover?": how much of a subject one knows
                     r"\bhow much of (?:[\w-]+\s+){1,3}?(?:do|did) (?:i|we|you)\s+"
                     r"(?:(?:already|actually|really)\s+)?(?:cover|know|understand|master)\b", re.I)
# "Is 10 the standard?", "are 20 bins the default?": a number offered to be confirmed (the number itself
# is then what the sources must hold).
OFFERED = re.compile(r"\b(?:is|are) \d[\d.,]*%? (?:[\w-]+ ){0,2}(?:the|a) (?:standard|default|norm|usual|typical|"
                     r"recommended|common)\b", re.I)
# "Different" compares when it is the point ("different from…", "how different are…", "are they
# different in…?"), not before what is asked for ("the different ways to…", "different parts of…").
_COMPARISON = re.compile(r"\b(?:differen(?:ce|ces)|how different|different(?=\s+(?:from|than|to|between|or|in|"
                         r"when|for|under|on|at|with|if|because|depending)\b|\s*(?:[?.,;!:]|$))|differ|"
                         r"vs\.?|versus|compared?|comparison|contrast|"
                         r"distinguish|rather than|instead of|or should|stacks? up against)\b|"
                         r"\b(?:\w+er|more \w+|less \w+) than\b", re.I)
_LIST = re.compile(
    r"^\s*(?:which|name|list)\b|"
    r"\b(?:which|what|name)\s+(?:(?!(?:should|could|would|must|can)\b)[\w-]+\s+){0,2}?(?:tools?|platforms?|frameworks?|"
    r"libraries|services?|courses?|certifications?|books?|skills?|languages?|communities|resources|"
    r"industries|sectors|roles|jobs|metrics|statistics|steps|stages|phases|practices|techniques|"
    r"methods|strategies|patterns|options|components|examples|types|kinds|responsibilities|duties|"
    r"tasks|challenges|benefits|trends|areas|topics|projects|regulations|laws|conferences|"
    r"podcasts|blogs|websites|places|partners|teams|schedulers|orchestrators)\b|"
    r"\bname (?:two|three|four|a few|some|several)\b|\bexamples? of\b|\bwhat are (?:some|the main|the key|the)\b|"
    r"^\s*who are (?:the|some|typical|common)\b", re.I)
_YESNO = re.compile(r"^\s*(?:is|are|does|do|can|should|will|would|could|has|have|must)\b", re.I)
_WHY = re.compile(r"^\s*why\b|\bwhy (?:is|are|does|do|would|should|might|it)\b", re.I)
# A learner asking what to do: "how do I…", "what should I…", and the same said other ways ("what kind of
# job should I take first", "what do I still need to learn", "tips to shrink it?", "where am I weakest").
_HOWTO = re.compile(r"^\s*how (?:do|can|should|would|could|to|does|might)\b|\bhow (?:do|can|should) (?:i|we|you)\b|"
                    r"\bsteps?\b|\bwhat should (?:i|we|you|a|an|my)\b|\bwhere (?:do|should|can) (?:i|we|you)\b|"
                    r"\bwhat (?:[\w'-]+ ){0,4}(?:should|could|must) (?:i|we)\b(?! expect)|"
                    r"\bwhat (?:do|would|should|must|can) (?:i|we) (?:still |actually |really |probably )?"
                    r"(?:need|have) to\b|\bwhere am i\b(?! in\b)|"
                    # only in the sentence that asks: "My manager gave me advice. What is Terraform?" is no how-to
                    r"(?:\b(?:tips?|advice|habits?)\b(?!-)|\b(?:main|biggest|first|most \w+) thing (?:i|we)\b)"
                    r"(?=[^.!?]*(?:\?|$))", re.I)
_CAREER = re.compile(r"\b(?:career|job|jobs|role|hire|hired|hiring|transition|switch|move into|become|becoming|"
                     r"portfolio|resume|cv|junior|senior|entry[- ]level|land|get into|break into|move|into mlops)\b",
                     re.I)
_DEFINITION = re.compile(r"^\s*(?:what(?:'s|’s| is| are| does)|define|explain|describe)\b|\bwhat does .+ mean\b|"
                         r"\bmeant by\b|\bstand for\b", re.I)
# What separates a comparison's two sides ("between X and Y", "X vs Y", "X or Y", "X compared with Y").
_BETWEEN = re.compile(r"\bbetween\s", re.I)
_SET_AGAINST = r"vs\.?|versus|compared? (?:to|with)|differs? from|different from|stacks? up against"  # X … Y
_SEPARATOR = re.compile(rf"\s(?:{_SET_AGAINST}|than|or|and|with|to)\s", re.I)
# "Helm or Kustomize for…?", "we run Spark - Great Expectations or Deequ?": two names offered at a
# clause's start are a choice between them.
_CHOICE = re.compile(r"(?:^|\s[-–—:]\s|[.?!:]\s)\s*(?:[\w.+#/-]+\s+){0,2}[\w.+#/-]+\s+or\s+[\w.+#/-]+", re.I)
_DIRECTED = re.compile(rf"\s(?:{_SET_AGAINST})\s", re.I)
_COMPARE_VERB = re.compile(r"\b(?<!in )(?<!by )(?:compare|contrast)\b", re.I)  # not "in/by contrast"
# "How do MLflow and DVC differ…?": the sides are the two names before "differ" (not "X and Y differ
# from Z", whose sides are "X and Y" and Z).
_DIFFER_AFTER = re.compile(r"(?:[\w.+#/&'-]+\s+){1,4}?(?:differ|compare)\b(?!\s+(?:from|with|to|against)\b)", re.I)
_CLAUSE_END = re.compile(r"[?.!,;:()–—]|\s-\s")
_LEAD_WORDS = {"how", "what", "is", "are", "does", "do", "would", "should", "choose", "use", "pick", "prefer",
               "compare", "of", "the", "a", "an", "when", "why", "which", "you", "i", "we", "between", "differ",
               "different", "difference", "from", "contrast"}

# Words after which the right-hand side's context starts ("CircleCI for ML CI/CD").
_CONTEXT_WORDS = {"for", "in", "when", "on", "at", "during", "if"}


# Asks for a named thing: a person, a paper or book, an institution, a licence ("which researchers
# proved…", "what books has … written", "at which university").
_NAMED = re.compile(
    r"\bwho\s+(?:\w+\s+)?(?P<who>wrote|coined|created|invented|founded|proved|published|developed|introduced|"
    r"proposed|discovered|authored|ran|conducted|commissioned|funded|led|devised|pioneered|came up with)\b|"
    # "What are the titles of the books…", "what's the title of his paper": the titles are asked for.
    r"\bwhat(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+)?(?:exact\s+|full\s+)?(?P<title>titles?)\s+of\s+"
    r"(?:(?:the|his|her|their|its|a|an)\s+)?(?:\w+\s+)?(?:books?|papers?|articles?|stud(?:y|ies)|reports?|"
    r"publications?|works?|talks?|thes[ie]s)\b|"
    r"\b(?:which|what|whose)\s+(?!(?:kinds?|types?|sorts?|did|does|do|is|are|was|were|has|have|had)\b)"
    r"(?!(?:job|role|position)\s+titles?\b)"  # "what job titles should I watch for" asks for roles
    r"(?:\w+\s+)?(?:(?P<person>researchers?|scientists?|authors?|people|persons?)|"
    r"(?P<work>papers?|books?|titles?|surveys?|stud(?:y|ies)|reports?)|"
    r"(?P<institution>universit(?:y|ies)|colleges?|schools?|institut(?:e|es|ions?)|licen[cs]es?|conferences?|"
    r"journals?|awards?))\b"
    # …and the kind word is what is asked for, not an adjective ("which university majors…"):
    r"(?=\s*(?:[?,.;]|$)|\s+(?:did|does|do|is|are|was|were|has|have|had|can|could|should|would|will|may|might|"
    r"in|of|on|for|at|about|by|from|that|who|to|says?|said|recommend\w*|offer\w*|publish\w*|propos\w*|"
    r"prov\w*|show\w*|argu\w*|coin\w*|list\w*|mention\w*|name\w*|wr[io]te\w*)\b)", re.I)
# Asks for an identifier in code or configuration: "what is the exact method name for…", "which
# flag…", "what config key…" (not "what is the function of a registry?", "which method detects drift?").
_CODE = re.compile(r"\b(?:which|what)(?:'s|’s| is| are)?\s+(?:the\s+)?(?:(?:exact|actual)\s+(?:\w+\s+)?"
                   r"(?:method|function|flag|parameter|field|setting|command|option)s?\b|(?:\w+\s+)?"
                   r"(?:method|function|class|parameter|field|setting|command|option)\s+names?\b|"
                   r"(?:(?!(?:does|do|did|is|are|was|were|can|should|would|will)\b)\w+\s+)?(?:cli\s+)?flags?\b|"
                   r"config(?:uration)?\s+(?:key|field)s?\b)", re.I)
# What kind of name each group asks for ("who wrote…" asks for a person).
_NAMED_KIND = {"who": "person", "person": "person", "work": "work", "title": "work", "institution": "institution"}


# A sentence that asks: it ends in "?" or opens (after "so", "like"…) with a question word, an
# auxiliary or an order ("Explain…", "List…"). Any other sentence sets the scene.
_ASKING_OPEN = re.compile(
    r"^\W*(?:(?:so|and|also|like|but|plus|then|ok|okay|now|anyway)\W+)?"
    r"(?:what|what's|which|how|why|when|where|who|whose|whom|is|are|was|were|does|do|did|can|could|should|would|"
    r"will|has|have|had|must|may|might|explain|describe|define|list|name|compare|contrast|tell|give|show|outline|"
    r"summari[sz]e|walk|suggest|recommend)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def asking_sentences(question: str) -> tuple[list[str], list[str]]:
    """The message's sentences that ask something, and those that only set the scene ("Data scientist
    here, I basically live in Jupyter.", "…? trying to figure out how hard to study"). When no sentence
    looks like a question, all of them ask."""
    sentences = [s.strip() for s in _SENTENCE_END.split(question.strip()) if s.strip()]
    asks = [s for s in sentences if s.endswith("?") or _ASKING_OPEN.match(s)]
    if not asks:
        return sentences, []
    return asks, [s for s in sentences if s not in asks]


# "Interviewer: walk me through…", "Interview question: contrast…": a label saying where the question comes
# from; what follows is the question, and it asks for the subject, not for interview advice.
_LABEL = re.compile(r"^\W*(?:(?:a|an|the|mock|typical|common)\s+)?interview(?:er)?(?:\s+(?:question|q))?"
                    r"(?:\s+(?:asks?|asked))?\s*[:\-–—]\s*", re.I)


# "…salary in india?", "…cost at google": where a figure is asked for, the place or company it is for,
# however it is typed (capitalised, it is a name and looked up like any other). Not a phrase such as
# "in practice" or "at least", nor a currency ("in dollars": the sources give "$").
_FOR_WHOM = re.compile(r"\b(?:in|at)\s+(?:the\s+)?([a-z][a-z]+)\b(?!-)")
_NOT_FOR_WHOM = frozenset("""practice practise general total least most terms reality moment present future end
place world field role comparison first start last recent particular short long fact addition detail average
advance time today theory principle contrast turn return beginning usd dollars dollar eur euros euro gbp pounds
cash""".split())


def figure_qualifiers(question: str) -> list[str]:
    """The lower-case words a figure question is narrowed by ("india" in "salary in india?"), to look
    up like names; none for a question that asks for no figure."""
    if not analyse(question).figure:
        return []
    return [ALIASES.get(w, w) for w in _FOR_WHOM.findall(question)
            if w not in _NOT_FOR_WHOM and w in content_terms(w)]


def without_label(question: str) -> str:
    """`question` without a leading "Interviewer:" or "Interview question:" label."""
    rest = _LABEL.sub("", question, count=1)
    return rest if rest != question and rest.strip() else question


@dataclass(frozen=True)
class Asked:
    type: str
    sides: tuple[str, ...] = ()  # a comparison's two things, as the question words them
    figure: bool = False  # asks for a number, amount, share, date or duration
    named: str = ""  # asks for a name: "person", "work" (a paper, a book) or "institution" (also licences…)
    reason: bool = False  # asks why, in any part ("What is Terraform, and why does…?")

    @property
    def budget(self) -> int:
        return SENTENCE_BUDGET[self.type]


def analyse(question: str) -> Asked:
    """The type of answer `question` wants (first rule that fits, most specific first)."""
    text = re.sub(r"\s*\(context:[^)]*\)", "", question).strip()
    asked = _type_of(text)
    return replace(asked, reason=bool(re.search(r"\bwhy\b", text, re.I)))


def _type_of(text: str) -> Asked:
    figure = bool(_FIGURE.search(_DEGREE.sub(" ", _CHANGED_AMOUNT.sub(" ", text))) or OFFERED.search(text))
    named = _NAMED.search(text)
    if named and not figure:
        kind = _NAMED_KIND[next(group for group, value in named.groupdict().items() if value)]
        return Asked("list" if _LIST.search(text) else "general", (), False, kind)
    if _CODE.search(text) and not figure:
        return Asked("general", (), False, "code")
    if _COMPARISON.search(text):
        return Asked("comparison", comparison_sides(text), figure)
    if " or " in text.lower() and (_YESNO.match(text) or re.match(r"\s*which\b", text, re.I) or _choice(text)):
        sides = comparison_sides(text)  # "Should I use X or Y…?"
        if sides:
            return Asked("comparison", sides, figure)
    if figure:
        return Asked("number", (), True)
    if _LIST.search(text):
        return Asked("list")
    if _WHY.search(text):
        return Asked("why")
    if _CAREER.search(text) and (_HOWTO.search(text) or _YESNO.match(text)):
        return Asked("career")
    if _HOWTO.search(text):
        return Asked("howto")
    if _YESNO.match(text):
        return Asked("yesno")
    if _DEFINITION.search(text):
        return Asked("definition")
    return Asked("general")


def _choice(text: str) -> bool:
    """Two things offered at a clause's start, neither of them a question word ("Helm or Kustomize…")."""
    match = _CHOICE.search(text)
    return bool(match) and not {w.lower() for w in re.findall(r"[\w']+", match.group())} & _NOT_CHOICES


# Words that make "… or …" a clause of a sentence, not two things offered ("Should I…", "either…").
_NOT_CHOICES = _LEAD_WORDS | {"it", "they", "this", "that", "can", "will", "could", "and", "but", "so", "if", "to",
                              "more", "less", "either", "whether", "just", "like"}


def _listed(before: str) -> bool:
    """What comes before an "and" ends a list ("How do Airflow, Prefect"): three things, no two sides.
    A comma that ends a clause ("For our team, how do MLflow") has a question word after it."""
    if "," not in before:
        return False
    return not {w.lower() for w in before.rsplit(",", 1)[1].split()} & _LEAD_WORDS


def comparison_sides(question: str) -> tuple[str, ...]:
    """The two things a comparison question compares, or () when they cannot be told apart.

    Linear in the question's length: one separator is found, and each side is the
    few words next to it, up to a clause boundary or a question word."""
    between = said_between = _BETWEEN.search(question)
    if between and (directed := _DIRECTED.search(question, between.end())) and \
            " and " not in question[between.end():directed.start()]:
        between = None  # "a split test between two versions differ from a bandit": not the sides' "between"
    text = question[between.end():] if between else question
    opens_compare = bool(re.match(r"\s*(?:compare|contrast)\b", question, re.I))
    verb = _COMPARE_VERB.search(text)
    for tried, match in enumerate(_SEPARATOR.finditer(text)):
        if tried == 20:
            break  # a question, not a document: its sides are near its first separators
        word = match.group().strip().lower()
        compared = bool(verb) and verb.start() < match.start()
        if word == "and" and not between and not opens_compare and (
                not _DIFFER_AFTER.match(text, match.end()) or _listed(text[max(0, match.start() - 80):match.start()])):
            continue  # "and" separates sides only after "between" or a leading "compare", or before "differ"
        if word in ("with", "to") and not compared:
            continue  # "with"/"to" only in "compare (or contrast) X with Y"
        left = _CLAUSE_END.split(text[max(0, match.start() - 120):match.start()])[-1].split()
        right = _CLAUSE_END.split(text[match.end():match.end() + 120])[0].split()
        lead = _LEAD_WORDS - {"between"} if said_between and not between else _LEAD_WORDS  # "…test between two…"
        cut = max((i + 1 for i, w in enumerate(left) if w.lower() in lead), default=0)
        left = left[cut:]
        for i, w in enumerate(right):
            if w.lower() in _LEAD_WORDS - {"the", "a", "an", "of"} or w.lower() in _CONTEXT_WORDS:
                right = right[:i]
                break
        left_text, right_text = " ".join(left[-6:]), " ".join(right[:6])
        if content_terms(left_text) and content_terms(right_text):
            return (left_text, right_text)
    return ()
