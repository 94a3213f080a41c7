"""Load source documents (.md, .txt, .html, .pdf) into sections of plain text.

A document becomes a `SourceDocument`: its corpus-relative source path, title and
byline from front matter or the file itself, a content hash, and a list of
`Block`s (a paragraph under a heading path). Anything that cannot be read raises
`UnreadableDocument` with a reason a person can act on; the caller skips the file
and goes on. So does a document over its `Budget` (pages, characters): one file
must not be able to cost minutes or fill the index.

Not here: reading HTML (html_text.py) and PDF (pdf_text.py), splitting into
model-sized chunks (chunking.py) or deciding what to re-index (ingestion.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .errors import AssistantError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")


class UnreadableDocument(AssistantError):
    """The file cannot be indexed; str(exc) says why, in words a user can act on."""


@dataclass(frozen=True)
class Budget:
    """The most one document may hold; `document_budget` takes it from Settings."""

    pages: int  # of a PDF
    chars: int  # of extracted text
    pdf_operations: int  # drawing instructions read from a PDF's pages


def document_budget(settings: Settings) -> Budget:
    return Budget(pages=settings.max_pdf_pages, chars=settings.max_document_chars,
                  pdf_operations=settings.max_pdf_operations)


def too_much_text(limit: int) -> UnreadableDocument:
    return UnreadableDocument(f"it holds more than {limit:,} characters of text, the limit for one document; "
                              "split it into smaller files")


@dataclass(frozen=True)
class Block:
    section: str  # heading path, "Parent > Child"; "" before the first heading
    text: str


@dataclass(frozen=True)
class SourceDocument:
    source: str
    title: str
    sha256: str
    blocks: tuple[Block, ...]
    meta: dict = field(default_factory=dict)  # author, date, kind, origin …


def discover(corpus_dir: Path) -> list[Path]:
    """Every non-hidden file below corpus_dir, sorted (supported or not). A symlink that leads
    out of the folder is not followed: a link to ~/.ssh/id_rsa.md must not be indexed and quoted."""
    files = []
    root = corpus_dir.resolve()
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root):
            continue
        files.append(path)
    return files


def source_name(path: Path, corpus_dir: Path) -> str:
    """The stable name a document is cited by: "<corpus folder>/<relative path>"."""
    return f"{corpus_dir.name}/{path.relative_to(corpus_dir).as_posix()}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def precheck(path: Path, max_bytes: int) -> None:
    """The checks that need no reading: type and size (raises UnreadableDocument)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(f"unsupported file type {suffix or '(none)'}; supported: .md, .txt, .html, .pdf")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableDocument("the file is empty")
    if size > max_bytes:
        raise UnreadableDocument(f"{size / 2**20:.1f} MiB is over the {max_bytes / 2**20:.0f} MiB limit")


def load_document(path: Path, corpus_dir: Path, max_bytes: int, sha256: str | None = None,
                  budget: Budget | None = None, name: Path | None = None) -> SourceDocument:
    """The document in the file at `path`. `name`: the path it is to be known by, when that is
    another (an upload is checked before it takes its place in the library)."""
    precheck(path, max_bytes)
    budget = budget or document_budget(Settings())
    name = name or path
    raw = path.read_bytes()
    title, body, meta = _read(raw, name.suffix.lower(), budget)
    blocks = tuple(markdown_blocks(body))
    if not blocks:
        raise UnreadableDocument("no text found in it")
    title = title or _first_heading(body) or name.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    return SourceDocument(source=source_name(name, corpus_dir), title=title.strip(),
                          sha256=sha256 or hashlib.sha256(raw).hexdigest(), blocks=blocks, meta=meta)


def _read(raw: bytes, suffix: str, budget: Budget) -> tuple[str, str, dict]:
    """(title or "", Markdown-ish body, meta) of a file's bytes."""
    if suffix == ".pdf":
        from .pdf_text import read_pdf  # imported here: only PDF ingestion needs pypdf

        return read_pdf(raw, budget)
    text = _decode(raw)
    if suffix in (".html", ".htm"):
        from .html_text import read_html  # counts the text it keeps, not the markup

        return read_html(text, budget)
    if len(text) > budget.chars:
        raise too_much_text(budget.chars)
    meta, body = _split_front_matter(text)
    return meta.pop("title", ""), body, meta


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:8192]:
        raise UnreadableDocument("it looks binary (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"it is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); re-save it as UTF-8"
        ) from None


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


def _split_front_matter(text: str) -> tuple[dict, str]:
    """Simple `key: value` front matter between --- lines (no nested YAML)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[key.strip().lower()] = value
    return meta, text[match.end():]


_HEADING_MARK = re.compile(r"#{1,6}[ \t]+")


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str


def _heading(line: str) -> _Heading | None:
    """An ATX heading ("## Title ##"), parsed in linear time: a backtracking pattern for the
    closing hashes took minutes on one line holding a long run of spaces."""
    mark = _HEADING_MARK.match(line)
    if not mark:
        return None
    text = line[mark.end():].strip()
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1] in " \t"):
        text = closed.rstrip()
    return _Heading(len(mark.group().rstrip()), text) if text else None


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        heading = _heading(line)
        if heading and heading.level == 1:
            return heading.text
    return ""


def markdown_blocks(body: str) -> list[Block]:
    """Paragraphs of Markdown-ish text, each tagged with its heading path.

    The level-1 heading is the title, so it is not part of the section path.
    Consecutive list items stay in one block (they read as one unit).
    """
    headings: list[tuple[int, str]] = []
    blocks: list[Block] = []
    paragraph: list[str] = []

    def section() -> str:
        return " > ".join(text for level, text in headings if level > 1)

    def flush() -> None:
        text = "\n".join(paragraph).strip()
        paragraph.clear()
        if text:
            blocks.append(Block(section(), text))

    in_code = False
    for line in body.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
        heading = None if in_code else _heading(line)
        if heading:
            flush()
            headings[:] = [(lvl, t) for lvl, t in headings if lvl < heading.level]
            headings.append((heading.level, heading.text))
        elif not line.strip() and not in_code:
            flush()
        else:
            paragraph.append(line.rstrip())
    flush()
    return blocks
