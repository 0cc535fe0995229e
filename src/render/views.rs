//! The context templates receive: typed, documented view structs (see docs/theme.md).
//! Every figure in them is already formatted for the page's language; templates do no arithmetic.

use serde::Serialize;

/// A link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Visible text.
    pub text: String,
    /// Relative address from the current page.
    pub href: String,
}

/// The same page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code.
    pub lang: String,
    /// Language name in that language ("Tiếng Việt", "English").
    pub name: String,
    /// Relative address.
    pub href: String,
    /// True for the current page's language.
    pub current: bool,
}

/// Site-wide settings.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title in the page's language.
    pub title: String,
    /// Description in the page's language.
    pub description: String,
    /// Notice for every page in the page's language (empty when the site has none).
    pub notice: String,
    /// Publisher.
    pub publisher: String,
    /// Data licence.
    pub data_license: String,
}

/// What every page gets.
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    /// Page language.
    pub lang: &'a str,
    /// Interface strings of the language (`t.overview`, …), made into a template value once
    /// per language and shared by every page (not copied into each page's context).
    pub t: minijinja::Value,
    /// Site settings.
    pub site: SiteView,
    /// Relative path to the output root (for assets), e.g. `../../`.
    pub root: String,
    /// Page kind: overview, province, commune, indicator, indicators, report, page, downloads, 404.
    pub kind: &'static str,
    /// Page title (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical address (from `base_url`).
    pub canonical: String,
    /// Trail from the overview to this page (the last one is the page itself, without href).
    pub breadcrumbs: Vec<Link>,
    /// This page in every site language.
    pub alternates: Vec<Alternate>,
    /// Main navigation.
    pub nav: Vec<Link>,
    /// Free pages (about, methodology) for the footer.
    pub footer_pages: Vec<Link>,
    /// Link to this language's Atom feed.
    pub feed_href: String,
    /// How to cite the page (pages with figures only).
    pub cite: Option<CiteView>,
    /// Link to the release archive.
    pub releases_href: String,
    /// Link to the list of every commune (the search box's fallback).
    pub communes_href: String,
}

/// One page: the common part and the page kind's own view.
#[derive(Debug, Serialize)]
pub struct PageContext<'a, T: Serialize> {
    /// Shared context.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The page kind's view.
    pub view: T,
}

/// A formatted figure in a table cell.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Cell {
    /// Formatted value; empty when there is none.
    pub value: String,
    /// Plain number for sorting (`data-sort`), empty when none.
    pub sort: String,
    /// Short period label shown beside the value.
    pub period: String,
    /// Footnote number of the editor's note, if any.
    pub note: Option<usize>,
    /// True when the figure carries a data-quality warning.
    pub warning: bool,
    /// The reported figure when the computed one is shown instead ("báo cáo: 97,6%").
    pub reported: String,
    /// True when the figure is computed from counts.
    pub computed: bool,
    /// True when a published value of this figure was later changed (see the revisions).
    pub revised: bool,
    /// Its place among the province's communes with a figure ("hạng 2/4 ở Nghệ An"); only
    /// on the province page, and empty where fewer than two communes have one.
    pub rank: String,
    /// The figure against its target, short ("✓ đạt mục tiêu ≥ 95%"); empty without one.
    pub goal: String,
    /// `met` or `not_met` when `goal` is set, else empty.
    pub goal_status: &'static str,
    /// A flow per 1,000 inhabitants ("2,57 hồ sơ / 1.000 dân"), in rankings, when the commune
    /// gives its population; else empty.
    pub per_1000: String,
}

/// A column of headline indicators in a comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Indicator name.
    pub name: String,
    /// Link to the indicator page.
    pub href: String,
    /// Unit shown in the header ("%", "triệu đồng").
    pub unit: String,
}

/// A commune row of a comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneRow {
    /// Commune name.
    pub name: String,
    /// Link to the commune page.
    pub href: String,
    /// Province name.
    pub province: String,
    /// Link to the province page.
    pub province_href: String,
    /// Name without diacritics, for the filter.
    pub search: String,
    /// Cells, one per column.
    pub cells: Vec<Cell>,
}

