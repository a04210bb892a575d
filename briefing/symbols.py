"""The old name of the citation finder, kept so that code written against it still imports.

The finder is ``briefing.citations`` (cut by stage: grammar, find, resolve, pinpoints, CLI);
import from there. This module only re-exports its public names.
"""
from .citations import (  # noqa: F401
    KINDS, RULES_OF_PROCEDURE, UNDOCS, Context, Mention, Pinpoint, canonical, detect_context,
    find_mentions, kind_of, slug, undocs_url,
)
from .citations.cli import main  # noqa: F401
