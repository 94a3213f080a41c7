"""The Gradio study app: Ask (chat with sources), Interview (practise and get graded),
Progress (mastery, history, Anki export), Library (your documents).

Each tab lives in its own module with handlers that are plain functions, tested
without a browser; `build_ui` only assembles the tabs, and `PAGE` holds the page's
CSS and script, given to `launch()` (Gradio 6 takes them there).

Not here: launching a server (app.py) or answering (chat.py).
"""

from __future__ import annotations

from typing import Any

from ..chat import Assistant
from ..logs import stderr_log
from .chat_tab import build_chat_tab, render_sources, respond, respond_stream, turnstiles_for_this_machine  # noqa: F401 (their home)

CSS = """
#sources { max-height: 640px; overflow-y: auto; }
#sources .source { border-left: 3px solid transparent; padding-left: 6px; transition: border-color .3s; }
#sources .source.flash { border-left-color: #f59e0b; background: rgba(245, 158, 11, .08); }
#sources mark { background: #fde68a; color: inherit; padding: 0 1px; }
#chat a[href^="#source-"] { text-decoration: none; font-weight: 600; }
"""

# A click on an answer's [n] scrolls the sources panel to passage n and flashes it,
# instead of following the link (Gradio opens chat links in a new tab).
SCRIPT = r"""
<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#source-"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  const folded = target.closest("details");  // an earlier answer's sources
  if (folded) folded.open = true;
  target.scrollIntoView({behavior: "smooth", block: "nearest"});
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1600);
}, true);
// The copy button copies a message's Markdown: keep its [n] markers and drop the link syntax.
if (navigator.clipboard && navigator.clipboard.writeText) {
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) =>
    write(String(text).replace(/\[\\\[(\d+)\\\]\]\(#source-[\d-]+\)/g, "[$1]"));
}
</script>
"""

PAGE = {"css": CSS, "head": SCRIPT}


def build_ui(assistant: Assistant) -> Any:
    import gradio as gr

    from ..interview import Interviewer
    from ..library import Library
    from ..progress import open_study_log
    from .interview_tab import build_interview_tab, build_progress_tab
    from .library_tab import build_library_tab

    library = Library(assistant.live)
    # The model words questions when the default backend has one.
    interviewer = Interviewer(assistant.live, assistant.sentence_embedder, chat_model=assistant.chat_model)
    study_log = open_study_log(assistant.settings, log=stderr_log)
    turnstiles = turnstiles_for_this_machine()  # shared by every visitor
    with gr.Blocks(title="MLOps Study Assistant") as demo:
        gr.Markdown("# MLOps Study Assistant\nAnswers come only from the study corpus and your own "
                    "documents; every sentence carries a `[n]` — click it to see the passage it comes from.")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                build_chat_tab(assistant, turnstiles)
            with gr.Tab("Interview", id="interview"):
                build_interview_tab(interviewer, study_log)
            with gr.Tab("Progress", id="progress") as progress_tab:
                redraw_progress, progress_parts = build_progress_tab(study_log)
            # Answers graded since the page opened (here or in another tab) show when it is opened.
            progress_tab.select(redraw_progress, None, progress_parts)
            with gr.Tab("Library", id="library"):
                refresh_library, library_parts = build_library_tab(library)
        # Another visitor may have changed the library: show it as it is now.
        demo.load(refresh_library, None, library_parts)
    return demo
