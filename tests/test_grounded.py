"""Model answers are checked sentence by sentence: cited right, re-cited, or dropped."""

from __future__ import annotations

import pytest
from fakes import ScriptedChatModel

from assistant.chat import Assistant
from assistant.citations import answer_sentences, ground, invalid_markers, markers, render
from assistant.generation.extractive import ExtractiveGenerator
from assistant.generation.grounded import GroundedGenerator
from assistant.prompts import MODEL_SENTINEL
from assistant.types import Chunk, Passage

CANARY = Passage(Chunk("c", "corpus/canary.md", "Canary", "", "A canary release sends a small share of live "
                       "traffic to the new model version first. The share grows while error rates stay healthy.", 0), 1, .6)
DRIFT = Passage(Chunk("d", "corpus/drift.md", "Drift", "", "Data drift is a change in the distribution of input "
                      "features between training and production.", 0), 1, .5)


# The model saw [1] CANARY and [2] DRIFT; each kept sentence is re-numbered by first appearance in
# the checked answer, so `expected` is (passage, marker in the rendered answer) per kept sentence.
@pytest.mark.parametrize("draft, expected", [
    # right citation kept
    ("A canary release sends a small share of live traffic to the new model version first [1].", [("c", 1)]),
    # wrong number corrected to the passage that supports the sentence
    ("Data drift is a change in the distribution of input features [1].", [("d", 1)]),
    # no marker at all: cited where supported
    ("The share grows while error rates stay healthy.", [("c", 1)]),
    # two passages: numbered in the order the answer uses them, whatever the model wrote
    ("Data drift is a change in the distribution of input features [2]. "
     "A canary release sends a small share of live traffic to the new model version first [1]. "
     "The share grows while error rates stay healthy [1].", [("d", 1), ("c", 2), ("c", 2)]),
    # an invention is dropped, the supported sentence stays
    ("A canary release sends a small share of live traffic to the new version [1]. "
     "Canary releases were invented at NASA in 1962 by Grace Hopper [1].", [("c", 1)]),
    # a number naming no passage is not trusted
    ("Data drift is a change in the distribution of input features between training and production [7].",
     [("d", 1)]),
    # the sentinel and echoed headings are not answers
    (f"{MODEL_SENTINEL}", []),
    ("Canary", []),
])
def test_ground_table(minilm, draft, expected):
    text, citations = render(ground(draft, (CANARY, DRIFT), minilm))
    by_number = {c.n: c.chunk_id for c in citations}
    assert [(by_number[n], n) for n in markers(text)] == expected
    assert not invalid_markers(text, citations)


def generator(minilm, reply=None, error=""):
    model = ScriptedChatModel(reply=reply or (lambda messages: ""), error=error)
    return GroundedGenerator("fake", model, minilm, ExtractiveGenerator(minilm), log=lambda line: None), model


def answering_with(assistant, gen):
    """An Assistant like the session's (same index and embedder) whose answers come from `gen`."""
    return Assistant(assistant.settings, assistant.live, assistant.sentence_embedder, generator=gen)


def test_prompt_numbers_and_fences_the_passages_as_data(assistant, minilm):
    gen, model = generator(minilm, reply=lambda m: "Feast is an open-source feature store [1].")
    app = answering_with(assistant, gen)
    app.ask("What is a feature store?")
    system, user = model.calls[0]
    assert "ONLY the numbered passages" in system.content and MODEL_SENTINEL in system.content
    assert user.content.startswith("<passages>\n[1] ") and "</passages>" in user.content
    assert "Question: What is a feature store?" in user.content


def test_supported_model_sentences_are_cited_and_streamed(assistant, minilm):
    reply = ("A feature store is a central system for defining, computing, storing and serving features [3]. "
             "Feature stores were first sold by IBM in 1971 [1].")
    gen, _ = generator(minilm, reply=lambda m: reply)
    app = answering_with(assistant, gen)
    events = list(app.ask_stream("What is a feature store?"))
    answer = events[-1]
    assert isinstance(events[0], str) and events[-2].startswith("A feature store")  # the draft streamed
    assert answer.backend == "fake" and not answer.refused
    assert "IBM" not in answer.answer and len(answer_sentences(answer.answer)) == 1
    assert not invalid_markers(answer.answer, answer.citations) and markers(answer.answer) == [1]
    assert answer.citations[0].source == "corpus/notes/feature-stores.md"


@pytest.mark.parametrize("reply, error", [
    (lambda m: MODEL_SENTINEL, ""),  # the model gives up although the gate passed
    (lambda m: "Quantum blockchains replaced feature stores in 2019.", ""),  # nothing supported
    (None, "connection refused"),  # the server is down
])
def test_without_a_supported_model_sentence_the_answer_is_quoted(assistant, minilm, reply, error):
    gen, _ = generator(minilm, reply=reply, error=error)
    app = answering_with(assistant, gen)
    answer = app.ask("What is a feature store?")
    assert not answer.refused and answer.citations and "Quantum" not in answer.answer
    assert not invalid_markers(answer.answer, answer.citations)


def test_the_gate_runs_before_the_model(assistant, minilm):
    gen, model = generator(minilm, reply=lambda m: "Sourdough needs a starter [1].")
    app = answering_with(assistant, gen)
    answer = app.ask("How do I make sourdough bread at home?")
    assert answer.refused and model.calls == []


def test_the_model_rewrites_a_follow_up_before_retrieval(assistant, minilm):
    def reply(messages):
        if "Standalone question" in messages[-1].content:
            return "Which tools are used for feature stores?"
        return "Feast is an open-source feature store [1]."

    gen, model = generator(minilm, reply=reply)
    app = answering_with(assistant, gen)
    history = [{"role": "user", "content": "What is a feature store?"}, {"role": "assistant", "content": "…"}]
    answer = app.ask("What tools are used for that?", history=history)
    assert answer.standalone_question == "Which tools are used for feature stores?"
    assert "Feast" in answer.answer


def test_a_rewrite_that_loses_the_topic_is_not_used(assistant, minilm):
    gen, _ = generator(minilm, reply=lambda m: "What is the weather today?" if "Standalone" in m[-1].content
                       else "Feast is an open-source feature store [1].")
    app = answering_with(assistant, gen)
    history = [{"role": "user", "content": "What is a feature store?"}, {"role": "assistant", "content": "…"}]
    answer = app.ask("What tools are used for that?", history=history)
    assert "feature store" in answer.standalone_question.lower()


def test_backend_auto_quotes_without_loading_a_model_and_named_backends_say_what_is_missing(
        corpus_settings, minilm, tmp_path):
    from assistant.generation import make_generator

    settings = corpus_settings.replace(backend="auto", local_model=tmp_path / "missing.gguf")
    lines = []
    assert make_generator(settings, minilm, log=lines.append).name == "extractive"
    assert lines == []  # nothing was tried and given up on
    with pytest.raises(RuntimeError, match="does not exist"):
        make_generator(settings.replace(backend="local"), minilm)
    with pytest.raises(RuntimeError, match="ASSISTANT_LLM_URL"):
        make_generator(settings.replace(backend="openai"), minilm)