/// A comparison table of communes on the headline indicators.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows in Vietnamese order.
    pub rows: Vec<CommuneRow>,
}

/// A data release: one period of one commune.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    /// Commune name.
    pub commune: String,
    /// Province name.
    pub province: String,
    /// Period label.
    pub period: String,
    /// Date shown (source date or end of period).
    pub date: String,
    /// Link to the period's figures on the commune page.
    pub href: String,
    /// Source document title.
    pub source: String,
}

/// A figure that summarises several communes (a median, a lowest or a highest figure).
#[derive(Debug, Clone, Serialize, Default)]
pub struct SummaryCell {
    /// Formatted figure; empty when no commune has one.
    pub value: String,
    /// Plain number for sorting (`data-sort`), empty when none.
    pub sort: String,
    /// How many communes it summarises ("12 reporting"); empty where the table says it already.
    pub count: String,
}

/// A province's row of a summary table (or the row of all provinces).
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceSummaryRow {
    /// Province name ("All provinces" for the total row).
    pub name: String,
    /// Link to the province page; empty for the total row.
    pub href: String,
    /// Name without diacritics, for the filter.
    pub search: String,
    /// Number of communes, formatted.
    pub communes: String,
    /// Number of communes, plain, for sorting.
    pub communes_sort: usize,
    /// One median per column.
    pub cells: Vec<SummaryCell>,
}

/// The overview's table of provinces on the headline indicators (large sites).
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceSummary {
    /// Headline indicator columns.
    pub columns: Vec<Column>,
    /// One row per province, in Vietnamese order.
    pub rows: Vec<ProvinceSummaryRow>,
    /// The whole site.
    pub total: ProvinceSummaryRow,
    /// Sentence naming the flow columns whose communes' periods differ in length; empty if none.
    pub lengths_note: String,
}

/// The two ends of an indicator's national ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Extremes {
    /// Indicator name.
    pub name: String,
    /// Link to the indicator page (where the full ranking starts).
    pub href: String,
    /// Anchor id for the tables (`extremes-<indicator id>`).
    pub anchor: String,
    /// Unit of the figures for the table header ("%"), empty when none.
    pub unit: String,
    /// "3.150 of 3.321 communes have a figure."
    pub reporting: String,
    /// Warning sentence when the compared periods differ in length (flows).
    pub lengths_note: String,
    /// Caption of the top list ("Top 5: <indicator>").
    pub top_caption: String,
    /// The first communes of the ranking.
    pub top: Vec<RankRow>,
    /// "412 more communes share rank 1=." when the list leaves out communes tied with its last.
    pub top_more: String,
    /// Caption of the bottom list ("Bottom 5: <indicator>").
    pub bottom_caption: String,
    /// The last communes of the ranking (never repeating one of `top`).
    pub bottom: Vec<RankRow>,
    /// As `top_more`, for the communes tied with the first of `bottom`.
    pub bottom_more: String,
}

/// The overview page.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    /// Headline comparison of every commune; none on a large site (see `summary`).
    pub comparison: Option<Comparison>,
    /// On a large site instead of `comparison`: provinces on the headline indicators.
    pub summary: Option<ProvinceSummary>,
    /// On a large site: top and bottom communes of each headline indicator; empty otherwise.
    pub extremes: Vec<Extremes>,
    /// Provinces with their commune counts and how many reported their latest round.
    pub provinces: Vec<ProvinceLink>,
    /// Newest reporting periods first (named `releases` before data releases were recorded).
    pub releases: Vec<Release>,
    /// The latest recorded data release ("Figures as of the data release of 01/11/2026"),
    /// with a link to its page; none before the first `minhbach release`.
    pub latest_release: Option<Link>,
    /// Sentence with the totals ("4 xã, 9 kỳ báo cáo, …").
    pub totals: String,
    /// Link to the indicator list.
    pub indicators_href: String,
    /// Link to the downloads page.
    pub downloads_href: String,
}

