"""Build or update the index: `python ingest.py [--corpus DIR] [--index DIR] [--rebuild]`.

Exit status: 0 everything indexed; 1 some files were skipped (the rest is
indexed, and each skipped file was named with the reason); 2 nothing could be
done, or the index holds no documents afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.config import apply_offline_environment, load_settings


def main(argv: list[str] | None = None) -> int:
    apply_offline_environment()  # before transformers or chromadb are imported
    parser = argparse.ArgumentParser(description="Index the study corpus (incremental; safe to re-run).")
    parser.add_argument("--corpus", type=Path, help="folder of .md/.txt/.html/.pdf files (default: corpus/)")
    parser.add_argument("--index", type=Path, help="index folder (default: .data/index; env ASSISTANT_INDEX)")
    parser.add_argument("--chroma-url", help="store vectors in a Chroma server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--rebuild", action="store_true", help="start over instead of updating")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    from assistant.errors import AssistantError

    try:
        settings = load_settings(corpus_dir=args.corpus, index_dir=args.index, chroma_url=args.chroma_url)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from assistant.embeddings import make_embedder
    from assistant.ingestion import describe, ingest

    try:
        report = ingest(settings, make_embedder(settings.embeddings, settings.embed_batch_size),
                        rebuild=args.rebuild)
    except (FileNotFoundError, ValueError, AssistantError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe(report) if args.json else report.summary())
    if report.chunks_total == 0:
        print(f"error: nothing is indexed: {settings.corpus_dir} has no readable .md, .txt, .html or .pdf file",
              file=sys.stderr)
        return 2
    return 1 if report.skipped else 0


if __name__ == "__main__":
    sys.exit(main())
