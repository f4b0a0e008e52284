"""Texts of the story feature: key -> (English, Swedish, Simplified Chinese)."""

TEXTS: dict[str, tuple[str, str, str]] = {
    "nav.story": ("Story", "Berättelse", "故事模式"),
}
