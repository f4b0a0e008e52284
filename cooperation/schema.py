"""The data contract: every kind of file, its columns, types, aliases and allowed values.

This module is the one definition that the loader, the validator, the templates, the README's
column tables and the tests read. Change the contract here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "date", "number", "integer", "choice", "parties", "url"]

PARTY_SEPARATOR = " | "
SOURCE_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """One column of a kind: its name, type, whether required, allowed values and aliases."""

    name: str
    type: ColumnType
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: str | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of record and the CSV file that holds it."""

    name: str
    file: str
    one_row_is: str
    columns: tuple[Column, ...]
    is_event: bool = True

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _col(name: str, type_: ColumnType, help_: str, **kw: object) -> Column:
    return Column(name=name, type=type_, help=help_, aliases=ALIASES.get(name, ()), **kw)  # type: ignore[arg-type]


ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("datum", "startdatum"),
    "end_date": ("slutdatum",),
    "title": ("titel", "rubrik"),
    "dalarna_party": ("dalapart", "part_dalarna", "svensk_part"),
    "hubei_party": ("hubeipart", "part_hubei", "kinesisk_part"),
    "type": ("typ",),
    "sector": ("sektor", "bransch"),
    "status": ("status",),
    "description": ("beskrivning",),
    "direction": ("riktning",),
    "delegation": ("delegation",),
    "host": ("värd",),
    "city": ("stad", "ort"),
    "purpose": ("syfte",),
    "participants": ("deltagare", "antal_deltagare"),
    "value": ("värde", "belopp"),
    "currency": ("valuta",),
    "source": ("källa",),
    "notes": ("anteckningar",),
    "name": ("namn",),
    "side": ("sida",),
    "website": ("webbplats",),
    "confidence": ("säkerhet", "tillförlitlighet"),
    "synthetic": ("syntetisk",),
}

CONFIDENCE_LEVELS = ("high", "medium", "low")


def _common_columns() -> tuple[Column, ...]:
    """Columns every kind takes (the contract's `id`, `source`, `notes`, translated titles)."""
    return (
        _col("id", "text", "Stable key; derived from the row's content when absent."),
        _col(
            "source",
            "text",
            "URL or document reference; several separated by ' | '. "
            "Rows without one are kept but shown as unsourced.",
        ),
        _col(
            "confidence",
            "choice",
            "How sure the source is: high, medium or low (project extension of the contract).",
            choices=CONFIDENCE_LEVELS,
        ),
        _col(
            "low_confidence_source",
            "text",
            "Sources of low confidence (unofficial copies, mirrors), separated by ' | ': kept with the record and "
            "shown on the Data page, never cited on the overview, in story mode or in the briefing.",
        ),
        _col("notes", "text", "Free notes, e.g. why a year is inferred."),
        _col(
            "synthetic",
            "choice",
            "'yes' on generated rows (tests and benchmarks only); the dashboard announces them on every page.",
            choices=("yes", "no"),
        ),
        _col("title_sv", "text", "Title in Swedish."),
        _col("title_en", "text", "Title in English."),
        _col("title_zh", "text", "Title in Simplified Chinese."),
    )


AGREEMENT = Kind(
    name="agreement",
    file="agreements.csv",
    one_row_is="an agreement, memorandum or twin-city accord signed (or renewed) between "
    "parties of the two regions",
    columns=(
        _col("date", "date", "When it was signed: YYYY-MM-DD, YYYY-MM or YYYY.", required=True),
        _col("title", "text", "Short title.", required=True),
        _col("dalarna_party", "parties", "Party or parties in Dalarna, separated by ' | '.", required=True),
        _col("hubei_party", "parties", "Party or parties in Hubei, separated by ' | '.", required=True),
        _col(
            "type",
            "choice",
            "Kind of agreement.",
            choices=("twin_city", "cooperation", "memorandum", "commercial", "academic", "other"),
        ),
        _col("sector", "text", "Field, e.g. business, education, public administration."),
        _col(
            "status",
            "choice",
            "State of the agreement.",
            choices=("signed", "renewed", "active", "expired", "planned"),
            default="signed",
        ),
        _col("end_date", "date", "When it ended or ends, if known."),
        _col("description", "text", "What it is about."),
        *_common_columns(),
    ),
)

VISIT = Kind(
    name="visit",
    file="visits.csv",
    one_row_is="a delegation visiting the other region",
    columns=(
        _col("date", "date", "First day of the visit: YYYY-MM-DD, YYYY-MM or YYYY.", required=True),
        _col("end_date", "date", "Last day of the visit, if longer than a day."),
        _col(
            "direction",
            "choice",
            "Where the delegation went.",
            required=True,
            choices=("to_dalarna", "to_hubei"),
        ),
        _col("delegation", "parties", "Who travelled, separated by ' | '.", required=True),
        _col("host", "parties", "Who received them, separated by ' | '."),
        _col("city", "text", "Where the visit took place.", required=True),
        _col("purpose", "text", "Why they came."),
        _col("participants", "integer", "Number of people, a whole number >= 0.", minimum=0),
        _col("description", "text", "What happened."),
        *_common_columns(),
    ),
)

DEAL = Kind(
    name="deal",
    file="deals.csv",
    one_row_is="a business deal, contract or ongoing business between companies or organisations",
    columns=(
        _col("date", "date", "When it was announced or signed: YYYY-MM-DD, YYYY-MM or YYYY.", required=True),
        _col("title", "text", "Short title.", required=True),
        _col("dalarna_party", "parties", "Party or parties in Dalarna, separated by ' | '.", required=True),
        _col("hubei_party", "parties", "Party or parties in Hubei, separated by ' | '.", required=True),
        _col("sector", "text", "Field, e.g. energy, rail, cleantech."),
        _col("value", "number", "Value of the deal, a number >= 0.", minimum=0),
        _col(
            "currency",
            "choice",
            "ISO 4217 code; required when value is given.",
            choices=("SEK", "CNY", "EUR", "USD"),
        ),
        _col(
            "status",
            "choice",
            "State of the deal.",
            choices=("announced", "signed", "ongoing", "completed", "cancelled"),
        ),
        _col("description", "text", "What it is about."),
        *_common_columns(),
    ),
)

