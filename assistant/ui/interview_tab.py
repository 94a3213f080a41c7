"""The Interview tab: practise questions, get graded, review what is due.

Handlers are plain functions of (interviewer, study log, inputs) returning plain
values, tested without a browser; `build_interview_tab` only creates components
inside a tab the caller has opened and wires them to the interviewer and study log
of whoever is logged in (learners.py).

A session's questions live in a `gr.State` (a list of InterviewQuestion), so two
browser tabs practise independently; graded answers go to the learner's study log,
whose writes are transactional (progress.py).

Not here: writing questions or grading (interview/), storing (progress.py), the
Progress tab (progress_tab.py).
"""

from collections.abc import Sequence
from types import SimpleNamespace

from ..interview import MAX_ANSWER_CHARS, QUESTION_TYPES, Interviewer, NotCovered
from ..learners import Learners
from ..progress import StudyLog, StudyLogError
from ..render import short, when, where
from ..types import Grade, InterviewQuestion
from .markup import SHOWS_DOCUMENTS, answer_markdown, as_text, highlighted
from .people import learner_of
from .progress_tab import HISTORY_COLUMNS, build_progress_tab, export_csv, history_rows, mastery_figure  # noqa: F401

# No `from __future__ import annotations` in the tabs: Gradio reads a handler's
# `request: gr.Request` annotation at run time to hand it the request (and its login).

MIXED = "mixed"


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
    return session + made, f"{len(made)} new question{plural} on **{as_text(made[0].topic)}**.", \
        [q.question for q in made]


def find(session: Sequence[InterviewQuestion] | None, text: str | None) -> InterviewQuestion | None:
    return next((q for q in session or [] if q.question == text), None)


def question_card(session: Sequence[InterviewQuestion] | None, text: str | None) -> str:
    q = find(session, text)
    if q is None:
        return "_Get questions above, then pick one to answer._"
    return f"### {as_text(q.question)}\n<small>{q.type} · {as_text(q.topic)}</small>"


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
        return render_grade(grade) + f"\n\n⚠️ {as_text(str(exc))}", render_citations(q)
    return render_grade(grade) + f"\n\n<small>Next review {when(item.due_at)}.</small>", render_citations(q)


def render_grade(grade: Grade) -> str:
    lines = [f"## Score: {grade.score}/100", as_text(grade.feedback)]
    if grade.covered:
        lines += ["**Covered**"] + [f"- ✅ {as_text(p)}" for p in grade.covered]
    if grade.missed:
        lines += ["**Missed**"] + [f"- ❌ {as_text(p)}" for p in grade.missed]
    lines += ["**Model answer**", f"> {answer_markdown(grade.model_answer, [c.n for c in grade.citations])}"]
    return "\n\n".join(lines)


def render_citations(q: InterviewQuestion) -> str:
    blocks = ["**Sources**"]
    for c in q.citations:
        text = highlighted(c.text, c.supporting)  # the key points, marked where they stand
        blocks.append(f"**[{c.n}] {as_text(c.title)}**  \n<small>{as_text(where(c, ' › '))}</small>\n\n"
                      f"<blockquote>{text}</blockquote>")
    return "\n\n".join(blocks)


def due_view(study_log: StudyLog, now: float | None = None) -> tuple[str, list[tuple[str, int]]]:
    """(Markdown list of what is due, dropdown choices (label, item id))."""
    try:
        due = study_log.due(now)
        upcoming = [] if due else study_log.upcoming(limit=1)
    except StudyLogError as exc:
        return f"⚠️ {as_text(str(exc))}", []
    if not due:
        later = f" The next one is due {when(upcoming[0].due_at)}." if upcoming else ""
        return f"Nothing is due for review.{later}", []
    lines = [f"**{len(due)} due for review**"] + [
        f"- {as_text(i.question)} <small>({as_text(i.topic)}, last score {i.last_score})</small>" for i in due]
    return "\n".join(lines), [(short(i.question), i.id) for i in due]


def practise(study_log: StudyLog, item_id: int | None, session: Sequence[InterviewQuestion] | None
             ) -> tuple[list[InterviewQuestion], list[str], str | None]:
    """Put a due item's question into the session and select it: (session, question choices, selected)."""
    session = list(session or [])
    q = study_log.question(int(item_id)) if item_id is not None else None
    if q is not None and find(session, q.question) is None:
        session.append(q)
    return session, [x.question for x in session], (q.question if q else None)


# -- wiring ---------------------------------------------------------------------------

