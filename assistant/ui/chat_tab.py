"""The Ask tab: a chat whose every `[n]` links to its passage in the sources panel.

Handlers are plain functions of (assistant, inputs) so tests call them without a
browser; `build_chat_tab` only wires them to components, and to the Assistant of whoever
is logged in (learners.py: it cites the shared documents and that learner's own).
Everything a document wrote is shown as text (markup.py).
"""

import logging
import os
from collections.abc import Iterator
from typing import Any

from ..chat import Assistant
from ..concurrency import Turnstile
from ..config import public_url
from ..generation.model_files import ModelUnavailable
from ..learners import Learners
from ..prompts import EXAMPLE_QUESTIONS
from ..render import where
from ..types import Answer
from .markup import SHOWS_DOCUMENTS, answer_markdown, as_text, code, highlighted
from .people import learner_of

# No `from __future__ import annotations` in the tabs: Gradio reads a handler's
# `request: gr.Request` annotation at run time to hand it the request (and its login).

log = logging.getLogger(__name__)

EMPTY_PANEL = "_The sources of the latest answer appear here: title, file, section and the passage itself._"
CHECKING_PANEL = "_Checking each sentence of the draft against the sources…_"

# What the backend choice is called in the app, and what to expect from it.
BACKEND_LABELS = {
    "extractive": "Quote the sources (instant)",
    "local": "Local model (a few seconds)",
    "openai": "Remote server",
}


def backend_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """(label, backend) for each backend this installation can use."""
    from ..generation.model_files import packaged_model_installed
    from ..generation.openai import provider_of

    settings = assistant.settings
    usable = ["extractive"]
    if settings.local_model is not None or packaged_model_installed():
        usable.append("local")
    if settings.llm_url or provider_of(settings.llm_model):
        usable.append("openai")
    if assistant.backend not in usable:
        usable.append(assistant.backend)
    at = f" at {public_url(settings.llm_url)}" if settings.llm_url else ""
    labels = dict(BACKEND_LABELS, openai=f"Remote server ({settings.llm_model}{at})")
    return [(labels.get(name, name), name) for name in usable]


def anchor(turn: int, n: int) -> str:
    """The panel's id for passage n of the turn-th answer (earlier answers keep theirs)."""
    return f"source-{turn}-{n}"


def linked(answer: Answer, turn: int) -> str:
    """The answer as text, each `[n]` a link to its passage in the sources panel (a marker that
    names none of its citations is left out)."""
    return answer_markdown(answer.answer, [c.n for c in answer.citations], lambda n: f"#{anchor(turn, n)}")


def message_text(answer: Answer, turn: int = 1) -> str:
    """The chat message for an answer: linked markers, then its sources (so a copy carries them).
    Everything a document wrote is shown as text (markup.py)."""
    if answer.refused or not answer.citations:
        return linked(answer, turn)
    lines = [linked(answer, turn), "", "**Sources**"]
    for c in answer.citations:
        lines.append(f"{c.n}. {as_text(c.title)} — {code(where(c, ' › '))}")
    return "\n".join(lines)


def respond_stream(assistant: Assistant, message: str, history: list[dict], backend: str | None = None,
                   turnstiles: dict[str, Turnstile] | None = None) -> Iterator[tuple[list[dict], str]]:
    """One chat turn as it happens: (history, sources panel) while waiting for a turn
    (with the place in line), after each piece of a model's draft, then the checked
    answer with its sources (always last). `turnstiles`: per backend, how many answer at once."""
    history = list(history or [])
    message = message or ""
    limit = assistant.settings.max_question_chars
    shown = message if len(message) <= limit else f"{message[:200]}… ({len(message):,} characters)"
    turn = [{"role": "user", "content": shown}]
    number = 1 + sum(1 for m in history if isinstance(m, dict) and m.get("role") == "assistant")

    def reply(text: str) -> list[dict]:
        return history + turn + [{"role": "assistant", "content": text}]

    # A server queues requests on its own; here, CPU-bound work takes turns.
    turnstile = (turnstiles or {}).get(backend or assistant.backend)
    ticket = turnstile.enter() if turnstile is not None else None
    handed_over = False  # once the work has started, it gives the turn back when it ends
    try:
        if ticket is not None:
            while ahead := ticket.wait(1.0):
                why = " (the local model answers one at a time)" if turnstile.slots == 1 else ""
                yield (reply(f"⏳ Waiting for a turn: {ahead} {'question is' if ahead == 1 else 'questions are'} "
                             f"ahead of yours{why}."), "_Waiting for a turn…_")
        try:
            events = assistant.ask_stream(message, history=history, backend=backend,
                                          on_done=ticket.leave if ticket is not None else None)
            for event in events:
                handed_over = True
                if isinstance(event, Answer):
                    yield reply(message_text(event, number)), render_sources(event, assistant.topics(), number)
                else:
                    yield reply(as_text(event) + " ▌"), CHECKING_PANEL  # a model's raw draft: text only
        except (ModelUnavailable, ValueError, ConnectionError) as exc:  # a backend that cannot work here
            handed_over = True
            yield reply(f"That backend is not available: {exc}. Choose “{BACKEND_LABELS['extractive']}” "
                        "to answer from the sources without a model."), EMPTY_PANEL
        except Exception as exc:  # a bug: say so plainly, keep the details for the log
            handed_over = True
            log.exception("answering %r failed", message[:200])
            yield reply(f"Sorry — something went wrong while answering ({type(exc).__name__}). "
                        "Please try again; if it keeps happening, the app's log says more."), EMPTY_PANEL
    finally:
        if ticket is not None and not handed_over:
            ticket.leave()


