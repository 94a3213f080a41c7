"""The quick writer on small made-up sections: which sentence a question is written from, and its shape.

No index or model: a section is a Seed of one passage. The corpus-wide checks (every topic,
the interviewer, key points) are in test_interview.py. The writer's modules are imported in the
tests that use them, so that this file also runs against an older writer (and shows what fails).
"""

from __future__ import annotations

import re

import pytest

from assistant import prompts
from assistant.interview import write_question
from assistant.interview.topics import Seed
from assistant.types import Chunk, Passage


def seed(heading: str, sentences: list[str], title: str = "Feature Stores", article: bool = False) -> Seed:
    text = " ".join(sentences)
    source = "corpus/articles/a.md" if article else "corpus/notes/n.md"
    chunk = Chunk(id="c1", source=source, title=title, section=heading, text=text, ordinal=0)
    return Seed(heading=heading, passages=(Passage(chunk, 1.0, 0.0),), domain="MLOps" if article else title, text=text)


SKEW = ["Training/serving skew is a difference between the data a model saw during training and the data it "
        "receives in production.",
        "Skew commonly arises when feature logic is implemented twice, once for training and once for serving.",
        "A feature store reduces skew by using one feature definition for both paths."]
RECREATE = ["The recreate strategy stops every instance of the old version and then starts the new version.",
            "The main risks of recreate are downtime between shutdown and startup and exposing every user at once."]
DRIFT = ["Data drift is a change in the distribution of the input features between training and production.",
         "Concept drift is a change in the relationship between the inputs and the target."]
BASICS = ["A feature store is a central system for defining, computing, storing and serving features.",
          "Feature stores pay off most when several models share features or need fresh features at low latency."]
TOOLS = ["Feast is an open-source feature store focused on registering feature definitions.",
         "Tecton is a commercial managed feature platform that also computes features."]
BLOGS = ["We recommend subscribing to trusted blogs, mailing lists and publications to stay up to date with MLOps."]

# (heading, sentences, title, type) → the question; each reads as an interviewer would say it.
WRITTEN = [
    ("Training/serving skew", SKEW, "Feature Stores", "concept", "What is training/serving skew, and what causes it?"),
    ("Training/serving skew", SKEW, "Feature Stores", "career",
     "Tell me about a time you ran into training/serving skew. How did you spot it, and what did you change?"),
    ("Recreate", RECREATE, "Deployment Strategies", "concept",
     "How does the recreate strategy work, and what are its risks?"),
    ("Data versioning", ["Data versioning lets a team identify the exact data a model was trained on."],
     "Data and Model Versioning", "concept", "Why would a team version its data?"),
    ("Types of drift", DRIFT, "Model Monitoring and Drift", "concept",
     "What is the difference between data drift and concept drift?"),
    ("Docker images", ["A Docker image is a read-only filesystem snapshot built from a Dockerfile, and a container "
                       "is a running instance of that image."], "Containers", "concept",
     "What is the difference between a Docker image and a container?"),
    ("Tools", TOOLS, "Feature Stores", "concept", "Which tools would you use for feature stores, and what does each one do?"),
    ("Tools", TOOLS, "Feature Stores", "career",
     "Which feature store tools have you worked with in production, and what did you learn from them?"),
    ("Feature store basics", BASICS, "Feature Stores", "concept", "What is a feature store, and when does it pay off?"),
    ("Rollback", ["Rollback is the return to a previously known-good model version after a problem is detected.",
                  "Fast rollback depends on keeping the previous model artifact available."], "Deployment Strategies",
     "concept", "What is rollback, and what does it depend on?"),
    ("Terraform state", ["Terraform keeps a state file that maps each resource in the configuration to a real object."],
     "Infrastructure as Code", "concept", "Why does Terraform keep a state file?"),
    ("Terraform state", ["Terraform keeps a state file that maps each resource in the configuration to a real object."],
     "Infrastructure as Code", "career", "Have you used Terraform in a project? What problem did it solve for you?"),
    ("Keeping images small", ["Large ML images slow down builds, pulls and pod start-up."], "Containers", "career",
     "Tell me about a time you had to keep images small. How did you go about it?"),
    ("How MLOps differs from DevOps", ["DevOps automates building, testing and releasing software."], "Lifecycle",
     "concept", "How does MLOps differ from DevOps?"),
    ("Why version data and models", ["Model versioning lets a team roll back to a previous artifact."],
     "Data and Model Versioning", "concept", "Why would a team version data and models?"),
]


@pytest.mark.parametrize(("heading", "sentences", "title", "kind", "question"), WRITTEN,
                         ids=[f"{w[0]}-{w[3]}" for w in WRITTEN])
def test_a_question_is_written_from_what_the_section_says(heading, sentences, title, kind, question):
    assert write_question(seed(heading, sentences, title), kind) == question


def test_the_sentences_a_question_is_written_from_come_with_it():
    from assistant.interview import write

    written = write(seed("Training/serving skew", SKEW), "concept")
    assert [c.text for c in written.sources] == SKEW[:2]  # "What is …, and what causes it?": both halves


SITUATION = {line: keys for keys, line in prompts.SCENARIO_SITUATIONS}


