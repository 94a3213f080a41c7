"""The learner's document library: what is indexed, adding files, removing them, rebuilding.

An added file is checked by the same rules as `ingest.py` (type, size, readable, has
text, the per-document budget) and against the library's quota *before* it is kept, so
a bad file changes nothing; a good one is copied into settings.library_dir (which the
web app never serves) and indexed incrementally beside the corpus, from the copy the
check read (it is not parsed twice). Every later `ingest.py` run keeps it, since the
index mirrors both folders.

With accounts, each learner has a library of their own (`libraries/<name>/`): their uploads
are cited in their answers only, count against their own quota, and only they can remove
them; the shared library (`library/`) and the corpus are managed by an admin, who alone may
rebuild the index. Without accounts there is one library, the shared one, as before.

Not here: how files are read (corpus.py) or indexed (ingestion.py).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .corpus import UnreadableDocument, discover, file_sha256, precheck
from .embeddings import Embedder
from .ingestion import IngestReport, Progress, ingest
from .live_index import LiveIndex
from .memory import release_free_memory
from .ownership import visible_to
from .preparing import Prepared, prepare_document


@dataclass(frozen=True)
class Entry:
    source: str
    title: str
    chunks: int
    ingested_at: float
    removable: bool  # the learner's own files; the shipped corpus is changed in its folder


@dataclass
class Outcome:
    """What an action did, in lines a learner reads."""

    lines: list[str]
    report: IngestReport | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def safe_name(name: str) -> str:
    """A plain file name for an upload: no folders, no hidden files, no odd characters
    (letters of any script are kept: "模型部署.md" stays itself)."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = re.sub(r"[^\w.() -]+", "_", stem).strip(" ._") or "document"
    return f"{stem[:80]}{suffix.lower()}"


def free_name(folder: Path, name: str, content: Path) -> str:
    """`name`, or `name-2`, `name-3`… if a different file already has it (same content: the same name)."""
    stem, suffix = os.path.splitext(name)
    digest = file_sha256(content)
    for number in range(1, 1000):
        candidate = name if number == 1 else f"{stem}-{number}{suffix}"
        existing = folder / candidate
        if not existing.exists() or file_sha256(existing) == digest:
            return candidate
    raise UnreadableDocument(f"too many files named {name} in the library")


