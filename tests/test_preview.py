"""The preview of a commit: new, changed and duplicate rows, unplaceable parties, unsourced rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from conftest import TINY, dataset_from

from cooperation.dataset import Dataset
from cooperation.ingest import ingest_bytes
from cooperation.preview import CHANGED_COLUMNS, MATCHED_BY, preview
from cooperation.schema import KINDS
from cooperation.store import Store, has_derived_ids


def typed(kind: str, content: str) -> pd.DataFrame:
    result = ingest_bytes(content.encode(), KINDS[kind].file, kind=kind)
    assert result.accepted, [p.message() for p in result.problems]
    return result.frame


@pytest.fixture
def stored() -> Dataset:
    return dataset_from(TINY)


def test_new_changed_and_duplicate_rows_by_id(stored: Dataset) -> None:
    header = "id,date,title,dalarna_party,hubei_party,type,sector,status,end_date,source,confidence"
    incoming = typed("agreement", header + """
a1,2007,Twin cities,Borlänge kommun,Wuhan city,twin_city,public,expired,2019-06,https://example.org/a1,high
a2,2013-06-13,Incubators,Science Park | Borlänge kommun,East Lake,cooperation,innovation,signed,2016,,low
a3,2016,New one,Borlänge kommun,Wuhan city,other,,,,https://example.org/a3,
""")
    result = preview(stored, {"agreement": incoming})
    assert list(result.new["agreement"]["id"]) == ["a3"]
    assert list(result.duplicates["agreement"]["id"]) == ["a1"]
    assert list(result.duplicates["agreement"][MATCHED_BY]) == ["id"]
    changed = result.changed["agreement"]
    assert list(changed["id"]) == ["a2"]
    assert list(changed[MATCHED_BY]) == ["id"]
    assert list(changed[CHANGED_COLUMNS]) == ["end_date, confidence"]
    assert list(changed["row"]) == [3]  # the row as Excel shows it, for the analyst to find
    assert list(result.unsourced["agreement"]["id"]) == ["a2"]
    assert result.counts == {"new": 1, "changed": 1, "duplicates": 1, "unplaceable": 0, "unsourced": 1}


def test_rows_without_ids_match_by_natural_key(stored: Dataset) -> None:
    incoming = typed("visit", """date,direction,delegation,host,city,purpose,source
2014-05,TO_HUBEI,  science  park ,East Lake,WUHAN,Matchmaking,https://example.org/v1
2018-09-24,to_dalarna,Wuhan city,Borlänge kommun,Borlänge,Another purpose,https://example.org/v2
2019,to_hubei,Science Park,,Wuhan,,https://example.org/v3
""")
    result = preview(stored, {"visit": incoming})
    duplicates, changed, new = result.duplicates["visit"], result.changed["visit"], result.new["visit"]
    assert list(changed["id"]) == ["v1", "v2"]  # the stored ids, which the commit keeps
    assert list(changed[MATCHED_BY]) == ["natural_key", "natural_key"]
    assert list(changed[CHANGED_COLUMNS]) == ["delegation, city", "purpose"]  # how v1 is written differs
    assert duplicates.empty
    assert len(new) == 1 and new["id"].iloc[0].startswith("vis-")
    assert result.counts["unsourced"] == 0


def test_an_id_of_its_own_is_not_matched_by_natural_key(stored: Dataset) -> None:
    incoming = typed("visit", """id,date,direction,delegation,host,city,purpose,source
v9,2014-05,to_hubei,Science Park,East Lake,Wuhan,Matchmaking,https://example.org/v1
""")
    result = preview(stored, {"visit": incoming})
    assert list(result.new["visit"]["id"]) == ["v9"]
    assert result.counts["changed"] == result.counts["duplicates"] == 0


def test_the_same_row_again_is_a_duplicate(stored: Dataset) -> None:
    result = preview(stored, {kind: stored.frame(kind) for kind in TINY})
    assert result.counts["new"] == result.counts["changed"] == 0
    assert result.counts["duplicates"] == sum(len(stored.frame(kind)) for kind in TINY)


def test_unplaceable_parties(stored: Dataset) -> None:
    deals = typed("deal", """id,date,title,dalarna_party,hubei_party,source
d2,2016,Pellets,Unknown AB | Extuna,Hubei Nowhere Co | Wuhan city,https://example.org/d2
d3,2016,Pellets,Placed AB,Hubei Nowhere Co,https://example.org/d3
""")
    organisations = typed("organisation", """name,side,city,lat,lon
