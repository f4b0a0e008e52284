"""Agreements' lives on tiny inline data: every state, follow-ups through an organisation's parts, uncertain dates
and low confidence carried into the words, and the figure and table built from them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import dataset_from

from cooperation.dataset import events_table
from cooperation.lives import agreement_lives, parts_of, reason, state_label
from cooperation.lives_figure import _wrapped, lives_figure, lives_summary, lives_table

LIVES = {
    "agreement": """id,date,title,dalarna_party,hubei_party,type,status,end_date,source,confidence
twin,2007,Twin cities,Borlänge kommun,Wuhan city,twin_city,signed,2020-02,https://example.org/twin,high
metro,2013-06,Metro support,Rail Co,Wuhan bureau,commercial,signed,,Press release,medium
offices,2013-03,Business offices,Business office,Wuhan bureau,cooperation,signed,,Press release,low
lapsed,2012,Lapsed accord,Falun kommun,Wuhan city,memorandum,expired,,https://example.org/lapsed,high
recent,2019-03-01,Recent accord,Science Park,East Lake,cooperation,signed,,https://example.org/recent,high
""",
    "visit": """id,date,direction,delegation,host,city,purpose,source,confidence
v2013,2013-06-13,to_dalarna,Wuhan city,Borlänge kommun,Borlänge,Signing,https://example.org/v,medium
v2017,2017-10-12,to_hubei,Borlänge kommun,Wuhan district,Wuhan,Anniversary,https://example.org/v2,high
v2013b,2013-09,to_hubei,Business office,Wuhan bureau,Wuhan,Follow-up,https://example.org/v3,high
v2019,2019-11,to_hubei,Science Park,East Lake,Wuhan,Workshop,https://example.org/v4,high
""",
    "milestone": """id,date,end_date,title,category,dalarna_party,hubei_party,source,confidence
phase,2019-10-16,,Phase-out decided,decision,Borlänge kommun,,https://example.org/m1,high
end,2020-02-19,,Partnership ended,termination,Borlänge kommun,Wuhan city,https://example.org/m2,medium
""",
    "organisation": """name,side,part_of