def respond(assistant: Assistant, message: str, history: list[dict], backend: str | None = None,
            turnstiles: dict[str, Turnstile] | None = None) -> tuple[list[dict], str]:
    """One chat turn, finished: the new history (messages format) and the sources panel's Markdown."""
    *_, last = respond_stream(assistant, message, history, backend, turnstiles)
    return last


def compose_panel(current: str, earlier: list[str]) -> str:
    """The latest answer's sources, then earlier answers' (folded), so every [n] still finds its passage."""
    folded = [f"<details><summary>Sources of an earlier answer</summary>\n\n{p}\n\n</details>" for p in earlier]
    return "\n\n".join([current, *folded])


def render_sources(answer: Answer, topics: list[str] = (), turn: int = 1) -> str:
    """The sources panel: every cited passage with the sentences the answer relies on highlighted."""
    if answer.refused:
        if not answer.passages:  # a greeting, an empty or too-long message: nothing was looked up
            return EMPTY_PANEL
        covered = "\n".join(f"- {as_text(t)}" for t in topics[:12])
        return ("**Not in my sources** — nothing in the corpus answers this closely enough, so no answer "
                "was made up.\n\nThe corpus covers, for example:\n\n" + covered +
                "\n\nOr try one of the starter questions under the chat.")
    blocks = [f"**Sources** — {as_text(BACKEND_LABELS.get(answer.backend, answer.backend))}, "
              f"{answer.latency_ms:.0f} ms"]
    for c in answer.citations:
        quoted = highlighted(c.text, c.supporting)  # what the answer quotes, marked
        section = f"<br><small>Section: {as_text(c.section)}</small>" if c.section else ""
        blocks.append(f"<div class='source' id='{anchor(turn, c.n)}'>\n\n**[{c.n}] {as_text(c.title)}**  \n"
                      f"<small>File: <code>{as_text(c.source)}</code></small>{section}\n\n"
                      f"<blockquote>{quoted}</blockquote>\n\n</div>")
    return "\n\n".join(blocks)


def turnstiles_for_this_machine() -> dict[str, Turnstile]:
    """The local model answers one question at a time (it uses every core); quoting runs one
    question per core, since more at once only slows each of them down (bench/app_bench.py)."""
    return {"local": Turnstile(1), "extractive": Turnstile(max(1, min(4, os.cpu_count() or 1)))}


def build_chat_tab(learners: Learners, turnstiles: dict[str, Turnstile]) -> Any:
    """The Ask tab's components, inside an open gr.Tab."""
    import gradio as gr

    assistant = learners.assistant
    choices = backend_choices(assistant)
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="Chat", height=520, buttons=["copy"], elem_id="chat", **SHOWS_DOCUMENTS)
            box = gr.Textbox(label="Your question", placeholder=EXAMPLE_QUESTIONS[0], elem_id="question",
                             max_length=assistant.settings.max_question_chars, submit_btn=True)
            with gr.Row():
                backend = gr.Radio(choices, value=assistant.backend, label="Answer by", scale=3,
                                   elem_id="backend")
                new_chat = gr.Button("New chat", scale=1)
            gr.Examples(list(EXAMPLE_QUESTIONS), inputs=box, label="Starter questions")
        with gr.Column(scale=2):
            sources = gr.Markdown(EMPTY_PANEL, elem_id="sources", **SHOWS_DOCUMENTS)
    panels = gr.State([])  # this visitor's earlier answers' sources panels, latest first

    def on_submit(message: str, history: list[dict], chosen: str, earlier: list[str], request: gr.Request):
        panel, mine = EMPTY_PANEL, learner_of(learners, request).assistant
        for new_history, panel in respond_stream(mine, message, history, chosen, turnstiles):
            yield new_history, compose_panel(panel, earlier), "", earlier
        if "class='source'" in panel:
            yield new_history, compose_panel(panel, earlier), "", [panel, *earlier][:10]

    # Each backend takes turns in its own turnstile (waiting learners are told their place),
    # so questions for the model never hold up quoting ones.
    # The turnstiles do the real throttling; this limit only bounds the threads that wait in them.
    asking = box.submit(on_submit, [box, chatbot, backend, panels], [chatbot, sources, box, panels],
                        concurrency_limit=24, show_progress="minimal", api_name="ask")
    new_chat.click(lambda: ([], EMPTY_PANEL, "", []), None, [chatbot, sources, box, panels], cancels=[asking])
    return chatbot