@pytest.mark.parametrize(("heading", "sentences", "ask"), [
    ("Training/serving skew", SKEW, "Could training/serving skew explain this, and how would you check?"),
    ("Recreate", RECREATE, "Would you use the recreate strategy here, and what could go wrong?"),
    ("Types of drift", DRIFT, "How would you tell whether this is data drift or concept drift?"),
    ("Feature store basics", BASICS, "Would feature stores be a good fit here? Why or why not?"),
])
def test_a_scenario_is_a_situation_the_section_resolves_then_an_ask(heading, sentences, ask):
    text = write_question(seed(heading, sentences), "scenario")
    situation, _, rest = text.partition(". ")
    assert rest == ask and f"{situation}." in SITUATION
    keys = SITUATION[f"{situation}."]  # chosen by the section's own words, not the default
    assert keys and any(re.search(rf"\b{k}", f"{heading} {' '.join(sentences)}".lower()) for k in keys)


def test_career_material_is_asked_about_the_candidate():
    section = seed("Follow industry blogs and publications", BLOGS, article=True)
    assert write_question(section, "career") == "Which industry blogs and publications do you follow, and why?"
    assert write_question(section, "concept") == "Why should an MLOps engineer follow industry blogs?"
    scenario = write_question(section, "scenario")
    assert scenario.startswith("You want to move into an MLOps role") and scenario.endswith("?")


def test_variants_are_other_questions_until_the_section_has_no_more():
    section = seed("Feature store basics", BASICS)
    texts = [text for v in range(6) if (text := write_question(section, "concept", v))]
    assert len(texts) == len(set(texts)) >= 2 and write_question(section, "concept", 40) is None


def test_an_introduction_is_asked_about_only_when_it_defines_its_subject():
    intro = Seed(heading="Feature Stores", passages=seed("", BASICS).passages, domain="Feature Stores",
                 is_intro=True, text=" ".join(BASICS))
    assert write_question(intro, "concept").startswith("What is a feature store")
    assert write_question(intro, "scenario") is None and write_question(intro, "career") is None


# (sentence) → (subject as it reads mid-sentence, kind), or None when its first words are not a subject and a verb.
CLAIMS = [
    ("A feature store reduces skew by using one feature definition.", ("a feature store", "effect")),
    ("Point-in-time correctness means that each example uses only past values.", ("point-in-time correctness",
                                                                                  "define")),
    ("Feature stores pay off most when several models share features.", ("feature stores", "condition")),
    ("Skew commonly arises when feature logic is implemented twice.", ("skew", "cause")),
    ("Full reproducibility requires pinning the code commit and the data version.", ("full reproducibility",
                                                                                     "require")),
    ("The main risks of recreate are downtime and exposing every user at once.", ("recreate", "risk")),
    ("Git LFS does not provide ML pipelines or experiment tracking.", ("Git LFS", "limit")),
    ("Data tests check schemas, value ranges and missing values.", ("data tests", "action")),
    ("An A/B test randomly splits users into groups that receive different models.", ("an A/B test", "action")),
    ("Continuous training (CT) is the automatic retraining of a production model.", ("continuous training",
                                                                                     "define")),
    ("It involves cleaning, transforming and organizing raw data.", None),
    ("The cloud an organisation already uses is usually the strongest factor.", None),
    ("Features are keyed by entities, such as a user or a product.", None),
]


@pytest.mark.parametrize(("sentence", "expected"), CLAIMS, ids=[c[0][:30] for c in CLAIMS])
def test_what_a_sentence_claims(sentence, expected):
    from assistant.interview.claims import read_claim

    passage = seed("x", [sentence]).passages[0]
    claim = read_claim(sentence, sentence, passage, 0, " ".join(c[0] for c in CLAIMS))
    assert (claim.subject, claim.kind) == expected if expected else claim is None


def test_an_activity_is_asked_with_you():
    from assistant.interview.claims import read_claim

    sentence = "Tagging images with the Git commit hash links a deployed model back to the code."
    claim = read_claim(sentence, sentence, seed("x", [sentence]).passages[0], 0, sentence)
    assert claim.activity and claim.subject == "tagging images with the Git commit hash"


@pytest.mark.parametrize(("word", "base"), [("keeping", "keep"), ("running", "run"), ("handling", "handle"),
                                            ("building", "build"), ("becoming", "become"), ("tagging", "tag"),
                                            ("monitoring", "monitor"), ("choosing", "choose"), ("using", "use")])
def test_base_form_of_an_ing_word(word, base):
    from assistant.interview.english import base_of_ing

    assert base_of_ing(word) == base


def test_words_read_mid_sentence_as_the_corpus_writes_them():
    from assistant.interview.english import phrase

    text = "Teams use Terraform and a Docker image. The online store holds values. Apache Airflow runs DAGs."
    assert phrase("Terraform state", text, title_case=True) == "Terraform state"
    assert phrase("Online Store", text, title_case=True) == "online store"
    assert phrase("Apache Airflow", text) == "Apache Airflow"
    assert phrase("Amazon Web Services (AWS)", text, title_case=True) == "Amazon Web Services (AWS)"
