"""The Library tab: what is indexed, add files, remove them, rebuild.

Handlers are plain functions of (library, inputs); `build_library_tab` wires them to the
library of whoever is logged in (learners.py: with accounts, a learner's own; the shared
one for an admin, who alone sees **Rebuild**). Uploaded files are deleted from Gradio's
upload cache once they are copied into the library, so no other visitor can fetch them
through the app's file route; one never used is deleted after `max_upload_age_s` (ui/__init__.py).
"""

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..corpus import SUPPORTED_SUFFIXES
from ..learners import Learners
from ..library import Entry, Library, Outcome
from .people import learner_of

# No `from __future__ import annotations` in the tabs: Gradio reads a handler's
# `request: gr.Request` annotation at run time to hand it the request (and its login).

COLUMNS = ["Title", "Source", "Passages", "Indexed at"]


def library_rows(library: Library, entries: list[Entry] | None = None) -> list[list]:
    return [[e.title, e.source, e.chunks, time.strftime("%Y-%m-%d %H:%M", time.localtime(e.ingested_at))]
            for e in (library.entries() if entries is None else entries)]


def removable_sources(library: Library, entries: list[Entry] | None = None) -> list[str]:
    return [e.source for e in (library.entries() if entries is None else entries) if e.removable]


def add_uploads(library: Library, uploads: Sequence[str] | None,
                on_progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Index uploaded files (paths in the upload cache, named as uploaded), then forget the uploads."""
    paths = [Path(p) for p in uploads or []]
    try:
        return library.add([(p, p.name) for p in paths], on_progress)
    finally:
        for p in paths:  # ours is the copy in the library; Gradio's would stay fetchable by URL
            p.unlink(missing_ok=True)


def size_note(max_file_bytes: int) -> str:
    mb = max_file_bytes // (1024 * 1024)
    return (f"Add your own notes, articles or PDFs ({', '.join(sorted(SUPPORTED_SUFFIXES))}; up to {mb} MB each). "
            "They are indexed beside the study corpus and cited like it; a file that cannot be read is "
            "named with the reason and changes nothing.")


def build_library_tab(learners: Learners) -> Any:
    """The Library tab's components, inside an open gr.Tab; returns (refresh, its outputs) for page loads.
    The table and buttons are filled for the learner when the page loads (the page as sent is everyone's)."""
    import gradio as gr

    gr.Markdown(size_note(learners.assistant.settings.max_file_bytes))
    with gr.Row():
        uploads = gr.File(label="Add documents", file_count="multiple", type="filepath",
                          file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload", scale=2)
        with gr.Column(scale=1):
            to_remove = gr.Dropdown([], label="Remove one of your documents", value=None, elem_id="remove-choice")
            remove = gr.Button("Remove", variant="stop")
            rebuild = gr.Button("Rebuild the index", visible=not learners.with_accounts)
    status = gr.Textbox(label="What happened", lines=4, interactive=False, elem_id="library-status")
    table = gr.Dataframe(headers=COLUMNS, interactive=False, elem_id="library", label="Indexed documents",
                         wrap=True, column_widths=["34%", "40%", "10%", "16%"])

    def listing(request: gr.Request):  # the table and the remove list, from one read of the index
        library = learner_of(learners, request).library
        entries = library.entries()
        return library_rows(library, entries), gr.Dropdown(choices=removable_sources(library, entries), value=None)

    def on_load(request: gr.Request):
        return *listing(request), gr.Button(visible=learner_of(learners, request).library.may_rebuild)

    def refreshed(outcome: Outcome, request):
        return outcome.text, *listing(request)

    def on_upload(files: list[str] | None, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        def tick(done: int, total: int) -> None:
            progress(done / max(total, 1), desc=f"embedding {done}/{total} passages")

        library = learner_of(learners, request).library
        return (*refreshed(add_uploads(library, files, tick), request), None)

    def on_remove(source: str | None, request: gr.Request):
        return refreshed(learner_of(learners, request).library.remove(source), request)

    def on_rebuild(request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        library = learner_of(learners, request).library
        if library.may_rebuild:
            progress(0, desc="rebuilding: reading every document")
        return refreshed(library.rebuild(lambda done, total: progress(done / max(total, 1),
                                                                      desc=f"embedding {done}/{total}")), request)

    # One library change at a time; they are rare and each holds the index's writer lock anyway.
    uploads.upload(on_upload, uploads, [status, table, to_remove, uploads], concurrency_id="library",
                   concurrency_limit=1)
    remove.click(on_remove, to_remove, [status, table, to_remove], concurrency_id="library", concurrency_limit=1)
    rebuild.click(on_rebuild, None, [status, table, to_remove], concurrency_id="library", concurrency_limit=1)
    return on_load, [table, to_remove, rebuild]