/// The province page.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceView {
    /// Province name.
    pub name: String,
    /// Official code.
    pub code: String,
    /// The headline indicators: the province's median against every commune's on the site.
    pub glance: Vec<ProvinceFigure>,
    /// The heading of the `glance` table ("Nghệ An so với mặt bằng chung").
    pub glance_heading: String,
    /// The head of its column of the province's medians ("Trung vị của Nghệ An").
    pub glance_province: String,
    /// The caption of the `glance` table ("Tỉnh Nghệ An so với 4 xã trên trang").
    pub glance_caption: String,
    /// Its communes on the headline indicators.
    pub comparison: Comparison,
    /// The province's own data files, one link per format (`Excel`), with the page of every
    /// download.
    pub files: Vec<Link>,
    /// The downloads page.
    pub downloads: Link,
    /// Its recent reporting rounds, most recent first; empty when no commune reported a
    /// regular period.
    pub reporting: Vec<RoundView>,
}

/// A province on the overview: a link (`text`, `href`, as a [`Link`]) and its latest round.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceLink {
    /// "Nghệ An (34 xã, phường)".
    pub text: String,
    /// Relative address of the province page.
    pub href: String,
    /// "31/34 xã đã báo cáo kỳ 01/10–31/10/2026"; empty when it has no round.
    pub reporting: String,
}

/// One reporting round on a province page: who reported the window, who has not, who was late.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    /// "Kỳ 01/10–31/10/2026".
    pub period: String,
    /// "31/34 xã đã báo cáo".
    pub reported: String,
    /// "hạn nộp 05/11/2026"; empty when the province sets no due date.
    pub due: String,
    /// "3 xã chưa báo cáo"; empty when every commune reported.
    pub missing_heading: String,
    /// Communes that have not reported (no period file for the window), in Vietnamese order.
    pub missing: Vec<Link>,
    /// True when the `missing` list is short enough to show unfolded (latest round only).
    pub missing_open: bool,
    /// "2 xã báo cáo trễ hạn"; empty when none (or no due date).
    pub late_heading: String,
    /// Communes that reported after the due date, the date of their report in brackets.
    pub late: Vec<Link>,
    /// "1 báo cáo không ghi ngày, …" when a due date is set and reports give no date; else empty.
    pub undated: String,
}

/// One headline indicator on a province page: the province against the site.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceFigure {
    /// Indicator name.
    pub name: String,
    /// Link to the indicator page.
    pub href: String,
    /// Unit of the medians ("%", "hồ sơ / 30 ngày" when flows of windows that differ are
    /// compared per 30 days).
    pub unit: String,
    /// The median of the province's communes with a figure, and how many they are.
    pub province: SummaryCell,
    /// The median of every commune on the site with a figure, and how many they are.
    pub site: SummaryCell,
    /// How many of the province's communes meet the target that applies to each
    /// ("3/4 xã đạt mục tiêu"), or that no target is published.
    pub targets: String,
}

/// The list of every commune (`communes/index.html`).
#[derive(Debug, Clone, Serialize)]
pub struct CommuneListView {
    /// Every commune, by province in the site's order.
    pub rows: Vec<CommuneListRow>,
}

/// One commune in the list.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneListRow {
    /// Commune name.
    pub name: String,
    /// Link to its page.
    pub href: String,
    /// Xã, phường or đặc khu, in the page's language.
    pub kind: String,
    /// Its province, linked.
    pub province: Link,
    /// Name and province without diacritics, for the filter.
    pub search: String,
}

/// A chart with everything needed to read it without seeing it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// SVG address.
    pub src: String,
    /// Title.
    pub title: String,
    /// Text alternative: what the chart shows.
    pub alt: String,
    /// A sentence about the periods (single period, different lengths), if any.
    pub note: String,
    /// The chart's numbers: (period, value).
    pub rows: Vec<(String, String)>,
    /// Link to the data file behind it.
    pub data_href: String,
}

