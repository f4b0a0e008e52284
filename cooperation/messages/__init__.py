"""Message tables, one module per area; each maps a key to (English, Swedish, Simplified Chinese)."""

from cooperation.messages import core, export, lives, problems, story, upload, values

MODULES = (core, values, lives, problems, story, export, upload)
