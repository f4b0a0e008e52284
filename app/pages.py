"""The one list of the dashboard's pages: the frame builds its navigation from it, and the tests, the screenshots
script, the benchmarks and the README's table of views are checked against it.

A page is a file `views/NAME.py` with a function `render(view)` that draws it from the view the frame set up (the
filtered records and the language); the file's last line hands it that view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    """One page: its name (file views/NAME.py, address /NAME), the keys of its title in the navigation and of its
    heading, its icon."""

    name: str
    title_key: str
    heading_key: str
    icon: str

    @property
    def file(self) -> Path:
        return ROOT / "views" / f"{self.name}.py"

    @property
    def script(self) -> str:
        """The page's file relative to the frame (what AppTest.switch_page takes)."""
        return f"views/{self.name}.py"

    @property
    def address(self) -> str:
        """The page's path in a browser: the first page is the app's root."""
        return "" if self is PAGES[0] else self.name


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "nav.overview", "app.title", ":material/dashboard:"),
    PageSpec("timeline", "nav.timeline", "timeline.title", ":material/timeline:"),
    PageSpec("agreements", "nav.agreements", "lives.title", ":material/handshake:"),
    PageSpec("map", "nav.map", "map.title", ":material/public:"),
    PageSpec("network", "nav.network", "network.title", ":material/hub:"),
    PageSpec("data", "nav.data", "data.title", ":material/table:"),
    PageSpec("story", "nav.story", "story.title", ":material/slideshow:"),
    PageSpec("export", "nav.export", "export.title", ":material/download:"),
    PageSpec("upload", "nav.upload", "upload.title", ":material/upload_file:"),
)
STORY = next(page for page in PAGES if page.name == "story")


def page(name: str) -> PageSpec:
    """The page called `name`."""
    return next(p for p in PAGES if p.name == name)


__all__ = ["PAGES", "STORY", "PageSpec", "page"]
