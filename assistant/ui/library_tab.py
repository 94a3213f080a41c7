"""The Library tab: what is indexed, add files, remove them, rebuild.

Handlers are plain functions of (library, inputs); `build_library_tab` wires them.
Uploaded files are deleted from Gradio's upload cache once they are copied into the
library, so no other visitor can fetch them through the app's file route.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..corpus import SUPPORTED_SUFFIXES
from ..library import Entry, Library, Outcome

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


def size_note(library: Library) -> str:
    mb = library.settings.max_file_bytes // (1024 * 1024)
    return (f"Add your own notes, articles or PDFs ({', '.join(sorted(SUPPORTED_SUFFIXES))}; up to {mb} MB each). "
            "They are indexed beside the study corpus and cited like it; a file that cannot be read is "
            "named with the reason and changes nothing.")


def build_library_tab(library: Library) -> Any:
    """The Library tab's components, inside an open gr.Tab; returns (refresh, its outputs) for page loads."""
    import gradio as gr

    gr.Markdown(size_note(library))
    with gr.Row():
        uploads = gr.File(label="Add documents", file_count="multiple", type="filepath",
                          file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload", scale=2)
        with gr.Column(scale=1):
            to_remove = gr.Dropdown(removable_sources(library), label="Remove one of your documents",
                                    value=None, elem_id="remove-choice")
            remove = gr.Button("Remove", variant="stop")
            rebuild = gr.Button("Rebuild the index")
    status = gr.Textbox(label="What happened", lines=4, interactive=False, elem_id="library-status")
    table = gr.Dataframe(library_rows(library), headers=COLUMNS, interactive=False, elem_id="library",
                         label="Indexed documents", wrap=True,
                         column_widths=["34%", "40%", "10%", "16%"])

    def listing():  # the table and the remove list, from one read of the index
        entries = library.entries()
        return library_rows(library, entries), gr.Dropdown(choices=removable_sources(library, entries), value=None)

    def refreshed(outcome: Outcome):
        return outcome.text, *listing()

    def on_upload(files: list[str] | None, progress=gr.Progress()):  # noqa: B008 (Gradio injects it by default)
        def tick(done: int, total: int) -> None:
            progress(done / max(total, 1), desc=f"embedding {done}/{total} passages")

        return (*refreshed(add_uploads(library, files, tick)), None)

    def on_rebuild(progress=gr.Progress()):  # noqa: B008 (Gradio injects it by default)
        progress(0, desc="rebuilding: reading every document")
        return refreshed(library.rebuild(lambda done, total: progress(done / max(total, 1),
                                                                      desc=f"embedding {done}/{total}")))

    # One library change at a time; they are rare and each holds the index's writer lock anyway.
    uploads.upload(on_upload, uploads, [status, table, to_remove, uploads], concurrency_id="library",
                   concurrency_limit=1)
    remove.click(lambda source: refreshed(library.remove(source)), to_remove, [status, table, to_remove],
                 concurrency_id="library", concurrency_limit=1)
    rebuild.click(on_rebuild, None, [status, table, to_remove], concurrency_id="library", concurrency_limit=1)
    return listing, [table, to_remove]
