"""Whose a document is: everyone's (the corpus and the shared library) or one learner's own.

With accounts, a learner's uploads live in `libraries/<name>/` beside the shared folders and
are indexed into the same index as "libraries/<name>/<file>". A reader sees the shared
documents and their own: answers, interviews, topics and the Library never show them
another learner's. Without accounts the reader is None, who owns nothing, so every shared
document is seen exactly as before.

Not here: where the folders are (config.py), filtering the index (live_index.py).
"""

from __future__ import annotations

from collections.abc import Iterable

PRIVATE_ROOT = "libraries"  # the folder (and source prefix) of the learners' own libraries


def owner_of(source: str) -> str | None:
    """The learner a document belongs to, or None for a shared one."""
    if not source.startswith(f"{PRIVATE_ROOT}/"):
        return None
    owner, _, rest = source[len(PRIVATE_ROOT) + 1:].partition("/")
    return owner if rest else ""  # "libraries/x.md" (no owner folder) is nobody's to read


def visible_to(source: str, reader: str | None) -> bool:
    owner = owner_of(source)
    return owner is None or (reader is not None and owner == reader)


def hidden_from(reader: str | None, sources: Iterable[str]) -> tuple[str, ...]:
    """The sources `reader` may not see (sorted)."""
    return tuple(sorted(s for s in sources if not visible_to(s, reader)))
