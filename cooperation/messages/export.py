"""Texts of the export feature: key -> (English, Swedish, Simplified Chinese)."""

TEXTS: dict[str, tuple[str, str, str]] = {
    "nav.export": ("Export", "Export", "导出"),
    # the export page
    "export.title": ("Export and briefing", "Export och lägesbild", "导出与简报"),
    "export.caption": (
        "Take the filtered view with you: the records as spreadsheets, the charts as pictures and a one-page briefing. Everything follows the filters in the sidebar and the chosen language.",
        "Ta med dig den filtrerade vyn: posterna som kalkylblad, diagrammen som bilder och en lägesbild på en sida. Allt följer filtren i sidopanelen och det valda språket.",
        "带走当前筛选视图：记录导出为电子表格，图表导出为图片，另有一页简报。所有内容均遵循侧栏中的筛选条件和所选语言。"),
    "export.records.header": ("Records", "Poster", "记录"),
    "export.records.help": (
        "The filtered records of every kind (organisations and places in full). Text cells that begin with =, +, - or @ get a leading apostrophe so that a spreadsheet shows them instead of running them as formulas. The CSV files are UTF-8 with a byte-order mark, so Excel shows å, ä, ö and Chinese correctly; Excel set to Swedish expects semicolons in CSV files, so open the XLSX workbook there.",
        "De filtrerade posterna av varje typ (organisationer och orter i sin helhet). Textceller som börjar med =, +, - eller @ får en inledande apostrof så att kalkylprogrammet visar dem i stället för att köra dem som formler. CSV-filerna är UTF-8 med byte-order mark, så att Excel visar å, ä, ö och kinesiska rätt; ett svenskt Excel väntar sig semikolon i CSV-filer, så öppna hellre XLSX-arbetsboken där.",
        "各类型的筛选后记录（机构和地点为全部）。以 =、+、- 或 @ 开头的文本单元格前会加上单引号，使电子表格将其作为文本显示而不是作为公式执行。CSV 文件采用带字节顺序标记（BOM）的 UTF-8 编码，Excel 可正确显示 å、ä、ö 和中文；瑞典语版 Excel 的 CSV 默认使用分号分隔，因此在 Excel 中建议打开 XLSX 工作簿。"),
    "export.csv.button": ("{kind} (CSV, rows: {count})", "{kind} (CSV, rader: {count})", "{kind}（CSV，{count} 行）"),
    "export.xlsx.button": ("Every kind in one workbook (XLSX)", "Alla typer i en arbetsbok (XLSX)", "所有类型合并为一个工作簿（XLSX）"),
    "export.charts.header": ("Charts as pictures", "Diagram som bilder", "图表图片"),
    "export.charts.help": (
        "Every chart in the app has a camera button in its toolbar that saves a PNG. Here the server draws the records per year, the timeline and a static map picture as PNG files.",
        "Varje diagram i appen har en kameraknapp i verktygsfältet som sparar en PNG. Här ritar servern poster per år, tidslinjen och en statisk kartbild som PNG-filer.",
        "应用中的每个图表在工具栏中都有一个相机按钮，可保存 PNG 图片。此处由服务器将每年记录数、时间线和一张静态地图绘制为 PNG 文件。"),
    "export.charts.make": ("Draw the pictures", "Rita bilderna", "生成图片"),
    "export.charts.drawing": ("Drawing the pictures…", "Ritar bilderna …", "正在生成图片……"),
    "export.charts.download": ("{name} (PNG)", "{name} (PNG)", "{name}（PNG）"),
    "export.charts.unavailable": (
        "The server cannot draw pictures here (kaleido or Chromium is missing). Use the camera button in each chart's toolbar instead.",
        "Servern kan inte rita bilder här (kaleido eller Chromium saknas). Använd kameraknappen i varje diagrams verktygsfält i stället.",
        "服务器无法在此生成图片（缺少 kaleido 或 Chromium）。请改用各图表工具栏中的相机按钮。"),
    "export.chart.map": ("Map", "Karta", "地图"),
    "export.map.links": ("Links (wider = more records)", "Förbindelser (bredare = fler poster)", "连线（越宽记录越多）"),
    "export.briefing.header": ("One-page briefing", "Lägesbild på en sida", "一页简报"),
    "export.briefing.help": (
        "The key figures, the state of the partnership, records per year, the timeline, a map picture, the latest events and every source of the records shown, on one A4 page in the chosen language. The HTML file works offline and prints to A4; the PDF is printed on the server by Chromium.",
        "Nyckeltal, samarbetets läge, poster per år, tidslinjen, en kartbild, de senaste händelserna och alla källor till posterna som visas, på en A4-sida på det valda språket. HTML-filen fungerar utan internet och skrivs ut på A4; PDF:en skrivs ut på servern av Chromium.",
        "在一页 A4 纸上以所选语言呈现关键数据、合作现状、每年记录数、时间线、地图图片、最新事件以及所显示记录的全部来源。HTML 文件可离线使用并可打印为 A4；PDF 由服务器上的 Chromium 生成。"),
    "export.briefing.make": ("Prepare the briefing", "Ta fram lägesbilden", "生成简报"),
    "export.briefing.preparing": ("Preparing the briefing…", "Tar fram lägesbilden …", "正在生成简报……"),
    "export.briefing.html": ("Briefing (HTML)", "Lägesbild (HTML)", "简报（HTML）"),
    "export.briefing.pdf": ("Briefing (PDF)", "Lägesbild (PDF)", "简报（PDF）"),
    "export.briefing.no_pdf": (
        "No PDF: Chromium is not available on this server. Open the HTML file in a browser and print it to PDF.",
        "Ingen PDF: Chromium finns inte på den här servern. Öppna HTML-filen i en webbläsare och skriv ut den som PDF.",
        "无法生成 PDF：此服务器上没有 Chromium。请在浏览器中打开 HTML 文件并打印为 PDF。"),
    "export.briefing.ready": ("Prepared in {seconds} s for the current filters and language.",
                              "Framtagen på {seconds} s för nuvarande filter och språk.",
                              "已按当前筛选条件和语言生成，用时 {seconds} 秒。"),
    # the briefing itself
    "briefing.kicker": ("Briefing", "Lägesbild", "简报"),
    "briefing.exported": ("Exported {date}", "Exporterad {date}", "导出日期：{date}"),
    "briefing.filters.all_kinds": ("all kinds", "alla typer", "所有类型"),
    "briefing.filters.sectors": ("sectors: {sectors}", "sektorer: {sectors}", "领域：{sectors}"),
    "briefing.filters.party": ("party: “{party}”", "part: ”{party}”", "参与方：“{party}”"),
    "briefing.kpis": ("Key figures", "Nyckeltal", "关键数据"),
    "briefing.kpi.records": ("of {count} records shown", "av {count} visade poster", "共显示 {count} 条记录"),
    "briefing.state": ("State of the partnership", "Samarbetets läge", "合作现状"),
    "briefing.no_pictures": (
        "The pictures need kaleido and Chromium on the server; small tables stand in for them.",
        "Bilderna kräver kaleido och Chromium på servern; små tabeller står i deras ställe.",
        "生成图片需要服务器上安装 kaleido 和 Chromium；此处以简表代替。"),
    "briefing.sources_caption": ("Every source of the {count} records shown; [n] in the list of events refers here.",
                                 "Alla källor till de {count} visade posterna; [n] i händelselistan hänvisar hit.",
                                 "所显示 {count} 条记录的全部来源；事件列表中的 [n] 即指此处编号。"),
    "briefing.unsourced": ("{count} records have no source.", "{count} poster saknar källa.", "{count} 条记录没有来源。"),
    "briefing.footer": (
        "Dalarna–Hubei cooperation dashboard. Every record carries its source; dates known only to the month or year are marked as such, and inferred years are recorded with medium confidence.",
        "Dashboard för samarbetet Dalarna–Hubei. Varje post har sin källa; datum som bara är kända till månad eller år är markerade, och härledda årtal har medelhög tillförlitlighet.",
        "达拉纳–湖北合作仪表板。每条记录均附来源；仅知月份或年份的日期均已标明，推断的年份记为中等可信度。"),
    "briefing.col.year": ("Year", "År", "年份"),
    "briefing.col.first": ("First", "Första", "最早"),
    "briefing.col.last": ("Last", "Senaste", "最近"),
}
