"""The assistant's own errors: one base, so an entry point catches `AssistantError` and says
what to do, instead of listing every class.

Not here: what each error means (each is defined beside the code that raises it).
"""

from __future__ import annotations


class AssistantError(Exception):
    """A failure the user can act on; its message says how."""


class ConfigError(AssistantError, ValueError):
    """A setting (flag or ASSISTANT_* variable) that cannot be used."""
