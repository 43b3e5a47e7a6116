//! The one stylesheet of every document: A4 pages numbered "หน้า x/y" (Chromium prints `@page`
//! margin boxes), the Thai government font stack sized for TH Sarabun New / Sarabun (body 16 pt,
//! nothing under 12 pt; no font is downloaded), tables kept on one page when they fit with the
//! header repeated and the total printed once, and the look of the blocks staff write into.

/// Inlined into every document.
pub const STYLESHEET: &str = r#"@page { size: A4; margin: 18mm 18mm 20mm 22mm;
  @bottom-center { content: "หน้า " counter(page) "/" counter(pages);
    font-family: "TH Sarabun New", "Sarabun", "Noto Sans Thai", "Garuda", "Loma", sans-serif; font-size: 12pt; color: #444; } }
/* Documents with wide tables (the O43's eight columns) print on landscape pages. */
@page landscape { size: A4 landscape; }
.landscape { page: landscape; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: #111; background: #fff;
  font-family: "TH Sarabun New", "Sarabun", "Noto Sans Thai", "Garuda", "Loma", "Tlwg Typo", sans-serif;
  font-size: 16pt; line-height: 1.45; }
.doc { max-width: 210mm; margin: 0 auto; padding: 14mm 16mm; }
@media screen {
  body.report, body.posters { background: #d9dde3; }
  body.report .doc, body.posters .poster { background: #fff; margin: 12px auto; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
}
@media print {
  .doc { padding: 0; margin: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
}
h1 { font-size: 20pt; line-height: 1.45; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 18pt; margin: 16pt 0 6pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 17pt; margin: 12pt 0 4pt; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 16pt; margin: 6pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 4pt 0; }
ul { margin: 4pt 0; padding-left: 18pt; }
/* Room for two-digit numbers ("10.", "12.") at 16 pt: 18 pt clipped their first digit. */
ol { margin: 4pt 0; padding-left: 28pt; }
/* An item is not split over two pages: Thai marks above the first line of a split item were
   printed at the foot of the page before. */
li { margin: 2pt 0; break-inside: avoid; page-break-inside: avoid; }
.subtitle { text-align: center; margin: 0 0 2pt; }
.meta { text-align: center; margin: 0 0 10pt; color: #333; }
.draft { display: inline-block; border: 1.5pt solid #b91c1c; color: #b91c1c; font-weight: 700;
  padding: 0 8pt; margin-bottom: 6pt; letter-spacing: .5pt; }
.center { text-align: center; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 10pt; font-size: 14pt; line-height: 1.3; }
/* A table that fits a page is never split; a longer one repeats its header. */
table { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
/* The total row prints once, at the end, not at the foot of every page. */
tfoot { display: table-row-group; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
th, td { border: .75pt solid #666; padding: 2pt 4pt; vertical-align: top; }
th { background: #eef2f7; font-weight: 700; text-align: center; vertical-align: middle; }
th small, td small { display: block; font-weight: 400; font-size: 12pt; color: #333; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.c { text-align: center; }
td.code { white-space: nowrap; text-align: center; }
tr.total td, tr.total th { font-weight: 700; background: #f5f7fa; }
td.suppressed { text-align: center; color: #444; font-style: italic; }
td.pre { white-space: pre-line; }
table.progress { table-layout: fixed; }
table.progress col:nth-child(1) { width: 4%; } table.progress col:nth-child(2) { width: 19%; }
table.progress col:nth-child(3) { width: 17%; } table.progress col:nth-child(4) { width: 13%; }
table.progress col:nth-child(5) { width: 11%; } table.progress col:nth-child(6) { width: 12%; }
table.progress col:nth-child(7) { width: 9%; } table.progress col:nth-child(8) { width: 15%; }
td.evidence { width: 24%; font-size: 12pt; overflow-wrap: anywhere; word-break: break-all; }
td.good { color: #166534; }
td.bad { color: #9a3412; font-weight: 700; }
.table-wrap { width: 100%; overflow-x: auto; }
@media print { .table-wrap { overflow: visible; } }
.alert { border: 1.5pt solid #b91c1c; background: #fef2f2; color: #7f1d1d; padding: 5pt 8pt; margin: 8pt 0; break-inside: avoid; }
.alert strong { color: #b91c1c; }
.notice { border: 1.2pt solid #b45309; background: #fffbeb; padding: 5pt 8pt; margin: 8pt 0;
  break-inside: avoid; page-break-inside: avoid; font-size: 14pt; }
.notice strong { color: #92400e; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.chart { display: block; width: 100%; height: auto; margin: 2pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }
.chart text { font-family: inherit; }
.chart.stacked { max-width: 420px; }
@media print { .chart.stacked { max-width: 110mm; } }
.nw { white-space: nowrap; }
.summary-box { border: 1pt solid #1e3a8a; padding: 6pt 10pt; margin: 8pt 0; break-inside: avoid; }
.summary-box p { margin: 2pt 0; }
.comments li { break-inside: avoid; page-break-inside: avoid; white-space: pre-wrap; overflow-wrap: anywhere; }
.measure { margin: 6pt 0 14pt; }
.measure .facts { font-size: 14pt; margin: 2pt 0 6pt; }
.write-yourself { border: 1pt dashed #1e3a8a; padding: 3pt 8pt 8pt; margin: 6pt 0;
  break-inside: avoid; page-break-inside: avoid; }
.write-yourself h4 { margin: 2pt 0 0; }
.write-yourself .instruct { color: #1e3a8a; font-size: 13pt; margin: 0 0 2pt; }
.write-yourself .line { border-bottom: .75pt dotted #555; height: 20pt; }
.signatures { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 18pt 24pt;
  margin-top: 28pt; break-inside: avoid; page-break-inside: avoid; }
.signature { flex: 1 1 45%; min-width: 60mm; text-align: center; line-height: 2; }
.closing { break-inside: avoid; page-break-inside: avoid; }
.footer { margin-top: 18pt; padding-top: 4pt; border-top: .5pt solid #999; font-size: 12pt; color: #444; }
/* Public summary: read on phones first. */
body.public { font-size: 16px; background: #f4f6f8; }
body.public .doc { max-width: 760px; padding: 16px; background: #fff; }
body.public h1 { font-size: 1.35rem; }
body.public h2 { font-size: 1.1rem; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 14px; }
.stat { flex: 1 1 140px; border: 1px solid #cbd5e1; border-radius: 6px; padding: 8px 10px; background: #f8fafc; }
.stat .value { display: block; font-size: 1.6rem; font-weight: 700; line-height: 1.2; }
.stat .label { display: block; font-size: .9rem; color: #334155; }
@media print { body.public { background: #fff; font-size: 16pt; } body.public .doc { max-width: none; } }
/* Posters: one A4 page each. */
.poster { width: 100%; max-width: 210mm; min-height: 255mm; margin: 0 auto; padding: 10mm 8mm;
  display: flex; flex-direction: column; align-items: center; justify-content: space-between;
  text-align: center; break-after: page; page-break-after: always; break-inside: avoid; }
.poster:last-child { break-after: auto; page-break-after: auto; }
.poster .agency { font-size: 20pt; font-weight: 700; line-height: 1.35; margin: 0; }
.poster .headline { font-size: 27pt; font-weight: 700; line-height: 1.3; margin: 4mm 0; color: #1e3a8a; }
.poster .qr { width: 120mm; height: 120mm; display: block; margin: 0 auto; }
.poster .url { font-family: "Tlwg Mono", monospace; font-size: 12pt; overflow-wrap: anywhere; margin: 2mm 0 0; }
.poster .instructions { font-size: 17pt; line-height: 1.45; margin: 4mm 0; }
.poster .point { font-size: 22pt; font-weight: 700; border-top: 1.5pt solid #1e3a8a; padding-top: 3mm; margin: 0; }
.poster .small { font-size: 12pt; color: #333; margin: 1mm 0 0; }
@media print { .poster { min-height: 0; height: 258mm; padding: 0; } }
"#;

#[cfg(test)]
mod tests {
    use super::STYLESHEET;

    #[test]
    fn a4_thai_fonts_no_download_rows_kept_whole() {
        assert!(STYLESHEET.contains("@page { size: A4;"));
        assert!(STYLESHEET.contains(
            r#""TH Sarabun New", "Sarabun", "Noto Sans Thai", "Garuda", "Loma", "Tlwg Typo", sans-serif"#
        ));
        assert!(!STYLESHEET.contains("@font-face"));
        assert!(!STYLESHEET.contains("url("));
        assert!(STYLESHEET.contains("tr, th, td { break-inside: avoid;"));
        assert!(STYLESHEET.contains("counter(page) \"/\" counter(pages)"));
        assert!(STYLESHEET.contains("tfoot { display: table-row-group; }"));
        // Nothing under 12 pt (TH Sarabun New is drawn small for its size).
        for (i, _) in STYLESHEET.match_indices("pt;") {
            let start = STYLESHEET[..i].rfind("font-size:");
            if let Some(start) = start.filter(|s| i - s < 20) {
                let size: f64 = STYLESHEET[start + 10..i].trim().parse().expect("size");
                assert!(size >= 12.0, "font-size {size}pt");
            }
        }
    }
}