Borlänge kommun,dalarna,
Business office,dalarna,Borlänge kommun
Wuhan city,hubei,
Wuhan bureau,hubei,Wuhan city
Wuhan district,hubei,Wuhan city
Rail Co,dalarna,
Science Park,dalarna,
East Lake,hubei,
Falun kommun,dalarna,
""",
}


@pytest.fixture(scope="module")
def data():
    dataset = dataset_from(LIVES)
    return dataset, events_table(dataset)


def lives_at(data, moment: str, quiet_years: int = 3) -> dict:
    dataset, events = data
    return {life.id: life for life in agreement_lives(events, dataset, pd.Timestamp(moment), quiet_years)}


def test_parts_of_follows_part_of_to_any_depth() -> None:
    organisations = pd.DataFrame({"name": ["City", "Bureau", "Desk", "Loop"],
                                  "part_of": [None, "City", "Bureau", "Loop"]})
    family = parts_of(organisations)
    assert family["City"] == {"City", "Bureau", "Desk"} and family["Bureau"] == {"Bureau", "Desk"}
    assert "Desk" not in family  # a part of nothing has no family of its own


def test_every_state(data) -> None:
    lives = lives_at(data, "2020-12-31")
    assert lives["twin"].state == "ended" and lives["twin"].ended_on == pd.Timestamp("2020-02-29")
    assert lives["lapsed"].state == "ended" and lives["lapsed"].ended_on is None  # expired: we know, not when
    assert lives["metro"].state == "quiet" and lives["metro"].since_year == 2013 and lives["metro"].last is None
    assert lives["recent"].state == "active"  # a workshop in 2019 between the same parties, no ending concerns it
    assert lives["offices"].state == "quiet" and lives["offices"].since_year == 2013


def test_no_end_recorded_after_the_partnership_was_reported_ended(data) -> None:
    lives = lives_at(data, "2020-12-31", quiet_years=8)  # with a long patience the 2013 offices are not quiet
    assert lives["offices"].state == "no_end" and lives["offices"].reported_end["id"] == "end"
    # the ending names Borlänge and Wuhan, not the rail company: nothing says the metro agreement is over
    assert lives["metro"].state == "active" and lives["metro"].reported_end is None
    assert lives_at(data, "2019-12-31", quiet_years=8)["offices"].state == "active"  # before the report


def test_follow_ups_come_from_the_parts_of_the_parties_and_after_the_signing(data) -> None:
    lives = lives_at(data, "2020-12-31")
    twin = lives["twin"].follow_ups
    # the district is part of Wuhan city: the 2017 visit follows the twin-city agreement; the 2013 offices
    # agreement (Borlänge's office and Wuhan's bureau) too; the decision and the ending are not activity
    assert set(twin["id"]) == {"offices", "metro", "v2013", "v2013b", "v2017"} - {"metro"}
    assert lives["twin"].last["id"] == "v2017"
    # an agreement of a part is not carried on by the whole: the 2017 visit does not follow the offices'
    assert list(lives["offices"].follow_ups["id"]) == ["v2013b"]
    # a record of the same month as an agreement known to the month does not follow it
    assert "v2013" not in set(lives["metro"].follow_ups["id"])


def test_the_state_is_as_of_the_moment(data) -> None:
    assert lives_at(data, "2015-12-31")["twin"].state == "active"
    assert lives_at(data, "2015-12-31")["metro"].state == "active"  # signed two and a half years before
    assert "recent" not in lives_at(data, "2018-12-31")  # not yet signed


def test_uncertain_dates_and_confidence_are_in_the_words(data) -> None:
    lives = lives_at(data, "2020-12-31")
    text = reason(lives["offices"], "en")
    assert "Signed March 2013 (month only; a source of low confidence)" in text
    assert "One later record between Business office and Wuhan bureau: Wuhan: Follow-up, September 2013 (month only)" \
        in text
    assert "Decision: Phase-out decided, 16 October 2019." in text  # Borlänge's decision concerns its office
    metro = reason(lives["metro"], "en")
    assert "No visit, deal or other record between Rail Co and Wuhan bureau after June 2013." in metro
    assert "month only; a source of medium confidence" in metro and "Decision" not in metro
    no_end = reason(lives_at(data, "2020-12-31", 8)["offices"], "sv")
    assert "Inget slut på detta avtal är registrerat" in no_end and "medelhög tillförlitlighet" in no_end
    assert state_label(lives["twin"], "zh") == "已于2020年2月终止"
    assert state_label(lives["metro"], "sv") == "Tyst sedan 2013"


def test_names_and_titles_in_the_language(data) -> None:
    life = lives_at(data, "2020-12-31")["twin"]
    text = reason(life, "zh", {"Borlänge kommun": "博伦厄市", "Wuhan city": "武汉市"}, {"v2017": "武汉：周年纪念"})
    assert "博伦厄市与武汉市之间有" in text and "武汉：周年纪念" in text and "Borlänge" not in text


def test_figure_table_and_summary(data) -> None:
    lives = list(lives_at(data, "2020-12-31").values())
    figure = lives_figure(lives, "sv", period=(pd.Timestamp("2007-01-01"), pd.Timestamp("2020-12-31")))
    spec = json.loads(figure.to_json())
    shown = " ".join(a["text"].replace("<br>", " ") for a in spec["layout"]["annotations"])
    assert all(life.agreement["title"] in shown for life in lives)  # every lane is named, with its state
    assert "<b>Tyst sedan 2013</b>" in shown and "<b>Aktivt</b>" in shown
    legend = {trace["name"] for trace in spec["data"] if trace.get("name")}
    assert {"Avslutat", "Tyst", "Aktivt", "Avtal", "Besök"} <= legend
    table = lives_table(lives, "en")
    assert list(table["State"]) == [state_label(life, "en") for life in lives] and table["Why"].str.len().min() > 40
    assert lives_summary(lives, "en") == "5 agreements: 1 active, 2 quiet, 2 ended."
    assert lives_summary([], "en") == "No agreement is signed in the period shown."


def test_lane_labels_wrap_to_a_phone_width() -> None:
    assert _wrapped("Dellner Couplers and Wuhan Commerce Bureau: support centre for Wuhan Metro", 30) == [
        "Dellner Couplers and Wuhan", "Commerce Bureau: support", "centre for Wuhan Metro"]
    assert _wrapped("武汉-博伦厄友好城市孔子学院执行协议", 16) == ["武汉-博伦厄友好", "城市孔子学院执行", "协议"]


# --- the indexed computation against the plain definition --------------------------------------------------------


def _plain_lives(events: pd.DataFrame, dataset, moment: pd.Timestamp, quiet_years: int = 3) -> list[tuple]:
    """The module's docstring read literally, one agreement and one record at a time (the first release's code)."""
    family = parts_of(dataset.frame("organisation"))
    ancestors: dict[str, set[str]] = {}
    for whole, parts in family.items():
        for part in parts:
            ancestors.setdefault(part, {part}).add(whole)
    known = events[events["start"] <= moment]
    agreements = known[(known["kind"] == "agreement") & (known["status"] != "planned")]
    milestones = known[known["kind"] == "milestone"]
    activity = known[~((known["kind"] == "milestone") & known["subtype"].isin(("decision", "termination")))]

    def with_parts(names):
        return set().union(*(family.get(n, {n}) for n in names)) if names else set()

    def concerning(found_in, agreement):
        found = None
        for _, milestone in found_in.iterrows():
            named = [(theirs, ours) for theirs, ours in ((milestone["dalarna_parties"], agreement["dalarna_parties"]),
                                                         (milestone["hubei_parties"], agreement["hubei_parties"]))
                     if theirs]
            if named and all(any(ancestors.get(p, {p}) & set(theirs) for p in ours) for theirs, ours in named):
                found = milestone["id"]
        return found

    out = []
    for _, agreement in agreements.iterrows():
        dalarna, hubei = with_parts(agreement["dalarna_parties"]), with_parts(agreement["hubei_parties"])
        later = activity[(activity["start"] > agreement["end"]) & (activity["id"] != agreement["id"])]
        follows = later["dalarna_parties"].map(lambda ps, ours=dalarna: any(p in ours for p in ps)) & \
            later["hubei_parties"].map(lambda ps, ours=hubei: any(p in ours for p in ps))
        follow_ups = later[follows.to_numpy(dtype=bool)]
        lasting = (follow_ups["kind"] == "visit") | ((follow_ups["kind"] == "milestone")
                                                    & (follow_ups["subtype"] == "project"))
        ends = follow_ups["end"].where(~lasting | follow_ups["span_end"].isna(), follow_ups["span_end"]).clip(
            upper=moment)
        last = follow_ups.loc[ends.idxmax(), "id"] if len(follow_ups) else None
        last_activity = ends.max() if len(follow_ups) else min(agreement["end"], moment)
        decision = concerning(milestones[milestones["subtype"] == "decision"], agreement)
        reported_end = concerning(milestones[milestones["subtype"] == "termination"], agreement)
        end = agreement["span_end"]
        if (pd.notna(end) and end <= moment) or (agreement["status"] == "expired" and pd.isna(end)):
            state = "ended"
        elif last_activity < moment - pd.DateOffset(years=quiet_years):
            state = "quiet"
        else:
            state = "no_end" if reported_end is not None else "active"
        out.append((agreement["id"], state, list(follow_ups["id"]), last, last_activity, decision, reported_end))
    return out


def _facts(lives) -> list[tuple]:
    def row_id(row):
        return None if row is None else row["id"]

    return [(life.id, life.state, list(life.follow_ups["id"]), row_id(life.last), life.last_activity,
             row_id(life.decision), row_id(life.reported_end)) for life in lives]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from cooperation.dataset import load_directory
    from cooperation.synthetic import generate

    directory = tmp_path_factory.mktemp("lives")
    generate(directory, events=600, seed=3)
    dataset = load_directory(directory)
    return dataset, events_table(dataset)


def test_the_indexed_lives_are_the_plain_definitions(data, generated) -> None:
    # a second decision and ending on the same parties, and one naming a body's part only: the latest concerning wins
    more = dict(LIVES, milestone=LIVES["milestone"] + """\
