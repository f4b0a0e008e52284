"""Texts of the export feature: key -> (English, Swedish, Simplified Chinese)."""

TEXTS: dict[str, tuple[str, str, str]] = {
    "nav.export": ("Export", "Export", "导出"),
}