/// Several communes of one indicator over time: the chart and its table.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// SVG address.
    pub src: String,
    /// Title.
    pub title: String,
    /// Text alternative: who is drawn, each one's first and last figure.
    pub alt: String,
    /// Which communes are drawn when not all are; that flows are per 30 days.
    pub note: String,
    /// Head of the table's first column ("Kỳ").
    pub first: String,
    /// The table's other columns: the median (when drawn), then each commune drawn.
    pub columns: Vec<String>,
    /// One row per day a figure ends on, oldest first.
    pub rows: Vec<TimelineRow>,
    /// Link to the data file behind it.
    pub data_href: String,
}

/// A row of a [`TimelineView`]'s table.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    /// The period ("Tháng 10/2026", or "đến 16/04/2026" when windows differ).
    pub period: String,
    /// One figure per column; empty where that column has none.
    pub values: Vec<String>,
}

/// A key figure on a commune page.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigure {
    /// Indicator name.
    pub name: String,
    /// Link to the indicator page.
    pub href: String,
    /// Latest value, formatted.
    pub value: String,
    /// Its period.
    pub period: String,
    /// "Báo cáo ghi 97,6%" when the computed figure is shown instead of the reported one.
    pub reported: String,
    /// The figure against its target in one sentence (the same as `goal.text`).
    pub target: String,
    /// `met`, `not_met` or `none` (no target, or no figure).
    pub status: &'static str,
    /// The figure against its target: status, whose target and the document that sets it.
    pub goal: TargetView,
    /// ⚠ when a data-quality warning touches the figure, linking to it.
    pub warning: Option<Link>,
    /// Where it stands: "Hạng 2/4 trong các xã có số liệu · trung vị 96,1%", in its province
    /// and on the site.
    pub compare: Vec<String>,
    /// The change since the commune's previous regular period; empty when there is none.
    pub change: String,
    /// The figure among the site's, with the median and the target.
    pub strip: Option<ChartView>,
    /// Trend chart, from three regular periods on.
    pub chart: Option<ChartView>,
}

/// A figure against its target, in words (never in colour only).
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// `met`, `not_met` or `none`.
    pub status: &'static str,
    /// "Đạt mục tiêu ≥ 80%", "Chưa đạt mục tiêu ≥ 80%: còn thiếu 5,2 điểm %", or "Chưa có
    /// mục tiêu được công bố".
    pub text: String,
    /// Whose target and for when: "mục tiêu của Thái Nguyên, năm 2026"; empty without one.
    pub scope: String,
    /// The document that sets it; `href` is empty when it cannot be read online.
    pub source: Option<Link>,
}

/// One target of an indicator, on its page.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    /// Whose target: "Cả nước", "Thái Nguyên", "Xã Lam Vỹ, Thái Nguyên".
    pub scope: String,
    /// "≥ 80%".
    pub range: String,
    /// "năm 2026"; empty when it always applies.
    pub when: String,
    /// The document that sets it.
    pub source: Option<Link>,
    /// The editor's note.
    pub note: String,
}

/// A period column of the commune table.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodHead {
    /// Anchor id (`period-<id>`).
    pub anchor: String,
    /// Label.
    pub label: String,
    /// Dates.
    pub dates: String,
    /// Length ("19 ngày").
    pub length: String,
    /// True for cumulative windows.
    pub cumulative: bool,
    /// Source document.
    pub source: String,
    /// Link to the report text, if published.
    pub report: Option<Link>,
}

/// One indicator's row in a commune table.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    /// Indicator name.
    pub name: String,
    /// Link to the indicator page.
    pub href: String,
    /// Unit for the whole row.
    pub unit: String,
    /// One cell per period; empty when `cells_html` holds them.
    pub cells: Vec<Cell>,
    /// The row's cells already rendered (`<td>` each, as `cell.html` does), when the theme's
    /// `commune.html` and `cell.html` are the default ones; empty otherwise. Five years of
    /// months are 3,000 cells a page: included one by one, they were most of a national
    /// site's page rendering.
    pub cells_html: String,
}