review,2016-05,,Review decided,decision,Borlänge kommun,Wuhan city,,
early,2014,,Office closed,termination,Business office,Wuhan bureau,,
late,2020-06,,Ended again,termination,Borlänge kommun,,,
""")
    extra = dataset_from(more)
    states = set()
    for dataset, events in (data, generated, (extra, events_table(extra))):
        for moment in ("2013-12-31", "2020-12-31"):
            for quiet in (1, 8):
                expected = _plain_lives(events, dataset, pd.Timestamp(moment), quiet)
                assert _facts(agreement_lives(events, dataset, pd.Timestamp(moment), quiet)) == expected
                states |= {fact[1] for fact in expected}
    assert states == {"active", "quiet", "no_end", "ended"}  # every case met


def test_the_bundled_agreements_keep_the_states_checked_against_the_sources() -> None:
    """The states of the closing note of the agreements' lives, checked by hand against the sources. The Confucius
    Institute's agreement (Borlänge with Jianghan University and the Wuhan Foreign Affairs Office) is concerned by
    the report that the Borlänge–Wuhan partnership ended: a report on one of its parties' bodies is enough (a rewrite
    for speed once asked for all of them, and called it active)."""
    from pathlib import Path

    from cooperation.dataset import load_directory

    dataset = load_directory(Path(__file__).resolve().parent.parent / "data")
    lives = agreement_lives(events_table(dataset), dataset, pd.Timestamp("2020-12-31"), 3)
    states = [(life.agreement["date"], life.state) for life in lives]
    assert states == [("2007", "ended"), ("2011-09", "no_end"), ("2013-06", "quiet"), ("2013-06", "quiet"),
                      ("2013-06", "quiet"), ("2013-06", "ended"), ("2017-10-12", "quiet"), ("2018-04-17", "no_end")]
