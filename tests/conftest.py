"""Shared fixtures: a tiny dataset written inline, and the bundled one."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/streamlit_server.py for browser tests

# Pages run on the bundled data read them from a store: give the test session its own SQLite file, never the
# repository's store/ or a PostgreSQL server named in the environment.
os.environ["DASHBOARD_STORE_PATH"] = str(Path(tempfile.mkdtemp(prefix="dashboard-test-store-")) / "store.sqlite")
os.environ.pop("DASHBOARD_DATABASE_URL", None)

from cooperation.dataset import BUNDLED_DATA_DIR, Dataset, events_table, load_directory  # noqa: E402
from cooperation.ingest import ingest_bytes  # noqa: E402

TINY = {
    "agreement": """id,date,title,dalarna_party,hubei_party,type,sector,status,end_date,source,confidence
a1,2007,Twin cities,Borlänge kommun,Wuhan city,twin_city,public,expired,2019-06,https://example.org/a1,high
a2,2013-06-13,Incubators,Science Park | Borlänge kommun,East Lake,cooperation,innovation,signed,,,medium
""",
    "visit": """id,date,direction,delegation,host,city,purpose,source
v1,2014-05,to_hubei,Science Park,East Lake,Wuhan,Matchmaking,https://example.org/v1
v2,2018-09-24,to_dalarna,Wuhan city,Borlänge kommun,Borlänge,Meeting,https://example.org/v2
""",
    "deal": """id,date,title,dalarna_party,hubei_party,sector,value,currency,status,source
d1,2015,Boilers,Extuna,Local firm,energy,"1 000,50",SEK,signed,https://example.org/d1
""",
    "milestone": """id,date,end_date,title,category,dalarna_party,hubei_party,source
m1,2019-10-16,,Phase-out decided,decision,Borlänge kommun,,https://example.org/m1
m2,2020-02,,Partnership ended,termination,Borlänge kommun,Wuhan city,https://example.org/m2
""",
    "organisation": """name,side,type,city,lat,lon
Borlänge kommun,dalarna,government,Borlänge,,
Science Park,dalarna,foundation,Borlänge,60.48,15.41
Wuhan city,hubei,government,Wuhan,,
East Lake,hubei,agency,Wuhan,30.5,114.4
Extuna,dalarna,company,Falun,,
""",
    "place": """name,region,country,lat,lon
Borlänge,Dalarna,Sweden,60.4858,15.4371
Wuhan,Hubei,China,30.5928,114.3055
""",
}


def dataset_from(texts: dict[str, str]) -> Dataset:
    """A Dataset read through the ingest path from inline CSV texts, one per kind."""
    frames = {}
    for kind, text in texts.items():
        result = ingest_bytes(text.encode("utf-8"), f"{kind}.csv", kind=kind)
        assert result.accepted, [p.message() for p in result.problems]
        frames[kind] = result.frame
    return Dataset(frames)


@pytest.fixture
def tiny() -> Dataset:
    return dataset_from(TINY)


@pytest.fixture
def tiny_events(tiny: Dataset) -> pd.DataFrame:
    return events_table(tiny)


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return load_directory(BUNDLED_DATA_DIR)
