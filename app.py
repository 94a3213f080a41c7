"""Run the study app: `python app.py [--host 127.0.0.1] [--port 7860] [--backend NAME]`.

Builds the index on first use, then serves the Gradio UI on the loopback
interface only (never a public share link).
"""

from __future__ import annotations

import argparse
import sys
import threading

from assistant.config import apply_offline_environment, load_settings


def main(argv: list[str] | None = None) -> int:
    apply_offline_environment()  # before gradio, transformers or chromadb are imported
    parser = argparse.ArgumentParser(description="MLOps Study Assistant — web app")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--backend", help="auto (default: local if installed), extractive, local or openai")
    args = parser.parse_args(argv)

    from assistant.chat import build_assistant
    from assistant.errors import AssistantError
    from assistant.ui import PAGE, build_ui

    try:
        assistant = build_assistant(load_settings(backend=args.backend))
        load = getattr(assistant.embedder, "load", None)  # the model loads on first use: here, not in a request
        if load:
            load()
    except (ValueError, FileNotFoundError, AssistantError) as exc:  # a ConfigError is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # One quoted answer loads what the first question would otherwise wait for (~1 s of
    # embedding and index warm-up), so the first learner's answer shows at once. It runs while
    # the UI is built (mostly importing Gradio), which takes longer, so start-up does not wait for it.
    warm_up = threading.Thread(target=assistant.ask, args=("What does a canary deployment do?",),
                               kwargs={"backend": "extractive"}, daemon=True)
    warm_up.start()
    demo = build_ui(assistant)
    # Bounded queue: a flood of requests waits (and is told its position) or is turned away.
    demo.queue(max_size=64, default_concurrency_limit=4)
    print(f"MLOps Study Assistant: open http://{args.host}:{args.port} in a browser (Ctrl+C stops it)")
    demo.launch(server_name=args.host, server_port=args.port, share=False, show_error=False, quiet=True,
                max_file_size=assistant.settings.max_file_bytes, **PAGE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
