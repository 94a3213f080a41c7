"""Load source documents (.md, .txt, .html, .pdf) into sections of plain text.

A document becomes a `SourceDocument`: its corpus-relative source path, title and
byline from front matter or the file itself, a content hash, and a list of
`Block`s (a paragraph under a heading path). Anything that cannot be read raises
`UnreadableDocument` with a reason a person can act on; the caller skips the file
and goes on.

Not here: splitting into model-sized chunks (chunking.py) or deciding what to
re-index (ingestion.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AssistantError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")


class UnreadableDocument(AssistantError):
    """The file cannot be indexed; str(exc) says why, in words a user can act on."""


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


def load_document(path: Path, corpus_dir: Path, max_bytes: int, sha256: str | None = None) -> SourceDocument:
    precheck(path, max_bytes)
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    if suffix == ".pdf":
        title, body, meta = _read_pdf(raw)
    else:
        text = _decode(raw)
        if suffix in (".html", ".htm"):
            title, body, meta = _read_html(text)
        else:
            meta, body = _split_front_matter(text)
            title = meta.pop("title", "")
    blocks = tuple(markdown_blocks(body))
    if not blocks:
        raise UnreadableDocument("no text found in it")
    title = title or _first_heading(body) or path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    return SourceDocument(source=source_name(path, corpus_dir), title=title.strip(),
                          sha256=sha256 or hashlib.sha256(raw).hexdigest(), blocks=blocks, meta=meta)


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


def _read_html(text: str) -> tuple[str, str, dict]:
    """Readable text of an HTML page as Markdown-ish paragraphs with headings."""
    from bs4 import BeautifulSoup  # imported here: only HTML ingestion needs it

    soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg"]):
        tag.decompose()
    lines = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "pre", "blockquote", "td"]):
        if element.find_parent(["p", "li", "pre", "blockquote", "td"]):
            continue  # its text is already part of the enclosing block
        content = " ".join(element.get_text(" ", strip=True).split())
        if not content:
            continue
        if element.name[0] == "h":
            lines += ["", "#" * int(element.name[1]) + " " + content, ""]
        elif element.name == "li":
            lines.append("- " + content)
        else:
            lines += ["", content, ""]
    body = "\n".join(lines)
    if not body.strip():  # a page of bare text without block elements
        body = soup.get_text("\n", strip=True)
    return title, body, {}


def _read_pdf(raw: bytes) -> tuple[str, str, dict]:
    import io
    import logging

    from pypdf import PdfReader  # imported here: only PDF ingestion needs it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair warnings are not the user's concern

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password and open fine.
            try:
                opened = reader.decrypt("")
            except Exception:  # pypdf raises several types for unsupported ciphers
                opened = 0
            if not opened:
                raise UnreadableDocument("the PDF is encrypted (password-protected); save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        title = str(info.get("/Title") or "").strip()
    except UnreadableDocument:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, NotImplementedError, LimitReachedError …)
        raise UnreadableDocument(f"the PDF is malformed or uses unsupported features ({type(exc).__name__}: {exc})"
                                 ) from None
    paragraphs = []
    for page in pages:
        # PDF text wraps lines; a blank line or a line ending a sentence ends a paragraph.
        current: list[str] = []
        for line in page.splitlines():
            line = line.strip()
            if not line:
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                continue
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    body = "\n\n".join(paragraphs)
    if not body.strip():
        raise UnreadableDocument("the PDF has no extractable text (scanned images need OCR first)")
    return title, body, {}
