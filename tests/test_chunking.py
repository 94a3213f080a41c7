"""Chunks fit the model's window, follow the document's structure, and keep stable ids."""

from __future__ import annotations

import pytest
from conftest import ROOT

from assistant.chunking import chunk_document, split_sentences
from assistant.corpus import Block, SourceDocument, discover, load_document


def doc(*blocks: tuple[str, str]) -> SourceDocument:
    return SourceDocument(source="corpus/x.md", title="T", sha256="0", blocks=tuple(Block(s, t) for s, t in blocks))


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("text, expected", [
    ("One. Two three.", ["One.", "Two three."]),
    ("Tools, e.g. MLflow, help. Next one.", ["Tools, e.g. MLflow, help.", "Next one."]),
    ("PSI above 0.25 is large. Retrain then.", ["PSI above 0.25 is large.", "Retrain then."]),
    ("Dr. Sender wrote it. It is long.", ["Dr. Sender wrote it.", "It is long."]),
    ("Is it drift? Check PSI!", ["Is it drift?", "Check PSI!"]),
    ("- first item\n- second item", ["- first item", "- second item"]),
    ("ends without a period", ["ends without a period"]),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_every_chunk_of_the_real_corpus_fits_the_model_window(minilm):
    for path in discover(ROOT / "corpus"):
        document = load_document(path, ROOT / "corpus", 10_000_000)
        for chunk in chunk_document(document, minilm.count_tokens, 200, 30):
            # +2 for the [CLS] and [SEP] tokens the model adds
            assert minilm.count_tokens(chunk.embedding_text) + 2 <= minilm.max_tokens, chunk.id


def test_a_heading_always_starts_a_new_chunk():
    chunks = chunk_document(doc(("A", "Alpha text."), ("B", "Beta text.")), words, 200)
    assert [(c.section, c.text) for c in chunks] == [("A", "Alpha text."), ("B", "Beta text.")]


def test_a_paragraph_opening_with_a_bold_label_starts_a_chunk():
    # "**Starting Positions:** …" is a subsection without a heading: packed with its neighbours,
    # a question about starting positions found the chunk 30th to 50th by meaning.
    chunks = chunk_document(doc(("A", "Intro."), ("A", "**Starting Positions:** Data analyst."),
                                ("A", "More on that."), ("A", "__Industry Opportunities__: Finance.")), words, 200)
    assert [c.text for c in chunks] == ["Intro.", "**Starting Positions:** Data analyst.\n\nMore on that.",
                                        "__Industry Opportunities__: Finance."]
    assert {c.section for c in chunks} == {"A"}
    # A one-word label is a flashcard's side or a callout: the answer stays with its question.
    cards = chunk_document(doc(("A", "**Q:** Who agreed the latency budget?"), ("A", "**A:** The payments team."),
                               ("A", "**Tip:** Ask early.")), words, 200)
    assert len(cards) == 1


def test_small_paragraphs_of_a_section_are_packed_together():
    chunks = chunk_document(doc(("A", "One two."), ("A", "Three four.")), words, 200)
    assert [c.text for c in chunks] == ["One two.\n\nThree four."]


def test_a_long_paragraph_is_split_at_sentences_within_budget():
    paragraph = " ".join(f"Sentence number {i} has six words." for i in range(40))
    chunks = chunk_document(doc(("A", paragraph)), words, 50, overlap_tokens=0)
    assert len(chunks) > 1
    assert all(words(c.embedding_text) <= 50 for c in chunks)
    assert " ".join(c.text for c in chunks) == paragraph  # nothing lost, nothing repeated


def test_overlap_carries_the_last_sentence_into_the_next_chunk():
    paragraph = " ".join(f"Sentence {i} is here." for i in range(30))
    chunks = chunk_document(doc(("A", paragraph)), words, 40, overlap_tokens=10)
    last_of_first = split_sentences(chunks[0].text)[-1]
    assert chunks[1].text.startswith(last_of_first)


def test_a_sentence_longer_than_the_budget_is_split_at_words():
    chunks = chunk_document(doc(("A", "word " * 120)), words, 50)
    assert all(words(c.embedding_text) <= 50 for c in chunks)
    assert sum(words(c.text) for c in chunks) == 120


def test_chunk_ids_are_stable_and_unique():
    d = doc(("A", "Same text."), ("A", "x " * 300), ("B", "Same text."))
    first, second = chunk_document(d, words, 60), chunk_document(d, words, 60)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
