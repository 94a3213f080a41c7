"""The Ask tab: a chat whose every `[n]` links to its passage in the sources panel.

Handlers are plain functions of (assistant, inputs) so tests call them without a
browser; `build_chat_tab` only wires them to components.
"""

from __future__ import annotations

import html
import os
from typing import Any, Iterator

from ..chat import Assistant
from ..citations import markers
from ..concurrency import Turnstile
from ..prompts import EXAMPLE_QUESTIONS
from ..types import Answer

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

    settings = assistant.settings
    usable = ["extractive"]
    if settings.local_model is not None or packaged_model_installed():
        usable.append("local")
    if settings.llm_url:
        usable.append("openai")
    if assistant.backend not in usable:
        usable.append(assistant.backend)
    labels = dict(BACKEND_LABELS, openai=f"Remote server ({settings.llm_model} at {settings.llm_url})")
    return [(labels.get(name, name), name) for name in usable]


def linked(answer_text: str) -> str:
    """The answer with each `[n]` as a link to passage n in the sources panel."""
    for n in sorted(set(markers(answer_text)), reverse=True):
        answer_text = answer_text.replace(f"[{n}]", f"[\\[{n}\\]](#source-{n})")
    return answer_text


def message_text(answer: Answer) -> str:
    """The chat message for an answer: linked markers, then its sources (so a copy carries them)."""
    if answer.refused or not answer.citations:
        return answer.answer
    lines = [linked(answer.answer), "", "**Sources**"]
    for c in answer.citations:
        where = f"{c.source} › {c.section}" if c.section else c.source
        lines.append(f"{c.n}. {c.title} — `{where}`")
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

    def reply(text: str) -> list[dict]:
        return history + turn + [{"role": "assistant", "content": text}]

    # A server queues requests on its own; here, CPU-bound work takes turns.
    turnstile = (turnstiles or {}).get(backend or assistant.backend)
    ticket = turnstile.enter() if turnstile is not None else None
    try:
        if ticket is not None:
            while ahead := ticket.wait(1.0):
                why = " (the local model answers one at a time)" if turnstile.slots == 1 else ""
                yield (reply(f"⏳ Waiting for a turn: {ahead} {'question is' if ahead == 1 else 'questions are'} "
                             f"ahead of yours{why}."), "_Waiting for a turn…_")
        try:
            for event in assistant.ask_stream(message, history=history, backend=backend):
                if isinstance(event, Answer):
                    yield reply(message_text(event)), render_sources(event, assistant.topics())
                else:
                    yield reply(event + " ▌"), CHECKING_PANEL
        except Exception as exc:  # a backend that cannot start here says what to do instead
            yield reply(f"That backend is not available: {exc}. Choose “{BACKEND_LABELS['extractive']}” "
                        "to answer from the sources without a model."), EMPTY_PANEL
    finally:
        if ticket is not None:
            ticket.leave()


def respond(assistant: Assistant, message: str, history: list[dict], backend: str | None = None
            ) -> tuple[list[dict], str]:
    """One chat turn, finished: the new history (messages format) and the sources panel's Markdown."""
    *_, last = respond_stream(assistant, message, history, backend)
    return last


def render_sources(answer: Answer, topics: list[str] = ()) -> str:
    """The sources panel: every cited passage with the sentences the answer relies on highlighted."""
    if answer.refused:
        if not answer.passages:  # a greeting, an empty or too-long message: nothing was looked up
            return EMPTY_PANEL
        covered = "\n".join(f"- {html.escape(t)}" for t in topics[:12])
        return ("**Not in my sources** — nothing in the corpus answers this closely enough, so no answer "
                "was made up.\n\nThe corpus covers, for example:\n\n" + covered +
                "\n\nOr try one of the starter questions under the chat.")
    blocks = [f"**Sources** — {html.escape(BACKEND_LABELS.get(answer.backend, answer.backend))}, "
              f"{answer.latency_ms:.0f} ms"]
    for c in answer.citations:
        text = html.escape(c.text)
        for sentence in c.supporting:  # highlight what the answer quotes
            text = text.replace(html.escape(sentence), f"<mark>{html.escape(sentence)}</mark>")
        section = f"<br><small>Section: {html.escape(c.section)}</small>" if c.section else ""
        blocks.append(f"<div class='source' id='source-{c.n}'>\n\n**[{c.n}] {html.escape(c.title)}**  \n"
                      f"<small>File: <code>{html.escape(c.source)}</code></small>{section}\n\n"
                      f"<blockquote>{text}</blockquote>\n\n</div>")
    return "\n\n".join(blocks)


def turnstiles_for_this_machine() -> dict[str, Turnstile]:
    """The local model answers one question at a time (it uses every core); quoting runs one
    question per core, since more at once only slows each of them down (bench/app_bench.py)."""
    return {"local": Turnstile(1), "extractive": Turnstile(max(1, min(4, os.cpu_count() or 1)))}


def build_chat_tab(assistant: Assistant, turnstiles: dict[str, Turnstile]) -> Any:
    """The Ask tab's components, inside an open gr.Tab."""
    import gradio as gr

    choices = backend_choices(assistant)
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="Chat", height=520, buttons=["copy"], elem_id="chat")
            box = gr.Textbox(label="Your question", placeholder=EXAMPLE_QUESTIONS[0], elem_id="question",
                             max_length=assistant.settings.max_question_chars, submit_btn=True)
            with gr.Row():
                backend = gr.Radio(choices, value=assistant.backend, label="Answer by", scale=3,
                                   elem_id="backend")
                new_chat = gr.Button("New chat", scale=1)
            gr.Examples(list(EXAMPLE_QUESTIONS), inputs=box, label="Starter questions")
        with gr.Column(scale=2):
            sources = gr.Markdown(EMPTY_PANEL, elem_id="sources", sanitize_html=True)

    def on_submit(message: str, history: list[dict], chosen: str):
        for new_history, panel in respond_stream(assistant, message, history, chosen, turnstiles):
            yield new_history, panel, ""

    # Each backend takes turns in its own turnstile (waiting learners are told their place),
    # so questions for the model never hold up quoting ones.
    box.submit(on_submit, [box, chatbot, backend], [chatbot, sources, box], concurrency_limit=8,
               show_progress="minimal", api_name="ask")
    new_chat.click(lambda: ([], EMPTY_PANEL, ""), None, [chatbot, sources, box])
    return chatbot
