"""The slide a presentation is at, shared by its windows: the projector and the presenter's notes.

Each presentation has an id, carried in both windows' addresses (`?deck=…`). The server keeps, per id, the slide
shown and a version that grows with every change; a window that advances publishes its slide, and every window
polls (a fragment, once a second) and follows when the version has moved on. Nothing leaves the server: both
windows talk to the process that serves them. Only the most recent presentations are kept.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

MAX_PRESENTATIONS = 200
POLL_SECONDS = 1.0
_SEEN_KEY = "_presentation_seen"  # session: the version of the shared slide this window last showed


@dataclass(frozen=True)
class Shared:
    """A presentation's current slide and how many times it has changed."""

    slide: int
    version: int


class Board:
    """The shared slides of the presentations this server runs, safe across sessions' threads."""

    def __init__(self, capacity: int = MAX_PRESENTATIONS) -> None:
        self._slides: OrderedDict[str, Shared] = OrderedDict()
        self._lock = threading.Lock()
        self._capacity = capacity

    def get(self, deck: str) -> Shared | None:
        with self._lock:
            return self._slides.get(deck)

    def publish(self, deck: str, slide: int) -> Shared:
        """Set the presentation's slide; returns it with its new version."""
        with self._lock:
            previous = self._slides.pop(deck, None)
            shared = Shared(slide, (previous.version if previous else 0) + 1)
            self._slides[deck] = shared
            while len(self._slides) > self._capacity:
                self._slides.popitem(last=False)
            return shared


@st.cache_resource(show_spinner=False)
def board() -> Board:
    """The one board of this server process."""
    return Board()


def new_deck_id() -> str:
    """A fresh presentation id, short enough for an address and hard to guess."""
    return secrets.token_urlsafe(6)


def sync_slide(deck: str, local: int) -> int:
    """The slide this window should show: the shared one when another window moved it since this window last
    looked, else this window's own (published, when it differs)."""
    shared = board().get(deck)
    seen = st.session_state.get(_SEEN_KEY)
    if shared is not None and seen != shared.version:
        st.session_state[_SEEN_KEY] = shared.version
        if seen is not None or shared.slide != local:
            return shared.slide
    if shared is None or shared.slide != local:
        st.session_state[_SEEN_KEY] = board().publish(deck, local).version
    return local


def follow(deck: str) -> None:
    """Poll the shared slide while this window is open; rerun the page when another window has moved it."""
    @st.fragment(run_every=POLL_SECONDS)
    def _poll() -> None:
        shared = board().get(deck)
        if shared is not None and shared.version != st.session_state.get(_SEEN_KEY):
            st.rerun()

    _poll()


__all__ = ["Board", "POLL_SECONDS", "Shared", "board", "follow", "new_deck_id", "sync_slide"]