/// An indicator group's table on a commune page.
#[derive(Debug, Clone, Serialize)]
pub struct GroupTable {
    /// Group name.
    pub name: String,
    /// Anchor id.
    pub anchor: String,
    /// How many indicators it holds: "9 chỉ tiêu".
    pub count: String,
    /// Rows.
    pub rows: Vec<IndicatorRow>,
}

/// A numbered note.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// Number.
    pub number: usize,
    /// Text.
    pub text: String,
}

/// A data-quality warning in plain words.
#[derive(Debug, Clone, Serialize)]
pub struct WarningView {
    /// Anchor id (`warning-<n>`), what key figures link to.
    pub anchor: String,
    /// Period label.
    pub period: String,
    /// Sentence.
    pub text: String,
}

/// The commune page.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneView {
    /// Name.
    pub name: String,
    /// "Xã", "Phường", "Đặc khu".
    pub kind: String,
    /// Province link.
    pub province: Link,
    /// Population, formatted; empty if unknown.
    pub population: String,
    /// Headline figures.
    pub key_figures: Vec<KeyFigure>,
    /// Period columns, oldest first.
    pub periods: Vec<PeriodHead>,
    /// Every indicator × period, by group.
    pub groups: Vec<GroupTable>,
    /// Notes referenced from the tables.
    pub notes: Vec<Note>,
    /// Data-quality warnings.
    pub warnings: Vec<WarningView>,
    /// Published reports.
    pub reports: Vec<Link>,
    /// Data files of this commune.
    pub data_files: Vec<Link>,
    /// Figures whose published value changed.
    pub revisions: Revisions,
}

/// A row of an indicator ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// Rank ("1", "2=" for a tie).
    pub rank: String,
    /// Commune name.
    pub name: String,
    /// Link to the commune.
    pub href: String,
    /// Province name.
    pub province: String,
    /// Name without diacritics, for the filter.
    pub search: String,
    /// The value cell.
    pub cell: Cell,
    /// Period length ("19 ngày").
    pub length: String,
}

/// The indicator page.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Name.
    pub name: String,
    /// Group name.
    pub group: String,
    /// Definition.
    pub description: String,
    /// Unit in words.
    pub unit: String,
    /// Kind in words.
    pub kind: String,
    /// Which direction is better, in words.
    pub better: String,
    /// How it is computed, when it is a ratio.
    pub formula: Option<(Link, Link)>,
    /// The count it is part of.
    pub part_of: Option<Link>,
    /// Target sentence.
    pub target: String,
    /// Where the target comes from.
    pub target_note: String,
    /// Every target of the indicator: the nation's, each province's and commune's.
    pub targets: Vec<TargetRow>,
    /// Ranking of communes by latest value.
    pub ranking: Vec<RankRow>,
    /// Communes without a figure.
    pub missing: Vec<Link>,
    /// Warning sentence when the compared periods differ in length (flows).
    pub lengths_note: String,
    /// Comparison chart.
    pub chart: Option<ChartView>,
    /// The communes over time: every one when few, else the median and both ends.
    pub timeline: Option<TimelineView>,
    /// On a large site, instead of `ranking`, `missing` and `chart`: the national summary.
    pub summary: Option<IndicatorSummary>,
    /// Figures of this indicator whose published value changed.
    pub revisions: Revisions,
}

/// One province on a summarised indicator page.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceSpread {
    /// Province name.
    pub name: String,
    /// Link to the province page.
    pub href: String,
    /// Name without diacritics, for the filter.
    pub search: String,
    /// Communes with a figure, formatted.
    pub with_data: String,
    /// Communes with a figure, plain, for sorting.
    pub with_data_sort: usize,
    /// Communes without a figure, formatted.
    pub without_data: String,
    /// Communes without a figure, plain, for sorting.
    pub without_data_sort: usize,
    /// Median of the latest figures.
    pub median: SummaryCell,
    /// Lowest latest figure.
    pub lowest: SummaryCell,
    /// Highest latest figure.
    pub highest: SummaryCell,
    /// Link to the ranking of this province's communes.
    pub ranking: Link,
}

