"""Every document has a budget, and the learner's library a quota: no file can cost minutes or fill the index.

The hostile inputs are the measured ones: a small PDF whose many pages all share one content
stream (an 8 KB one expanded to 17.6 million characters in 51 s), and deeply nested HTML
(46 s for 10,000 nested <div><p>, growing with the square). Each is refused or read in well
under a second, with a message naming the limit, the same in `ingest.py` and in the Library.
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest
from helpers import make_pdf

from assistant.corpus import UnreadableDocument, load_document
from assistant.ingestion import ingest

MAX_BYTES = 20 * 2**20


def shared_stream_pdf(pages: int, lines: int, line: str = "x" * 80, operator: str = "'") -> bytes:
    """A PDF of `pages` pages that all draw one compressed content stream of `lines` text lines."""
    shows = " ".join(f"({line}) {operator}" for _ in range(lines))
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td 14 TL {shows} ET".encode(), 9)
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def nested_html(depth: int) -> str:
    return "<html><body>" + "<div><p>deep text</p>" * depth + "</div>" * depth + "</body></html>"


@pytest.fixture
def pages_read(monkeypatch) -> list[int]:
    """One entry per PDF page whose text is extracted. What a budget saves is counted, not timed: a
    wall-clock bound fails on a busy machine (1.08 s and 1.20 s against 1.0 s; 0.65 s against 0.5 s)."""
    from pypdf import PageObject

    read: list[int] = []
    extract = PageObject.extract_text
    monkeypatch.setattr(PageObject, "extract_text", lambda page, *a, **kw: read.append(1) or extract(page, *a, **kw))
    return read


def load(path: Path, **kw) -> object:
    """The document read from `path`, or the UnreadableDocument that says why it was refused."""
    try:
        return load_document(path, path.parent, MAX_BYTES, **kw)
    except UnreadableDocument as exc:
        return exc


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


# -- one document -----------------------------------------------------------------------

def test_a_pdf_of_thousands_of_pages_sharing_one_stream_is_refused_before_any_page_is_read(tmp_path, pages_read):
    path = write(tmp_path, "hostile.pdf", shared_stream_pdf(3_000, 200))  # ~480 KB, 48 million characters
    result = load(path)
    assert isinstance(result, UnreadableDocument)
    assert str(result).startswith("it holds more than 2,000 pages") and "split it" in str(result)
    assert pages_read == []


def test_a_pdf_that_lies_about_its_page_count_is_refused_while_its_pages_are_counted(tmp_path, pages_read):
    data = shared_stream_pdf(3_000, 5).replace(b"/Count 3000", b"/Count 1   ")
    result = load(write(tmp_path, "liar.pdf", data))
    assert isinstance(result, UnreadableDocument) and "more than 2,000 pages" in str(result)
    assert pages_read == []  # refused while counting its pages, before reading any


def test_extraction_stops_as_soon_as_the_text_passes_the_budget(tmp_path, pages_read):
    from assistant.corpus import Budget

    # 1,500 pages (under the page limit) of 162,000 characters each: 243 million in all.
    path = write(tmp_path, "expands.pdf", shared_stream_pdf(1_500, 2_000))
    result = load(path, budget=Budget(pages=2_000, chars=300_000, pdf_operations=3_000_000))
    assert isinstance(result, UnreadableDocument)
    assert str(result) == ("it holds more than 300,000 characters of text, the limit for one document; "
                           "split it into smaller files")
    assert len(pages_read) == 2  # two pages read, not 1,500


def test_a_pdf_of_textless_instructions_stops_at_the_instruction_budget(tmp_path, pages_read):
    from assistant.corpus import Budget

    path = write(tmp_path, "busy.pdf", shared_stream_pdf(500, 20_000, line="", operator="Tj"))  # empty strings
    result = load(path, budget=Budget(pages=2_000, chars=5_000_000, pdf_operations=50_000))
    assert isinstance(result, UnreadableDocument) and "more than 50,000 drawing instructions" in str(result)
    # 20,000 instructions a page: reading stops in the third of 500 pages (0.5 s here, where reading
    # all ten million instructions would take over a minute), not after the last.
    assert len(pages_read) == 3


def test_deeply_nested_html_is_read_in_linear_time(tmp_path):
    started = time.perf_counter()
    doc = load(write(tmp_path, "nested.html", nested_html(50_000)))
    seconds = time.perf_counter() - started
    assert not isinstance(doc, UnreadableDocument)
    assert len(doc.blocks) == 50_000 and {b.text for b in doc.blocks} == {"deep text"}  # each paragraph once
    assert seconds < 2.0  # the BeautifulSoup reader needed 46 s for 10,000 and grew with the square


def test_html_text_is_counted_against_the_budget_and_markup_is_not(tmp_path):
    from assistant.corpus import Budget

    budget = Budget(pages=2_000, chars=1_000, pdf_operations=3_000_000)
    markup = "<html><body>" + "<span class='decoration'></span>" * 2_000 + "<p>short text</p></body></html>"
    assert load_document(write(tmp_path, "markup.html", markup), tmp_path, MAX_BYTES, budget=budget).blocks
    result = load(write(tmp_path, "long.html", "<p>" + "word " * 1_000 + "</p>"), budget=budget)
    assert isinstance(result, UnreadableDocument) and "more than 1,000 characters" in str(result)


def test_markdown_over_the_text_budget_is_refused_and_at_the_budget_is_read(tmp_path):
    from assistant.corpus import Budget

    text = "# Notes\n\n" + "A canary release sends a little traffic to the new model. " * 20
    budget = Budget(pages=2_000, chars=len(text), pdf_operations=3_000_000)
    assert load_document(write(tmp_path, "fits.md", text), tmp_path, MAX_BYTES, budget=budget).title == "Notes"
    result = load(write(tmp_path, "over.md", text + "!"), budget=budget)
    assert isinstance(result, UnreadableDocument) and "more than" in str(result)


def test_ordinary_documents_read_as_before(tmp_path):
    pdf = write(tmp_path, "notes.pdf", make_pdf(["Drift is a change in the input distribution.",
                                                  "Retrain when it passes a threshold."], title="Drift"))
    doc = load_document(pdf, tmp_path, MAX_BYTES)
    assert doc.title == "Drift"
    assert [b.text for b in doc.blocks] == ["Drift is a change in the input distribution. "
                                            "Retrain when it passes a threshold."]
    page = ("<html><head><title>Guide</title></head><body><nav><li>Home</li></nav><h2>Rollout</h2>"
            "<p>Use a <b>canary</b> &amp; watch errors.</p><ul><li>one<li>two</ul><!-- c --></body></html>")
    doc = load_document(write(tmp_path, "guide.html", page), tmp_path, MAX_BYTES)
    assert doc.title == "Guide"
    assert [(b.section, b.text) for b in doc.blocks] == [("Rollout", "Use a canary & watch errors."),
                                                         ("Rollout", "- one two")]


# -- ingest.py and the Library say the same --------------------------------------------------

def test_ingest_skips_an_over_budget_file_with_a_line_naming_the_limit_and_indexes_the_rest(small_settings, hashing):
    write(small_settings.corpus_dir, "hostile.pdf", shared_stream_pdf(3_000, 200))
    lines: list[str] = []
    report = ingest(small_settings, hashing, progress=False, log=lines.append)
    assert dict(report.skipped)["notes/hostile.pdf"].startswith("it holds more than 2,000 pages")
    assert any(line.startswith("skipped notes/hostile.pdf: it holds more than 2,000 pages") for line in lines)
    assert len(report.added) == 3  # the ordinary notes are indexed


def test_a_document_of_too_many_passages_is_skipped(small_settings, hashing):
    settings = small_settings.replace(max_document_chunks=3)
    write(settings.corpus_dir, "long.md", "# Long\n\n" + "\n\n".join(f"## Part {i}\n\nText {i}." for i in range(5)))
    report = ingest(settings, hashing, progress=False, log=lambda line: None)
    assert dict(report.skipped)["notes/long.md"] == ("it makes more than 3 passages, the limit for one document; "
                                                     "split it into smaller files")


@pytest.fixture
def library(small_settings, hashing):
    from assistant.chat import build_assistant
    from assistant.library import Library

    def make(**limits):
        assistant = build_assistant(small_settings.replace(**limits), embedder=hashing, progress=False,
                                    log=lambda line: None)
        made.append(assistant)
        return Library(assistant.live)

    made: list = []
    yield make
    for assistant in made:
        assistant.live.close()


def upload(tmp_path: Path, name: str, content: bytes | str) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir(exist_ok=True)
    return write(folder, name, content)


def test_the_library_refuses_an_over_budget_upload_with_the_same_message_and_keeps_nothing(library, tmp_path):
    lib = library()
    outcome = lib.add([(upload(tmp_path, "hostile.pdf", shared_stream_pdf(3_000, 200)), "hostile.pdf")])
    assert outcome.text.startswith("skipped hostile.pdf: it holds more than 2,000 pages, the limit for one "
                                   "document; split it into parts of at most 2,000 pages (nothing was changed")
    assert list(lib.settings.library_dir.iterdir()) == []
    lib = library(max_document_chunks=3)
    text = "# Long\n\n" + "\n\n".join(f"## Part {i}\n\nText {i}." for i in range(5))
    outcome = lib.add([(upload(tmp_path, "long.md", text), "long.md")])
    assert "skipped long.md: it makes more than 3 passages, the limit for one document" in outcome.text
    assert list(lib.settings.library_dir.iterdir()) == []


def test_an_upload_that_would_pass_the_library_quota_is_refused_before_it_is_kept(library, tmp_path):
    note = "# Note {n}\n\nA model registry keeps versioned models with their lineage, number {n}.\n"
    first = note.format(n=1)
    lib = library(max_library_bytes=len(first) + 10)
    assert "added library/one.md" in lib.add([(upload(tmp_path, "one.md", first), "one.md")]).text
    again = lib.add([(upload(tmp_path, "one.md", first), "one.md")])  # the same file again fits: it replaces itself
    assert "skipped" not in again.text
    outcome = lib.add([(upload(tmp_path, "two.md", note.format(n=2)), "two.md")])
    assert "skipped two.md: your library holds 0.0 MiB and this file is 0.0 MiB, together over the library's" \
        in outcome.text and "remove documents you no longer need" in outcome.text
    assert sorted(p.name for p in lib.settings.library_dir.iterdir()) == ["one.md"]
    lib = library(max_library_documents=1)
    outcome = lib.add([(upload(tmp_path, "three.md", note.format(n=3)), "three.md")])
    assert "skipped three.md: your library already holds 1 documents, its limit" in outcome.text
    assert sorted(p.name for p in lib.settings.library_dir.iterdir()) == ["one.md"]


def test_an_upload_is_read_once_by_the_check_and_indexed_from_that_reading(library, tmp_path, monkeypatch):
    import assistant.preparing as preparing

    reads: list[Path] = []
    real = preparing.load_document

    def counting(path, *args, **kw):
        reads.append(path)
        return real(path, *args, **kw)

    lib = library()  # (builds the index of the notes first)
    monkeypatch.setattr(preparing, "load_document", counting)
    pdf = make_pdf(["A feature flag switches a code path on or off at run time."], title="Flags")
    outcome = lib.add([(upload(tmp_path, "flags.pdf", pdf), "flags.pdf")])
    assert "added library/flags.pdf" in outcome.text
    assert len(reads) == 1
    entry = next(e for e in lib.entries() if e.source == "library/flags.pdf")
    assert entry.title == "Flags" and entry.chunks == 1
