"""The Interview and Progress tabs: practise questions, get graded, review what is due.

Handlers are plain functions of (interviewer, study log, inputs) returning plain
values, tested without a browser; `build_interview_tab` and `build_progress_tab`
only create components inside a tab the caller has opened and wire them.

A session's questions live in a `gr.State` (a list of InterviewQuestion), so two
browser tabs practise independently; graded answers go to the shared study log,
whose writes are transactional (progress.py).

Not here: writing questions or grading (interview.py), storing (progress.py).
"""

from __future__ import annotations

import html
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..interview import MAX_ANSWER_CHARS, QUESTION_TYPES, Interviewer, NotCovered
from ..progress import StudyLog, StudyLogError
from ..render import highlighted, short, when, where
from ..types import Grade, InterviewQuestion

MIXED = "mixed"
HISTORY_COLUMNS = ["When", "Topic", "Question", "Score"]


# -- handlers ---------------------------------------------------------------------

def new_questions(interviewer: Interviewer, topic: str, kind: str, n: int | float,
                  session: Sequence[InterviewQuestion] | None, use_model: bool = False
                  ) -> tuple[list[InterviewQuestion], str, list[str]]:
    """Questions on `topic` not yet asked in this session, added to it.

    Returns (session, a message for the learner, the new questions' texts).
    """
    session = list(session or [])
    topic = (topic or "").strip()
    if not topic:
        return session, "Pick a topic from the list or type one.", []
    try:
        made = interviewer.questions(topic, n=max(1, min(int(n or 3), 10)),
                                     kind=None if kind in (None, "", MIXED) else kind,
                                     asked=[q.question for q in session], use_model=use_model)
    except NotCovered as exc:
        return session, str(exc), []
    if not made:
        return session, f"No new questions on \"{topic}\": every one its sources support has been asked.", []
    plural = "s" if len(made) != 1 else ""
    return session + made, f"{len(made)} new question{plural} on **{html.escape(made[0].topic)}**.", \
        [q.question for q in made]


def find(session: Sequence[InterviewQuestion] | None, text: str | None) -> InterviewQuestion | None:
    return next((q for q in session or [] if q.question == text), None)


def question_card(session: Sequence[InterviewQuestion] | None, text: str | None) -> str:
    q = find(session, text)
    if q is None:
        return "_Get questions above, then pick one to answer._"
    return f"### {html.escape(q.question)}\n<small>{q.type} · {html.escape(q.topic)}</small>"


def grade_answer(interviewer: Interviewer, study_log: StudyLog, session: Sequence[InterviewQuestion] | None,
                 text: str | None, answer: str) -> tuple[str, str]:
    """Grade, record and schedule one answer: (grade panel, sources panel)."""
    q = find(session, text)
    if q is None:
        return "_Pick a question first._", ""
    if not (answer or "").strip():  # a click on an empty box is not an attempt to schedule
        return "_Write your answer first — or type \"I don't know\" to see the model answer._", ""
    grade = interviewer.grade(q, answer or "")
    try:
        item = study_log.record(q, grade)
    except StudyLogError as exc:  # the grade is shown all the same; the learner learns it was not kept
        return render_grade(grade) + f"\n\n⚠️ {html.escape(str(exc))}", render_citations(q)
    return render_grade(grade) + f"\n\n<small>Next review {when(item.due_at)}.</small>", render_citations(q)


def render_grade(grade: Grade) -> str:
    lines = [f"## Score: {grade.score}/100", html.escape(grade.feedback)]
    if grade.covered:
        lines += ["**Covered**"] + [f"- ✅ {html.escape(p)}" for p in grade.covered]
    if grade.missed:
        lines += ["**Missed**"] + [f"- ❌ {html.escape(p)}" for p in grade.missed]
    lines += ["**Model answer**", f"> {html.escape(grade.model_answer)}"]
    return "\n\n".join(lines)


def render_citations(q: InterviewQuestion) -> str:
    blocks = ["**Sources**"]
    for c in q.citations:
        text = highlighted(c.text, c.supporting)  # the key points, marked where they stand
        blocks.append(f"**[{c.n}] {html.escape(c.title)}**  \n<small>{html.escape(where(c, ' › '))}</small>\n\n"
                      f"<blockquote>{text}</blockquote>")
    return "\n\n".join(blocks)


