"""The story engine on tiny inline data and on the bundled records: moments, order, headlines, sources."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY, dataset_from

from cooperation.dataset import Dataset, events_table
from cooperation.story import (
    MOMENT_DAYS,
    event_dates,
    events_upto,
    group_moments,
    kinds_summary,
    list_layout,
    second_language,
    slide_records,
    story_slides,
)
from cooperation.story_chart import CHART_TEXT_PX, callout_positions, story_period, story_timeline
from cooperation.story_map import (
    LABEL_PX,
    MAP_HEIGHT_PX,
    MAP_WIDTH_PX,
    MAX_ZOOM,
    focus_view,
    framed,
    moment_places,
    place_labels,
    story_deck,
    world_px,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
EMPTY_OUTLINES = {"type": "FeatureCollection", "features": []}
MILESTONES = "id,date,title,category,dalarna_party,hubei_party,source\n"


def milestones(*rows: str) -> pd.DataFrame:
    """Events from milestone rows 'id,date,title' (Borlänge kommun and Wuhan city as parties)."""
    lines = [f"{row},other,Borlänge kommun,Wuhan city,https://example.org/{row.split(',')[0]}" for row in rows]
    return events_table(dataset_from({"milestone": MILESTONES + "\n".join(lines) + "\n",
                                      "organisation": TINY["organisation"], "place": TINY["place"]}))


def moment_ids(events: pd.DataFrame) -> list[list[str]]:
    return [sorted(events.loc[labels, "id"]) for labels in group_moments(events)]


def slide_with(slides, predicate):
    found = [s for s in slides if any(predicate(e) for e in s.events.itertuples())]
    assert len(found) == 1, [s.date_label for s in found]
    return found[0]


# --- grouping

def test_events_within_sixty_days_of_the_first_form_one_moment() -> None:
    events = milestones("a,2013-06-01,A", "b,2013-07-20,B", "c,2013-08-15,C", "d,2014-01-10,D")
    # b is 49 days after a; c is 75 days after a (though only 26 after b): a new moment, no chaining
    assert moment_ids(events) == [["a", "b"], ["c"], ["d"]]
    assert MOMENT_DAYS == 60


def test_year_only_events_join_the_biggest_dated_moment_of_their_year_else_their_own() -> None:
    events = milestones("early,2013-02-10,Early", "june1,2013-06-01,June 1", "june2,2013-06-13,June 2",
                        "office,2013,Office", "rename,2016,Renaming", "vip,2016,Youth VIP")
    assert moment_ids(events) == [["early"], ["june1", "june2", "office"], ["rename", "vip"]]


def test_slides_are_in_time_order_and_cover_every_event_once(tiny_events: pd.DataFrame) -> None:
    slides = story_slides(tiny_events, "en")
    assert [s.number for s in slides] == list(range(1, len(slides) + 1))
    assert [s.start for s in slides] == sorted(s.start for s in slides)
    ids = [i for s in slides for i in s.ids]
    assert sorted(ids) == sorted(tiny_events["id"]) and len(ids) == len(set(ids))
    for before, after in zip(slides, slides[1:], strict=False):
        assert set(before.upto_ids) < set(after.upto_ids)
        assert after.upto_ids[-len(after.ids):] == after.ids
    assert set(slides[-1].upto_ids) == set(tiny_events["id"])
    assert list(events_upto(tiny_events, slides[1])["id"]) == list(slides[1].upto_ids)


def test_an_empty_store_has_no_slides(tiny: Dataset) -> None:
    assert story_slides(events_table(Dataset({})), "sv") == []


# --- headlines, dates, sources

WEEK = {
    "agreement": """id,date,title,dalarna_party,hubei_party,source,confidence
a1,2013-06,Incubators,Science Park,East Lake,https://example.org/press | https://example.org/a1,medium
a2,2013-06,Twin city renewed,Borlänge kommun,Wuhan city,https://example.org/press,medium
""",
    "visit": """id,date,direction,delegation,host,city,purpose,source
