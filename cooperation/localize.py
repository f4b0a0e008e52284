"""Data text in the chosen language where the data has it (title_sv/en/zh, name_zh), else as written."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
            frame["name_as_written"] = frame["name"]  # still found by it (the map's fallback places are named so)
            frame["name"] = frame["name"].map(lambda n: mapping.get(n, n))
            if "city" in frame:
                frame["city"] = frame["city"].map(lambda c: mapping.get(c, c) if isinstance(c, str) else c)
            frames[kind] = frame
    return Dataset(frames, dataset.problems)


def localize_events(events: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Events with titles in `lang` where the data has them and party and city names translated.

    A column that nothing changes is the events' own (not a copy), and a changed one is built per distinct value:
    a million events name a few thousand parties and have a few thousand translated titles, and a localised copy
    then costs only the columns it changes.
    """
    out = events.copy(deep=False)
    title_column = f"title_{lang}"
    if title_column in out and "title" in out:
        out["title"] = _localized_titles(out["title"], out[title_column])
    mapping = name_map(dataset, lang)
    if mapping:
        def rename(parties: object) -> object:
            return tuple(mapping.get(p, p) for p in parties) if isinstance(parties, tuple | list) else parties

        for column in ("dalarna_parties", "hubei_parties", "parties"):
            if column in out:
                out[column] = _per_distinct(out[column], rename)
        if "city" in out:  # the names' type inferred, as Series.map does (text: str)
            out["city"] = _per_distinct(out["city"], lambda c: mapping.get(c, c) if isinstance(c, str) else c, None)
    return out


def _usable(values: np.ndarray) -> np.ndarray:
    """True for text that is not blank, per value."""
    return np.fromiter((isinstance(v, str) and v.strip() != "" for v in values), dtype=bool, count=len(values))


_CHUNK_ROWS = 1 << 18  # titles are localised this many rows at a time: the temporary columns stay small


def _localized_titles(titles: pd.Series, translations: pd.Series) -> pd.Series:
    """The translation where it is text that is not blank, else the title, as text (the old
    translations.where(usable, titles).astype(str)); `titles` itself where no row has a translation.

    With arrow text the result is made a slice of rows at a time and kept as the slices' chunks (a million rows:
    the new column, 45 MB, and the temporaries of one slice, never a copy of every row beside the result); a slice
    without a translation is the titles' own data.
    """
    arrow_text = isinstance(titles.dtype, pd.StringDtype) and titles.dtype.storage == "pyarrow"
    if not arrow_text:
        codes, uniques = pd.factorize(translations)
        usable = np.append(_usable(np.asarray(uniques, dtype=object)), False)[codes]
        return translations.where(usable, titles).astype(str) if usable.any() else titles.astype(str)
    original = titles.array._pa_array  # noqa: SLF001 (the arrow data of an arrow-backed string column)
    chunks, translated = [], False
    for first in range(0, len(titles), _CHUNK_ROWS):
        part = original.slice(first, _CHUNK_ROWS)
        codes, uniques = pd.factorize(translations.iloc[first:first + _CHUNK_ROWS])  # few distinct translations
        usable_unique = _usable(np.asarray(uniques, dtype=object))
        if usable_unique.any():
            translated = True
            usable = np.append(usable_unique, False)[codes]
            texts = pa.array(np.where(usable_unique, np.asarray(uniques, dtype=object), None), type=original.type)
            part = pc.if_else(pa.array(usable), texts.take(pa.array(np.where(usable, codes, 0))), part)
        chunks.extend(part.chunks)
    if not translated:
        return titles
    return pd.Series(titles.dtype.construct_array_type()(pa.chunked_array(chunks, type=original.type)),
                     index=titles.index, dtype=titles.dtype)


def _per_distinct(values: pd.Series, change: Callable[[object], object], dtype: object = object) -> pd.Series:
    """`values.map(change)` for a column of objects (as `dtype`; None: inferred), changed once per distinct object
    and shared by its rows; `values` itself where nothing changes."""
    objects = values.to_numpy(dtype=object)
    codes, identities = pd.factorize(np.fromiter(map(id, objects), dtype=np.int64, count=len(objects)))
    first = np.zeros(len(identities), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # a row of each distinct object
    distinct = objects[first]
    changed = np.empty(len(distinct), dtype=object)
    changed[:] = [change(v) for v in distinct]
    if all(new is old or (type(new) is type(old) and new == old) for new, old in zip(changed, distinct, strict=True)):
        return values
    return pd.Series(changed[codes], index=values.index, dtype=dtype)


__all__ = ["localize_dataset", "localize_events", "name_map"]