def _components(topics: list[str], has_model: bool) -> SimpleNamespace:
    """The Interview tab's components, top to bottom."""
    import gradio as gr

    c = SimpleNamespace(session=gr.State([]))
    c.notice = gr.Markdown(**SHOWS_DOCUMENTS)  # the study log moved aside, unusable now, or newer
    with gr.Row():
        c.topic = gr.Dropdown(topics, label="Topic", allow_custom_value=True, filterable=True,
                              info="A topic of the corpus, or type your own", scale=3)
        c.kind = gr.Radio([MIXED, *QUESTION_TYPES], value=MIXED, label="Question type", scale=2)
        c.count = gr.Slider(1, 5, value=3, step=1, label="Questions", scale=1)
    # Measured with the packaged 0.5B model: 1 of 26 of its questions passed the checks, at
    # 2-13 s each, so the quick writer is the default and the model is the learner's choice.
    c.wording = gr.Checkbox(False, label="Let the language model word the questions",
                            info="Slower (several seconds a question); a question that fails the checks is "
                                 "replaced by the quick writer's.", visible=has_model)
    c.ask = gr.Button("Get questions", variant="primary")
    c.status = gr.Markdown(**SHOWS_DOCUMENTS)
    c.chosen = gr.Radio([], label="Questions (pick one to answer)")
    c.card = gr.Markdown(question_card([], None), **SHOWS_DOCUMENTS)
    c.answer = gr.Textbox(label="Your answer", lines=6, max_length=MAX_ANSWER_CHARS,
                          placeholder="Answer as you would in the interview, then press Grade.")
    c.grade = gr.Button("Grade my answer", variant="primary")
    with gr.Row():
        with gr.Column(scale=3):
            c.result = gr.Markdown(**SHOWS_DOCUMENTS)
        with gr.Column(scale=2):
            c.sources = gr.Markdown(**SHOWS_DOCUMENTS)
    with gr.Accordion("Due for review", open=True):
        c.due = gr.Markdown(**SHOWS_DOCUMENTS)  # the learner's own: filled when the page loads
        with gr.Row():
            c.due_pick = gr.Dropdown(choices=[], label="Practise a due question", scale=3)
            c.go = gr.Button("Practise", scale=1)
        c.refresh = gr.Button("Refresh", size="sm")
    return c


def build_interview_tab(learners: Learners) -> None:
    """The Interview tab's components and handlers, inside a `with gr.Tab(...)` the caller opened."""
    import gradio as gr

    base = learners.assistant
    shared = Interviewer(base.live, base.sentence_embedder)  # the shared corpus's topics, for the page as sent
    c = _components(shared.topics(), base.chat_model is not None)

    def on_ask(topic_value, kind_value, n_value, state, use_model, request: gr.Request):
        interviewer = learner_of(learners, request).interviewer
        state, message, texts = new_questions(interviewer, topic_value, kind_value, n_value, state, use_model)
        selected = texts[0] if texts else None
        return (state, message, gr.Radio(choices=[q.question for q in state], value=selected),
                question_card(state, selected), "", "", "")

    def on_grade(state, text, answer_value, request: gr.Request):
        me = learner_of(learners, request)
        panel, cited = grade_answer(me.interviewer, me.study_log, state, text, answer_value)
        return panel, cited, *on_refresh(request)

    def on_refresh(request: gr.Request):
        listing, choices = due_view(learner_of(learners, request).study_log)
        return listing, gr.Dropdown(choices=choices, value=None)

    def on_practise(item_id, state, request: gr.Request):
        state, texts, selected = practise(learner_of(learners, request).study_log, item_id, state)
        return state, gr.Radio(choices=texts, value=selected), question_card(state, selected), "", "", ""

    def on_load(request: gr.Request):  # what is due, and the topics, may have changed since the page was built
        me = learner_of(learners, request)
        notice = f"⚠️ {as_text(me.study_log.warning)}" if me.study_log.warning else ""
        return notice, *on_refresh(request), gr.Dropdown(choices=me.interviewer.topics())

    page = gr.context.Context.root_block  # the Blocks being built around this tab
    if page is not None:
        page.load(on_load, None, [c.notice, c.due, c.due_pick, c.topic])
    # A model writing questions runs one at a time (2 cores); the quoting path is instant.
    c.ask.click(on_ask, [c.topic, c.kind, c.count, c.session, c.wording],
                [c.session, c.status, c.chosen, c.card, c.answer, c.result, c.sources],
                concurrency_limit=1 if base.chat_model is not None else 4)
    c.chosen.change(lambda state, text: (question_card(state, text), "", ""), [c.session, c.chosen],
                    [c.card, c.result, c.sources])
    c.grade.click(on_grade, [c.session, c.chosen, c.answer], [c.result, c.sources, c.due, c.due_pick])
    c.refresh.click(on_refresh, None, [c.due, c.due_pick])
    c.go.click(on_practise, [c.due_pick, c.session], [c.session, c.chosen, c.card, c.answer, c.result, c.sources])