MILESTONE = Kind(
    name="milestone",
    file="milestones.csv",
    one_row_is="another dated event of the partnership: an office opened, a project run, "
    "a decision or an ending (project extension of the contract: the timeline's 'other')",
    columns=(
        _col("date", "date", "When it happened or began: YYYY-MM-DD, YYYY-MM or YYYY.", required=True),
        _col("end_date", "date", "When it ended, for things that last."),
        _col("title", "text", "Short title.", required=True),
        _col(
            "category",
            "choice",
            "What kind of event: an office or institute opened, a project, a funding decision, a decision on the "
            "partnership's course (e.g. to phase it out), its termination, a change of an organisation, other.",
            choices=("office", "project", "funding", "decision", "termination", "organisation", "other"),
            default="other",
        ),
        _col("dalarna_party", "parties", "Party or parties in Dalarna, separated by ' | '."),
        _col("hubei_party", "parties", "Party or parties in Hubei, separated by ' | '."),
        _col("city", "text", "Where it happened, if one place."),
        _col("sector", "text", "Field, e.g. youth, democracy, business."),
        _col("description", "text", "What happened."),
        *_common_columns(),
    ),
)

ORGANISATION = Kind(
    name="organisation",
    file="organisations.csv",
    one_row_is="a party: its side, type, city and position",
    is_event=False,
    columns=(
        _col("name", "text", "Name exactly as written in the event files.", required=True),
        _col("side", "choice", "Which region it belongs to.", required=True, choices=("dalarna", "hubei", "other")),
        _col(
            "type",
            "choice",
            "What kind of organisation.",
            choices=("government", "company", "university", "foundation", "agency", "other"),
        ),
        _col("city", "text", "City; used to place it on the map when lat/lon are empty."),
        _col("part_of", "text", "The organisation this one is part of (its name as written), e.g. a municipality's "
             "office or a city's bureau: an agreement of the whole is followed in the records of its parts."),
        _col("lat", "number", "Latitude, WGS84 decimal degrees.", minimum=-90, maximum=90),
        _col("lon", "number", "Longitude, WGS84 decimal degrees.", minimum=-180, maximum=180),
        _col("name_sv", "text", "Name in Swedish, where it differs from `name`."),
        _col("name_en", "text", "Name in English, where it differs from `name`."),
        _col("name_zh", "text", "Name in Simplified Chinese, where an established rendering exists."),
        _col("website", "url", "Web site."),
        *_common_columns(),
    ),
)

PLACE = Kind(
    name="place",
    file="places.csv",
    one_row_is="a town or city with its coordinates",
    is_event=False,
    columns=(
        _col("name", "text", "Name of the town or city.", required=True),
        _col("region", "text", "Region, e.g. Dalarna or Hubei.", required=True),
        _col("country", "text", "Country.", required=True),
        _col("lat", "number", "Latitude, WGS84 decimal degrees.", required=True, minimum=-90, maximum=90),
        _col("lon", "number", "Longitude, WGS84 decimal degrees.", required=True, minimum=-180, maximum=180),
        _col("name_sv", "text", "Name in Swedish, where it differs from `name`."),
        _col("name_en", "text", "Name in English, where it differs from `name`."),
        _col("name_zh", "text", "Name in Simplified Chinese, where an established rendering exists."),
        *_common_columns(),
    ),
)

KINDS: dict[str, Kind] = {k.name: k for k in (AGREEMENT, VISIT, DEAL, MILESTONE, ORGANISATION, PLACE)}
EVENT_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS.values() if k.is_event)


def kind_for_file(filename: str) -> Kind | None:
    """Return the kind whose file name matches `filename` (case-insensitive), if any."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for kind in KINDS.values():
        if base == kind.file or base.startswith(kind.file.removesuffix(".csv")):
            return kind
    return None


def header_lookup(kind: Kind) -> dict[str, str]:
    """Map every accepted header spelling (name and aliases, lower-case) to the column name."""
    lookup: dict[str, str] = {}
    for column in kind.columns:
        lookup[column.name] = column.name
        for alias in column.aliases:
            lookup.setdefault(alias, column.name)
    return lookup


def column_table_markdown(kind: Kind) -> str:
    """The README's column table for one kind, generated from the schema."""
    lines = [
        "| column | required | type | allowed values | Swedish aliases | meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in kind.columns:
        allowed = ", ".join(c.choices)
        if c.minimum is not None or c.maximum is not None:
            low = "" if c.minimum is None else f">= {c.minimum:g}"
            high = "" if c.maximum is None else f"<= {c.maximum:g}"
            allowed = " and ".join(x for x in (low, high) if x)
        lines.append(
            f"| `{c.name}` | {'yes' if c.required else ''} | {c.type} | {allowed} | "
            f"{', '.join(c.aliases)} | {c.help} |"
        )
    return "\n".join(lines)


def template_csv(kind: Kind) -> str:
    """An empty CSV template (header row only) for one kind."""
    return ",".join(kind.column_names) + "\n"


__all__ = [
    "ALIASES",
    "CONFIDENCE_LEVELS",
    "EVENT_KINDS",
    "KINDS",
    "PARTY_SEPARATOR",
    "SOURCE_SEPARATOR",
    "Column",
    "Kind",
    "column_table_markdown",
    "header_lookup",
    "kind_for_file",
    "template_csv",
]
