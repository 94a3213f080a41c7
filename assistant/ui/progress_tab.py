"""The Progress tab: mastery per topic, the history of graded answers, the Anki export.

Handlers are plain functions of (study log) returning plain values, tested without a
browser; `build_progress_tab` only creates the components inside a tab the caller has
opened and wires them to the study log of whoever is logged in (learners.py).

Not here: storing (progress.py), practising (interview_tab.py).
"""

import tempfile
import time
from pathlib import Path
from typing import Any

from ..learners import Learners
from ..progress import StudyLog, StudyLogError
from ..render import short
from .people import learner_of

# No `from __future__ import annotations` in the tabs: Gradio reads a handler's
# `request: gr.Request` annotation at run time to hand it the request (and its login).

HISTORY_COLUMNS = ["When", "Topic", "Question", "Score"]


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


def build_progress_tab(learners: Learners) -> tuple[Any, list]:
    """The Progress tab's components (mastery chart, history, Anki export), inside an open tab;
    returns (redraw, its outputs), for the caller to run when the page loads and the tab opens."""
    import gradio as gr

    chart = gr.Plot(label="Mastery per topic")
    history = gr.Dataframe(headers=HISTORY_COLUMNS, label="History", interactive=False, wrap=True)
    with gr.Row():
        refresh = gr.Button("Refresh")
        export = gr.Button("Export for Anki (CSV)")
    download = gr.File(label="Anki CSV: File → Import in Anki; the file says which columns are Front, Back and Tags",
                       interactive=False)

    def redraw(request: gr.Request):
        study_log = learner_of(learners, request).study_log
        return mastery_figure(study_log), history_rows(study_log)

    def on_export(request: gr.Request):
        return export_csv(learner_of(learners, request).study_log)

    refresh.click(redraw, None, [chart, history])
    export.click(on_export, None, download)
    return redraw, [chart, history]
