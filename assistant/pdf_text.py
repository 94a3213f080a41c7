"""Text of a PDF, within a budget of pages, characters and drawing instructions.

A PDF of too many pages is refused before any page is read, and extraction stops as soon
as the text or the instructions pass the budget, instead of reading everything first: an
8 KB PDF whose pages all share one content stream grew to 17.6 million characters in 51 s.

Not here: the budget's values (corpus.Budget, from Settings) or chunk limits (ingestion.py).
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

from .corpus import Budget, UnreadableDocument, too_much_text


def too_many_pages(limit: int) -> UnreadableDocument:
    return UnreadableDocument(f"it holds more than {limit:,} pages, the limit for one document; "
                              f"split it into parts of at most {limit:,} pages")


def too_many_operations(limit: int) -> UnreadableDocument:
    return UnreadableDocument(f"its pages hold more than {limit:,} drawing instructions, the limit for one "
                              "document (such a PDF is usually generated or damaged); save its text as a "
                              ".txt or .md file and add that instead")


class _Meter:
    """Counts what text extraction produces, and stops it as soon as the budget is passed.
    pypdf calls `operation` before every drawing instruction and `text` with each piece of text."""

    def __init__(self, budget: Budget) -> None:
        self.budget, self.operations, self.chars = budget, 0, 0

    def operation(self, *_: object) -> None:
        self.operations += 1
        if self.operations > self.budget.pdf_operations:
            raise too_many_operations(self.budget.pdf_operations)
        self._check_text()  # again here: pypdf swallows errors raised inside a form (XObject)

    def text(self, text: str, *_: object) -> None:
        self.chars += len(text)
        self._check_text()

    def _check_text(self) -> None:
        if self.chars > self.budget.chars:
            raise too_much_text(self.budget.chars)


def read_pdf(raw: bytes, budget: Budget) -> tuple[str, str, dict]:
    """(title, body with one paragraph per blank-line-separated run of lines, meta) of a PDF."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair warnings are not the user's concern
    try:
        reader = PdfReader(io.BytesIO(raw))
        _decrypt(reader)
        # pypdf walks the page tree to count the pages; it stops once the walk passes this many
        # entries (the tree's inner nodes count too, fewer than its pages), not after the last.
        with apply_configuration(page_tree_maximum_entries=2 * budget.pages + 100):
            _check_page_count(reader, budget.pages)
            meter = _Meter(budget)
            pages = [page.extract_text(visitor_operand_before=meter.operation, visitor_text=meter.text) or ""
                     for page in reader.pages]
        info = reader.metadata or {}
        title = str(info.get("/Title") or "").strip()
    except UnreadableDocument:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, NotImplementedError, LimitReachedError …)
        raise UnreadableDocument(f"the PDF is malformed or uses unsupported features ({type(exc).__name__}: {exc})"
                                 ) from None
    body = "\n\n".join(paragraph for page in pages for paragraph in _paragraphs(page))
    if not body.strip():
        raise UnreadableDocument("the PDF has no extractable text (scanned images need OCR first)")
    return title, body, {}


def _decrypt(reader) -> None:
    if not reader.is_encrypted:
        return
    # Many PDFs are "encrypted" with an empty user password and open fine.
    try:
        opened = reader.decrypt("")
    except Exception:  # pypdf raises several types for unsupported ciphers
        opened = 0
    if not opened:
        raise UnreadableDocument("the PDF is encrypted (password-protected); save an unprotected copy")


def _check_page_count(reader, limit: int) -> None:
    """The count the file claims is checked first (free); then the pages themselves."""
    try:
        claimed = int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:  # missing or damaged: the walk below counts them
        claimed = 0
    if claimed > limit:
        raise too_many_pages(limit)
    try:
        count = len(reader.pages)
    except LimitReachedError as exc:
        if "page tree" not in str(exc):
            raise
        raise too_many_pages(limit) from None
    if count > limit:
        raise too_many_pages(limit)


def _paragraphs(page: str) -> list[str]:
    """PDF text wraps lines; a blank line ends a paragraph."""
    paragraphs, current = [], []
    for line in page.splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs
