"""Seeded synthetic data at any size, for tests and benchmarks: contract-valid CSVs, every row marked synthetic.

`generate(directory, events=..., organisations=..., links=..., seed=...)` writes agreements, visits, deals,
milestones, organisations and places in the contract's columns (`cooperation.schema`), with shapes like the real
records: dates from 2000 to 2020 clustered around visits and mostly known to the day (some only to the month or
year), parties drawn from a long tail (a few bodies in most records, most companies in one or two), Swedish names on
the Dalarna side, Chinese names (with `name_zh`) on the Hubei side, places with their coordinates, mixed confidence,
sources like `synthetic://seed-N/row-M`. The distinct Dalarna–Hubei party pairs of the events (the network's links)
number `links` when there are at least as many events.

    python -m cooperation.synthetic OUTDIR --events 100000 [--organisations N] [--links N] [--seed S]

The same arguments write the same bytes. The dashboard announces synthetic rows on every page.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cooperation.schema import KINDS

FIRST_DAY = np.datetime64("2000-01-01")
LAST_DAY = np.datetime64("2020-12-31")
KIND_SHARES = {"agreement": 0.15, "visit": 0.30, "deal": 0.40, "milestone": 0.15}
MAX_ORGANISATIONS = 2000
MAX_LINKS = 5000

# name, lat, lon (town centres, WGS84)
DALARNA_TOWNS = [
    ("Borlänge", 60.4858, 15.4371), ("Falun", 60.6065, 15.6355), ("Mora", 61.0049, 14.5370),
    ("Ludvika", 60.1500, 15.1833), ("Avesta", 60.1420, 16.1691), ("Hedemora", 60.2790, 15.9890),
    ("Leksand", 60.7310, 14.9990), ("Rättvik", 60.8870, 15.1170), ("Säter", 60.3470, 15.7500),
    ("Smedjebacken", 60.1420, 15.4130), ("Orsa", 61.1200, 14.6150), ("Älvdalen", 61.2280, 14.0390),
    ("Malung", 60.6860, 13.7150), ("Vansbro", 60.5120, 14.2260), ("Gagnef", 60.5870, 15.0700),
]
DALARNA_CENTRE = ("Dalarna", 61.0917, 14.6664)  # where Dalarna parties with no known city are placed
# name, name_zh, lat, lon
HUBEI_CITIES = [
    ("Wuhan", "武汉", 30.5928, 114.3055), ("Yichang", "宜昌", 30.6918, 111.2864),
    ("Xiangyang", "襄阳", 32.0090, 112.1224), ("Huangshi", "黄石", 30.1997, 115.0389),
    ("Shiyan", "十堰", 32.6293, 110.7980), ("Jingzhou", "荆州", 30.3348, 112.2408),
    ("Ezhou", "鄂州", 30.3960, 114.8950), ("Jingmen", "荆门", 31.0354, 112.1994),
    ("Xiaogan", "孝感", 30.9246, 113.9169), ("Huanggang", "黄冈", 30.4537, 114.8724),
    ("Xianning", "咸宁", 29.8413, 114.3225), ("Suizhou", "随州", 31.6901, 113.3826),
    ("Enshi", "恩施", 30.2722, 109.4882),
]
DALARNA_WORDS = [
    "Energi", "Trä", "Stål", "Data", "Bygg", "Teknik", "Miljö", "Konsult", "Innovation", "Logistik", "Vård",
    "Design", "Kraft", "Mekanik", "Plast", "Glas", "Textil", "Turism", "Livsmedel", "Papper", "Elektronik", "Gruv",
    "Fordon", "Möbler", "Transport", "Solenergi", "Värme", "Verkstad", "Automation", "Hantverk",
]
DALARNA_SUFFIXES = ["AB", "Industri AB", "Group AB", "& Partners AB", "Utveckling AB", "Service AB"]
HUBEI_WORDS = [
    ("Optoelectronics", "光电"), ("New Energy", "新能源"), ("Auto Parts", "汽车零部件"), ("Biotech", "生物科技"),
    ("Environmental", "环保"), ("Logistics", "物流"), ("Construction", "建设"), ("Pharmaceutical", "医药"),
    ("Information", "信息"), ("Machinery", "机械"), ("Textile", "纺织"), ("Food", "食品"),
    ("Power Equipment", "电力设备"), ("New Materials", "新材料"), ("Software", "软件"), ("Chemical", "化工"),
    ("Water", "水务"), ("Education", "教育"), ("Rail Transit", "轨道交通"), ("Metal Products", "金属制品"),
    ("Smart Manufacturing", "智能制造"), ("Medical Devices", "医疗器械"), ("Agriculture", "农业"),
    ("Tourism", "旅游"), ("Trading", "贸易"), ("Semiconductor", "半导体"), ("Paper", "纸业"),
    ("Electronics", "电子"), ("Energy Saving", "节能"), ("Cold Chain", "冷链"),
]
HUBEI_SUFFIXES = [
    ("Co., Ltd.", "有限公司", "company"), ("Group", "集团", "company"),
    ("Technology Co., Ltd.", "科技有限公司", "company"), ("Holdings", "控股有限公司", "company"),
    ("Development Co., Ltd.", "发展有限公司", "company"), ("Research Institute", "研究院", "other"),
]
SECTORS = [  # en, sv, zh; drawn from a long tail in this order
    ("business", "näringsliv", "商业"), ("education", "utbildning", "教育"), ("energy", "energi", "能源"),
    ("innovation", "innovation", "创新"), ("cleantech", "miljöteknik", "清洁技术"), ("rail", "järnväg", "铁路"),
    ("healthcare", "vård", "医疗"), ("culture", "kultur", "文化"), ("tourism", "turism", "旅游"),
    ("public administration", "offentlig förvaltning", "公共管理"), ("youth", "ungdom", "青年"),
    ("steel", "stål", "钢铁"), ("forestry", "skogsbruk", "林业"), ("logistics", "logistik", "物流"),
]
AGREEMENT_TYPES = {  # type: (share, en, sv, zh)
    "cooperation": (0.40, "Cooperation agreement", "Samarbetsavtal", "合作协议"),
    "memorandum": (0.25, "Memorandum of understanding", "Avsiktsförklaring", "谅解备忘录"),
    "commercial": (0.15, "Commercial agreement", "Affärsavtal", "商业协议"),
    "academic": (0.10, "Academic exchange agreement", "Avtal om akademiskt utbyte", "学术交流协议"),
    "twin_city": (0.05, "Twin-city agreement", "Vänortsavtal", "友好城市协议"),
    "other": (0.05, "Agreement", "Avtal", "协议"),
}
PURPOSES = [  # en, sv, zh
    ("Matchmaking", "Matchmaking", "企业对接"), ("Signing of agreements", "Avtalssignering", "签署协议"),
    ("Trade promotion", "Handelsfrämjande", "贸易促进"), ("Study visit", "Studiebesök", "考察访问"),
    ("Seminar", "Seminarium", "研讨会"), ("Factory visits", "Fabriksbesök", "参观工厂"),
    ("Anniversary", "Jubileum", "周年纪念"), ("Youth exchange", "Ungdomsutbyte", "青年交流"),
]
MILESTONES = {  # category: (share, en, sv, zh); {s} is the sector, {c} the city
    "project": (0.40, "Joint project on {s}", "Gemensamt projekt om {s}", "{s}联合项目"),
    "other": (0.25, "Seminar on {s} in {c}", "Seminarium om {s} i {c}", "{c}{s}研讨会"),
    "office": (0.15, "Representative office opens in {c}", "Representationskontor öppnar i {c}", "{c}代表处开业"),
    "organisation": (0.15, "New partner organisation for {s}", "Ny partnerorganisation för {s}", "{s}新合作机构"),
    "decision": (0.03, "Decision on the {s} partnership", "Beslut om samarbetet inom {s}", "关于{s}合作的决定"),
    "termination": (0.02, "{s} partnership ended", "Samarbetet inom {s} avslutat", "{s}合作结束"),
}
DEAL_STATUSES = (["signed", "ongoing", "completed", "announced", "cancelled"], [0.35, 0.25, 0.2, 0.15, 0.05])
AGREEMENT_STATUSES = (["signed", "active", "renewed", "planned"], [0.6, 0.25, 0.1, 0.05])
CURRENCIES = (["SEK", "CNY", "EUR", "USD"], [0.45, 0.3, 0.15, 0.1])
CONFIDENCES = (["high", "medium", "low", ""], [0.55, 0.3, 0.1, 0.05])
PRECISIONS = ["day", "month", "year"]


@dataclass
class Generated:
    """What `generate` wrote: rows per file, and the sizes asked for and obtained."""

    directory: Path
    seed: int
    rows: dict[str, int] = field(default_factory=dict)
    events: int = 0
    organisations: int = 0
    links: int = 0

    @property
    def files(self) -> list[Path]:
        return [self.directory / name for name in self.rows]


def default_organisations(events: int) -> int:
    """Organisations for a number of events when none is asked for: grows with the events, at most 2,000."""
    return int(min(MAX_ORGANISATIONS, max(12, events // 40)))


def default_links(events: int, organisations: int) -> int:
    """Links for a number of events and organisations when none is asked for: about 2.5 per organisation."""
    return int(min(MAX_LINKS, max(1, events), max(organisations, round(organisations * 2.5))))


def generate(directory: Path | str, events: int = 1000, organisations: int | None = None, links: int | None = None,
             seed: int = 0) -> Generated:
    """Write the six CSV files of a synthetic store of `events` events into `directory` (created if needed)."""
    if events < 1:
        raise ValueError("events must be at least 1")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    organisations = default_organisations(events) if organisations is None else int(organisations)
    if organisations < 2:
        raise ValueError("at least two organisations are needed (one on each side)")
    rng = np.random.default_rng(seed)
    counter = _RowCounter(seed)
    orgs = _organisations(organisations, rng)
    n_dalarna = int((orgs["side"] == "dalarna").sum())
    n_hubei = len(orgs) - n_dalarna
    wanted_links = default_links(events, organisations) if links is None else int(links)
    wanted_links = max(1, min(wanted_links, n_dalarna * n_hubei))
    pairs = _links(n_dalarna, n_hubei, wanted_links, rng)
    table = _events(events, orgs, n_dalarna, pairs, rng)

    result = Generated(directory, seed)
    frames = {
        "place": _places(counter),
        "organisation": _organisation_frame(orgs, rng, counter),
        "agreement": _agreements(table[table["kind"] == "agreement"], rng, counter),
        "visit": _visits(table[table["kind"] == "visit"], rng, counter),
        "deal": _deals(table[table["kind"] == "deal"], rng, counter),
        "milestone": _milestones(table[table["kind"] == "milestone"], rng, counter),
    }
    for kind, frame in frames.items():
        frame["synthetic"] = "yes"
        frame = frame[["id", *(c for c in KINDS[kind].column_names if c in frame and c != "id")]]
        frame.to_csv(directory / KINDS[kind].file, index=False, lineterminator="\n", encoding="utf-8")
        result.rows[KINDS[kind].file] = len(frame)
    result.events = len(table)
    result.organisations = len(orgs)
    both = table[(table["dalarna"] != "") & (table["hubei"] != "")]
    result.links = len(_pairs_of(both["dalarna"], both["hubei"]))
    return result


def _pairs_of(dalarna: pd.Series, hubei: pd.Series) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for d, h in set(zip(dalarna, hubei, strict=True)):
        pairs.update((a, b) for a in d.split(" | ") for b in h.split(" | "))
    return pairs


class _RowCounter:
    """Sources `synthetic://seed-N/row-M`, M running over every generated row."""

    def __init__(self, seed: int) -> None:
        self.seed, self.next = seed, 1

    def sources(self, count: int, rng: np.random.Generator) -> np.ndarray:
        numbers = np.arange(self.next, self.next + count)
        self.next += count
        rows = np.char.add(f"synthetic://seed-{self.seed}/row-", numbers.astype(str)).astype(object)
        # some records cite a second, shared document; a few cite nothing (shown as unsourced)
        documents = rng.zipf(1.6, count) % 500
        second = rng.random(count) < 0.12
        rows[second] = [f"{r} | synthetic://seed-{self.seed}/doc-{d}" for r, d in zip(rows[second], documents[second],
                                                                                      strict=True)]
        rows[rng.random(count) < 0.04] = ""
        return rows


def _long_tail(count: int, exponent: float = 1.1) -> np.ndarray:
    """Zipf-like weights over `count` ranks, summing to 1 (rank 0 the most common)."""
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def _pick(rng: np.random.Generator, choices: tuple[list[str], list[float]], count: int) -> np.ndarray:
    values, weights = choices
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=count, p=np.asarray(weights) / sum(weights))]


def _organisations(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Both sides' organisations in order of how often they take part (most often first)."""
    n_dalarna = max(1, min(count - 1, round(count * 0.45)))
    n_hubei = count - n_dalarna
    towns = [t[0] for t in DALARNA_TOWNS]
    dalarna = [("Region Dalarna", "government", "Falun"), ("Högskolan Dalarna", "university", "Falun"),
               ("Länsstyrelsen Dalarna", "agency", "Falun")]
    dalarna += [(f"{town} kommun", "government", town) for town in towns]
    dalarna.append(("Stiftelsen Dalarnas Innovationscentrum", "foundation", "Borlänge"))
    companies = [(f"{town} {word} {suffix}", "company", town) for town in towns for word in DALARNA_WORDS
                 for suffix in DALARNA_SUFFIXES]
    dalarna += [companies[i] for i in rng.permutation(len(companies))]
    hubei = [("Hubei Provincial People's Government", "湖北省人民政府", "government", "Wuhan"),
             ("Hubei Provincial Department of Commerce", "湖北省商务厅", "agency", "Wuhan")]
    hubei += [(f"{city} Municipal People's Government", f"{zh}市人民政府", "government", city)
              for city, zh, _, _ in HUBEI_CITIES if city != "Enshi"]
    hubei.append(("Enshi Prefecture People's Government", "恩施州人民政府", "government", "Enshi"))
    firms = [(f"{city} {word} {suffix}", f"{zh}{word_zh}{suffix_zh}", kind, city)
             for city, zh, _, _ in HUBEI_CITIES for word, word_zh in HUBEI_WORDS
             for suffix, suffix_zh, kind in HUBEI_SUFFIXES]
    hubei += [firms[i] for i in rng.permutation(len(firms))]
    rows = [{"name": _numbered(name, i, len(dalarna)), "side": "dalarna", "type": kind, "city": city, "name_zh": ""}
            for i, (name, kind, city) in enumerate(_cycle(dalarna, n_dalarna))]
    rows += [{"name": _numbered(name, i, len(hubei)), "side": "hubei", "type": kind, "city": city,
              "name_zh": _numbered(zh, i, len(hubei))}
             for i, (name, zh, kind, city) in enumerate(_cycle(hubei, n_hubei))]
    return pd.DataFrame(rows)


