"""Reading documents: every supported format, and a clear reason for every bad file."""

from __future__ import annotations

import pytest
from helpers import encrypt_pdf, make_pdf

from assistant.corpus import UnreadableDocument, load_document, markdown_blocks

LIMIT = 1_000_000


def load(tmp_path, name: str, data: bytes | str, limit: int = LIMIT):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return load_document(path, tmp_path, limit)


def test_markdown_front_matter_gives_title_byline_and_sections(tmp_path):
    doc = load(tmp_path, "a.md", '---\ntitle: "MLOps: a primer"\nauthor: Ada\n---\n\n# Ignored title\n\n'
                                 "Intro text.\n\n## Serving\n\nBatch and online.\n\n### Online\n\nLow latency.\n")
    assert doc.title == "MLOps: a primer"
    assert doc.meta["author"] == "Ada"
    assert doc.source == f"{tmp_path.name}/a.md"
    assert [(b.section, b.text) for b in doc.blocks] == [
        ("", "Intro text."), ("Serving", "Batch and online."), ("Serving > Online", "Low latency.")]


def test_markdown_without_front_matter_takes_first_heading_as_title(tmp_path):
    assert load(tmp_path, "b.md", "# Feature stores\n\nText.\n").title == "Feature stores"


def test_text_file_titled_from_file_name(tmp_path):
    doc = load(tmp_path, "model-registry.txt", "A registry stores model versions.\n")
    assert doc.title == "Model registry"
    assert doc.blocks[0].text == "A registry stores model versions."


def test_html_keeps_headings_and_drops_scripts_and_navigation(tmp_path):
    page = ("<html><head><title>Drift guide</title><script>var tracking = 1;</script></head><body>"
            "<nav>Home | About</nav><h1>Drift</h1><p>Data drift changes inputs.</p>"
            "<h2>Detection</h2><p>Use PSI.</p><ul><li>KS test</li></ul><footer>© Cookie notice</footer></body></html>")
    doc = load(tmp_path, "d.html", page)
    text = " ".join(b.text for b in doc.blocks)
    assert doc.title == "Drift guide"
    assert "Data drift changes inputs." in text and "KS test" in text
    assert "tracking" not in text and "Cookie" not in text and "About" not in text
    assert any(b.section == "Detection" for b in doc.blocks)


def test_pdf_text_and_title(tmp_path):
    doc = load(tmp_path, "p.pdf", make_pdf(["Shadow deployment mirrors live traffic.", "Users see no change."],
                                           title="Shadow deployments"))
    assert doc.title == "Shadow deployments"
    assert "Shadow deployment mirrors live traffic." in " ".join(b.text for b in doc.blocks)


def test_pdf_with_empty_user_password_opens(tmp_path):
    doc = load(tmp_path, "open.pdf", encrypt_pdf(make_pdf(["Readable despite encryption."]), ""))
    assert "Readable despite encryption." in doc.blocks[0].text


@pytest.mark.parametrize("name, data, reason", [
    ("empty.md", b"", "empty"),
    ("blank.md", b"   \n\n  ", "no text"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "not UTF-8"),
    ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "malformed"),
    ("locked.pdf", None, "encrypted"),
    ("image.png", b"\x89PNG", "unsupported file type .png"),
])
def test_bad_files_raise_a_reason_a_user_can_act_on(tmp_path, name, data, reason):
    if data is None:
        data = encrypt_pdf(make_pdf(["secret"]), "hunter2")
    with pytest.raises(UnreadableDocument, match=reason):
        load(tmp_path, name, data)


def test_file_over_the_size_limit_is_refused(tmp_path):
    with pytest.raises(UnreadableDocument, match="over the .* limit"):
        load(tmp_path, "big.md", "word " * 1000, limit=1000)


def test_code_fences_do_not_start_sections():
    blocks = markdown_blocks("## Real\n\n```\n# not a heading\n```\n")
    assert {b.section for b in blocks} == {"Real"}
