"""Message tables, one module per area; each maps a key to (English, Swedish, Simplified Chinese)."""

from cooperation.messages import core, export, problems, story, upload, values

MODULES = (core, values, problems, story, export, upload)
