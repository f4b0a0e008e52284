"""What the ingest path says about a file: key -> (English, Swedish, Simplified Chinese).

Each sentence says what is wrong and what to do about it; {kind} is the kind's name in the same language.
"""

TEXTS: dict[str, tuple[str, str, str]] = {
    "problem.at": ("{file}, row {row}, column {column}: “{value}” {reason}",
                   "{file}, rad {row}, kolumn {column}: ”{value}” {reason}",
                   "{file}，第 {row} 行，{column} 列：“{value}”{reason}"),
    "problem.at_column": ("{file}, column {column}: {reason}", "{file}, kolumn {column}: {reason}",
                          "{file}，{column} 列：{reason}"),
    "problem.at_file": ("{file}: {reason}", "{file}: {reason}", "{file}：{reason}"),
    "problem.at_row": ("{file}, row {row}: {reason}", "{file}, rad {row}: {reason}", "{file}，第 {row} 行：{reason}"),
    "problem.at_whole_file": ("{file}, column {column} (the same value for every row): “{value}” {reason}",
                              "{file}, kolumn {column} (samma värde på varje rad): ”{value}” {reason}",
                              "{file}，{column} 列（每行同一个值）：“{value}”{reason}"),
    # the file as a whole
    "problem.empty_file": ("the file is empty; choose the file that holds the data.",
                           "filen är tom; välj filen som innehåller uppgifterna.", "文件为空；请选择包含数据的文件。"),
    "problem.too_large": ("the file is {size}, more than the limit of {limit}; split it into smaller files.",
                          "filen är {size}, mer än gränsen {limit}; dela upp den i mindre filer.",
                          "文件大小为 {size}，超过了 {limit} 的限制；请将其拆分为较小的文件。"),
    "problem.too_many_rows": ("the file has more than {limit} rows; split it into smaller files.",
                              "filen har fler än {limit} rader; dela upp den i mindre filer.",
                              "文件超过 {limit} 行；请将其拆分为较小的文件。"),
    "problem.too_many_columns": (
        "the header has {columns} columns, more than the limit of {limit}; delete the columns the dashboard does not "
        "need (empty columns at the right end are dropped by themselves).",
        "rubrikraden har {columns} kolumner, fler än gränsen {limit}; ta bort kolumnerna som instrumentpanelen inte "
        "behöver (tomma kolumner längst till höger tas bort av sig själva).",
        "标题行有 {columns} 列，超过了 {limit} 列的限制；请删除仪表板不需要的列（最右侧的空列会自动去掉）。"),
    "problem.cell_too_long_to_read": (
        "a value is longer than {limit} characters, too long to read; shorten it, or close a quote (\") that was "
        "opened and never closed.",
        "ett värde är längre än {limit} tecken och kan inte läsas; korta det, eller stäng ett citattecken (\") som "
        "öppnats men aldrig stängts.",
        "某个值超过 {limit} 个字符，无法读取；请缩短它，或闭合一个已打开但未闭合的引号（\"）。"),
    "problem.workbook_too_large": (
        "the workbook unpacks to {size}, more than the limit of {limit} (often rows or columns once formatted far "
        "beyond the data); copy the data into a new workbook, or save the sheet as CSV, and upload that.",
        "arbetsboken packas upp till {size}, mer än gränsen {limit} (ofta rader eller kolumner som formaterats långt "
        "utanför uppgifterna); kopiera uppgifterna till en ny arbetsbok, eller spara bladet som CSV, och ladda upp den.",
        "该工作簿解压后为 {size}，超过了 {limit} 的限制（通常是因为在数据之外很远处设置过格式的行或列）；请将数据复制到新工作簿，"
        "或将工作表另存为 CSV 后再上传。"),
    "problem.shared_strings_too_large": (
        "the workbook's text cells take {size}, more than the limit of {limit}; remove the very long texts, or save "
        "the sheet as CSV and upload that.",
        "arbetsbokens textceller tar {size}, mer än gränsen {limit}; ta bort de mycket långa texterna, eller spara "
        "bladet som CSV och ladda upp det.",
        "该工作簿的文本单元格共 {size}，超过了 {limit} 的限制；请删除过长的文本，或将工作表另存为 CSV 后再上传。"),
    "problem.too_slow": (
        "reading the file took longer than the limit of {seconds} seconds, so it was stopped; split it into smaller "
        "files, or save a workbook's sheet as CSV.",
        "läsningen av filen tog längre tid än gränsen {seconds} sekunder och avbröts; dela upp den i mindre filer, "
        "eller spara arbetsbokens blad som CSV.",
        "读取该文件的时间超过了 {seconds} 秒的限制，已停止；请将其拆分为较小的文件，或将工作簿的工作表另存为 CSV。"),
    "problem.binary": (
        "the file is not text (it looks like a program or a picture); save your table from Excel as CSV or .xlsx "
        "and upload that.",
        "filen är inte text (den ser ut som ett program eller en bild); spara tabellen från Excel som CSV eller "
        ".xlsx och ladda upp den.",
        "该文件不是文本（看起来像程序或图片）；请从 Excel 将表格另存为 CSV 或 .xlsx 后再上传。"),
    "problem.undecodable": (
        "the file's text encoding could not be recognised; save it from Excel as “CSV UTF-8” and upload it again.",
        "filens teckenkodning kunde inte kännas igen; spara den från Excel som ”CSV UTF-8” och ladda upp den igen.",
        "无法识别文件的文本编码；请从 Excel 另存为“CSV UTF-8”后重新上传。"),
    "problem.unparsable": ("the file could not be read as CSV ({detail}); open it in Excel and save it as CSV again.",
                           "filen kunde inte läsas som CSV ({detail}); öppna den i Excel och spara den som CSV igen.",
                           "无法将文件读取为 CSV（{detail}）；请在 Excel 中打开并重新另存为 CSV。"),
    "problem.no_header": ("the file has no header row; add a first row that names the columns (see the templates).",
                          "filen saknar rubrikrad; lägg till en första rad som namnger kolumnerna (se mallarna).",
                          "文件没有标题行；请添加第一行列名（参见模板）。"),
    "problem.unknown_kind": (
        "the kind of records could not be recognised from the file name or its columns; choose the kind and map "
        "the file's columns to the format's.",
        "posttypen kunde inte kännas igen från filnamnet eller kolumnerna; välj posttyp och koppla filens kolumner "
        "till formatets.",
        "无法从文件名或列名识别记录类型；请选择记录类型，并将文件的列对应到格式中的列。"),
    "problem.kind_guessed": (
        "the kind “{kind}” was only guessed from the columns; confirm it or choose another kind (on the command "
        "line: --kind {name}).",
        "typen ”{kind}” gissades bara utifrån kolumnerna; bekräfta den eller välj en annan typ (på kommandoraden: "
        "--kind {name}).",
        "类型“{kind}”只是根据列推测的；请确认或选择其他类型（命令行：--kind {name}）。"),
    "problem.not_table": ("the file is a {format} file, not a table; save the table as CSV or .xlsx and upload that.",
                          "filen är en {format}-fil, inte en tabell; spara tabellen som CSV eller .xlsx och ladda upp "
                          "den.",
                          "该文件是 {format} 文件，而不是表格；请将表格另存为 CSV 或 .xlsx 后再上传。"),
    "problem.xls_old": (
        "the file is an old Excel workbook (.xls) or a password-protected one; save it as .xlsx or CSV without a "
        "password.",
        "filen är en äldre Excel-arbetsbok (.xls) eller en lösenordsskyddad; spara den som .xlsx eller CSV utan "
        "lösenord.",
        "该文件是旧版 Excel 工作簿（.xls）或受密码保护的工作簿；请另存为不带密码的 .xlsx 或 CSV。"),
    "problem.xlsx_broken": ("the workbook is damaged and cannot be opened; open it in Excel, save it again and upload "
                            "the new copy.",
                            "arbetsboken är skadad och kan inte öppnas; öppna den i Excel, spara den igen och ladda "
                            "upp den nya kopian.",
                            "该工作簿已损坏，无法打开；请在 Excel 中打开并重新保存，然后上传新副本。"),
    "problem.sheet_missing": ("the workbook has no sheet “{sheet}”; choose one of its sheets: {sheets}.",
                              "arbetsboken har inget blad ”{sheet}”; välj ett av dess blad: {sheets}.",
                              "工作簿中没有名为“{sheet}”的工作表；请选择现有工作表之一：{sheets}。"),
    "problem.empty_sheet": ("the sheet “{sheet}” is empty; choose the sheet that holds the data.",
                            "bladet ”{sheet}” är tomt; välj bladet som innehåller uppgifterna.",
                            "工作表“{sheet}”为空；请选择包含数据的工作表。"),
    "problem.internal_error": (
        "the file could not be read because of a fault in the dashboard (it is logged); try again, and if it happens "
        "again tell the dashboard's administrator.",
        "filen kunde inte läsas på grund av ett fel i instrumentpanelen (det är loggat); försök igen, och om det "
        "händer igen, kontakta instrumentpanelens administratör.",
        "由于仪表板的故障（已记录），无法读取该文件；请重试，如果再次发生，请联系仪表板管理员。"),
    # the header and the mapping
    "problem.needs_mapping": (
        "none of the file's columns is a column of the {kind} format; map its columns to the format's.",
        "ingen av filens kolumner ingår i formatet för {kind}; koppla dess kolumner till formatets.",
        "文件中没有任何列属于 {kind} 格式；请将其列对应到格式中的列。"),
    "problem.column_ignored": ("this column is not read (it is mapped to “not read” or to nothing).",
                               "kolumnen läses inte (den är kopplad till ”läses inte” eller till ingenting).",
                               "该列不读取（它被对应为“不读取”或未对应）。"),
    "problem.mapping_unknown_target": (
        "is mapped to “{target}”, which is not a column of the {kind} format; map it to one of the format's columns "
        "or to “not read”.",
        "är kopplad till ”{target}”, som inte är en kolumn i formatet för {kind}; koppla den till en av formatets "
        "kolumner eller till ”läses inte”.",
        "被对应到“{target}”，但这不是 {kind} 格式中的列；请将其对应到格式中的某一列或“不读取”。"),
    "problem.mapping_no_such_column": (
        "is mapped to “{target}”, which is no column of any kind; use one of: {columns}.",
        "är kopplad till ”{target}”, som inte är en kolumn i någon typ; använd en av: {columns}.",
        "被对应到“{target}”，但任何类型都没有这一列；请使用以下之一：{columns}。"),
    "problem.mapping_header_missing": (
        "the mapping names this column, but the file has no column so named; its columns are: {headers}.",
        "kopplingen nämner den här kolumnen, men filen har ingen kolumn med det namnet; dess kolumner är: {headers}.",
        "对应关系中提到了这一列，但文件中没有这个名称的列；文件的列为：{headers}。"),
    "problem.constant_no_such_column": (
        "is given one value for the whole file, but it is no column of any kind; use one of: {columns}.",
        "har fått ett värde för hela filen, men det är inte en kolumn i någon typ; använd en av: {columns}.",
        "被设为整个文件的同一个值，但任何类型都没有这一列；请使用以下之一：{columns}。"),
    "problem.constant_unknown_column": (
        "is given one value for the whole file, but it is not a column of the {kind} format; remove that value or "
        "choose another kind.",
        "har fått ett värde för hela filen, men den är inte en kolumn i formatet för {kind}; ta bort värdet eller "
        "välj en annan typ.",
        "被设为整个文件的同一个值，但它不是 {kind} 格式中的列；请删除该值或选择其他类型。"),
    "problem.constant_and_column": (
        "holds {target}, which is also given one value for the whole file; keep one of the two: map this column to "
        "“not read”, or remove the value.",
        "innehåller {target}, som också har fått ett värde för hela filen; behåll en av dem: koppla kolumnen till "
        "”läses inte”, eller ta bort värdet.",
        "对应到 {target}，而该列同时被设为整个文件的同一个值；请只保留一个：将此列设为“不读取”，或删除该值。"),
    "problem.group": ("{message} The same problem occurs {count} more times (rows {rows}).",
                      "{message} Samma problem förekommer {count} gånger till (rader {rows}).",
                      "{message} 同样的问题还出现了 {count} 次（第 {rows} 行）。"),
    "problem.missing_column": (
        "the required column is missing; add it to the file, map one of the file's columns to it, or give it one "
        "value for the whole file.",
        "den obligatoriska kolumnen saknas; lägg till den i filen, koppla en av filens kolumner till den, eller ge "
        "den ett värde för hela filen.",
        "缺少必填列；请在文件中添加该列，将文件中的某一列对应到它，或为整个文件设定一个值。"),
    "problem.duplicate_column": (
        "holds {target}, as the column “{first}” does; keep one of the two (map the other to “not read”).",
        "innehåller {target}, liksom kolumnen ”{first}”; behåll en av dem (koppla den andra till ”läses inte”).",
        "与“{first}”列一样对应到 {target}；请只保留其中一列（将另一列设为“不读取”）。"),
    "problem.invisible_in_header": (
        "the header held invisible characters, which were removed; check the column's name.",
        "rubriken innehöll osynliga tecken, som togs bort; kontrollera kolumnens namn.",
        "列标题中含有不可见字符，已删除；请检查列名。"),
    "problem.extra_values": (
        "the row has values beyond the header's last column (“{extra}”); put the value that contains the delimiter "
        "in quotes, or give the extra column a name in the header.",
        "raden har värden efter rubrikradens sista kolumn (”{extra}”); sätt värdet som innehåller avgränsaren inom "
        "citattecken, eller ge den extra kolumnen ett namn i rubrikraden.",
        "该行在标题最后一列之后还有值（“{extra}”）；请给包含分隔符的值加引号，或在标题行中为多出的列命名。"),
    "problem.duplicate_id": ("is already the id of row {first}; ids must be unique: change one of them.",
                             "är redan id för rad {first}; id måste vara unika: ändra ett av dem.",
                             "已是第 {first} 行的 id；id 必须唯一：请修改其中一个。"),
    "problem.unknown_column": ("this column is not part of the {kind} format and is not read; map it if it holds "
                               "something the format has.",
                               "kolumnen ingår inte i formatet för {kind} och läses inte; koppla den om den "
                               "innehåller något som formatet har.",
                               "该列不属于 {kind} 格式，不会被读取；如果它包含格式中的内容，请进行对应。"),
    # cells
    "problem.required": ("is empty, but this column is required; fill it in.",
                         "är tomt, men kolumnen är obligatorisk; fyll i den.", "为空，但该列为必填；请填写。"),
    "problem.date_format": ("is not a date; write YYYY-MM-DD, YYYY-MM or YYYY.",
                            "är inte ett datum; skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ.",
                            "不是日期；请写成 YYYY-MM-DD、YYYY-MM 或 YYYY。"),
    "problem.date_impossible": ("is not a real date; check the day and the month.",
                                "är inte ett verkligt datum; kontrollera dag och månad.", "不是有效的日期；请检查日和月。"),
    "problem.date_excel_serial": (
        "looks like an Excel serial number, not a date; format the column as text YYYY-MM-DD.",
        "ser ut som ett Excel-serienummer, inte ett datum; formatera kolumnen som text ÅÅÅÅ-MM-DD.",
        "看起来是 Excel 序列号而不是日期；请将该列设为文本格式 YYYY-MM-DD。"),
    "problem.date_ambiguous": ("could be day/month or month/day; write YYYY-MM-DD.",
                               "kan vara dag/månad eller månad/dag; skriv ÅÅÅÅ-MM-DD.",
                               "可能是日/月或月/日；请写成 YYYY-MM-DD。"),
    "problem.date_too_early": ("is before 2000, earlier than this partnership; check the year.",
                               "är före 2000, tidigare än detta samarbete; kontrollera året.",
                               "早于 2000 年，早于本合作；请检查年份。"),
    "problem.date_future": ("is in the future; check the year.", "ligger i framtiden; kontrollera året.",
                            "是未来的日期；请检查年份。"),
    "problem.end_before_start": ("ends before it starts; check both dates.",
                                 "slutar innan det börjar; kontrollera båda datumen.", "结束日期早于开始日期；请检查两个日期。"),
    "problem.not_a_number": ("is not a number; write digits only, like 1234,50.",
                             "är inte ett tal; skriv bara siffror, som 1234,50.", "不是数字；请只写数字，例如 1234.50。"),
    "problem.number_ambiguous": (
        "is ambiguous (thousands separator or decimal mark?); write it without thousands separators.",
        "är tvetydigt (tusentalsavgränsare eller decimaltecken?); skriv det utan tusentalsavgränsare.",
        "有歧义（千位分隔符还是小数点？）；请不带千位分隔符书写。"),
    "problem.not_whole": ("is not a whole number; write it without decimals.",
                          "är inte ett heltal; skriv det utan decimaler.", "不是整数；请去掉小数。"),
    "problem.below_minimum": ("is below the minimum {minimum}; check the value.",
                              "är lägre än minimum {minimum}; kontrollera värdet.", "低于最小值 {minimum}；请检查该值。"),
    "problem.above_maximum": ("is above the maximum {maximum}; check the value.",
                              "är högre än maximum {maximum}; kontrollera värdet.", "高于最大值 {maximum}；请检查该值。"),
    "problem.not_allowed": ("is not one of the allowed values; write one of: {allowed}.",
                            "är inte ett av de tillåtna värdena; skriv ett av: {allowed}.",
                            "不是允许的值；请写成以下之一：{allowed}。"),
    "problem.currency_missing": ("a value needs a currency; write SEK, CNY, EUR or USD in this column.",
                                 "ett värde behöver en valuta; skriv SEK, CNY, EUR eller USD i kolumnen.",
                                 "金额需要注明货币；请在该列中写 SEK、CNY、EUR 或 USD。"),
    "problem.too_long": ("is {length} characters long; a value may have at most {limit}: shorten it.",
                         "är {length} tecken långt; ett värde får ha högst {limit}: korta det.",
                         "长度为 {length} 个字符；一个值最多只能有 {limit} 个字符：请缩短。"),
    "problem.invisible_removed": (
        "held invisible characters ({characters}), which were removed; check that the value reads as meant.",
        "innehöll osynliga tecken ({characters}), som togs bort; kontrollera att värdet blev som avsett.",
        "含有不可见字符（{characters}），已删除；请检查该值是否符合原意。"),
    "problem.unsafe_link": (
        "is a “{scheme}” address, which would run or open something else than a web page; give an http:// or "
        "https:// address, or a document reference without one.",
        "är en ”{scheme}”-adress, som skulle köra eller öppna något annat än en webbsida; ange en http://- eller "
        "https://-adress, eller en dokumenthänvisning utan adress.",
        "是“{scheme}”地址，会运行或打开网页以外的内容；请填写 http:// 或 https:// 地址，或不带地址的文件引用。"),
    "problem.formula_like": (
        "starts with “{sign}”, so a spreadsheet would run it as a formula; it is stored as text and exported with a "
        "leading apostrophe (if it came from a formula, put the formula's value in the file instead).",
        "börjar med ”{sign}”, så ett kalkylprogram skulle köra det som en formel; det sparas som text och "
        "exporteras med en inledande apostrof (om det kommer från en formel, skriv formelns värde i filen i stället).",
        "以“{sign}”开头，电子表格会将其作为公式执行；它将按文本保存，导出时会在前面加上撇号（如果它来自公式，请在文件中改写为公式的值）。"),
    "problem.no_rows": ("the file has a header but no records; add the rows, or choose the file that holds them.",
                        "filen har en rubrikrad men inga poster; lägg till raderna, eller välj filen som innehåller dem.",
                        "文件只有标题行，没有记录；请添加数据行，或选择包含数据的文件。"),
    "problem.one_column": (
        "the header is one single column; the columns seem to be separated by “{delimiter}”, but only a comma, "
        "semicolon or tab separates columns: save the file again with one of those.",
        "rubrikraden är en enda kolumn; kolumnerna verkar avgränsas med ”{delimiter}”, men bara komma, semikolon "
        "eller tabb avgränsar kolumner: spara filen igen med något av dem.",
        "标题行只有一列；各列似乎用“{delimiter}”分隔，但只有逗号、分号或制表符才能分隔列：请用其中之一重新保存文件。"),
    "problem.mixed_encoding": (
        "the lines are in two encodings (UTF-8, and Windows-1252 from line {line}); each line was read in its own, "
        "so check å, ä, ö and Chinese.",
        "raderna har två teckenkodningar (UTF-8, och Windows-1252 från rad {line}); varje rad lästes med sin egen, "
        "så kontrollera å, ä, ö och kinesiska.",
        "各行使用了两种编码（UTF-8，以及从第 {line} 行起的 Windows-1252）；每行已按其自身编码读取，请检查 å、ä、ö 和中文。"),
    "problem.unclosed_quote": (
        "a quote opened in this row is never closed, so the rest of the file was read as one value; close the "
        "quote or remove it.",
        "ett citattecken som öppnas på denna rad stängs aldrig, så resten av filen lästes som ett enda värde; "
        "stäng citattecknet eller ta bort det.",
        "此行中打开的引号从未闭合，因此文件的其余部分被读成了一个值；请闭合该引号或将其删除。"),
    # several files of one upload
    "problem.same_file_twice": ("is the same file as {other}; remove one of the two.",
                                "är samma fil som {other}; ta bort en av dem.", "与 {other} 是同一个文件；请删除其中一个。"),
    "problem.same_record_twice": (
        "is the same {kind} as {other}, row {other_row} (id {id}); keep it in one of the two files.",
        "är samma post av typen {kind} som {other}, rad {other_row} (id {id}); behåll den i en av filerna.",
        "与 {other} 第 {other_row} 行是同一条{kind}记录（id {id}）；请只在其中一个文件中保留。"),
    # the command line
    "report.no_such_file": ("the file does not exist or cannot be opened; check its name and path.",
                            "filen finns inte eller kan inte öppnas; kontrollera namn och sökväg.",
                            "文件不存在或无法打开；请检查文件名和路径。"),
    "report.accepted": ("{file} ({how}): {rows} rows, accepted ({warnings} warnings).",
                        "{file} ({how}): {rows} rader, godtas ({warnings} varningar).",
                        "{file}（{how}）：{rows} 行，已通过（{warnings} 个警告）。"),
    "report.refused": ("{file} ({how}): {rows} rows, refused: {errors} errors, {warnings} warnings.",
                       "{file} ({how}): {rows} rader, godtas inte: {errors} fel, {warnings} varningar.",
                       "{file}（{how}）：{rows} 行，未通过：{errors} 个错误，{warnings} 个警告。"),
    "report.unreadable": ("{file} ({how}): cannot be read.", "{file} ({how}): kan inte läsas.",
                          "{file}（{how}）：无法读取。"),
    "report.remembered_mapping": ("read with the column mapping remembered for these headers.",
                                  "läst med den kolumnkoppling som sparats för dessa rubriker.",
                                  "已使用为这些列标题保存的列对应关系读取。"),
    "report.not_committed": ("Nothing was stored: every file must be accepted first.",
                             "Inget sparades: alla filer måste godtas först.", "未保存任何内容：所有文件都必须先通过检查。"),
    "report.committed": ("Stored as batch {batch}: {rows} rows from {files} files.",
                         "Sparat som omgång {batch}: {rows} rader från {files} filer.",
                         "已保存为批次 {batch}：来自 {files} 个文件的 {rows} 行。"),
    "report.nothing_new": ("Nothing was stored: every row of these files is stored already, so no batch was made.",
                           "Inget sparades: varje rad i filerna finns redan lagrad, så ingen omgång skapades.",
                           "未保存任何内容：这些文件中的每一行都已存储，因此没有创建批次。"),
    "report.preview": ("Preview: {new} new, {changed} changed, {duplicates} already stored, {unsourced} without a source, {unplaceable} parties not on the map.",
                       "Förhandsvisning: {new} nya, {changed} ändrade, {duplicates} redan lagrade, {unsourced} utan källa, {unplaceable} parter inte på kartan.",
                       "预览：新增 {new} 条，更改 {changed} 条，已存在 {duplicates} 条，无来源 {unsourced} 条，{unplaceable} 个参与方无法上图。"),
    "report.commit_failed": ("Nothing was stored: the store refused the batch ({reason}).",
                             "Inget sparades: lagret avvisade omgången ({reason}).", "未保存任何内容：存储拒绝了该批次（{reason}）。"),
}
