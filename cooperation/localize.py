"""Data text in the chosen language where the data has it (title_sv/en/zh, name_zh), else as written."""

from __future__ import annotations

import pandas as pd

from cooperation.dataset import Dataset


def _translated(frame: pd.DataFrame, column: str, translation: str) -> pd.Series:
    if translation not in frame:
        return frame[column]
    other = frame[translation]
    usable = other.notna() & (other.astype("string").str.strip() != "")
    return other.where(usable, frame[column])


def name_map(dataset: Dataset, lang: str) -> dict[str, str]:
    """Organisation and place names -> their name in `lang`, where the data gives one."""
    mapping: dict[str, str] = {}
    column = f"name_{lang}"
    for kind in ("place", "organisation"):
        frame = dataset.frame(kind)
        if column in frame and len(frame):
            for name, translated in zip(frame["name"], _translated(frame, "name", column), strict=True):
                if isinstance(name, str) and isinstance(translated, str) and translated != name:
                    mapping[name] = translated
    return mapping


def localize_dataset(dataset: Dataset, lang: str) -> Dataset:
    """The dataset with organisations and places named in `lang` where known (names are keys: all change)."""
    mapping = name_map(dataset, lang)
    if not mapping:
        return dataset
    frames = dict(dataset.frames)
    for kind in ("organisation", "place"):
        if kind in frames:
            frame = frames[kind].copy()
            frame["name"] = frame["name"].map(lambda n: mapping.get(n, n))
            if "city" in frame:
                frame["city"] = frame["city"].map(lambda c: mapping.get(c, c) if isinstance(c, str) else c)
            frames[kind] = frame
    return Dataset(frames, dataset.problems)


def localize_events(events: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Events with titles in `lang` where the data has them and party and city names translated."""
    out = events.copy()
    title_column = f"title_{lang}"
    if title_column in out:
        out["title"] = _translated(out, "title", title_column).astype(str)
    mapping = name_map(dataset, lang)
    if mapping:
        def rename(parties: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(mapping.get(p, p) for p in parties)

        for column in ("dalarna_parties", "hubei_parties", "parties"):
            out[column] = pd.Series([rename(p) for p in out[column]], index=out.index, dtype=object)
        out["city"] = out["city"].map(lambda c: mapping.get(c, c) if isinstance(c, str) else c)
    return out


__all__ = ["localize_dataset", "localize_events", "name_map"]