def _cycle(items: list, count: int) -> list:
    return [items[i % len(items)] for i in range(count)]


def _numbered(name: str, index: int, available: int) -> str:
    """Names repeat only when more organisations are asked for than there are names: number the repeats."""
    return name if index < available else f"{name} ({index // available + 1})"


def _links(n_dalarna: int, n_hubei: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` distinct (dalarna, hubei) index pairs; every organisation in one at least when there are enough."""
    dalarna_weights, hubei_weights = _long_tail(n_dalarna), _long_tail(n_hubei)
    pairs: dict[tuple[int, int], None] = {}
    if count >= n_dalarna + n_hubei:
        partners_h = rng.choice(n_hubei, size=n_dalarna, p=hubei_weights)
        partners_d = rng.choice(n_dalarna, size=n_hubei, p=dalarna_weights)
        pairs.update(dict.fromkeys(zip(range(n_dalarna), partners_h.tolist(), strict=True)))
        pairs.update(dict.fromkeys(zip(partners_d.tolist(), range(n_hubei), strict=True)))
    while len(pairs) < count:
        batch = max(64, 2 * (count - len(pairs)))
        ds = rng.choice(n_dalarna, size=batch, p=dalarna_weights)
        hs = rng.choice(n_hubei, size=batch, p=hubei_weights)
        for pair in zip(ds.tolist(), hs.tolist(), strict=True):
            pairs.setdefault(pair)
            if len(pairs) == count:
                break
    return np.array(list(pairs), dtype=np.int64).reshape(-1, 2)


def _events(count: int, orgs: pd.DataFrame, n_dalarna: int, pairs: np.ndarray, rng: np.random.Generator
            ) -> pd.DataFrame:
    """Kind, date, precision and parties of every event (`pairs` index the Dalarna and Hubei organisations)."""
    shares = np.array(list(KIND_SHARES.values()))
    per_kind = np.floor(shares * count).astype(int)
    per_kind[np.argsort(-(shares * count - per_kind))[: count - per_kind.sum()]] += 1
    kinds = np.repeat(np.array(list(KIND_SHARES), dtype=object), per_kind)[rng.permutation(count)]

    # parties: every link once (when there are enough events), the rest by the link's weight (a long tail)
    weights = _long_tail(n_dalarna)[pairs[:, 0]] * _long_tail(len(orgs) - n_dalarna)[pairs[:, 1]]
    weights /= weights.sum()
    link = np.empty(count, dtype=np.int64)
    covering = np.zeros(count, dtype=bool)
    if count >= len(pairs):
        positions = rng.choice(count, size=len(pairs), replace=False)
        link[positions] = rng.permutation(len(pairs))
        covering[positions] = True
        rest = ~covering
        link[rest] = rng.choice(len(pairs), size=int(rest.sum()), p=weights)
    else:
        link[:] = rng.choice(len(pairs), size=count, replace=False, p=weights)
    names = orgs["name"].to_numpy(dtype=object)
    d_index, h_index = pairs[link, 0], pairs[link, 1] + n_dalarna
    dalarna, hubei = names[d_index].copy(), names[h_index].copy()
    # a few records name two parties on a side: another partner of the same counterpart, so no new link appears
    partners_of_h: dict[int, list[int]] = {}
    partners_of_d: dict[int, list[int]] = {}
    for d, h in pairs.tolist():
        partners_of_h.setdefault(h, []).append(d)
        partners_of_d.setdefault(d, []).append(h)
    extra = rng.random(count)  # never both sides in one record: that would pair the two extras
    for row in np.flatnonzero(extra < 0.10).tolist():
        others = [d for d in partners_of_h[int(pairs[link[row], 1])] if d != pairs[link[row], 0]]
        if others:
            dalarna[row] += " | " + names[others[int(rng.integers(len(others)))]]
    for row in np.flatnonzero(extra > 0.94).tolist():
        others = [h for h in partners_of_d[int(pairs[link[row], 0])] if h != pairs[link[row], 1]]
        if others:
            hubei[row] += " | " + names[others[int(rng.integers(len(others)))] + n_dalarna]
    # some milestones concern one side only (not the ones that carry a link's only record)
    lone = (kinds == "milestone") & ~covering
    draw = rng.random(count)
    hubei[lone & (draw < 0.2)] = ""
    dalarna[lone & (draw >= 0.2) & (draw < 0.3)] = ""

    # dates: clusters around visits (a delegation's week), more of them in the partnership's busy years
    centres = FIRST_DAY + (rng.beta(4.0, 2.5, size=max(3, min(5000, count // 25)))
                           * int((LAST_DAY - FIRST_DAY).astype(int))).astype("timedelta64[D]")
    centre = centres[rng.integers(len(centres), size=count)]
    spread = np.where(kinds == "visit", rng.normal(0, 2, count), rng.normal(0, 25, count))
    days = np.clip(centre + np.round(spread).astype("timedelta64[D]"), FIRST_DAY, LAST_DAY)
    precision = np.where(kinds == "visit", rng.choice(3, size=count, p=[0.9, 0.08, 0.02]),
                         rng.choice(3, size=count, p=[0.8, 0.14, 0.06]))
    city_of = dict(zip(orgs["name"], orgs["city"], strict=True))
    return pd.DataFrame({
        "kind": kinds, "day": days, "precision": precision, "date": _date_texts(days, precision),
        "dalarna": dalarna, "hubei": hubei,
        "dalarna_city": [city_of[names[i]] for i in d_index], "hubei_city": [city_of[names[i]] for i in h_index],
        "sector": rng.choice(len(SECTORS), size=count, p=_long_tail(len(SECTORS), 0.9)),
    })


def _date_texts(days: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD, YYYY-MM or YYYY by precision (0 day, 1 month, 2 year)."""
    full = np.datetime_as_string(days, unit="D")
    return np.where(precision == 0, full, np.where(precision == 1, full.astype("<U7"), full.astype("<U4"))
                    ).astype(object)


def _later(days: np.ndarray, low: int, high: int, rng: np.random.Generator) -> np.ndarray:
    return np.minimum(days + rng.integers(low, high + 1, size=len(days)).astype("timedelta64[D]"), LAST_DAY)


def _common(events: pd.DataFrame, prefix: str, rng: np.random.Generator, counter: _RowCounter) -> pd.DataFrame:
    count = len(events)
    frame = pd.DataFrame(index=range(count))
    frame["id"] = [f"syn-{prefix}-{n:07d}" for n in range(1, count + 1)]
    frame["date"] = events["date"].to_numpy()
    frame["source"] = counter.sources(count, rng)
    frame["confidence"] = _pick(rng, CONFIDENCES, count)
    precision = events["precision"].to_numpy()
    notes = np.where(precision == 1, "Month only in the source.", np.where(precision == 2, "Year only in the source.",
                                                                           "")).astype(object)
    notes[rng.random(count) < 0.5] = ""
    frame["notes"] = notes
    return frame


def _sector_texts(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes = events["sector"].to_numpy()
    return tuple(np.array([s[i] for s in SECTORS], dtype=object)[codes] for i in range(3))  # type: ignore[return-value]


def _described(texts: list[str], rng: np.random.Generator, share: float = 0.3) -> np.ndarray:
    out = np.array(texts, dtype=object)
    out[rng.random(len(out)) >= share] = ""
    return out


def _agreements(events: pd.DataFrame, rng: np.random.Generator, counter: _RowCounter) -> pd.DataFrame:
    count = len(events)
    frame = _common(events, "agr", rng, counter)
    types = list(AGREEMENT_TYPES)
    type_index = rng.choice(len(types), size=count, p=[AGREEMENT_TYPES[t][0] for t in types])
    sector_en, sector_sv, sector_zh = _sector_texts(events)
    d_city, h_city = events["dalarna_city"].to_numpy(), events["hubei_city"].to_numpy()
    zh_city = {c: zh for c, zh, _, _ in HUBEI_CITIES}
    frame["title"] = [f"{AGREEMENT_TYPES[types[t]][1]} on {s}: {d}–{h}"
                      for t, s, d, h in zip(type_index, sector_en, d_city, h_city, strict=True)]
    frame["title_sv"] = [f"{AGREEMENT_TYPES[types[t]][2]} om {s}: {d}–{h}"
                         for t, s, d, h in zip(type_index, sector_sv, d_city, h_city, strict=True)]
    frame["title_zh"] = [f"{d}–{zh_city.get(h, h)}{s}{AGREEMENT_TYPES[types[t]][3]}"
                         for t, s, d, h in zip(type_index, sector_zh, d_city, h_city, strict=True)]
    frame["dalarna_party"] = events["dalarna"].to_numpy()
    frame["hubei_party"] = events["hubei"].to_numpy()
    frame["type"] = np.array(types, dtype=object)[type_index]
    frame["sector"] = sector_en
    days = events["day"].to_numpy()
    ends = _later(days, 365, 8 * 365, rng)
    has_end = rng.random(count) < 0.35
    end_precision = rng.choice(3, size=count, p=[0.6, 0.3, 0.1])
    frame["end_date"] = np.where(has_end, _date_texts(ends, end_precision), "")
    status = _pick(rng, AGREEMENT_STATUSES, count)
    status[has_end & (ends < LAST_DAY)] = "expired"
    frame["status"] = status
    frame["description"] = _described([f"The parties agree to cooperate on {s}." for s in sector_en], rng)
    return frame


def _visits(events: pd.DataFrame, rng: np.random.Generator, counter: _RowCounter) -> pd.DataFrame:
    count = len(events)
    frame = _common(events, "vis", rng, counter)
    to_hubei = rng.random(count) < 0.5
    dalarna, hubei = events["dalarna"].to_numpy(), events["hubei"].to_numpy()
    frame["direction"] = np.where(to_hubei, "to_hubei", "to_dalarna")
    frame["delegation"] = np.where(to_hubei, dalarna, hubei)
    frame["host"] = np.where(to_hubei, hubei, dalarna)
    city = np.where(to_hubei, events["hubei_city"].to_numpy(), events["dalarna_city"].to_numpy())
    frame["city"] = city
    purpose = rng.choice(len(PURPOSES), size=count, p=_long_tail(len(PURPOSES), 0.7))
    zh_city = {c: zh for c, zh, _, _ in HUBEI_CITIES}
    frame["purpose"] = [PURPOSES[p][0] for p in purpose]
    frame["title_sv"] = [f"{c}: {PURPOSES[p][1]}" for c, p in zip(city, purpose, strict=True)]
    frame["title_zh"] = [f"{zh_city.get(c, c)}：{PURPOSES[p][2]}" for c, p in zip(city, purpose, strict=True)]
    days = events["day"].to_numpy()
    day_precision = events["precision"].to_numpy() == 0
    longer = day_precision & (rng.random(count) < 0.4)
    frame["end_date"] = np.where(longer, _date_texts(_later(days, 1, 6, rng), np.zeros(count, dtype=int)), "")
    participants = rng.integers(2, 61, size=count).astype(str).astype(object)
    participants[rng.random(count) < 0.3] = ""
    frame["participants"] = participants
    frame["description"] = _described([f"A delegation of {n or 'several'} people." for n in participants], rng)
    return frame


def _deals(events: pd.DataFrame, rng: np.random.Generator, counter: _RowCounter) -> pd.DataFrame:
    count = len(events)
    frame = _common(events, "dea", rng, counter)
    sector_en, sector_sv, sector_zh = _sector_texts(events)
    h_city = events["hubei_city"].to_numpy()
    zh_city = {c: zh for c, zh, _, _ in HUBEI_CITIES}
    frame["title"] = [f"{_first_upper(s)} contract in {h}" for s, h in zip(sector_en, h_city, strict=True)]
    frame["title_sv"] = [f"Kontrakt inom {s} i {h}" for s, h in zip(sector_sv, h_city, strict=True)]
    frame["title_zh"] = [f"{zh_city.get(h, h)}{s}合同" for s, h in zip(sector_zh, h_city, strict=True)]
    frame["dalarna_party"] = events["dalarna"].to_numpy()
    frame["hubei_party"] = events["hubei"].to_numpy()
    frame["sector"] = sector_en
    amounts = np.round(rng.lognormal(13.5, 1.6, size=count), 2)
    swedish = rng.random(count) < 0.15  # written as Swedish Excel does: 1 234 567,50
    whole = rng.random(count) < 0.6
    values = [_swedish_number(a) if sw else (f"{a:.0f}" if w else f"{a:.2f}")
              for a, sw, w in zip(amounts, swedish, whole, strict=True)]
    valued = rng.random(count) < 0.75
    frame["value"] = np.where(valued, np.array(values, dtype=object), "")
    frame["currency"] = np.where(valued, _pick(rng, CURRENCIES, count), "")
    frame["status"] = _pick(rng, DEAL_STATUSES, count)
    frame["description"] = _described([f"Deliveries in {s}." for s in sector_en], rng, 0.2)
    return frame


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _swedish_number(amount: float) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return " ".join([whole, *groups]) + "," + cents


def _milestones(events: pd.DataFrame, rng: np.random.Generator, counter: _RowCounter) -> pd.DataFrame:
    count = len(events)
    frame = _common(events, "mil", rng, counter)
    categories = list(MILESTONES)
    category = rng.choice(len(categories), size=count, p=[MILESTONES[c][0] for c in categories])
    sector_en, sector_sv, sector_zh = _sector_texts(events)
    in_hubei = rng.random(count) < 0.5
    city = np.where(in_hubei, events["hubei_city"].to_numpy(), events["dalarna_city"].to_numpy())
    zh_city = {c: zh for c, zh, _, _ in HUBEI_CITIES}

    def titles(column: int, sectors: np.ndarray, cities: list[str]) -> list[str]:
        return [_first_upper(MILESTONES[categories[k]][column].format(s=s, c=c))
                for k, s, c in zip(category, sectors, cities, strict=True)]

    frame["title"] = titles(1, sector_en, list(city))
    frame["title_sv"] = titles(2, sector_sv, list(city))
    frame["title_zh"] = titles(3, sector_zh, [zh_city.get(c, c) for c in city])
    frame["category"] = np.array(categories, dtype=object)[category]
    # decisions to end a partnership and its ending come at the end, as in the real history (2019-2020)
    days = events["day"].to_numpy().copy()
    for name, first, spread in (("decision", "2019-05-01", 240), ("termination", "2020-01-15", 150)):
        chosen = frame["category"].to_numpy() == name
        days[chosen] = np.datetime64(first) + rng.integers(0, spread, size=int(chosen.sum())).astype("timedelta64[D]")
    frame["date"] = _date_texts(days, events["precision"].to_numpy())
    frame["dalarna_party"] = events["dalarna"].to_numpy()
    frame["hubei_party"] = events["hubei"].to_numpy()
    frame["city"] = np.where(rng.random(count) < 0.5, city, "")
    frame["sector"] = sector_en
    project = frame["category"].to_numpy() == "project"
    frame["end_date"] = np.where(project, _date_texts(_later(days, 365, 4 * 365, rng), np.full(count, 2)), "")
    frame["description"] = _described([f"A step in the cooperation on {s}." for s in sector_en], rng, 0.2)
    return frame


def _organisation_frame(orgs: pd.DataFrame, rng: np.random.Generator, counter: _RowCounter) -> pd.DataFrame:
    count = len(orgs)
    position = {name: (lat, lon) for name, lat, lon in DALARNA_TOWNS}
    position.update({name: (lat, lon) for name, _, lat, lon in HUBEI_CITIES})
    frame = pd.DataFrame({"id": [f"syn-org-{n:05d}" for n in range(1, count + 1)]})
    for column in ("name", "side", "type", "name_zh"):
        frame[column] = orgs[column].to_numpy()
    city = orgs["city"].to_numpy(dtype=object).copy()
    city[rng.random(count) < 0.03] = ""  # a few with no known city: Dalarna's centre, or unplaced in Hubei
    frame["city"] = city
    # a few give their own position (near their city); the others are placed at their city
    own = (rng.random(count) < 0.2) & (city != "")
    lats = np.array([position.get(c, (np.nan, np.nan))[0] for c in city]) + rng.normal(0, 0.03, count)
    lons = np.array([position.get(c, (np.nan, np.nan))[1] for c in city]) + rng.normal(0, 0.03, count)
    frame["lat"] = np.where(own, np.char.mod("%.4f", lats), "")
    frame["lon"] = np.where(own, np.char.mod("%.4f", lons), "")
    frame["website"] = np.where(rng.random(count) < 0.3,
                                np.char.add("https://example.org/", frame["id"].to_numpy().astype(str)), "")
    frame["source"] = counter.sources(count, rng)
    frame["confidence"] = _pick(rng, CONFIDENCES, count)
    return frame


def _places(counter: _RowCounter) -> pd.DataFrame:
    rows = [{"name": name, "region": "Dalarna", "country": "Sweden", "lat": f"{lat:.4f}", "lon": f"{lon:.4f}",
             "name_zh": ""} for name, lat, lon in [*DALARNA_TOWNS, DALARNA_CENTRE]]
    rows += [{"name": name, "region": "Hubei", "country": "China", "lat": f"{lat:.4f}", "lon": f"{lon:.4f}",
              "name_zh": zh} for name, zh, lat, lon in HUBEI_CITIES]
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", [f"syn-pla-{n:03d}" for n in range(1, len(frame) + 1)])
    frame["source"] = counter.sources(len(frame), np.random.default_rng(counter.seed))
    frame["confidence"] = "medium"
    frame["notes"] = "Town centre, approximate."
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cooperation.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="folder to write the CSV files into (created if needed)")
    parser.add_argument("--events", type=int, default=1000, help="number of events (agreements, visits, deals, "
                        "milestones together); default 1000")
    parser.add_argument("--organisations", type=int, default=None, help="default: events/40, 12 to 2,000")
    parser.add_argument("--links", type=int, default=None, help="distinct Dalarna–Hubei party pairs; default: "
                        "2.5 per organisation, at most 5,000")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    result = generate(args.directory, events=args.events, organisations=args.organisations, links=args.links,
                      seed=args.seed)
    rows = ", ".join(f"{name} {count:,}" for name, count in result.rows.items())
    print(f"{result.directory}: {result.events:,} events, {result.organisations:,} organisations, "
          f"{result.links:,} links (seed {result.seed}); {rows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
