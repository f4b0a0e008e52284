"""Every text the app writes, by key. English only for now; languages add a dict each."""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # frame and navigation
        "app.title": "Dalarna–Hubei cooperation",
        "app.subtitle": "What Dalarna (Borlänge, Falun, …) and Hubei (Wuhan) have done together since 2000",
        "nav.overview": "Overview",
        "nav.timeline": "Timeline",
        "nav.map": "Map",
        "nav.network": "Network",
        "nav.data": "Data",
        # sidebar filters
        "filters.header": "Filters",
        "filters.period": "Period",
        "filters.kinds": "Kinds",
        "filters.sectors": "Sectors",
        "filters.sectors_help": "Leave empty to include every sector.",
        "filters.party": "Party search",
        "filters.party_help": "Part of an organisation's name, e.g. Borlänge or Wuhan.",
        "filters.reset": "Reset filters",
        "filters.share": "The address bar holds these filters: copy it to share this view.",
        "filters.showing": "Showing {shown} of {total} records.",
        # kinds and values
        "kind.agreement": "Agreement",
        "kind.visit": "Visit",
        "kind.deal": "Deal",
        "kind.milestone": "Other",
        "kind.organisation": "Organisation",
        "kind.place": "Place",
        "side.dalarna": "Dalarna",
        "side.hubei": "Hubei",
        "side.other": "Other",
        "precision.day": "day",
        "precision.month": "month only",
        "precision.year": "year only",
        "confidence.high": "high",
        "confidence.medium": "medium",
        "confidence.low": "low",
        "confidence.none": "not stated",
        "direction.to_dalarna": "to Dalarna",
        "direction.to_hubei": "to Hubei",
        # data notices
        "data.empty": "No records are stored yet. Analysts can add data; until then there is nothing to show.",
        "data.none_match": "No records match the filters. Widen the period or clear the search.",
        "data.load_problems": "{count} problems were found in the stored files; affected rows are left out.",
        "data.unsourced": "unsourced",
        "data.sources": "Sources",
        "data.source": "Source",
        "data.no_source": "No source given",
        "data.attribution": "Map outlines: Natural Earth (public domain).",
        # overview
        "overview.title": "Overview",
        "overview.kpi.agreements": "Agreements",
        "overview.kpi.agreements_caption": "signed or renewed in {first}–{last}",
        "overview.kpi.agreements_help": "Agreements signed or renewed in the period.",
        "overview.kpi.active": "In force",
        "overview.kpi.active_caption": "at the end of {year}",
        "overview.kpi.active_help": "Agreements signed before the end of the period and not recorded as ended by then. "
        "{open} of them have no recorded end date.",
        "overview.kpi.visits": "Visits",
        "overview.kpi.visits_value": "{to_dalarna} to Dalarna · {to_hubei} to Hubei",
        "overview.kpi.deals": "Deals",
        "overview.kpi.deal_value": "Known value: {value}",
        "overview.kpi.deal_value_unknown": "No value published",
        "overview.kpi.sourced": "Sourced",
        "overview.state": "State of the partnership",
        "overview.state.ended": "The partnership has ended: {decision_title} ({decision_date}); {end_title} ({end_date}).",
        "overview.state.phasing_out": "Being phased out since {decision_date}: {decision_title}.",
        "overview.state.active": "Active: the latest recorded event is from {latest}.",
        "overview.state.first_last": "Recorded from {first} to {last}: {count} events.",
        "overview.latest": "Latest events",
        "overview.latest_caption": "The most recent records in the filtered view, each with its source.",
        "overview.by_year": "Records per year",
        "overview.by_year_summary": "{count} records from {first} to {last}; the busiest year was {peak_year} with {peak_count}.",
        # timeline
        "timeline.title": "Timeline",
        "timeline.caption": "Dots are events known to the day. Bars show dates known only to the month or year "
        "(drawn across the whole period they may mean) and things that last: projects and agreements in force.",
        "timeline.axis.date": "Date",
        "timeline.axis.kind": "Kind",
        "timeline.legend.span": "{kind} (period)",
        "timeline.phase_out": "Phase-out",
        "timeline.summary": "{count} events from {first} to {last}: {breakdown}.",
        "timeline.table": "Table view",
        # map
        "map.title": "Map",
        "map.caption": "Arcs join the parties of each record; wider arcs carry more records.",
        "map.unplaced": "Not on the map (no known position): {names}",
        "map.summary": "{places} places, {arcs} links between Dalarna and Hubei carrying {records} records.",
        "map.tooltip.records": "records",
        "map.table": "Links as a table",
        # network
        "network.title": "Network",
        "network.caption": "Organisations are nodes (colour: side, size: number of links); records are edges (colour: kind). "
        "Click a node to see its records.",
        "network.centrality": "Centrality",
        "network.degree": "Degree",
        "network.betweenness": "Betweenness",
        "network.selected": "Records of {name}",
        "network.click_hint": "Click a node in the graph to list its records here.",
        "network.summary": "{nodes} organisations and {edges} links; the most connected is {top} ({degree} links).",
        "network.empty": "No organisations to draw.",
        # data table
        "data.title": "Data",
        "data.caption": "Every record with its source, confidence and date precision. Download what is filtered.",
        "data.search": "Search the table",
        "data.download": "Download {kind} (CSV, rows: {count})",
        "data.rows": "Rows: {count}",
        # columns shown to users
        "col.date": "Date",
        "col.end_date": "End",
        "col.precision": "Date precision",
        "col.kind": "Kind",
        "col.title": "Title",
        "col.parties": "Parties",
        "col.dalarna_party": "Dalarna party",
        "col.hubei_party": "Hubei party",
        "col.source": "Source",
        "col.source_link": "Link",
        "col.confidence": "Confidence",
        "col.sector": "Sector",
        "col.status": "Status",
        "col.description": "Description",
        "col.organisation": "Organisation",
        "col.side": "Side",
        "col.records": "Records",
        "col.from": "From",
        "col.to": "To",
        # ingest problems
        "problem.at": "{file}, row {row}, column {column}: “{value}” {reason}",
        "problem.at_column": "{file}, column {column}: {reason}",
        "problem.at_file": "{file}: {reason}",
        "problem.at_row": "{file}, row {row}: {reason}",
        "problem.empty_file": "the file is empty.",
        "problem.too_large": "the file is larger than the limit of {limit}.",
        "problem.too_many_rows": "the file has more than {limit} rows.",
        "problem.binary": "the file is not text (it looks like a binary file).",
        "problem.undecodable": "the file's text encoding could not be recognised.",
        "problem.unparsable": "the file could not be read as CSV: {detail}",
        "problem.no_header": "the file has no header row.",
        "problem.unknown_kind": "the kind of records could not be recognised from the file name or its columns.",
        "problem.missing_column": "the required column is missing.",
        "problem.duplicate_column": "the column appears more than once.",
        "problem.extra_values": "the row has values beyond the header's last column (“{extra}”); "
        "a value that contains the delimiter must be in quotes.",
        "problem.duplicate_id": "is already the id of row {first}; ids must be unique.",
        "problem.unknown_column": "this column is not part of the {kind} format and is ignored.",
        "problem.required": "is empty, but this column is required.",
        "problem.date_format": "is not a date; write YYYY-MM-DD, YYYY-MM or YYYY.",
        "problem.date_impossible": "is not a real date.",
        "problem.date_excel_serial": "looks like an Excel serial number, not a date; format the column as text YYYY-MM-DD.",
        "problem.date_ambiguous": "could be day/month or month/day; write YYYY-MM-DD.",
        "problem.date_too_early": "is before 2000, earlier than this partnership.",
        "problem.date_future": "is in the future.",
        "problem.end_before_start": "ends before it starts.",
        "problem.not_a_number": "is not a number.",
        "problem.number_ambiguous": "is ambiguous (thousands separator or decimal mark?); write it without thousands separators.",
        "problem.not_whole": "is not a whole number.",
        "problem.below_minimum": "is below the minimum {minimum}.",
        "problem.above_maximum": "is above the maximum {maximum}.",
        "problem.not_allowed": "is not one of the allowed values: {allowed}.",
        "problem.currency_missing": "a value needs a currency (SEK, CNY, EUR or USD).",
    }
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """Return the text for `key` in `lang` (falling back to English), with `params` filled in."""
    table = MESSAGES.get(lang, MESSAGES[DEFAULT_LANGUAGE])
    text = table.get(key) or MESSAGES[DEFAULT_LANGUAGE][key]
    return text.format(**params) if params else text


__all__ = ["DEFAULT_LANGUAGE", "MESSAGES", "t"]
