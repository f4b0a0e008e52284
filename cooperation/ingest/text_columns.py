"""A column of text as arrow holds it: its values' byte lengths, its distinct values and their codes, a column made from
them, and empty text made missing, each without a copy of the text where it can be."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cooperation.cells import arrow_text

# How a converter reports a refused value: report(row, value, key, **params).
Report = Callable[..., None]


def byte_lengths(values: pd.Series) -> np.ndarray | None:
    """The UTF-8 length of each value of an arrow text column (-1 where missing), read from its offsets without a
    copy of the text; None for a column that is not arrow text."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    arrow = arrow_text(values)
    if not isinstance(arrow, pa.ChunkedArray) or not pa.types.is_large_string(arrow.type):
        return None
    parts = []
    for chunk in arrow.chunks:
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1] \
            if len(chunk) else np.zeros(1, dtype=np.int64)
        lengths = np.diff(offsets)
        if chunk.null_count:
            lengths = np.where(chunk.is_valid().to_numpy(zero_copy_only=False), lengths, -1)
        parts.append(lengths)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def factorized(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes of the column's distinct values (text, "" for an empty cell; -1 for a missing one) and the values
    themselves, in the order they first appear."""
    arrow = arrow_text(values)
    if isinstance(arrow, pa.ChunkedArray) and arrow.num_chunks and pa.types.is_large_string(arrow.type):
        encoded = pc.dictionary_encode(arrow)  # one dictionary for every chunk
        codes = np.concatenate([np.asarray(chunk.indices.to_numpy(zero_copy_only=False) if not chunk.null_count
                                           else chunk.indices.fill_null(-1).to_numpy(), dtype=np.int64)
                                for chunk in encoded.chunks])
        return codes, encoded.chunks[0].dictionary.to_pylist()
    codes, uniques = pd.factorize(values)
    return codes, uniques.to_numpy(dtype=object).tolist()


def taken(texts: list[str | None], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A text column: the text of each row's code (None: missing)."""
    table = pa.array(texts, type=pa.large_string())
    taken = table.take(pa.array(codes, mask=codes < 0)) if len(codes) else table.slice(0, 0)
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([taken])), index=index)


def empty_as_missing(values: pd.Series, present: np.ndarray) -> pd.Series:
    """values.where(present): empty text becomes missing. For arrow text, only a validity bitmap is made: the
    offsets and bytes are the column's own (empty values take no bytes, so nothing else changes)."""
    arrow = arrow_text(values)
    if not isinstance(arrow, pa.ChunkedArray) or any(c.null_count or c.offset or not pa.types.is_large_string(c.type)
                                                     for c in arrow.chunks):
        return values.where(present)
    chunks, start = [], 0
    for chunk in arrow.chunks:
        valid = pa.array(present[start:start + len(chunk)], type=pa.bool_())
        start += len(chunk)
        chunks.append(pa.LargeStringArray.from_buffers(len(chunk), chunk.buffers()[1], chunk.buffers()[2],
                                                       valid.buffers()[1], len(chunk) - int(valid.true_count)))
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string())),
                     index=values.index)


def rows_with(index: pd.Index, codes: np.ndarray, chosen: dict[int, object]) -> list[tuple[int, int]]:
    """(row, code) of the rows whose code is one of `chosen`'s, in row order."""
    if not chosen:
        return []
    hit = np.isin(codes, np.fromiter(chosen, dtype=np.int64, count=len(chosen)))
    return list(zip(index[hit].tolist(), codes[hit].tolist(), strict=True))


__all__ = ["Report", "byte_lengths", "empty_as_missing", "factorized", "rows_with", "taken"]