class Library:
    """The documents `owner` may change: theirs (a learner with accounts), or the shared library
    (owner None: the app without accounts, or an admin). `live`: the index as they see it."""

    def __init__(self, live: LiveIndex, log: Callable[[str], None] | None = None, owner: str | None = None) -> None:
        self.live = live
        self.settings = live.settings
        self.owner = owner
        self._log = log or (lambda line: None)
        self.root = self.settings.library_dir if owner is None else self.settings.libraries_dir
        self.folder = self.root if owner is None else self.root / owner
        for leftover in self.folder.glob(".upload-*"):  # from an app killed mid-upload
            leftover.unlink(missing_ok=True)

    @property
    def _prefix(self) -> str:
        return f"{self.folder.relative_to(self.root.parent).as_posix()}/"

    @property
    def may_rebuild(self) -> bool:
        """Only whoever manages the shared corpus rebuilds the index everyone reads."""
        return self.owner is None

    def entries(self) -> list[Entry]:
        self.live.reopen_if_replaced()
        docs = self.live.documents().values()
        return sorted((Entry(d.source, d.title, d.chunks, d.ingested_at, d.source.startswith(self._prefix))
                       for d in docs), key=lambda e: (not e.removable, e.source))

    def add(self, files: Sequence[tuple[Path, str]], on_progress: Progress | None = None) -> Outcome:
        """Add uploaded files, each given as (where it is now, the name it was uploaded with)."""
        lines: list[str] = []
        kept: dict[str, Prepared] = {}  # by source: read once, by the check
        library = self.folder
        library.mkdir(parents=True, exist_ok=True)
        for path, name in files:
            name = safe_name(name)
            try:
                # Hidden while it is checked: ingestion ignores it until it is renamed.
                staged = library / f".upload-{time.time_ns()}{Path(name).suffix}"
                try:
                    shutil.copyfile(path, staged)
                    precheck(staged, self.settings.max_file_bytes)
                    name = free_name(library, name, staged)
                    check_room(library, staged, name, self.settings)
                    ready = _check(staged, self.root, library / name, self.settings, self.live.embedder)
                    staged.replace(library / name)
                except FileNotFoundError as exc:
                    if exc.filename == str(path):  # the same upload, already taken in by another visitor
                        raise UnreadableDocument("the upload is gone; please upload it again") from None
                    raise
                finally:
                    staged.unlink(missing_ok=True)  # only there if something above failed
                kept[ready.document.source] = ready
            except UnreadableDocument as exc:
                lines.append(f"skipped {name}: {exc} (nothing was changed for it)")
            except OSError as exc:  # the library folder itself: full disk, permissions
                lines.append(f"skipped {name}: it could not be saved in {library} ({exc.strerror})")
        if not kept:
            return Outcome(lines or ["no file was given"])
        try:
            report = self._update(on_progress=on_progress, prepared=kept)
        except Exception as exc:  # the index is as it was; the file waits in the library
            return Outcome([f"the index could not be updated ({type(exc).__name__}: {exc}); your file is "
                            f"saved in {library} and will be indexed by the next update or rebuild"] + lines)
        return Outcome(self._describe(report) + lines, report)

    def remove(self, source: str) -> Outcome:
        if not source:
            return Outcome(["choose a document to remove"])
        if not source.startswith(self._prefix):
            if self.owner is not None:
                return Outcome([f"{source} is not one of your documents: the shared corpus is changed by an admin"])
            return Outcome([f"{source} is part of the shipped corpus: delete it from "
                            f"{self.settings.corpus_dir} and run `python ingest.py` to remove it"])
        library = self.folder.resolve()
        path = (library / source[len(self._prefix):]).resolve()
        if path.parent != library:
            return Outcome([f"{source} is not a document of your library"])
        if path.exists():
            path.unlink()
        try:
            report = self._update()
        except Exception as exc:
            return Outcome([f"{source} is deleted from your library, but the index could not be updated "
                            f"({type(exc).__name__}: {exc}); the next update or rebuild will finish it"])
        return Outcome(self._describe(report), report)

    def rebuild(self, on_progress: Progress | None = None) -> Outcome:
        """Re-index everything from the files; questions wait only while the new index is swapped in."""
        if not self.may_rebuild:
            return Outcome(["only an admin can rebuild the index (it is shared by everyone); your own "
                            "documents are indexed as soon as you add them"])
        try:
            report = self._update(rebuild=True, on_progress=on_progress)
        except Exception as exc:  # the new index is swapped in only once it is complete
            return Outcome([f"the rebuild failed ({type(exc).__name__}: {exc}); the previous index is still in use"])
        lines = [f"rebuilt the index: {len(report.added)} documents, {report.chunks_total} passages "
                 f"({report.seconds:.1f} s)"]
        return Outcome(lines + [f"skipped {s}: {reason}" for s, reason in report.skipped
                                if visible_to(s, self.owner)], report)

    def _update(self, rebuild: bool = False, on_progress: Progress | None = None,
                prepared: dict[str, Prepared] | None = None) -> IngestReport:
        self.live.reopen_if_replaced()  # `ingest.py --rebuild` may have run meanwhile
        report = ingest(self.settings, self.live.embedder, rebuild=rebuild, progress=False, log=self._log,
                        index=None if rebuild else self.live.index, on_progress=on_progress,
                        write_guard=self.live.writing, swap_guard=self.live.replacing, prepared=prepared)
        self.live.changed()
        release_free_memory()
        return report

    def _describe(self, report: IngestReport) -> list[str]:
        """What changed, in the documents this library's owner may see."""
        def mine(sources):
            return [s for s in sources if visible_to(s, self.owner)]

        lines = [f"added {s}" for s in mine(report.added)] + [f"updated {s}" for s in mine(report.updated)]
        lines += [f"removed {s}" for s in mine(report.removed)]
        lines += [f"skipped {s}: {reason}" for s, reason in report.skipped if visible_to(s, self.owner)]
        if not (report.added or report.updated or report.removed):
            lines.append("no document changed (the same content is already indexed)")
        plural = "" if report.chunks_embedded == 1 else "s"
        lines.append(f"{report.chunks_embedded} passage{plural} embedded, {report.chunks_total} in the index "
                     f"({report.seconds:.1f} s)")
        return lines


def check_room(folder: Path, staged: Path, name: str, settings: Settings) -> None:
    """Refuse an upload that would take the library past its quota (UnreadableDocument says how
    full it is). A file it replaces (same name, so same content) does not count twice."""
    others = [p for p in discover(folder) if p != folder / name]  # uploads being checked are hidden
    used, size = sum(p.stat().st_size for p in others), staged.stat().st_size
    if len(others) >= settings.max_library_documents:
        raise UnreadableDocument(f"your library already holds {len(others)} documents, its limit; remove "
                                 "documents you no longer need, then add it again")
    if used + size > settings.max_library_bytes:
        raise UnreadableDocument(f"your library holds {used / 2**20:.1f} MiB and this file is {size / 2**20:.1f} MiB, "
                                 f"together over the library's {settings.max_library_bytes / 2**20:.0f} MiB limit; "
                                 "remove documents you no longer need, then add it again")


def _check(staged: Path, root: Path, name: Path, settings: Settings, embedder: Embedder) -> Prepared:
    """The checks ingestion makes: type, size, readable, has text, within the document budget
    (UnreadableDocument says what is wrong); returns what it read, for ingestion to use.
    `name`: where it is to be kept, below `root`, the folder the index mirrors."""
    try:
        return prepare_document(staged, root, settings, embedder, name=name)
    except UnreadableDocument:
        raise
    except Exception as exc:  # pypdf and friends raise many types for a broken file
        raise UnreadableDocument(f"it could not be read ({type(exc).__name__}: {exc})") from None