/// The national picture of one indicator on a large site.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSummary {
    /// "3.150 of 3.321 communes have a figure; median …, lowest …, highest …."
    pub sentence: String,
    /// Distribution chart (none when no commune has a figure or for yes/no indicators).
    pub distribution: Option<ChartView>,
    /// Unit of the figures for the table headers ("%", "triệu đồng"), empty when none.
    pub unit: String,
    /// One row per province, in Vietnamese order.
    pub provinces: Vec<ProvinceSpread>,
    /// Caption of the top list ("Top 10").
    pub top_caption: String,
    /// The first communes of the national ranking.
    pub top: Vec<RankRow>,
    /// "412 more communes share rank 1=." when the list leaves out communes tied with its last.
    pub top_more: String,
    /// Caption of the bottom list ("Bottom 10").
    pub bottom_caption: String,
    /// The last communes of the national ranking (never repeating one of `top`).
    pub bottom: Vec<RankRow>,
    /// As `top_more`, for the communes tied with the first of `bottom`.
    pub bottom_more: String,
}

/// The ranking of one province's communes on one indicator (large sites).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorProvinceView {
    /// Indicator name.
    pub name: String,
    /// Link to the indicator page (definition, national summary).
    pub indicator: Link,
    /// Link to the province page.
    pub province: Link,
    /// Unit in words.
    pub unit: String,
    /// Unit of the figures for the table header ("%", "triệu đồng"), empty when none.
    pub unit_header: String,
    /// "120 of 130 communes have a figure; median …, lowest …, highest …."
    pub sentence: String,
    /// The province's communes ranked by latest figure; ranks within the province.
    pub ranking: Vec<RankRow>,
    /// The province's communes without a figure.
    pub missing: Vec<Link>,
    /// Warning sentence when the compared periods differ in length (flows).
    pub lengths_note: String,
    /// The province's median and communes over time.
    pub timeline: Option<TimelineView>,
}

/// An entry of the indicator list.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorEntry {
    /// Link to the indicator page.
    pub link: Link,
    /// Unit in words.
    pub unit: String,
    /// Number of communes with a figure.
    pub communes: usize,
    /// Key figure on commune pages.
    pub headline: bool,
}

/// A group in the indicator list.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorGroupView {
    /// Group name.
    pub name: String,
    /// Its indicators.
    pub indicators: Vec<IndicatorEntry>,
}

/// The report page.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Title.
    pub title: String,
    /// Document number.
    pub number: String,
    /// Issuing body.
    pub issued_by: String,
    /// Signatory.
    pub signed_by: String,
    /// Date.
    pub date: String,
    /// Period covered.
    pub period: String,
    /// Language code of the text.
    pub language: String,
    /// Sentence shown when the text is in another language than the page.
    pub language_note: String,
    /// Sanitised HTML of the text.
    pub body_html: String,
    /// The commune.
    pub commune: Link,
    /// Figures of the same period on the commune page.
    pub figures: Vec<Link>,
}

/// A free page.
#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    /// Sanitised HTML.
    pub body_html: String,
}

/// A downloadable file.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadFile {
    /// Link (for a province's or commune's files: its name and the first format's address).
    pub link: Link,
    /// What it holds (for a province's or commune's files: the second format's address, as
    /// themes written before `formats` expect).
    pub description: String,
    /// A province's or commune's files, one link per format (`Excel`; `CSV`, `JSON`), each
    /// named with its size when known (`Excel, 1,2 MB`); empty for national files.
    pub formats: Vec<Link>,
    /// A national file's size and rows, as known: `43,6 kB · 170 dòng`; empty if neither.
    pub details: String,
}

