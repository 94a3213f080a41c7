"""Mock interviews on the real corpus: questions, key points, grading, the model path, the tab's handlers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fakes import ScriptedChatModel

from assistant import prompts
from assistant.citations import invalid_markers, word_support
from assistant.interview import QUESTION_TYPES, Interviewer, NotCovered, corpus_topics
from assistant.terms import stems
from assistant.ui import interview_tab as tab


def _asks(table: dict) -> list[str]:
    return [ask for value in table.values() for ask in ([value] if isinstance(value, str) else value)]


# Words the fixed parts of questions bring with them, and words any topic has; a question's own
# subject (or the situation its scenario opens with) must come from its topic's passages.
FRAME_WORDS = (stems(" ".join([*_asks(prompts.SCENARIO_ASKS), *_asks(prompts.CAREER_ASKS),
                               *prompts.FOLLOW_UPS.values()])) - stems("project")
               | stems("model models team data production MLOps ML"))
# Frames of the old quick writer that no interviewer says (issue 10); bench/interview_bench.py checks them too.
TEMPLATE_FRAGMENTS = ("an interviewer asks you", "what would you tell an interviewer",
                      "tell me about a time you worked with", "in the context of", "can you walk me through",
                      "as you prepare for an mlops role", "help you, and what would you do first",
                      "come in, and what steps", "to someone new to", "how have you kept your knowledge of",
                      "using an example from your own work", "come up in day-to-day", "differ from each other",
                      "what is each one for", "involve in practice", "would you tell an interviewer")


# Topics a learner types (bench/interview_bench.py asks the same).
LEARNER_TOPICS = ["monitoring and drift", "CI/CD for ML", "feature stores and registries",
                  "versioning and reproducibility", "containers and orchestration", "deployment and serving at scale",
                  "cloud platforms", "infrastructure as code", "pipeline automation", "security and compliance",
                  "responsible AI", "testing and metrics", "federated and continual learning", "data management",
                  "collaboration and soft skills"]


def own_words(question: str) -> set[str]:
    """The question's words beyond its fixed parts: its subject, and a scenario's situation."""
    return stems(question) - FRAME_WORDS


@pytest.fixture(scope="module")
def interviewer(assistant):
    return Interviewer(assistant.live, assistant.sentence_embedder, log=lambda line: None)


@pytest.fixture(scope="module")
def topics(assistant):
    return {t.label: t for t in corpus_topics(assistant.live)}


def test_topics_are_note_titles_then_article_sections(interviewer, topics):
    labels = interviewer.topics()
    assert labels[:3] == sorted(labels[:3]) and "Feature Stores" in labels and "Model Monitoring and Drift" in labels
    assert "Building a strong portfolio" in labels  # an article's section heading
    assert not {"Further reading", "FAQ", "Conclusion", "Interview angle"} & set(labels)


def test_questions_on_twelve_topics_are_grounded_in_that_topic(assistant, interviewer, topics):
    notes = [label for label, t in topics.items() if "/notes/" in t.source][::2]
    chosen = notes + ["Building a strong portfolio", "Entry Points for Aspiring MLOps Professionals",
                      "Mastering Key Skills", "Continuous Integration and Deployment: Automating MLOps Workflows"]
    assert len(chosen) >= 10
    for label in chosen:
        topic = topics[label]
        _, seeds = interviewer.topic_list.seeds(label)
        topic_words = stems(" ".join(p.chunk.text for seed in seeds for p in seed.passages))
        questions = interviewer.questions(label, n=3)
        assert len(questions) == 3, label
        texts = [q.question for q in questions]
        assert len(set(texts)) == 3, texts
        for q in questions:
            assert q.question.endswith("?") and "{" not in q.question, q.question
            assert own_words(q.question) & topic_words, q.question  # its subject is the topic's
            assert q.topic == label and q.type in ("concept", "scenario", "career")
            for c in q.citations:  # cites passages of this topic only
                assert c.source == topic.source, (label, c.source)
                assert not topic.section or c.section.split(" > ")[0] == topic.section
            for point in q.key_points:  # quoted, never invented
                assert any(word_support(point, c.text) == 1.0 for c in q.citations), point
            assert 1 <= len(q.key_points) <= 4 and not invalid_markers(q.model_answer, q.citations)


@pytest.mark.parametrize("kind", ["concept", "scenario", "career"])
def test_each_question_type_can_be_asked_for(interviewer, kind):
    questions = interviewer.questions("Deployment Strategies for ML Models", n=2, kind=kind)
    assert len(questions) == 2 and all(q.type == kind for q in questions)


def test_question_wording_reads_like_an_interviewer(interviewer):
    asked = {q.question for q in interviewer.questions("Feature Stores", n=6, kind="concept")}
    assert "What is the difference between the offline store and the online store?" in asked
    assert "What is training/serving skew, and what causes it?" in asked
    asked = {q.question for q in interviewer.questions("Data and Model Versioning", n=3, kind="concept")}
    assert "Why would a team version data and models?" in asked
    asked = {q.question for q in interviewer.questions("Model Monitoring and Drift", n=4, kind="concept")}
    assert "What is the difference between data drift and concept drift?" in asked
    asked = {q.question for q in interviewer.questions("Infrastructure as Code and GitOps", n=6, kind="concept")}
    assert "Why does Terraform keep a state file?" in asked


def test_a_question_has_the_sentences_it_was_written_from_as_key_points(interviewer):
    questions = {q.question: q for q in interviewer.questions("Feature Stores", n=6, kind="concept")}
    stores = questions["What is the difference between the offline store and the online store?"]
    assert [p.split(" of ")[0] for p in stores.key_points[:2]] == ["The offline store", "The online store"]
    skew = questions["What is training/serving skew, and what causes it?"]
    assert any(p.startswith("Skew commonly arises when feature logic is implemented twice") for p in skew.key_points)
    [risky] = [q for q in interviewer.questions("Deployment Strategies for ML Models", n=3, kind="scenario")
               if "recreate" in q.question]
    assert risky.question.endswith("Would you use the recreate strategy here, and what could go wrong?")
    assert any(p.startswith("The main risks of recreate are downtime") for p in risky.key_points)


def test_every_topic_has_questions_of_the_three_types(interviewer):
    """What Interviewer.questions does for each (bench/interview_bench.py runs it itself, key points and
    all), with the quick writer alone: section after section, the three types in turn, no repeat."""
    from assistant.interview import is_duplicate, write

    for label in interviewer.topics() + LEARNER_TOPICS:
        seeds, asked, tries = interviewer.topic_list.seeds(label)[1], [], {}
        for number, seed in [(n, s) for _ in range(3) for n, s in enumerate(seeds)]:
            kind = QUESTION_TYPES[len(asked) % 3]
            if len(asked) < 3:
                tries[number, kind] = tries.get((number, kind), -1) + 1
                written = write(seed, kind, tries[number, kind])
                if written and not is_duplicate(written.text, [text for _, text in asked]):
                    asked.append((kind, written.text))
        assert sorted(kind for kind, _ in asked) == sorted(QUESTION_TYPES), (label, asked)


def test_no_question_on_any_topic_reads_as_a_filled_template(interviewer):
    from assistant.interview import write

    written = []
    for label in interviewer.topics() + LEARNER_TOPICS:  # every question the quick writer has, not only the first
        for seed in interviewer.topic_list.seeds(label)[1]:
            written += [w.text for kind in ("concept", "scenario", "career") for v in range(3)
                        if (w := write(seed, kind, v))]
    assert len(written) > 500
    for text in written:
        lower = text.lower()
        assert not [f for f in TEMPLATE_FRAGMENTS if f in lower], text
        assert text.endswith("?") and text.count("?") <= 2 and 4 <= len(text.split()) <= 30, text
        assert not re.search(r"\b(\w+) \1\b|\s[?,.]|[{}]", lower), text  # a doubled word, an empty slot


def test_a_session_never_repeats_a_question(interviewer):
    first = interviewer.questions("Model Monitoring and Drift", n=3)
    second = interviewer.questions("Model Monitoring and Drift", n=3, asked=[q.question for q in first])
    assert second and not {q.question for q in first} & {q.question for q in second}
    everything: list[str] = []
    for _ in range(8):  # ask until the topic runs dry: fewer questions, never a repeat
        everything += [q.question for q in interviewer.questions("Feature Stores", n=5, asked=everything)]
    assert len(everything) == len(set(everything)) > 5


def test_free_text_topic_uses_the_gate(interviewer):
    questions = interviewer.questions("canary releases and rollbacks", n=2)
    assert questions and all("deployment-strategies" in c.source for q in questions for c in q.citations)
    with pytest.raises(NotCovered, match="not in my sources"):
        interviewer.questions("baking sourdough bread", n=2)
    with pytest.raises(NotCovered):
        interviewer.questions("   ", n=2)



def test_a_technical_topic_is_not_asked_about_career_sections_that_share_a_word(interviewer):
    # "responsible AI" retrieves a career article's "Key Responsibilities …" section by its word alone.
    _, seeds = interviewer.topic_list.seeds("responsible AI")
    assert any("Responsibilities" in s.heading for s in seeds)
    questions = interviewer.questions("responsible AI", n=3)
    assert len(questions) == 3
    assert not any("Responsibilities" in c.section or "move into an MLOps role" in q.question
                   for q in questions for c in q.citations)

# -- grading ---------------------------------------------------------------------

SAMPLE = ["What is the difference between data drift and concept drift?",
          "What does a canary deployment do?",
          "What is point-in-time correctness in a feature store?",
          "Why does Terraform keep a state file?",
          "How do you reproduce a model trained months ago?"]
NOT_ANSWERS = ["", "   ", "I don't know", "No idea, sorry.", "I'm not sure. We always did it by hand, so I haven't set it up.",
               "I would bake sourdough bread with a long cold fermentation and a hot oven.",
               "France won the 2018 football World Cup in Russia."]


@pytest.fixture(scope="module")
def sample(interviewer):
    return ([interviewer.question_for(text) for text in SAMPLE]
            + interviewer.questions("Containers and Kubernetes for ML", n=2)
            + interviewer.questions("Pipeline Orchestration for ML", n=1, kind="scenario"))


def test_model_answer_scores_high_and_non_answers_score_low(interviewer, sample):
    for q in sample:
        model = interviewer.grade(q, q.model_answer)
        assert model.score >= 80 and not model.missed, (q.question, model.score)
        for answer in NOT_ANSWERS:
            grade = interviewer.grade(q, answer)
            assert grade.score <= 20, (q.question, answer, grade.score)
            assert len(grade.missed) == len(q.key_points)
            assert grade.feedback.startswith("No answer" if not answer.strip() else "Needs review")


def test_adding_a_missed_key_point_raises_the_score(interviewer, sample):
    for q in sample:
        if len(q.key_points) < 2:
            continue
        partial = interviewer.grade(q, q.key_points[0])
        assert q.key_points[1] in partial.missed
        fuller = interviewer.grade(q, f"{q.key_points[0]} {q.key_points[1]}")
        assert fuller.score > partial.score and q.key_points[1] in fuller.covered


def test_a_paraphrase_earns_full_credit_and_the_grade_is_complete(interviewer):
    q = interviewer.question_for("What is the difference between data drift and concept drift?")
    grade = interviewer.grade(q, "Data drift means the input feature distribution changes between training and "
                                 "production. Concept drift is when the relationship between the inputs and the target "
                                 "changes, like fraudsters changing behaviour.")
    # It defines the two drifts asked about, in its own words: a full answer.
    assert {"Data", "Concept"} <= {p.split()[0] for p in grade.covered} and grade.score >= 80, grade
    assert "stated 2 of the 2 key points" in grade.feedback and not grade.missed
    assert set(grade.covered) <= set(q.key_points) | set(q.accepted)
    one_side = interviewer.grade(q, "Data drift means the input feature distribution changes between training "
                                    "and production.")
    assert 30 <= one_side.score < grade.score and one_side.missed  # half the answer, about half the score
    assert one_side.feedback.split("Add next: ")[1].rstrip(".").endswith("]")  # what to add, with its citation
    data = grade.to_dict()
    assert set(data) == {"score", "covered", "missed", "feedback", "model_answer", "citations"}
    assert "[1]" in data["model_answer"] and data["citations"][0]["n"] == 1


def test_a_list_of_terms_is_not_an_answer_unless_a_list_was_asked_for(interviewer):
    q = interviewer.question_for("What does it mean for a pipeline task to be idempotent, and why should you care?")
    terms = interviewer.grade(q, "Airflow, DAGs, retries, exponential backoff, Prefect, Dagster, Argo Workflows.")
    assert terms.score <= 10 and terms.feedback.startswith("A list of terms is not yet an answer"), terms
    listed = interviewer.question_for("Which tools are used for experiment tracking and model registries?")
    named = interviewer.grade(listed, "MLflow, Weights & Biases, Neptune and Comet.")
    assert named.score > 10 and not named.feedback.startswith("A list of terms"), named


def test_a_question_the_corpus_does_not_cover_is_not_graded(interviewer):
    with pytest.raises(NotCovered, match="not in my sources"):
        interviewer.question_for("How do I bake sourdough bread?")
    with pytest.raises(NotCovered):
        interviewer.question_for("What are Stripe's interview rounds?")  # a name the corpus never mentions


# -- the local model writes questions -----------------------------------------------

def model_interviewer(assistant, reply="", error=""):
    lines: list[str] = []
    fake = ScriptedChatModel(reply=(lambda messages: reply) if isinstance(reply, str) else reply, error=error)
    return Interviewer(assistant.live, assistant.sentence_embedder, chat_model=fake, log=lines.append), fake, lines


def test_the_models_question_is_used_when_it_is_good(assistant):
    good = "How would you use a point-in-time join to keep future feature values out of training data?"
    interviewer, fake, _ = model_interviewer(assistant, reply=f'Question: "{good}"\n')
    [q] = interviewer.questions("Feature Stores", n=1, kind="concept")
    assert q.question == good and q.key_points
    system, user = fake.calls[0]
    assert system.content == prompts.QUESTION_SYSTEM
    assert "Type: concept" in user.content and "<passages>" in user.content and "feature" in user.content.lower()
    # In the app the model words questions only when the learner asks for it (it is slow).
    calls = len(fake.calls)
    session, _, texts = tab.new_questions(interviewer, "Feature Stores", "concept", 1, [])
    assert texts and good not in texts and len(fake.calls) == calls
    _, _, texts = tab.new_questions(interviewer, "Feature Stores", "concept", 1, [], use_model=True)
    assert texts == [good] and len(fake.calls) == calls + 1


@pytest.mark.parametrize("bad", ["Sure! A feature store keeps features consistent.",  # not a question
                                 "What is your favourite pizza topping?",  # nothing to do with the passages
                                 ""])
def test_a_bad_model_question_falls_back_to_the_deterministic_writer(assistant, interviewer, bad):
    with_model, _, lines = model_interviewer(assistant, reply=bad)
    [q] = with_model.questions("Feature Stores", n=1, kind="concept")
    [expected] = interviewer.questions("Feature Stores", n=1, kind="concept")
    assert q.question == expected.question != bad
    assert any("rejected" in line for line in lines)


def test_a_failing_or_repeating_model_still_yields_distinct_questions(assistant):
    broken, _, lines = model_interviewer(assistant, error="connection refused")
    assert len(broken.questions("Model Monitoring and Drift", n=2)) == 2
    assert any("could not write a question" in line for line in lines)
    same = "How does operational monitoring differ from model monitoring in a production ML system?"
    parrot, fake, lines = model_interviewer(assistant, reply=same)
    [first] = parrot.questions("Model Monitoring and Drift", n=1)
    assert first.question == same
    questions = parrot.questions("Model Monitoring and Drift", n=3, asked=[same])
    assert same not in [q.question for q in questions] and len({q.question for q in questions}) == 3
    assert any("repeats" in line for line in lines)


# -- the Interview and Progress tabs, without a browser ---------------------------------

def test_interview_tab_handlers(assistant, interviewer, tmp_path):
    import gradio as gr

    from assistant.progress import StudyLog

    study = StudyLog(tmp_path / "study.sqlite3")
    session, message, texts = tab.new_questions(interviewer, "Feature Stores", "mixed", 2, [])
    assert len(texts) == 2 and "Feature Stores" in message
    session, _, more = tab.new_questions(interviewer, "Feature Stores", "concept", 2, session)
    assert more and not set(more) & set(texts) and len(session) == 4
    _, refused, none = tab.new_questions(interviewer, "sourdough baking", "mixed", 2, session)
    assert not none and "not in my sources" in refused

    assert texts[0] in tab.question_card(session, texts[0])
    assert "Write your answer first" in tab.grade_answer(interviewer, study, session, texts[0], "  ")[0]
    assert study.attempt_count() == 0  # an empty box is not an attempt
    panel, sources = tab.grade_answer(interviewer, study, session, texts[0], "I don't know")
    assert "Score: 0/100" in panel and "Missed" in panel and "Model answer" in panel and "[1]" in panel
    assert "**[1] Feature Stores**" in sources and "<mark>" in sources
    panel, _ = tab.grade_answer(interviewer, study, session, texts[1], tab.find(session, texts[1]).model_answer)
    assert int(re.search(r"Score: (\d+)/100", panel).group(1)) >= 90  # its own model answer

    listing, choices = tab.due_view(study)
    assert "Nothing is due" in listing and not choices  # the failed one comes back in 10 minutes
    listing, choices = tab.due_view(study, now=__import__("time").time() + 15 * 60)
    assert texts[0] in listing and len(choices) == 1
    fresh, question_texts, selected = tab.practise(study, choices[0][1], [])
    assert selected == texts[0] and question_texts == [texts[0]] and fresh[0].key_points

    [axes] = tab.mastery_figure(study).get_axes()  # one bar per topic, as long as its mastery
    assert [label.get_text() for label in axes.get_yticklabels()] == ["Feature Stores"]
    assert [round(bar.get_width()) for bar in axes.patches] == [round(study.mastery()[0][1])]
    assert [row[2] for row in tab.history_rows(study)] == [texts[1], texts[0]]
    assert Path(tab.export_csv(study, tmp_path)).read_text().startswith("#separator:Comma")

    from assistant.learners import Learners

    with gr.Blocks():
        with gr.Tab("Interview"):
            tab.build_interview_tab(Learners(assistant))
        with gr.Tab("Progress"):
            tab.build_progress_tab(Learners(assistant))


def test_a_model_writing_questions_does_not_hold_up_a_library_rebuild(assistant):
    import threading

    writing, release = threading.Event(), threading.Event()

    def slow(messages):
        writing.set()
        release.wait(10)
        return ""

    interviewer, _, _ = model_interviewer(assistant, reply=slow)
    asking = threading.Thread(target=interviewer.questions, args=("Feature Stores",), kwargs={"n": 1})
    asking.start()
    try:
        assert writing.wait(10)
        swapped = threading.Event()

        def rebuild_swap():
            with assistant.live.writing():  # what a rebuild takes to swap the index in
                swapped.set()

        threading.Thread(target=rebuild_swap).start()
        assert swapped.wait(2), "the swap waited for the model"
    finally:
        release.set()
        asking.join()


def test_an_answer_opening_with_no_is_graded_on_what_it_says(minilm):
    from assistant.interview.grading import point_credits

    question = "Is a feature store always needed?"
    point = "A feature store is unnecessary for a single batch model whose features come from one well-managed table."
    said = "No: a single batch model that reads its features from one well-managed table does fine without one."
    assert point_credits(question, [point], said, minilm)[0] >= 0.5
    assert point_credits(question, [point], "Not sure, I haven't used one.", minilm) == [0.0]
    from assistant.interview.grading import is_non_answer
    assert not any(map(is_non_answer, ["Not sure, but I think a canary sends a small share of traffic first",
                                       "Pass the model through a validation gate before promotion."]))
    assert all(map(is_non_answer, ["No.", "Skip", "I don't know", "No idea, sorry."]))


# -- a chat model checks that an answer states the points it is credited for ----------

DRIFT = "What is the difference between data drift and concept drift?"
DRIFT_ANSWER = ("Data drift means the input feature distribution changes between training and production. Concept "
                "drift is when the relationship between the inputs and the target changes, like fraudsters adapting.")


def checking_interviewer(assistant, reply="", error=""):
    """An interviewer whose checker is a scripted model; `reply(statement)` gives its verdict."""
    from assistant.interview.checking import ModelChecker

    lines: list[str] = []
    statement = re.compile(r"Statement: (.*?)\n\nText:", re.S)
    fake = ScriptedChatModel(reply=lambda messages: reply(statement.search(messages[-1].content).group(1)),
                             error=error)
    checker = ModelChecker(fake, log=lines.append)
    return Interviewer(assistant.live, assistant.sentence_embedder, log=lines.append, checker=checker), fake, lines


def test_a_point_the_model_says_the_answer_does_not_state_earns_nothing(assistant, interviewer):
    from assistant.interview.grading import CHECK_MOST

    q = interviewer.question_for(DRIFT)
    unchecked = interviewer.grade(q, DRIFT_ANSWER)
    agreeing, fake, _ = checking_interviewer(assistant, lambda point: "Yes.")
    assert agreeing.grade(q, DRIFT_ANSWER).score == unchecked.score >= 80
    asked = [m[-1].content for m in fake.calls]
    assert 1 <= len(asked) <= CHECK_MOST and all(DRIFT_ANSWER in m for m in asked)
    assert {m.split("\n\nText:")[0].removeprefix("Statement: ") for m in asked} <= set(q.key_points + q.accepted)
    # The model reads that the concept-drift half is not what the point says: that point is missed, and
    # the feedback says to add it, where word overlap alone gave the answer full marks.
    doubting, _, _ = checking_interviewer(assistant, lambda point: "No" if point.startswith("Concept") else "Yes")
    checked = doubting.grade(q, DRIFT_ANSWER)
    assert checked.score <= unchecked.score - 30, (checked.score, unchecked.score)
    assert not any(p.startswith("Concept") for p in checked.covered)
    assert "Add next: Concept drift" in checked.feedback
    assert "judged that 1 point whose words you use is not what your answer says" in checked.feedback
    assert "checking model" not in unchecked.feedback


def test_a_non_answer_is_not_put_to_the_model(assistant, interviewer):
    q = interviewer.question_for(DRIFT)
    checking, fake, _ = checking_interviewer(assistant, lambda point: "Yes")
    assert checking.grade(q, "I don't know").score == 0 and checking.grade(q, "").score == 0
    assert fake.calls == []


def test_a_model_that_fails_or_gives_no_verdict_leaves_the_grade_as_it_was(assistant, interviewer):
    q = interviewer.question_for(DRIFT)
    unchecked = interviewer.grade(q, DRIFT_ANSWER).score
    down, fake, lines = checking_interviewer(assistant, error="connection refused")
    assert down.grade(q, DRIFT_ANSWER).score == unchecked
    assert len(fake.calls) == 1  # a server that is down is not asked again for the other points
    assert [line for line in lines if "could not check the answer" in line and "grading without it" in line]
    vague, fake, _ = checking_interviewer(assistant, lambda point: "It depends on the context")
    assert vague.grade(q, DRIFT_ANSWER).score == unchecked and fake.calls


def test_grading_asks_only_a_model_measured_to_check_unless_told_otherwise():
    from assistant.generation.local import LocalChatModel
    from assistant.generation.model_files import PACKAGED
    from assistant.interview.checking import ModelChecker, checker_for

    def local(name):  # not loaded: a model file is read on first use only
        return LocalChatModel(model_path=f"/models/{PACKAGED[name].file_name}", max_tokens=4, temperature=0.0)

    server = ScriptedChatModel()
    assert checker_for(local("qwen2.5-coder-1.5b"), "auto").name == PACKAGED["qwen2.5-coder-1.5b"].file_name
    assert checker_for(local("qwen2.5-coder-0.5b"), "auto") is None  # said "no" to correct answers
    assert checker_for(server, "auto") is None  # not measured
    assert isinstance(checker_for(server, "model"), ModelChecker)
    warned: list[str] = []
    assert isinstance(checker_for(local("qwen2.5-coder-0.5b"), "model", warned.append), ModelChecker)  # as told
    assert "grades will be too low" in warned[0] and "qwen2.5-coder-1.5b" in warned[0]
    assert checker_for(local("qwen2.5-coder-1.5b"), "off") is None
    assert checker_for(None, "model") is None


def test_with_the_quoting_backend_grades_are_checked_only_when_asked(assistant, monkeypatch):
    from assistant.chat import Assistant
    from assistant.generation.local import LocalChatModel
    from assistant.generation.model_files import ModelUnavailable

    assert assistant.backend == "extractive" and Interviewer.of(assistant).checker is None  # 26 ms grades
    # Asked for: the local model (the packaged 0.5B here) is made, and loaded, when the app starts. Its
    # file is joined and checked for real; loading is skipped (test_local_model.py runs the model, and
    # a llama.cpp server dropped without ever serving can hang its own destructor).
    loaded: list[str] = []
    monkeypatch.setattr(LocalChatModel, "load", lambda self: loaded.append(self.model_path))
    asked = Assistant(assistant.settings.replace(grade_check="model"), assistant.live, assistant.sentence_embedder)
    first, second = Interviewer.of(asked), Interviewer.of(asked, live=assistant.live)
    assert asked.backend == "extractive" and first.chat_model is None  # answers quoted, questions quick-written
    assert isinstance(first.checker.chat_model, LocalChatModel) and loaded == [first.checker.chat_model.model_path]
    assert first.checker is second.checker  # one model for every learner
    # A model that is not there fails at start, saying what to set, not at a learner's first grade.
    with pytest.raises(ModelUnavailable, match="ASSISTANT_LOCAL_MODEL"):
        Assistant(assistant.settings.replace(grade_check="model", local_model="/nowhere/model.gguf"),
                  assistant.live, assistant.sentence_embedder)
