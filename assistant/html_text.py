"""Readable text of an HTML page, in one pass whose time is linear in the page.

The page is walked once with the standard library's `html.parser`, keeping only a stack of
open elements, however deeply they nest. (Building a BeautifulSoup tree and asking each
paragraph for its parents took 46 s for 10,000 nested <div><p>, growing with the square.)
The outermost block element (heading, paragraph, list item, table cell, …) becomes one line
holding all its text; scripts, styles, navigation, headers and footers are not read. A
block inside a heading is part of the heading's line.

Not here: the text budget (corpus.Budget) and Markdown (corpus.py).
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from .corpus import Budget, too_much_text

_DROPPED = frozenset({"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg"})
# Strings in these are not text, not even in the title (ruby notes are pronunciation hints).
_NOT_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "pre", "blockquote", "td"})
# Elements that never hold content: they open nothing.
_VOID = frozenset({"area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image",
                   "img", "input", "isindex", "keygen", "link", "menuitem", "meta", "nextid", "param", "source",
                   "spacer", "track", "wbr"})


class _PageText(HTMLParser):
    """One pass over a page. The outermost block element (heading, paragraph, list item, cell …)
    becomes one line; text outside every block is kept only for a page that has no block."""

    def __init__(self, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_chars, self.chars = max_chars, 0
        self.stack: list[tuple[str, bool]] = []  # (open element, whether it started the current block)
        self.open = Counter[str]()  # open elements by name: a stray end tag is ignored in O(1)
        self.dropped = 0  # open elements whose text is not read (scripts, navigation …)
        self.not_text = 0  # open elements of _NOT_TEXT
        self.voids = Counter[str]()  # void elements opened: their own end tag (</img>) is no tag at all
        self.block: list[str] | None = None  # strings of the open outermost block
        self.lines: list[str] = []
        self.strings: list[str] = []  # every shown string, for a page without blocks
        self.title: list[str] | None = None  # strings of the first <title>; None until it opens
        self.title_depth = 0  # the stack depth of that <title> while it is open, else 0
        self.pending: list[str] = []  # text since the last tag: one string, however it arrived

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._flush()
        if tag in _VOID:
            self.voids[tag] += 1
            return
        starts = tag in _BLOCKS and self.block is None and not self.dropped
        if starts:
            self.block = []
        self.dropped += tag in _DROPPED
        self.not_text += tag in _NOT_TEXT
        self.stack.append((tag, starts))
        self.open[tag] += 1
        if tag == "title" and self.title is None:
            self.title, self.title_depth = [], len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._flush()  # <img/>: opened and closed, so its end tag is not waited for
        if tag not in _VOID:
            self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.voids[tag]:
            self.voids[tag] -= 1
            return
        self._flush()
        if not self.open[tag]:
            return  # nothing of that name is open
        while True:  # closing an element closes everything opened inside it
            name, starts = self.stack.pop()
            self._closed(name, starts)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        self.pending.append(data)

    def handle_comment(self, data: str) -> None:
        self._flush()  # a comment separates the text around it

    def unknown_decl(self, data: str) -> None:
        self._flush()
        if data.upper().startswith("CDATA["):
            self._string(data[len("CDATA["):], cdata=True)

    def handle_decl(self, decl: str) -> None:
        self._flush()

    def handle_pi(self, data: str) -> None:
        self._flush()

    def close(self) -> None:
        super().close()
        self._flush()
        while self.stack:
            self._closed(*self.stack.pop())

    def _closed(self, name: str, starts: bool) -> None:
        self.open[name] -= 1
        self.dropped -= name in _DROPPED
        self.not_text -= name in _NOT_TEXT
        if len(self.stack) < self.title_depth:
            self.title_depth = 0
        if starts:
            self._emit(name, " ".join(" ".join(self.block or ()).split()))
            self.block = None

    def _emit(self, name: str, content: str) -> None:
        if not content:
            return
        if name[0] == "h":
            self.lines += ["", "#" * int(name[1]) + " " + content, ""]
        elif name == "li":
            self.lines.append("- " + content)
        else:
            self.lines += ["", content, ""]

    def _flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            self.pending.clear()
            self._string(text)

    def _string(self, text: str, cdata: bool = False) -> None:
        if self.not_text and not cdata:
            return
        if self.title_depth:
            self.title.append(text)
        if self.dropped:
            return
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise too_much_text(self.max_chars)
        if text.strip():
            self.strings.append(text.strip())
        if self.block is not None:
            self.block.append(text)


def read_html(text: str, budget: Budget) -> tuple[str, str, dict]:
    """(title, Markdown-ish body with headings, meta) of an HTML page."""
    page = _PageText(budget.chars)
    page.feed(text)
    page.close()
    body = "\n".join(page.lines)
    if not body.strip():  # a page of bare text without block elements
        body = "\n".join(page.strings)
    title = " ".join(part.strip() for part in page.title or () if part.strip())
    return title, body, {}