v1,2013-06-13,to_dalarna,Wuhan city | East Lake,Borlänge kommun | Science Park,Borlänge,Signing,https://example.org/press
""",
    "deal": """id,date,title,dalarna_party,hubei_party,source
d1,2013-06,Boilers,Extuna,Local firm,Press release June 2013 | https://example.org/d1
""",
    "organisation": TINY["organisation"],
    "place": TINY["place"],
}


@pytest.fixture
def week() -> pd.DataFrame:
    return events_table(dataset_from(WEEK))


@pytest.mark.parametrize(("lang", "headline", "date"), [
    ("en", "2 agreements, a visit and a deal: Borlänge: Signing", "June 2013"),
    ("sv", "2 avtal, ett besök och en affär: Borlänge: Signing", "juni 2013"),
    ("zh", "2项协议、一次访问和一项商业合作：Borlänge: Signing", "2013年6月"),
])
def test_a_moment_of_several_events_is_summed_up(week: pd.DataFrame, lang: str, headline: str, date: str) -> None:
    (slide,) = story_slides(week, lang)
    assert slide.headline == headline
    assert slide.title == "Borlänge: Signing"  # the most precisely dated event, here the visit, names the moment
    assert slide.main_id == "v1"
    assert slide.date_label == date
    assert slide.ids == ("a1", "a2", "d1", "v1")


def test_sources_are_unique_and_in_the_order_of_the_events(week: pd.DataFrame) -> None:
    (slide,) = story_slides(week, "en")
    assert slide.sources == ("https://example.org/press", "https://example.org/a1", "Press release June 2013",
                             "https://example.org/d1")


@pytest.mark.parametrize(("lang", "summary", "date"), [
    ("en", "An agreement", "2007 (year only)"), ("sv", "Ett avtal", "2007 (endast år)"), ("zh", "一项协议", "2007年")])
def test_a_single_event_is_its_own_headline(tiny_events: pd.DataFrame, lang: str, summary: str, date: str) -> None:
    first = story_slides(tiny_events, lang)[0]
    assert first.headline == first.title == "Twin cities"
    assert first.summary == summary
    assert first.date_label.startswith(date)
    assert first.sources == ("https://example.org/a1",)


def test_kinds_summary_counts_every_kind_in_order() -> None:
    kinds = pd.Series(["milestone", "agreement", "agreement", "deal", "visit", "visit", "visit", "milestone"])
    assert kinds_summary(kinds, "en") == "2 agreements, 3 visits, a deal and 2 other events"
    assert kinds_summary(kinds, "sv") == "2 avtal, 3 besök, en affär och 2 andra händelser"
    assert kinds_summary(kinds, "zh") == "2项协议、3次访问、一项商业合作和2项其他事件"
    assert kinds_summary(pd.Series(["milestone"]), "en") == "Another event"


def test_a_new_record_makes_a_new_slide_and_a_close_one_joins_its_moment() -> None:
    texts = dict(TINY)
    before = story_slides(events_table(dataset_from(texts)), "en")
    texts["milestone"] = TINY["milestone"] + "m3,2022-05-04,,Talks resumed,other,Region Dalarna,,https://x.org/m3\n"
    after = story_slides(events_table(dataset_from(texts)), "en")
    assert len(after) == len(before) + 1
    assert after[-1].headline == "Talks resumed" and after[-1].date_label == "4 May 2022"
    texts["milestone"] += "m4,2022-06-01,,Second round,other,Region Dalarna,,https://x.org/m4\n"
    grown = story_slides(events_table(dataset_from(texts)), "en")
    assert len(grown) == len(after)
    assert grown[-1].ids == ("m3", "m4") and grown[-1].headline == "2 other events: Talks resumed"


# --- the bundled data

def test_the_bundled_story(bundled: Dataset) -> None:
    events = events_table(bundled)
    slides = story_slides(events, "en")
    assert 8 <= len(slides) <= 14
    twin = slide_with(slides, lambda e: e.kind == "agreement" and e.date == "2007")
    sister = slide_with(slides, lambda e: e.kind == "agreement" and e.date == "2011-09")
    june = slide_with(slides, lambda e: e.kind == "agreement" and e.date == "2013-06")
    decision = slide_with(slides, lambda e: e.date == "2019-10-16")
    end = slide_with(slides, lambda e: e.date == "2020-02-19")
    assert twin.number < sister.number < june.number < decision.number < end.number == len(slides)
    assert (june.events["kind"] == "agreement").sum() == 4
    assert june.date_label == "June 2013" and june.headline.startswith("4 agreements, a visit, a deal")
    assert twin.date_label == "2007 (year only)"
    assert sister.date_label == "September 2011 (month only)"
    assert decision.date_label == "16 October 2019" and end.date_label == "19 February 2020"
    visits = [s for s in slides if s.start.year in (2017, 2018) and "visit" in set(s.events["kind"])]
    assert len(visits) >= 2
    for slide in slides:
        assert slide.sources, slide.headline
        assert all(" | " not in source for source in slide.sources)


def test_the_bundled_story_in_chinese_and_swedish(bundled: Dataset) -> None:
    from cooperation.localize import localize_events

    events = events_table(bundled)
    for lang in ("zh", "sv"):
        slides = story_slides(localize_events(events, bundled, lang), lang)
        assert len(slides) == len(story_slides(events, "en"))
        if lang == "zh":
            assert all(CJK.search(s.summary) and CJK.search(s.date_label) for s in slides)
            assert sum(bool(CJK.search(s.title)) for s in slides) >= len(slides) - 1  # the data's Chinese titles
        else:
            assert "juni 2013" in [s.date_label for s in slides]


# --- map and timeline

def test_the_deck_draws_everything_up_to_the_moment_and_rings_the_moment(tiny: Dataset,
                                                                        tiny_events: pd.DataFrame) -> None:
    slides = story_slides(tiny_events, "en")
    slide = slides[1]  # a2, 2013-06-13: Science Park and Borlänge kommun with East Lake
    deck = story_deck(events_upto(tiny_events, slide), slide.events, tiny.frame("organisation"),
                      tiny.frame("place"), "en")
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in spec["layers"]]
    assert {"arcs", "moment-arcs", "moment-places", "labels"} <= set(ids)
    assert ids.index("moment-arcs") < ids.index("labels")
    layer = {layer["id"]: layer for layer in spec["layers"]}
    # Science Park has its own position, Borlänge kommun sits at Borlänge, East Lake has its own
    assert len(layer["moment-arcs"]["data"]) == 2 and len(layer["moment-places"]["data"]) == 3
    assert layer["arcs"]["getSourceColor"][3] < 255  # earlier links are quieter than the moment's
    assert layer["outlines"]["data"].startswith("data:application/json;base64,")  # read without a request
    assert "http" not in json.dumps({k: v for k, v in spec.items() if k != "layers"})  # offline: no basemap URL


def test_a_moment_on_one_side_is_seen_close_up(tiny: Dataset, tiny_events: pd.DataFrame) -> None:
    slides = story_slides(tiny_events, "en")
    decision = next(s for s in slides if "m1" in s.ids)  # Borlänge only
    deck = story_deck(events_upto(tiny_events, decision), decision.events, tiny.frame("organisation"),
                      tiny.frame("place"), "en")
    view = deck.initial_view_state
    assert view.zoom == MAX_ZOOM and abs(view.latitude - 60.49) < 0.5
    both = next(s for s in slides if "m2" in s.ids)  # Borlänge and Wuhan
    deck = story_deck(events_upto(tiny_events, both), both.events, tiny.frame("organisation"), tiny.frame("place"))
    assert deck.initial_view_state.zoom < 2 and 30 < deck.initial_view_state.latitude < 61
    assert focus_view(pd.DataFrame({"name": [], "side": [], "place": [], "lat": [], "lon": []})).zoom > 0


def test_the_timeline_stops_at_the_moment_and_marks_it(tiny_events: pd.DataFrame) -> None:
    slides = story_slides(tiny_events, "en")
    slide = slides[1]
    fig = story_timeline(events_upto(tiny_events, slide), slide.ids, "en", story_period(tiny_events), 300, slide.end)
    marked = [trace for trace in fig.data if trace.name == "This moment"]
    assert sum(len(trace.x) for trace in marked) == len(slide.ids)
    span = [trace for trace in fig.data if trace.mode == "lines"]
    ends = [x for trace in span for x in trace.x if x is not None]
    assert max(pd.Timestamp(x) for x in ends) <= slide.end  # a1 lasts until 2019, but the slide is in 2013
    assert fig.layout.height == 300 and fig.layout.showlegend is False
    first, last = story_period(tiny_events)
    assert pd.Timestamp(fig.layout.xaxis.range[0]) < first and pd.Timestamp(fig.layout.xaxis.range[1]) > last
    assert story_timeline(tiny_events, (), "zh", height=None).layout.height is None


# --- the hall: the map frames the moment, names its places; the timeline labels the moment's events

def bundled_slides(bundled: Dataset, lang: str):
    from cooperation.localize import localize_dataset, localize_events

    events = localize_events(events_table(bundled), bundled, lang)
    dataset = localize_dataset(bundled, lang)
    return events, dataset.frame("organisation"), dataset.frame("place"), story_slides(events, lang)


@pytest.mark.parametrize("lang", ["zh", "sv"])
def test_every_map_frames_its_moment_and_names_its_places_in_the_slides_language(bundled: Dataset,
                                                                                   lang: str) -> None:
    events, organisations, places, slides = bundled_slides(bundled, lang)
    for slide in slides:
        deck = story_deck(events_upto(events, slide), slide.events, organisations, places, lang)
        view = deck.initial_view_state
        centre = world_px(view.latitude, view.longitude, view.zoom)
        located, arcs, points = moment_places(slide.events, organisations, places)
        assert len(points), slide.headline
        # the places and the whole of their links inside a map of the slide's smallest size, rings and all
        for point in framed(located, arcs).itertuples():
            x, y = world_px(point.lat, point.lon, view.zoom)
            assert abs(x - centre[0]) <= MAP_WIDTH_PX / 2 - 20 and abs(y - centre[1]) <= MAP_HEIGHT_PX / 2 - 20
        assert len(framed(located, arcs)) > len(points) or arcs.empty
        assert 360 * MAP_WIDTH_PX / (512 * 2 ** view.zoom) < 180, "the moment, not the world"
        spec = json.loads(deck.to_json())
        labels = next(layer for layer in spec["layers"] if layer["id"] == "labels")
        assert labels["getSize"] == LABEL_PX >= 20
        names = {name for row in labels["data"] for name in row["label"].split("\n")}
        assert names == {p for p in points["place"]}, slide.headline
        if lang == "zh":
            assert all(CJK.search(name) for name in names), names
    june = next(s for s in slides if len(s.events) == 8)
    _, _, points = moment_places(june.events, organisations, places)
    shown = {p for p in points["place"]}
    assert shown == ({"博伦厄", "法伦", "武汉"} if lang == "zh" else {"Borlänge", "Falun", "Wuhan"})


def test_places_close_together_share_one_label_on_the_inner_side() -> None:
    points = pd.DataFrame({"place": ["Falun", "Borlänge", "Wuhan", "Borlänge"], "lat": [60.61, 60.49, 30.59, 60.48],
                           "lon": [15.64, 15.44, 114.31, 15.41], "records": [1, 5, 6, 2],
                           "side": ["dalarna", "dalarna", "hubei", "dalarna"]})
    view = focus_view(points.rename(columns={"place": "name"}))
    labels = {label.text: label.side for label in place_labels(points, view)}
    assert labels == {"Borlänge\nFalun": "right", "Wuhan": "left"}  # the busiest first; each name once


def test_callouts_stand_apart_inside_the_axis_and_their_lines_do_not_cross() -> None:
    axis = (pd.Timestamp("2006-03-01"), pd.Timestamp("2020-12-01"))
    june = pd.Timestamp("2013-06-15")
    xs = [june] * 6 + [june + pd.Timedelta(days=3)] * 2
    ys = [3.3, 3.1, 2.9, 2.7, 2.0, 1.0, 0.1, -0.1]
    widths = [38.0] * len(xs)
    positions = callout_positions(xs, ys, axis, widths)
    day_px = 480 / (axis[1] - axis[0]).days
    ordered = sorted(positions)
    assert all((b - a).days * day_px >= 37 for a, b in zip(ordered, ordered[1:], strict=False))
    assert axis[0] <= ordered[0] and ordered[-1] <= axis[1]
    # for two lines from the row above to events at about the same time, the outer one goes to the lower event
    middle = june + pd.Timedelta(days=1)
    for i in range(len(xs)):
        for j in range(len(xs)):
            if positions[i] < positions[j] <= middle or middle <= positions[j] < positions[i]:
                assert ys[i] <= ys[j], (i, j)
    late = callout_positions([axis[1] - pd.Timedelta(days=10)], [1.0], axis, [200.0])
    assert late[0] + pd.Timedelta(days=100 / day_px) <= axis[1] + pd.Timedelta(days=1)  # a wide one stays inside


def test_the_timeline_labels_every_event_of_the_moment_in_large_type(week: pd.DataFrame) -> None:
    (slide,) = story_slides(week, "sv")
    fig = story_timeline(week, slide.ids, "sv", story_period(week), None, slide.end)
    callouts = [a for a in fig.layout.annotations if a.name == "callout"]
    assert [a.text for a in callouts] == [f"<b>{n}</b>" for n in range(1, len(slide.ids) + 1)]
    assert all(a.font.size >= 20 for a in fig.layout.annotations)
    assert fig.layout.font.size >= 20
    assert fig.layout.xaxis.tickfont.size >= 20 and fig.layout.yaxis.tickfont.size >= 20 == CHART_TEXT_PX
    one = story_slides(milestones("m,2019-10-16,Phase-out"), "sv")[0]
    fig = story_timeline(one.events, one.ids, "sv")
    assert [a.text for a in fig.layout.annotations if a.name == "callout"] == ["<b>16 oktober 2019</b>"]


# --- bilingual slides, the list, the presenter's records

def test_a_second_language_adds_what_differs(bundled: Dataset) -> None:
    zh = bundled_slides(bundled, "zh")[3]
    sv = bundled_slides(bundled, "sv")[3]
    june_zh, june_sv = next(s for s in zh if len(s.events) == 8), next(s for s in sv if len(s.events) == 8)
    headline, titles = second_language(june_zh, june_sv)
    assert headline == june_sv.headline and headline.startswith("4 avtal")
    assert titles[june_zh.main_id] == "Borlänge: avtalssignering och möten med dalaföretag"
    assert set(titles) <= set(june_zh.ids) and len(titles) >= 6
    same, none = second_language(june_sv, june_sv)
    assert same == "" and none == {}
    with pytest.raises(ValueError):
        second_language(zh[0], sv[1])


def test_the_list_leaves_out_the_date_the_moment_already_says(week: pd.DataFrame) -> None:
    (slide,) = story_slides(week, "sv")
    assert slide.date_label == "juni 2013"
    assert event_dates(slide, "sv") == ["", "", "", "13 juni 2013"]  # a1, a2, d1 in June 2013; v1 on the 13th
    one = story_slides(milestones("m,2019-10,Phase-out"), "sv")[0]
    assert event_dates(one, "sv") == ["oktober 2019"]


def test_a_long_list_gets_more_room(week: pd.DataFrame, bundled: Dataset) -> None:
    (slide,) = story_slides(week, "en")
    assert list_layout(slide, "en") == "brief"
    tallberg = next(s for s in bundled_slides(bundled, "sv")[3] if len(s.events) == 4)
    assert list_layout(tallberg, "sv") == "short"
    june = next(s for s in bundled_slides(bundled, "zh")[3] if len(s.events) == 8)
    june_sv = next(s for s in bundled_slides(bundled, "sv")[3] if len(s.events) == 8)
    assert list_layout(june, "zh") == "long"
    assert list_layout(june, "zh", second_language(june, june_sv)[1]) == "dense"


def test_the_presenter_sees_each_records_precision_confidence_and_sources(tiny_events: pd.DataFrame) -> None:
    first = story_slides(tiny_events, "en")[0]
    (record,) = slide_records(first, "en")
    assert record["date"] == "2007 (year only)" and record["confidence"] == "high"
    assert record["kind"] == "Agreement" and record["sources"] == "https://example.org/a1"
    assert "Borlänge kommun" in record["parties"] and "Wuhan city" in record["parties"]
    unsourced = next(s for s in story_slides(tiny_events, "sv") if "a2" in s.ids)
    (record,) = slide_records(unsourced, "sv")
    assert record["sources"] == "" and record["confidence"] == "medel"


def _group_moments_row_by_row(events: pd.DataFrame, days: int = MOMENT_DAYS) -> list[list[object]]:
    """group_moments as first written (row by row with .at): the definition the array version must keep."""
    ordered = events.sort_values(["start", "kind", "id"], kind="stable")
    dated = ordered[ordered["precision"] != "year"]
    moments: list[list[object]] = []
    first_start = None
    for label, start in zip(dated.index, dated["start"], strict=True):
        if first_start is None or (start - first_start).days > days:
            moments.append([])
            first_start = start
        moments[-1].append(label)
    by_year: dict[int, list[object]] = {}
    for moment in moments:
        for year in sorted({int(events.at[label, "year"]) for label in moment}):
            best = by_year.get(year)
            if best is None or len(moment) > len(best):
                by_year[year] = moment
    year_only: dict[int, list[object]] = {}
    for label, year in zip(ordered.index, ordered["year"], strict=True):
        if ordered.at[label, "precision"] != "year":
            continue
        target = by_year.get(int(year))
        if target is not None:
            target.append(label)
        else:
            year_only.setdefault(int(year), []).append(label)
    moments.extend(year_only.values())

    def anchor(moment: list[object]) -> pd.Timestamp:
        exact = [events.at[label, "start"] for label in moment if events.at[label, "precision"] != "year"]
        return min(exact) if exact else min(events.at[label, "start"] for label in moment)

    return sorted(moments, key=anchor)


@pytest.mark.parametrize("days", [0, 20, MOMENT_DAYS, 400])
def test_moments_are_those_of_the_row_by_row_definition(tmp_path: Path, days: int) -> None:
    from cooperation.dataset import load_directory
    from cooperation.synthetic import generate

    generate(tmp_path, events=600, seed=3)
    events = events_table(load_directory(tmp_path))
    bundled = events_table(load_directory(Path(__file__).resolve().parent.parent / "data"))
    for frame in (events, bundled, events[events["precision"] == "year"], events.iloc[::7]):
        assert group_moments(frame, days) == _group_moments_row_by_row(frame, days)


def test_a_big_moment_lists_its_first_events_and_counts_the_rest(bundled: Dataset) -> None:
    from cooperation.story import listed, unlisted

    slide = max(story_slides(events_table(bundled), "en"), key=lambda s: len(s.events))
    assert len(slide.events) >= 3
    short = listed(slide, limit=2)
    assert list(short.events["id"]) == list(slide.events["id"])[:2] and short.ids == slide.ids[:2]
    assert (short.date_label, short.summary, short.headline) == (slide.date_label, slide.summary, slide.headline)
    assert set(short.sources) <= set(slide.sources)
    assert unlisted(slide, limit=2) == len(slide.events) - 2
    assert listed(slide, limit=len(slide.events)) is slide and unlisted(slide, limit=len(slide.events)) == 0


def test_one_slide_is_that_slide_of_the_whole_story(bundled: Dataset) -> None:
    from cooperation.story import story_slide

    events = events_table(bundled)
    moments = group_moments(events)
    for lang in ("sv", "zh"):
        whole = story_slides(events, lang)
        for number in (1, 4, len(whole)):
            one, expected = story_slide(events, moments, number, lang), whole[number - 1]
            assert (one.number, one.headline, one.date_label, one.ids, one.upto_ids, one.sources) == (
                expected.number, expected.headline, expected.date_label, expected.ids, expected.upto_ids,
                expected.sources)
            assert one.events.equals(expected.events)