/// A documented column.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnDoc {
    /// Column name.
    pub name: String,
    /// Type.
    pub kind: String,
    /// Meaning.
    pub description: String,
}

/// The downloads page.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadsView {
    /// National files.
    pub files: Vec<DownloadFile>,
    /// Per-province workbooks (the link) and databases (the description is its address).
    pub provinces: Vec<DownloadFile>,
    /// Per-commune files.
    pub communes: Vec<DownloadFile>,
    /// Columns of observations.csv.
    pub columns: Vec<ColumnDoc>,
    /// Every table file (observations.csv, indicators.csv, …) with its columns.
    pub tables: Vec<TableDoc>,
    /// Link to the release archive.
    pub releases: Link,
}

/// A table file and its columns, explained.
#[derive(Debug, Clone, Serialize)]
pub struct TableDoc {
    /// File name.
    pub name: String,
    /// Anchor of its section.
    pub anchor: String,
    /// What one row is, in words.
    pub intro: String,
    /// Columns in file order.
    pub columns: Vec<ColumnDoc>,
}

/// How to cite the page: every part of the reference, and the reference as one line.
#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    /// The whole reference, ready to copy.
    pub text: String,
    /// Which release the figures belong to, in words.
    pub release: String,
    /// Link to that release's page, when there is one.
    pub release_href: String,
}

/// One value in the history of a figure.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionStep {
    /// The value, formatted ("97,6%", "Not reported", "Withdrawn").
    pub value: String,
    /// What happened, in words ("first published", "revised", "withdrawn").
    pub change: String,
    /// When: the release date, or that it is not yet released.
    pub when: String,
    /// Link to the release page (empty when not yet released).
    pub href: String,
}

/// A figure whose published value changed.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// The commune (`province/commune` ids without a link when it is gone from the content).
    pub commune: Option<Link>,
    /// The indicator (a link when the catalogue still has it).
    pub indicator: Link,
    /// The period label (its id when the period is gone from the content).
    pub period: String,
    /// Link to the period on the commune page (empty when the period is gone).
    pub period_href: String,
    /// Every value, oldest first.
    pub steps: Vec<RevisionStep>,
}

/// The revisions shown on a page, with how many there are in all.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Revisions {
    /// True when the rows name their commune (pages about several communes).
    pub with_commune: bool,
    /// The rows shown.
    pub rows: Vec<RevisionView>,
    /// "Showing 100 of 2,345 revisions; all are in revisions.csv" when some are left out.
    pub more: String,
    /// Link to `data/revisions.csv`.
    pub data_href: String,
}

/// A release in the archive.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseEntry {
    /// Release id.
    pub id: String,
    /// "Data release 01/11/2026".
    pub title: String,
    /// Date, formatted.
    pub date: String,
    /// Link to the release page.
    pub href: String,
    /// The publisher's note.
    pub note: String,
    /// What changed, in one sentence.
    pub changes: String,
    /// Link to the archived figures.
    pub figures_href: String,
}

/// The release archive page.
#[derive(Debug, Clone, Serialize)]
pub struct ReleasesView {
    /// Releases, newest first.
    pub releases: Vec<ReleaseEntry>,
    /// What the content changes since the latest release, in one sentence (empty when nothing).
    pub unreleased: String,
}

/// A data file as a release published it.
#[derive(Debug, Clone, Serialize)]
pub struct ReleasedFile {
    /// Path inside the site.
    pub path: String,
    /// Size, formatted.
    pub size: String,
    /// SHA-256.
    pub sha256: String,
}

/// One release's page.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    /// The release.
    pub entry: ReleaseEntry,
    /// The release it follows.
    pub previous: Option<Link>,
    /// The release after it.
    pub next: Option<Link>,
    /// Figures this release revised or withdrew.
    pub revisions: Revisions,
    /// The data files published, with checksums.
    pub files: Vec<ReleasedFile>,
    /// SHA-256 of the archived figures.
    pub figures_sha256: String,
}
