"""Text from documents, shown as text in the app's Markdown and HTML.

Documents are data: their titles, headings and sentences reach gr.Chatbot and gr.Markdown,
which render Markdown and HTML. `as_text()` turns every character that could start markup
into a numeric character reference, which Markdown does not read as syntax (CommonMark
§ 2.5) and the browser shows as the character itself, in Markdown and in HTML alike. So a
title `<img src=x onerror=…>` is shown, not parsed; `![x](http://…)` and `[a](http://…)`
are neither fetched nor links; a bare address is not made a link; `$$…$$` is not typeset.
`answer_markdown` does the same for an answer and turns only the `[n]` markers that name
one of its citations into links: a marker a document planted is dropped.

Not here: which text comes from documents (the tabs), the Content-Security-Policy that stands
behind this in case something is missed (web.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..prompts import as_data

# Markup characters (HTML, emphasis, code, links and images, tables, LaTeX, escapes, e-mail
# autolinks) and quotes (for attribute values): each becomes "&#NN;".
_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'[]!*_`~|$\\@"})
# A bare address is made a link by GFM's autolinks: break "http://" and "www." up.
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
# For every gr.Markdown and gr.Chatbot that shows documents' text: no LaTeX (the browser
# typesets "$$…$$" after the text is decoded, so escaping cannot stop it), and Gradio's own
# sanitizer kept as a second line behind `as_text`.
SHOWS_DOCUMENTS = {"latex_delimiters": [], "sanitize_html": True}
_MARKER = re.compile(r"\s?\[(\d{1,4})\]")
_NEWLINES = re.compile(r"\n+")


def as_text(value: object) -> str:
    """`value` as text for Markdown or HTML: every character shown as itself, none read as markup."""
    escaped = str(value).translate(_MARKUP)
    return _AUTOLINK.sub(lambda m: f"&#{ord(m.group())};", escaped)


def one_block(value: str) -> str:
    """Escaped text whose line breaks are <br>: it stays inside the HTML element that holds it
    (a blank line would end the element's block and start Markdown)."""
    return _NEWLINES.sub(lambda m: "<br>" * min(len(m.group()), 2), value)


def code(value: str) -> str:
    """A Markdown code span showing `value` as it is (the fence is longer than any run of
    backticks inside it, so the value cannot end it)."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def highlighted(passage: str, sentences: Iterable[str]) -> str:
    """The passage as text, each of `sentences` in it marked (what an answer relies on),
    as one HTML block."""
    out = as_text(passage)
    for sentence in sentences:
        shown = as_text(sentence)
        if shown:
            out = out.replace(shown, f"<mark>{shown}</mark>")
    return one_block(out)


def answer_markdown(answer: str, cited: Sequence[int], link: Callable[[int], str] | None = None) -> str:
    """An answer as text, each `[n]` that names one of `cited` kept (a link to `link(n)` when given:
    a bare "[n]" cannot be a link, since no "[" of the text is left to define one); a marker that
    names no citation (planted by a document, or made up) is left out, and a document's
    "</passages>" fence shows as ‹passages›."""
    known, out, at = set(cited), [], 0
    for marker in _MARKER.finditer(answer):
        out.append(as_text(as_data(answer[at:marker.start()])))
        n = int(marker.group(1))
        if n in known:
            space = marker.group()[:-len(marker.group(1)) - 2]
            out.append(f"{space}[\\[{n}\\]]({link(n)})" if link else f"{space}[{n}]")
        at = marker.end()
    out.append(as_text(as_data(answer[at:])))
    return "".join(out)