def due_view(study_log: StudyLog, now: float | None = None) -> tuple[str, list[tuple[str, int]]]:
    """(Markdown list of what is due, dropdown choices (label, item id))."""
    try:
        due = study_log.due(now)
        upcoming = [] if due else study_log.upcoming(limit=1)
    except StudyLogError as exc:
        return f"⚠️ {html.escape(str(exc))}", []
    if not due:
        later = f" The next one is due {when(upcoming[0].due_at)}." if upcoming else ""
        return f"Nothing is due for review.{later}", []
    lines = [f"**{len(due)} due for review**"] + [
        f"- {html.escape(i.question)} <small>({html.escape(i.topic)}, last score {i.last_score})</small>" for i in due]
    return "\n".join(lines), [(short(i.question), i.id) for i in due]


def practise(study_log: StudyLog, item_id: int | None, session: Sequence[InterviewQuestion] | None
             ) -> tuple[list[InterviewQuestion], list[str], str | None]:
    """Put a due item's question into the session and select it: (session, question choices, selected)."""
    session = list(session or [])
    q = study_log.question(int(item_id)) if item_id is not None else None
    if q is not None and find(session, q.question) is None:
        session.append(q)
    return session, [x.question for x in session], (q.question if q else None)


def mastery_figure(study_log: StudyLog) -> Any:
    """A horizontal bar per topic: the mean of its questions' latest scores."""
    from matplotlib.figure import (
        Figure,  # no pyplot: no global state shared between requests
    )

    try:
        rows, empty = study_log.mastery(), "Answer a question to see your mastery per topic"
    except StudyLogError as exc:
        rows, empty = [], str(exc)
    fig = Figure(figsize=(7, max(2.0, 0.45 * len(rows) + 1)))
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, empty, ha="center", va="center", wrap=True)
        ax.set_axis_off()
        return fig
    # A learner's topic is text, not mathtext: "$x$" in it must not be typeset (or fail to be).
    topics = [short(t, 40).replace("$", r"\$") for t, _, _ in rows]
    values = [m for _, m, _ in rows]
    colours = ["#16a34a" if v >= 80 else "#f59e0b" if v >= 60 else "#dc2626" for v in values]
    ax.barh(range(len(rows)), values, color=colours)  # by position: two topics cut alike stay two bars
    ax.set_yticks(range(len(rows)), topics)
    for y, (_, m, count) in enumerate(rows):
        ax.text(min(m + 1, 92), y, f"{m:.0f} ({count} q)", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("mastery (mean of each question's latest score)")
    ax.invert_yaxis()
    fig.tight_layout()
    return fig


def history_rows(study_log: StudyLog, limit: int = 100) -> list[list]:
    try:
        attempts = study_log.history(limit)
    except StudyLogError:  # the chart beside it says why
        attempts = []
    return [[time.strftime("%Y-%m-%d %H:%M", time.localtime(a.answered_at)), a.topic, a.question, a.score]
            for a in attempts]


def export_csv(study_log: StudyLog, folder: Path | None = None) -> str:
    """Write the Anki CSV to a fresh file and return its path (for a download component)."""
    folder = Path(folder or tempfile.mkdtemp(prefix="mlops-study-"))
    path = folder / f"mlops-study-{time.strftime('%Y%m%d-%H%M%S')}.csv"
    path.write_text(study_log.export_csv(), encoding="utf-8")
    return str(path)


# -- wiring ---------------------------------------------------------------------------

def _components(interviewer: Interviewer, study_log: StudyLog) -> SimpleNamespace:
    """The Interview tab's components, top to bottom."""
    import gradio as gr

    c = SimpleNamespace(session=gr.State([]))
    if study_log.warning:  # moved aside, cannot be used now, or written by a newer version
        gr.Markdown(f"⚠️ {html.escape(study_log.warning)}")
    with gr.Row():
        c.topic = gr.Dropdown(interviewer.topics(), label="Topic", allow_custom_value=True, filterable=True,
                              info="A topic of the corpus, or type your own", scale=3)
        c.kind = gr.Radio([MIXED, *QUESTION_TYPES], value=MIXED, label="Question type", scale=2)
        c.count = gr.Slider(1, 5, value=3, step=1, label="Questions", scale=1)
    # Measured with the packaged 0.5B model: 1 of 26 of its questions passed the checks, at
    # 2-13 s each, so the quick writer is the default and the model is the learner's choice.
    c.wording = gr.Checkbox(False, label="Let the language model word the questions",
                            info="Slower (several seconds a question); a question that fails the checks is "
                                 "replaced by the quick writer's.", visible=interviewer.chat_model is not None)
    c.ask = gr.Button("Get questions", variant="primary")
    c.status = gr.Markdown()
    c.chosen = gr.Radio([], label="Questions (pick one to answer)")
    c.card = gr.Markdown(question_card([], None))
    c.answer = gr.Textbox(label="Your answer", lines=6, max_length=MAX_ANSWER_CHARS,
                          placeholder="Answer as you would in the interview, then press Grade.")
    c.grade = gr.Button("Grade my answer", variant="primary")
    with gr.Row():
        with gr.Column(scale=3):
            c.result = gr.Markdown()
        with gr.Column(scale=2):
            c.sources = gr.Markdown()
    with gr.Accordion("Due for review", open=True):
        c.due = gr.Markdown(due_view(study_log)[0])
        with gr.Row():
            c.due_pick = gr.Dropdown(choices=[], label="Practise a due question", scale=3)
            c.go = gr.Button("Practise", scale=1)
        c.refresh = gr.Button("Refresh", size="sm")
    return c


def build_interview_tab(interviewer: Interviewer, study_log: StudyLog) -> None:
    """The Interview tab's components and handlers, inside a `with gr.Tab(...)` the caller opened."""
    import gradio as gr

    c = _components(interviewer, study_log)

    def on_ask(topic_value, kind_value, n_value, state, use_model):
        state, message, texts = new_questions(interviewer, topic_value, kind_value, n_value, state, use_model)
        selected = texts[0] if texts else None
        return (state, message, gr.Radio(choices=[q.question for q in state], value=selected),
                question_card(state, selected), "", "", "")

    def on_grade(state, text, answer_value):
        panel, cited = grade_answer(interviewer, study_log, state, text, answer_value)
        return panel, cited, *on_refresh()

    def on_refresh():
        listing, choices = due_view(study_log)
        return listing, gr.Dropdown(choices=choices, value=None)

    def on_practise(item_id, state):
        state, texts, selected = practise(study_log, item_id, state)
        return state, gr.Radio(choices=texts, value=selected), question_card(state, selected), "", "", ""

    def on_load():  # another visitor, or a Library change, may have changed what is due and the topics
        return *on_refresh(), gr.Dropdown(choices=interviewer.topics())

    page = gr.context.Context.root_block  # the Blocks being built around this tab
    if page is not None:
        page.load(on_load, None, [c.due, c.due_pick, c.topic])
    # A model writing questions runs one at a time (2 cores); the quoting path is instant.
    c.ask.click(on_ask, [c.topic, c.kind, c.count, c.session, c.wording],
                [c.session, c.status, c.chosen, c.card, c.answer, c.result, c.sources],
                concurrency_limit=1 if interviewer.chat_model is not None else 4)
    c.chosen.change(lambda state, text: (question_card(state, text), "", ""), [c.session, c.chosen],
                    [c.card, c.result, c.sources])
    c.grade.click(on_grade, [c.session, c.chosen, c.answer], [c.result, c.sources, c.due, c.due_pick])
    c.refresh.click(on_refresh, None, [c.due, c.due_pick])
    c.go.click(on_practise, [c.due_pick, c.session], [c.session, c.chosen, c.card, c.answer, c.result, c.sources])


def build_progress_tab(study_log: StudyLog) -> tuple[Any, list]:
    """The Progress tab's components (mastery chart, history, Anki export), inside an open tab;
    returns (refresh, its outputs), for the caller to run when the tab is opened."""
    import gradio as gr

    chart = gr.Plot(lambda: mastery_figure(study_log), label="Mastery per topic")
    history = gr.Dataframe(lambda: history_rows(study_log), headers=HISTORY_COLUMNS, label="History",
                           interactive=False, wrap=True)
    with gr.Row():
        refresh = gr.Button("Refresh")
        export = gr.Button("Export for Anki (CSV)")
    download = gr.File(label="Anki CSV: File → Import in Anki; the file says which columns are Front, Back and Tags",
                       interactive=False)
    def redraw():
        return mastery_figure(study_log), history_rows(study_log)

    refresh.click(redraw, None, [chart, history])
    export.click(lambda: export_csv(study_log), None, download)
    return redraw, [chart, history]
