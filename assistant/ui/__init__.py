"""The Gradio study app: Ask (chat with sources), Interview (practise and get graded),
Progress (mastery, history, Anki export), Library (your documents).

Each tab lives in its own module with handlers that are plain functions, tested
without a browser; `build_ui` only assembles the tabs, and `PAGE` holds the page's
CSS and script, given to `launch()` (Gradio 6 takes them there).

Not here: launching a server (app.py) or answering (chat.py).
"""

# No `from __future__ import annotations` here: Gradio reads a handler's `request: gr.Request`
# annotation at run time to hand it the request (and its login).
from typing import Any

from ..accounts import Accounts
from ..chat import Assistant
from ..learners import Learners
from ..logs import stderr_log
from .chat_tab import build_chat_tab, render_sources, respond, respond_stream, turnstiles_for_this_machine  # noqa: F401 (their home)
from .markup import as_text
from .people import learner_of

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
// The copy button copies a message's Markdown: keep its [n] markers and drop the link syntax,
// and show documents' characters as themselves (markup.py wrote them as "&#NN;").
if (navigator.clipboard && navigator.clipboard.writeText) {
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) =>
    write(String(text).replace(/\[\\\[(\d+)\\\]\]\(#source-[\d-]+\)/g, "[$1]")
                      .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))));
}
</script>
"""

PAGE = {"css": CSS, "head": SCRIPT}


def build_ui(assistant: Assistant, accounts: Accounts | None = None) -> Any:
    """The app. `accounts`: a user file naming at least one user means everyone logs in and has
    their own study log and library (learners.py); otherwise one learner, as it always was."""
    import gradio as gr

    from .interview_tab import build_interview_tab
    from .library_tab import build_library_tab
    from .progress_tab import build_progress_tab

    learners = Learners(assistant, accounts, log=stderr_log)
    turnstiles = turnstiles_for_this_machine()  # shared by every visitor
    # An upload is taken into a library within seconds and deleted from Gradio's cache then; one
    # never used (a page closed mid-upload, a client that uploads and never asks) goes after
    # max_upload_age_s, checked every minute (or sooner, for short ages).
    age = assistant.settings.max_upload_age_s
    with gr.Blocks(title="MLOps Study Assistant", delete_cache=(max(1, min(60, age // 2)), age)) as demo:
        with gr.Row():
            gr.Markdown("# MLOps Study Assistant\nAnswers come only from the study corpus and your own "
                        "documents; every sentence carries a `[n]` — click it to see the passage it comes from.")
            who = gr.Markdown(visible=learners.with_accounts, elem_id="who")
            gr.Button("Log out", link="/logout", size="sm", scale=0, visible=learners.with_accounts)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                build_chat_tab(learners, turnstiles)
            with gr.Tab("Interview", id="interview"):
                build_interview_tab(learners)
            with gr.Tab("Progress", id="progress") as progress_tab:
                redraw_progress, progress_parts = build_progress_tab(learners)
            # Answers graded since the page opened (here or in another tab) show when it is opened.
            progress_tab.select(redraw_progress, None, progress_parts)
            with gr.Tab("Library", id="library"):
                refresh_library, library_parts = build_library_tab(learners)
        # Another visitor may have changed the library: show it as it is now.
        demo.load(refresh_library, None, library_parts)
        if learners.with_accounts:
            def on_load(request: gr.Request):
                return logged_in(learners, request)

            demo.load(on_load, None, who)
    return demo


def logged_in(learners: Learners, request: Any) -> str:
    me = learner_of(learners, request)
    role = "admin: you manage the shared corpus" if me.admin else "your progress and library are your own"
    return f"Logged in as **{as_text(me.name)}** ({role})"
