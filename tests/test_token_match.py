"""The passage retrieval adds for its word-piece coverage of the question (token_match.py, retrieval.py)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import retrieval, token_match
from assistant.embeddings import HashingEmbedder
from assistant.retrieval import HybridRetriever
from assistant.token_match import TokenMatcher, content_pieces
from assistant.types import Chunk


def test_a_passage_answering_in_other_words_covers_the_question_best(minilm):
    matcher = TokenMatcher(minilm)
    cover = matcher.coverage("What kind of job should I take first?", [
        "Initial positions as a Data Analyst or DevOps Engineer give useful hands-on experience.",
        "Companies in many industries are hiring engineers, and demand keeps growing.",
        "Kubernetes schedules containers across a cluster of machines."])
    assert cover[0] > cover[1] > cover[2] > 0.0
    assert cover[0] <= 1.0


class _Counting:
    """MiniLM, counting the texts it is asked for word-piece vectors of."""

    def __init__(self, model) -> None:
        self.model, self.read = model, []

    def token_vectors(self, texts):
        self.read += texts
        return self.model.token_vectors(texts)


def test_pieces_are_kept_beside_the_index_for_the_next_process(minilm, tmp_path):
    passages = ["A canary release sends a small share of traffic first.", "Blue-green keeps two environments."]
    first = _Counting(minilm)
    before = TokenMatcher(first, path=tmp_path / "pieces.npz").coverage("What is a canary release?", passages)
    assert first.read == ["What is a canary release?", *passages]
    later = _Counting(minilm)  # a new process: nothing in memory
    after = TokenMatcher(later, path=tmp_path / "pieces.npz").coverage("What is a canary release?", passages)
    assert later.read == ["What is a canary release?"]  # the passages' pieces come from the file
    assert np.allclose(before, after, atol=1e-3)


def test_the_assistant_finds_an_answer_worded_unlike_the_question(assistant):
    # An outsider's question (dev split): its answer says "proxy signals such as input drift…", and the
    # fused ranking alone leaves that passage out of the five.
    answer = assistant.ask("Our loan-default labels won't show up for months. What can we watch in the meantime "
                           "to tell if the model is going off the rails?")
    assert "input drift" in answer.answer and "prediction confidence" in answer.answer


@pytest.mark.parametrize("damage", [b"", b"not a numpy file", b"PK\x03\x04 cut short"])
def test_an_unreadable_pieces_file_is_worked_out_again(minilm, tmp_path, damage):
    (tmp_path / "pieces.npz").write_bytes(damage)
    counting = _Counting(minilm)
    cover = TokenMatcher(counting, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert counting.read == ["What is drift?", "Drift is change."] and cover[0] > 0.3
    again = _Counting(minilm)
    TokenMatcher(again, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert again.read == ["What is drift?"]  # the file was written anew


def test_pieces_kept_under_other_rules_are_not_read(minilm, tmp_path, monkeypatch):
    TokenMatcher(minilm, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    monkeypatch.setattr(token_match, "_RULES", "other stopwords")
    counting = _Counting(minilm)
    TokenMatcher(counting, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert counting.read == ["What is drift?", "Drift is change."]


@pytest.mark.parametrize("folder_mode, file_mode", [(0o755, 0o644), (0o700, 0o600), (0o777, 0o644)])
def test_the_pieces_file_is_readable_as_its_folder_and_writable_by_its_owner_only(minilm, tmp_path, folder_mode,
                                                                                   file_mode):
    folder = tmp_path / "index"
    folder.mkdir()
    folder.chmod(folder_mode)
    TokenMatcher(minilm, path=folder / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert (folder / "pieces.npz").stat().st_mode & 0o777 == file_mode


def test_a_pieces_file_of_the_wrong_shape_is_worked_out_again(minilm, tmp_path):
    TokenMatcher(minilm, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    with np.load(tmp_path / "pieces.npz") as kept:
        version, keys = kept["version"], kept["keys"]
    np.savez(tmp_path / "pieces.npz", version=version, keys=keys, ends=np.array([3]), rows=np.ones((3, 16)))
    counting = _Counting(minilm)
    cover = TokenMatcher(counting, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert counting.read == ["What is drift?", "Drift is change."] and cover[0] > 0.3


def test_an_interrupted_write_leaves_no_temporary_file(minilm, tmp_path, monkeypatch):
    def interrupted(descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(token_match.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        TokenMatcher(minilm, path=tmp_path / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert list(tmp_path.iterdir()) == []


def test_a_process_writes_its_first_new_passage_then_waits_for_a_tenth_more(minilm, tmp_path, monkeypatch):
    passages = [f"Passage {n} is about drift number {n}." for n in range(20)]
    TokenMatcher(minilm, path=tmp_path / "pieces.npz").coverage("What is drift?", passages)
    writes = []
    monkeypatch.setattr(token_match, "_write", lambda *args: writes.append(len(args[1])))
    later = TokenMatcher(minilm, path=tmp_path / "pieces.npz")  # the next command-line `ask`
    later.coverage("What is drift?", passages)
    assert writes == []  # nothing new
    later.coverage("What is drift?", ["One new passage about drift."])
    assert writes == [21]  # the next process need not work it out again
    later.coverage("What is drift?", ["Another passage about drift."])
    assert writes == [21]  # 22 against 21 written: not a tenth more
    later.coverage("What is drift?", ["A third passage about drift.", "A fourth passage about drift."])
    assert writes == [21, 24]


def test_a_missing_index_folder_is_not_created(minilm, tmp_path):
    # While an index is swapped in, its folder is missing a moment: creating it would stop the swap.
    TokenMatcher(minilm, path=tmp_path / "index" / "pieces.npz").coverage("What is drift?", ["Drift is change."])
    assert not (tmp_path / "index").exists()


def test_only_the_question_words_that_carry_content_count(minilm):
    [(vectors, pieces)] = minilm.token_vectors(["What is a canary release, and why?"])
    assert len(content_pieces(vectors, pieces)) == 2  # "canary", "release": not [CLS], "what", ",", "?"…
    [(vectors, pieces)] = minilm.token_vectors(["What is it?"])
    assert len(content_pieces(vectors, pieces)) == 3  # only stopwords: then every word piece counts


def test_a_word_split_into_pieces_keeps_a_piece_that_alone_would_be_a_stopword(minilm):
    [(vectors, pieces)] = minilm.token_vectors(["Why export to ONNX?"])
    assert pieces[pieces.index("##nx") - 1] == "on"  # "on" alone is a stopword
    assert len(content_pieces(vectors, pieces)) == 3  # "export", "on", "##nx"


def test_the_numpy_and_torch_paths_give_the_same_word_piece_vectors(minilm):
    from assistant.embeddings import MiniLMEmbedder

    texts = ["A canary release sends a small share of live traffic to the new model version first. " * 6, "Drift?"]
    light = MiniLMEmbedder(8).token_vectors(texts)  # sentence-transformers not loaded: the NumPy pass
    minilm.load()  # and now, through torch
    for (a, pieces_a), (b, pieces_b) in zip(light, minilm.token_vectors(texts)):
        assert pieces_a == pieces_b
        assert np.allclose(a, b, atol=1e-4)


class _Index:
    """Chunks whose dense and keyword searches rank them in id order; `n` chunks in all."""

    def __init__(self, texts: list[str], n: int = 6) -> None:
        self.chunks = [Chunk(id=f"c{i}", source=f"s{i}.md", title=f"T{i}", section="", text=text, ordinal=0)
                       for i, text in enumerate(texts)]
        self.n = n

    def term_stats(self):
        return {}, self.n

    def dense_search_many(self, vectors, n):
        return [[(c, 0.9 - 0.1 * i) for i, c in enumerate(self.chunks)] for _ in vectors]

    def keyword_search(self, terms, n):
        return [(c, 1.0) for c in self.chunks]

    def section_search(self, phrase, n):
        return []


class _Matcher:
    def __init__(self, cover: dict[str, float]) -> None:
        self.cover, self.asked = cover, 0

    def coverage(self, question, texts):
        self.asked += 1
        return [self.cover.get(t, 0.1) for t in texts]


TEXTS = ["alpha one two three", "beta four five six", "gamma seven eight nine", "delta ten eleven twelve",
         "epsilon thirteen fourteen", "zeta fifteen sixteen"]


def _kept(cover: dict[str, float], texts=TEXTS, n: int = 6, k: int = 3) -> list[str]:
    retriever = HybridRetriever(_Index(texts, n), HashingEmbedder(), fetch_k=10, rrf_k=60, matcher=_Matcher(cover))
    return [p.chunk.id for p in retriever.retrieve("any question", k=k).passages]


def test_a_candidate_covering_the_question_best_is_added_after_the_fused_passages():
    assert _kept({"epsilon thirteen fourteen": 0.9, "alpha one two three": 0.5}) == ["c0", "c1", "c2", "c4"]
    assert _kept({}) == ["c0", "c1", "c2"]  # nobody covers it better: the k fused passages alone


def test_no_passage_is_added_when_a_kept_one_covers_the_question_best():
    assert _kept({"beta four five six": 0.9, "zeta fifteen sixteen": 0.8}) == ["c0", "c1", "c2"]


def test_a_near_duplicate_of_a_kept_passage_is_not_added():
    texts = TEXTS[:3] + ["alpha one two three four", "zeta fifteen sixteen"]
    assert _kept({"alpha one two three four": 0.9, "zeta fifteen sixteen": 0.6}, texts) == ["c0", "c1", "c2", "c4"]


def test_a_large_index_adds_nothing_and_reads_no_word_pieces():
    matcher = _Matcher({"epsilon thirteen fourteen": 0.9})
    retriever = HybridRetriever(_Index(TEXTS, n=retrieval.COVER_LIMIT + 1), HashingEmbedder(), fetch_k=10,
                                rrf_k=60, matcher=matcher)
    assert [p.chunk.id for p in retriever.retrieve("any question", k=3).passages] == ["c0", "c1", "c2"]
    assert matcher.asked == 0


def test_a_question_embedded_through_torch_gives_its_word_pieces_from_the_same_pass(minilm):
    from assistant.embeddings import MiniLMEmbedder

    minilm.load()
    question = "Why would a team export its models to ONNX before serving them?"
    vector = minilm.embed([question])[0]
    [(vectors, pieces)] = minilm.token_vectors([question])  # kept from the pass above
    [(light, light_pieces)] = MiniLMEmbedder(8).token_vectors([question])  # NumPy, worked out anew
    assert pieces == light_pieces and np.allclose(vectors, light, atol=1e-4)
    plain = minilm.load().encode([question], normalize_embeddings=True, convert_to_numpy=True)[0]
    assert np.allclose(vector, plain, atol=1e-6)
