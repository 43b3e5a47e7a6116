//! The stylesheet of the server's pages (admin and public): phones first (360 px), roomy on an
//! office PC, printable. Inlined by [`super::layout`]; the printed documents have their own
//! (A4) stylesheet in `html/style.rs`.

/// The pages' stylesheet.
pub const PAGE_CSS: &str = r#"
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,"Noto Sans Thai","Sarabun","Loma",sans-serif;font-size:16px;line-height:1.55;color:#111827;background:#f3f4f6}
a{color:#1d4ed8}
a:hover{color:#1e3a8a}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
header.bar{background:#1e3a8a;color:#fff}
header.bar .in{max-width:76rem;margin:0 auto;padding:.25rem .75rem;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem}
header.bar .brand{font-weight:700;margin-right:auto;padding:.5rem 0}
header.bar nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0 .25rem}
header.bar nav a,header.bar button{display:inline-block;min-height:44px;line-height:44px;padding:0 .6rem;color:#fff;text-decoration:none;border-radius:4px}
header.bar nav a[aria-current=page]{background:#172554;text-decoration:underline}
header.bar nav a:hover{background:#1e40af;color:#fff}
header.bar form{margin:0}
header.bar button{background:transparent;border:1px solid #93c5fd;font:inherit;line-height:42px;cursor:pointer}
main{max-width:76rem;margin:0 auto;padding:.75rem}
h1{font-size:1.4rem;line-height:1.35;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #1e3a8a}
h3{font-size:1.05rem;margin:1.25rem 0 .4rem}
p{margin:.4rem 0}
.card{background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:.75rem;margin:.75rem 0}
.muted{color:#4b5563}
.small{font-size:.875rem}
.alert{border:2px solid #b91c1c;background:#fef2f2;color:#7f1d1d;padding:.5rem .75rem;border-radius:6px;margin:.75rem 0}
.alert strong{color:#b91c1c}
.notice{border:2px solid #b45309;background:#fffbeb;padding:.5rem .75rem;border-radius:6px;margin:.75rem 0}
.ok{border-color:#15803d;background:#f0fdf4}
.err{border-color:#b91c1c;background:#fef2f2}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.5rem;margin:.75rem 0}
.stat{background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:.5rem .75rem}
.stat .v{display:block;font-size:1.5rem;font-weight:700;line-height:1.25}
.stat .l{display:block;font-size:.875rem;color:#374151}
meter{width:100%;height:1rem}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem .75rem;align-items:end}
label{display:block;font-weight:600;font-size:.9rem}
select,input[type=date],input[type=password],input[type=text]{display:block;width:100%;min-height:44px;font:inherit;padding:.3rem .5rem;border:1px solid #6b7280;border-radius:4px;background:#fff;color:#111827}
.check{display:flex;align-items:center;gap:.4rem;min-height:44px;font-weight:400}
.check input{width:1.25rem;height:1.25rem}
button,.button{display:inline-block;min-height:44px;padding:.45rem .9rem;font:inherit;font-weight:600;border-radius:6px;border:1px solid #1e3a8a;background:#1e3a8a;color:#fff;cursor:pointer;text-decoration:none;text-align:center}
button.secondary,.button.secondary{background:#fff;color:#1e3a8a}
button.danger{background:#9f1239;border-color:#9f1239}
.button:hover{color:#fff;background:#1e40af}
.button.secondary:hover{color:#1e3a8a;background:#eff6ff}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.actions form{margin:0}
ul.links{padding-left:1.1rem}
ul.links li{margin:.3rem 0}
.periods{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0;padding:0;list-style:none}
.periods a{display:inline-block;min-height:44px;line-height:44px;padding:0 .7rem;border:1px solid #93c5fd;border-radius:22px;background:#fff;text-decoration:none}
.periods a[aria-current=true]{background:#1e3a8a;color:#fff;border-color:#1e3a8a}
.table-wrap{width:100%;overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.925rem;background:#fff}
table.narrow{width:auto;min-width:min(100%,32rem)}
.card h2{margin-top:.1rem}
caption{text-align:left;font-weight:700;padding:.35rem 0}
th,td{border:1px solid #d1d5db;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#eef2f7}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.sup{font-style:italic;color:#374151}
td.good{color:#166534;font-weight:600}
td.bad{color:#9a3412;font-weight:700}
tr.total td,tr.total th{font-weight:700;background:#f9fafb}
table.items{min-width:30rem}
svg.dist{display:block;width:100%;max-width:28rem;height:1rem;margin:.3rem 0 .1rem}
.comment .select{display:block;font-size:.9rem;margin:0 0 .25rem}
.bulk{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.dist-n{display:block;color:#334155;line-height:1.4}
.legend{display:flex;flex-wrap:wrap;gap:.25rem .9rem;margin:.25rem 0;padding:0;list-style:none;font-size:.875rem}
.legend span{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px;border:1px solid #111827}
svg.chart{display:block;width:100%;max-width:36rem;height:auto;margin:.25rem 0 1rem;background:#fff}
svg.chart.columns{max-width:40rem}
.chart text{font-family:inherit}
.cols{display:grid;grid-template-columns:1fr;gap:0 1.25rem}
@media (min-width:60rem){.cols{grid-template-columns:1fr 1fr}}
.comment{background:#fff;border:1px solid #d1d5db;border-left:5px solid #6b7280;border-radius:6px;padding:.6rem .75rem;margin:.75rem 0}
.comment.flagged{border-left-color:#b91c1c}
.comment blockquote{margin:.4rem 0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:1.05rem}
.comment .meta{font-size:.875rem;color:#374151}
.flags{color:#991b1b;font-weight:600}
.comment details{margin:.3rem 0;font-size:.925rem}
.comment summary{cursor:pointer;color:#1e40af;padding:.2rem 0}
.comment .suggest,.comment .mask-part{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin:.35rem 0}
.comment .mask-part label{flex-basis:100%;font-size:.875rem}
.comment .suggest button{white-space:normal;overflow-wrap:anywhere;text-align:left;max-width:100%}
.comment .mask-part input[type=text]{flex:1 1 12rem;min-width:0}
.comment .group{background:#dbeafe;border-radius:10px;padding:0 .4rem}
.badge{display:inline-block;padding:0 .45rem;border-radius:10px;font-size:.8rem;font-weight:700;border:1px solid #374151}
.b-pending{background:#fef9c3}
.b-approved{background:#dcfce7}
.b-hidden{background:#e5e7eb}
.pager{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
footer{max-width:76rem;margin:1rem auto;padding:.75rem;color:#4b5563;font-size:.85rem}
@media print{header.bar,.noprint,form.filters,.actions{display:none}body{background:#fff}.card,.stat{border-color:#999}}
"#;
