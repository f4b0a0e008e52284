"""The stored records of every kind, and the one events table the views are drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cooperation.dates import parse_partial_date
from cooperation.ingest import Limits, Problem, ingest_bytes
from cooperation.schema import EVENT_KINDS, KINDS, PARTY_SEPARATOR, SOURCE_SEPARATOR

BUNDLED_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

EVENT_COLUMNS = [
    "id", "kind", "subtype", "date", "precision", "start", "end", "span_end", "year", "title",
    "dalarna_parties", "hubei_parties", "parties", "city", "sector", "status", "direction",
    "value", "currency", "description", "source", "confidence", "notes", "title_sv", "title_en", "title_zh",
]


@dataclass
class Dataset:
    """The typed frame of each kind (missing kinds are empty) and the problems met loading them."""

    frames: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)

    def frame(self, kind: str) -> pd.DataFrame:
        """Rows of `kind`, or an empty frame with the kind's columns."""
        found = self.frames.get(kind)
        if found is None:
            return pd.DataFrame(columns=["row", *KINDS[kind].column_names])
        return found

    @property
    def synthetic_rows(self) -> int:
        """How many stored rows are marked synthetic (generated, not real)."""
        return sum(int((frame["synthetic"] == "yes").sum()) for frame in self.frames.values()
                   if "synthetic" in frame and len(frame))

    @property
    def is_empty(self) -> bool:
        return all(self.frame(kind).empty for kind in EVENT_KINDS)


def load_directory(directory: Path, limits: Limits | None = None) -> Dataset:
    """Read every kind's CSV in `directory` through the ingest path; rows with errors are left out."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for kind in KINDS.values():
        path = directory / kind.file
        if not path.exists():
            continue
        result = ingest_bytes(path.read_bytes(), kind.file, kind=kind.name, limits=limits or Limits())
        problems.extend(result.problems)
        bad_rows = {p.row for p in result.errors if p.row is not None}
        frame = result.frame
        frames[kind.name] = frame[~frame["row"].isin(bad_rows)].reset_index(drop=True) if len(frame) else frame
    return Dataset(frames, problems)


def _split(value: object, separator: str = PARTY_SEPARATOR) -> tuple[str, ...]:
    if not isinstance(value, str) or not value.strip():
        return ()
    return tuple(part.strip() for part in value.split(separator.strip()) if part.strip())


def split_sources(value: object) -> tuple[str, ...]:
    """The sources of a record, one per element."""
    return _split(value, SOURCE_SEPARATOR)


def first_url(value: object) -> str | None:
    """The first source that is a web address, if any."""
    for source in split_sources(value):
        if source.startswith(("http://", "https://")):
            return source
    return None


def events_table(dataset: Dataset) -> pd.DataFrame:
    """All dated records of every event kind as one frame with the same columns, oldest first."""
    parts = [_events_of_kind(dataset.frame(kind), kind) for kind in EVENT_KINDS]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty_events()
    events = pd.concat(parts, ignore_index=True)
    return events.sort_values(["start", "kind", "id"], kind="stable").reset_index(drop=True)


def _empty_events() -> pd.DataFrame:
    events = pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS})
    for column in ("start", "end", "span_end"):
        events[column] = pd.Series(dtype="datetime64[ns]")
    events["year"] = pd.Series(dtype="int64")
    events["value"] = pd.Series(dtype="float64")
    return events


def _last_day(value: object) -> object:
    return parse_partial_date(value).end if isinstance(value, str) else None


def _events_of_kind(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    out = pd.DataFrame(index=frame.index)
    out["id"] = frame["id"].astype(str)
    out["kind"] = kind
    dates = frame["date"].map(parse_partial_date)
    out["date"] = frame["date"].astype(str)
    out["precision"] = dates.map(lambda d: d.precision)
    out["start"] = pd.to_datetime(dates.map(lambda d: d.start))
    out["end"] = pd.to_datetime(dates.map(lambda d: d.end))
    end_dates = frame["end_date"] if "end_date" in frame else pd.Series(pd.NA, index=frame.index)
    out["span_end"] = pd.to_datetime(end_dates.map(_last_day))
    out["year"] = out["start"].dt.year.astype("int64")
    if kind == "visit":
        to_hubei = frame["direction"] == "to_hubei"
        dalarna = frame["delegation"].where(to_hubei, frame["host"])
        hubei = frame["host"].where(to_hubei, frame["delegation"])
        purpose = frame["purpose"].fillna("").astype(str)
        out["title"] = [f"{city}: {p}" if p else str(city) for city, p in zip(frame["city"], purpose, strict=True)]
        out["direction"] = frame["direction"].astype(str)
        out["subtype"] = frame["direction"].astype(str)
    else:
        dalarna, hubei = frame["dalarna_party"], frame["hubei_party"]
        out["title"] = frame["title"].astype(str)
        out["direction"] = None
        subtype_column = {"agreement": "type", "deal": "status", "milestone": "category"}[kind]
        out["subtype"] = frame[subtype_column]
    out["dalarna_parties"] = pd.Series([_split(v) for v in dalarna], index=frame.index, dtype=object)
    out["hubei_parties"] = pd.Series([_split(v) for v in hubei], index=frame.index, dtype=object)
    out["parties"] = pd.Series([d + h for d, h in zip(out["dalarna_parties"], out["hubei_parties"], strict=True)],
                               index=frame.index, dtype=object)
    for column in ("city", "sector", "status", "value", "currency", "description", "source", "confidence", "notes",
                   "title_sv", "title_en", "title_zh"):
        out[column] = frame.get(column, None)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out = out[EVENT_COLUMNS]
    return out.astype({c: "object" for c in ("subtype", "city", "sector", "status", "direction", "currency",
                                               "description", "source", "confidence", "notes", "title_sv",
                                               "title_en", "title_zh")})


__all__ = ["BUNDLED_DATA_DIR", "EVENT_COLUMNS", "Dataset", "events_table", "first_url", "load_directory",
           "split_sources"]