Placed AB,dalarna,Borlänge,,
""")
    result = preview(stored, {"deal": deals, "organisation": organisations})
    # Extuna sits in Falun, which the tiny gazetteer lacks; Unknown AB is no organisation; Placed AB comes with the
    # batch, in Borlänge
    assert result.unplaceable == ["Extuna", "Hubei Nowhere Co", "Unknown AB"]
    falun = typed("place", "name,region,country,lat,lon\nFalun,Dalarna,Sweden,60.6,15.6\n")
    assert preview(stored, {"deal": deals, "place": falun}).unplaceable == ["Hubei Nowhere Co", "Placed AB",
                                                                             "Unknown AB"]


def test_preview_says_what_the_commit_then_does(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    directory.mkdir()
    for kind, content in TINY.items():
        (directory / KINDS[kind].file).write_text(content, encoding="utf-8")
    incoming = typed("agreement", """date,title,dalarna_party,hubei_party,sector,source
2007,twin  Cities,Borlänge kommun,Wuhan city,culture,https://example.org/a1
2021,New,Falun kommun,Wuhan city,,
""")
    with Store(f"sqlite:///{tmp_path / 'store.sqlite'}", seed_directory=directory) as store:
        result = preview(store.dataset(), {"agreement": incoming})
        store.commit({"agreement": incoming}, "anna", [])
        current = store.current("agreement").set_index("id")
    assert set(current.index) == {"a1", "a2", *result.new["agreement"]["id"]}
    assert list(result.changed["agreement"]["id"]) == ["a1"]
    assert current.loc["a1", "sector"] == "culture"
    assert result.counts == {"new": 1, "changed": 1, "duplicates": 0, "unplaceable": 1, "unsourced": 1}
    assert result.unplaceable == ["Falun kommun"]


def test_an_empty_store_makes_everything_new() -> None:
    incoming = typed("agreement", TINY["agreement"])
    result = preview(Dataset({}), {"agreement": incoming})
    assert list(result.new["agreement"]["id"]) == ["a1", "a2"]
    assert result.changed["agreement"].empty and result.duplicates["agreement"].empty
    assert CHANGED_COLUMNS in result.changed["agreement"]


@pytest.mark.parametrize("kind", list(TINY))
def test_ids_derived_by_ingest_are_recognised(kind: str) -> None:
    rows = list(csv.reader(io.StringIO(TINY[kind])))
    has_ids = "id" in rows[0]
    if has_ids:  # the same rows without their ids
        position = rows[0].index("id")
        rows = [row[:position] + row[position + 1:] for row in rows]
    rows.append(rows[1])  # the first row twice: ingest tells the two apart with suffixes
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert has_derived_ids(typed(kind, out.getvalue()), kind).all()
    if has_ids:
        assert not has_derived_ids(typed(kind, TINY[kind]), kind).any()


def test_files_that_clash_with_each_other_are_named_with_file_and_row() -> None:
    """Defect 5: the same file twice, or the same record in two files, gave a traceback at the commit."""
    from cooperation.problems import Part, upload_problems

    one = typed("agreement", "id,date,title,dalarna_party,hubei_party\na1,2013,A,X,Y\na2,2014,B,X,Y\n")
    two = typed("agreement", "id,date,title,dalarna_party,hubei_party\na9,2015,C,X,Y\na2,2016,D,X,Y\n")
    no_ids = typed("agreement", "date,title,dalarna_party,hubei_party\n2017,E,X,Y\n")
    parts = [Part("avtal.csv", "sha-1", "agreement", one), Part("avtal-2.csv", "sha-2", "agreement", two),
             Part("kopia.csv", "sha-1", "agreement", one), Part("e1.csv", "sha-3", "agreement", no_ids),
             Part("e2.csv", "sha-4", "agreement", no_ids.copy()),
             Part("besok.csv", "sha-5", "visit", one.assign(kind="x"))]  # another kind: ids do not clash
    found = upload_problems(parts)
    assert [(p.file, p.key, p.row, p.value) for p in found] == [
        ("avtal-2.csv", "problem.same_record_twice", 3, "a2"),
        ("kopia.csv", "problem.same_file_twice", None, None),
        ("e2.csv", "problem.same_record_twice", 2, str(no_ids.loc[0, "id"])),  # derived from the same content
    ]
    assert found[0].message("en") == ("avtal-2.csv, row 3, column id: “a2” is the same Agreement as avtal.csv, row 3 "
                                      "(id a2); keep it in one of the two files.")
    assert "avtal.csv" in found[1].message("sv") and "是同一个文件" not in found[1].message("sv")
    assert upload_problems(parts[:1]) == []
