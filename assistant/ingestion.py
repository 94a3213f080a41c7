"""Bring the index in line with the corpus folder, incrementally and safely.

1. Hash every file; compare with the manifest: unchanged files are not even parsed.
2. Parse and chunk new and changed files; a file that cannot be read is skipped
   with one line saying why (an indexed older version of it is kept).
3. Embed all new chunks in batches (one progress bar), storing each document as
   soon as its chunks are embedded; remove documents whose files are gone.

A first build, a `--rebuild`, or an index made with other settings is built in
a sibling folder and swapped in at the end, so a killed build leaves the
previous index as it was (index_swap.py). Incremental runs update in place in an
order that a re-run repairs (see store.py). One writer at a time: a lock file
serialises ingestions (the CLI, the app's uploads).

Each document has a budget (pages, characters, passages: Settings); one over it is
skipped with a line naming the limit, the same line the app's Library shows.

Not here: how files are read (corpus.py) or stored (store.py).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .chunking import CHUNKER_VERSION
from .config import Settings, public_url
from .corpus import UnreadableDocument, discover, file_sha256, precheck, source_name
from .embeddings import Embedder, embed_in_batches
from .index_swap import collection_of, drop_collection, recover, recover_quietly, sibling, swap_in, writer_lock
from .memory import release_free_memory
from .preparing import Prepared, prepare_document
from .store import STORE_VERSION, Index, IndexMismatch, index_exists, open_index

Log = Callable[[str], None]
# Told (chunks embedded so far, chunks to embed) after each batch: for the app's progress bar.
Progress = Callable[[int, int], None]
Guard = Callable[[], AbstractContextManager]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    rebuilt: bool = False

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged, {len(self.skipped)} skipped; "
                f"{self.chunks_embedded} chunks embedded, {self.chunks_total} in the index; {self.seconds:.1f} s")


def index_fingerprint(settings: Settings, embedder: Embedder) -> dict:
    """What the stored vectors and chunks depend on; a change means a new index."""
    return {"embedder": embedder.name, "chunk_tokens": settings.chunk_tokens,
            "overlap_tokens": settings.chunk_overlap_tokens, "chunker": CHUNKER_VERSION, "store": STORE_VERSION,
            # Moving from the on-disk store to a server (or between servers) needs a new build.
            "vectors": public_url(settings.chroma_url) or "local"}


def open_settings_index(settings: Settings, embedder: Embedder, directory: Path | None = None) -> Index:
    return open_index(directory or settings.index_path, embedder, settings.chroma_url, settings.collection,
                      index_fingerprint(settings, embedder))


def ingest(settings: Settings, embedder: Embedder, rebuild: bool = False, progress: bool = True,
           log: Log | None = None, index: Index | None = None, on_progress: Progress | None = None,
           write_guard: Guard | None = None, swap_guard: Guard | None = None,
           prepared: Mapping[str, Prepared] | None = None) -> IngestReport:
    """Bring the index at settings.index_path in line with settings.source_roots.

    `index`: that index, already open (the app's), to update in place instead of opening
    a second handle on it; `write_guard` is entered around each document's write to it, so
    readers never see a document half-written. `swap_guard`: entered around the moment a
    fresh build replaces the index on disk, so a reader holding it open can pause and reopen it.
    `prepared`: documents already read and split (the Library's checked uploads), by source.
    """
    log = log or (lambda line: print(line, file=sys.stderr))
    started = time.perf_counter()
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist (set --corpus or ASSISTANT_CORPUS)")
    target = settings.index_path
    with writer_lock(target):
        recover(target, settings)
        fresh = rebuild or not index_exists(target)
        if not fresh and index is None:
            try:
                index = open_settings_index(settings, embedder)
            except IndexMismatch as exc:
                log(f"rebuilding: {exc}")
                fresh = True
            else:
                with index:
                    report = sync(index, settings.source_roots, embedder, settings, progress, log, on_progress,
                                  prepared=prepared)
        elif not fresh:
            report = sync(index, settings.source_roots, embedder, settings, progress, log, on_progress,
                          write_guard, prepared)
        if fresh:
            report = _build_fresh(settings, embedder, progress, log, on_progress, swap_guard or nullcontext,
                                  prepared)
    report.seconds = time.perf_counter() - started
    return report


def sync(index: Index, roots: Sequence[Path], embedder: Embedder, settings: Settings,
         progress: bool = True, log: Log | None = None, on_progress: Progress | None = None,
         write_guard: Guard | None = None, prepared: Mapping[str, Prepared] | None = None) -> IngestReport:
    """Make `index` match the files under `roots` (folders that do not exist hold nothing).

    `prepared`: documents already read (by source), used when the file still has their content."""
    log = log or (lambda line: print(line, file=sys.stderr))
    report = IngestReport()
    manifest = index.documents()
    guard = write_guard or nullcontext
    files = [(path, root) for root in roots if root.is_dir() for path in discover(root)]
    # An unmounted or emptied corpus folder is far likelier than a wish to forget it all. (The
    # learner's library, beside the index, may well be emptied on purpose, one file at a time.)
    for root in roots[:1]:
        indexed = sum(1 for source in manifest if source.startswith(f"{root.name}/"))
        if indexed and not any(r == root for _, r in files):
            raise FileNotFoundError(f"folder {root} is empty or missing; refusing to remove its {indexed} "
                                    "indexed documents (use --rebuild to start over without them)")
    todo = _read_changed(files, manifest, embedder, settings, report, log, prepared or {})

    for source in sorted(set(manifest) - {source_name(path, root) for path, root in files}):
        with guard():
            index.remove_document(source)
        report.removed.append(source)

    planned = [(ready, is_new) for ready, is_new in todo if ready.chunks]
    texts = [c.embedding_text for ready, _ in planned for c in ready.chunks]
    bar = _progress_bar(len(texts), progress)
    batches = embed_in_batches(embedder, texts, settings.embed_batch_size)
    pending = np.zeros((0, embedder.dimension), dtype=np.float32)
    embedded = 0
    for ready, is_new in planned:
        doc, chunks = ready.document, ready.chunks
        while len(pending) < len(chunks):  # batches span documents: no half-empty batches
            batch = next(batches)
            pending = np.concatenate([pending, batch])
            bar.update(len(batch))
            embedded += len(batch)
            if on_progress:
                on_progress(embedded, len(texts))
        mine, pending = pending[:len(chunks)], pending[len(chunks):]
        with guard():
            index.put_document(doc.source, doc.sha256, doc.title, doc.meta, chunks, mine)
        (report.added if is_new else report.updated).append(doc.source)
        report.chunks_embedded += len(chunks)
    bar.close()
    report.chunks_total = index.chunk_count()
    return report


def _read_changed(files: list[tuple[Path, Path]], manifest: Mapping, embedder: Embedder, settings: Settings,
                  report: IngestReport, log: Log, prepared: Mapping[str, Prepared]) -> list[tuple[Prepared, bool]]:
    """(document, is it new) for every new or changed file; the rest are counted or skipped."""
    todo = []
    for path, root in files:
        source = source_name(path, root)
        try:
            precheck(path, settings.max_file_bytes)  # before hashing: no reading a 2 GB video every run
            digest = file_sha256(path)
            if source in manifest and manifest[source].sha256 == digest:
                report.unchanged += 1
                continue
            ready = prepared.get(source)
            if ready is None or ready.document.sha256 != digest:
                ready = prepare_document(path, root, settings, embedder, sha256=digest)
        except Exception as exc:  # one bad file must never stop the run (pypdf alone raises a dozen types)
            if not isinstance(exc, (UnreadableDocument, OSError)):
                exc = UnreadableDocument(f"it could not be read ({type(exc).__name__}: {exc})")
            report.skipped.append((source, str(exc)))
            kept = " (the indexed earlier version is kept)" if source in manifest else ""
            log(f"skipped {source}: {exc}{kept}")
            continue
        todo.append((ready, source not in manifest))
    return todo


def _build_fresh(settings: Settings, embedder: Embedder, progress: bool, log: Log, on_progress: Progress | None,
                 swap_guard: Callable[[], AbstractContextManager],
                 prepared: Mapping[str, Prepared] | None = None) -> IngestReport:
    target = settings.index_path
    building = sibling(target, "building")
    collection = f"{settings.collection}-{int(time.time() * 1000)}" if settings.chroma_url else settings.collection
    old_collection = collection_of(target) if settings.chroma_url else None
    log(f"building the index in {target} …")
    with open_index(building, embedder, settings.chroma_url, collection,
                    index_fingerprint(settings, embedder)) as index:
        report = sync(index, settings.source_roots, embedder, settings, progress, log, on_progress,
                      prepared=prepared)
    with swap_guard():
        swap_in(building, target)
    if old_collection and old_collection != collection:
        drop_collection(settings, old_collection)
    report.rebuilt = True
    return report


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    # disable=None: the bar shows on a terminal and stays out of logs and pipes.
    return tqdm(total=total, unit="chunk", desc="embedding", disable=None if enabled else True,
                file=sys.stderr, dynamic_ncols=True)


def describe(report: IngestReport) -> str:
    return json.dumps({"added": report.added, "updated": report.updated, "removed": report.removed,
                       "skipped": [{"source": s, "reason": r} for s, r in report.skipped],
                       "unchanged": report.unchanged, "chunks_embedded": report.chunks_embedded,
                       "chunks_total": report.chunks_total, "seconds": round(report.seconds, 2)})


def ensure_index(settings: Settings, embedder: Embedder, progress: bool = True, log: Log | None = None) -> Index:
    """Open the index, building it first when it is missing.

    An index made with other settings is rebuilt here only when it is private to
    this machine; with a shared Chroma server a reader must not pull the index
    from under other processes, so it says what to run instead.
    """
    log = log or (lambda line: print(line, file=sys.stderr))
    target = settings.index_path
    recover_quietly(target, settings)
    rebuild = False
    if index_exists(target):
        try:
            index = open_settings_index(settings, embedder)
        except IndexMismatch as exc:
            if settings.chroma_url:
                raise IndexMismatch(f"{exc}; run `python ingest.py --rebuild` to rebuild it") from None
            # otherwise ingest() says so and rebuilds
        else:
            if index.is_empty() or index.vector_count() >= index.chunk_count():
                return index
            log(f"the vector store holds {index.vector_count()} of {index.chunk_count()} chunks "
                "(a new or wiped Chroma server?): rebuilding")
            index.close()
            rebuild = True
    else:
        log(f"no index at {target} yet: building it from {settings.corpus_dir} (once; later starts reuse it)")
    report = ingest(settings, embedder, rebuild=rebuild, progress=progress, log=log)
    log(report.summary())
    release_free_memory()  # embedding the corpus left ~100 MB of freed heap behind
    return open_settings_index(settings, embedder)
