//! The server's page templates: a hostile string in a survey title, a unit or service-point name,
//! a comment or a message arrives escaped in every page (as text, and inside attributes), and
//! the pages keep what the officer relies on.
mod common;

use common::{add, instrument};
use prongsai_core::Tally;
use prongsai_reports::pages::admin_home::{self, SurveyRow};
use prongsai_reports::pages::demo::{self, DemoPage, DemoSurvey};
use prongsai_reports::pages::moderation::{self, CommentCard, CommentsPage};
use prongsai_reports::pages::posters::{self, PosterSurvey, PosterUnit};
use prongsai_reports::pages::results::{self, ResultsPage, Scope, UnitChoice};
use prongsai_reports::pages::{login, notice, public_list};
use serde_json::json;

/// Closes an attribute, opens a script and an element; plus an ampersand and a quote.
const HOSTILE: &str = "\"><script>alert(1)</script><b onclick=x>&'";
const ESCAPED: &str = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=x&gt;&amp;'";
const POINT: &str = "จุด<img src=x onerror=alert(2)>";
const POINT_ESCAPED: &str = "จุด&lt;img src=x onerror=alert(2)&gt;";

/// No markup of the hostile strings survived, and their escaped text is there `at_least` times.
fn assert_escaped(page: &str, escaped: &str, at_least: usize, what: &str) {
    for raw in ["<script", "<b onclick", "<img"] {
        assert!(!page.contains(raw), "{what}: raw {raw:?} in the page");
    }
    let found = page.matches(escaped).count();
    assert!(
        found >= at_least,
        "{what}: escaped text {found} times, expected at least {at_least}"
    );
}

fn hostile_results_html() -> String {
    let mut ins = instrument("satisfaction");
    ins.title.th = HOSTILE.to_string();
    let mut t = Tally::new(&ins);
    let area = [("area", json!("infrastructure"))];
    add(&mut t, &ins, 7, 5, Some(POINT), "2024-10-03", &area);
    add(&mut t, &ins, 2, 3, Some("other"), "2024-11-03", &area);
    let report = t.report(&ins);
    let view = ResultsPage {
        ins: &ins,
        report: &report,
        scope: Scope {
            unit: Some(HOSTILE.to_string()),
            point: None,
            from: Some(HOSTILE.to_string()),
            to: None,
        },
        editions: vec![ins.edition.clone(), HOSTILE.to_string()],
        units: vec![UnitChoice {
            id: HOSTILE.to_string(),
            name: HOSTILE.to_string(),
            points: vec![POINT.to_string()],
        }],
        range_label: HOSTILE.to_string(),
        quick_periods: Vec::new(),
        comparisons: Vec::new(),
        public_summary: true,
        combined_o42: false,
        pending_comments: 3,
    };
    results::page(&view)
}

#[test]
fn results_page_escapes_title_unit_and_point_names() {
    let page = hostile_results_html();
    // Title (<title> and <h1>), edition option, unit option value and name, range label,
    // the chosen unit's name, the date field.
    assert_escaped(&page, ESCAPED, 8, "results");
    // Point: filter option (value and text), breakdown row (data-point and label).
    assert_escaped(&page, POINT_ESCAPED, 4, "results point");
    // Numbers are still there: 9 respondents, the hostile point has its own row.
    assert!(page.contains("data-n=\"9\""));
    assert!(page.contains(&format!("data-point=\"{POINT_ESCAPED}\" data-n=\"7\"")));
    // The share of respondents satisfied: 7 answered 5 everywhere, 2 answered 3.
    assert!(page.contains("data-respondents-satisfied=\"77.77777777777779\">77.78%"));
    assert!(page.contains("ผู้ตอบที่พึงพอใจระดับมากขึ้นไป (7 จาก 9 คน ที่ค่าเฉลี่ยของตนเองตั้งแต่ 4 ขึ้นไป)"));
    // Links keep the filter, percent-encoded: the hostile unit cannot leave the query value.
    assert!(page.contains("unit=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"));
}

fn card(text: &str) -> CommentCard {
    CommentCard {
        id: "c0ffee".into(),
        status: "pending",
        status_label: "รอตรวจสอบ",
        flags: "phone".into(),
        flag_labels: vec!["อาจมีหมายเลขโทรศัพท์"],
        survey_title: HOSTILE.into(),
        item_text: HOSTILE.into(),
        code: "comment".into(),
        day: "3 ต.ค. 67".into(),
        point: Some(POINT.into()),
        text: text.into(),
        original: None,
        count: 1,
        suggestions: Vec::new(),
        back: format!("/admin/comments?x={HOSTILE}"),
    }
}

#[test]
fn moderation_pages_escape_comments_titles_and_points() {
    let view = CommentsPage {
        instruments: vec![("satisfaction".into(), HOSTILE.into())],
        instrument: Some("satisfaction".into()),
        statuses: vec![("pending", "รอตรวจสอบ"), ("all", "ทั้งหมด")],
        status: "pending".into(),
        flagged_only: true,
        done: Some("อนุมัติให้เผยแพร่แล้ว"),
        total: 120,
        cards: vec![card(HOSTILE)],
        page: 2,
        pages: 3,
    };
    let page = moderation::page(&view);
    // Filter option, survey title, item text, comment text, back field (bulk form and the
    // mask form).
    assert_escaped(&page, ESCAPED, 6, "moderation");
    assert_escaped(&page, POINT_ESCAPED, 1, "moderation point");
    assert!(page.contains("<blockquote>&quot;&gt;&lt;script&gt;"));
    // Flagged: the approve button says a confirmation follows; the pager keeps the filter.
    assert!(page.contains("อนุมัติ… (ต้องยืนยัน)"));
    assert!(page.contains("href=\"/admin/comments?instrument=satisfaction&amp;status=pending&amp;flagged=1&amp;page=3\""));
    let confirm = moderation::confirm(&card(HOSTILE));
    assert_escaped(&confirm, ESCAPED, 4, "confirmation");
    assert!(confirm.contains("name=\"confirm\" value=\"yes\""));
}

#[test]
fn moderation_cards_show_groups_masks_and_number_suggestions() {
    let mut c = card("โทร ████████████ ค่ะ");
    c.count = 7;
    c.original = Some(HOSTILE.into());
    c.suggestions = vec![("เลขบัตร 1-2345".into(), HOSTILE.into())];
    let view = CommentsPage {
        instruments: Vec::new(),
        instrument: None,
        statuses: vec![("pending", "รอตรวจสอบ")],
        status: "pending".into(),
        flagged_only: false,
        done: None,
        total: 1,
        cards: vec![c.clone(), card("ที่จอดรถไม่พอ")],
        page: 1,
        pages: 1,
    };
    let page = moderation::page(&view);
    // The group's size once, on its card only.
    assert_eq!(page.matches("data-count=").count(), 1);
    assert!(page.contains("data-count=\"7\""));
    assert!(page.contains("× 7"));
    // Masked text shown; the original only behind a summary, escaped; the suggestion posts the
    // text to mask (escaped) with action=mask.
    assert!(page.contains("<blockquote>โทร ████████████ ค่ะ</blockquote>"));
    assert!(page.contains("ดูข้อความเดิม (ไม่เผยแพร่)"));
    assert!(page.contains(&format!("name=\"part\" value=\"{ESCAPED}\"")));
    assert!(page.contains(&format!("data-mask=\"{ESCAPED}\"")));
    assert_eq!(page.matches("name=\"action\" value=\"mask\"").count(), 3);
    assert_eq!(page.matches("name=\"part\" required").count(), 2);
    assert!(!page.contains("<script>"));
    // The confirmation shows no mask forms.
    let confirm = moderation::confirm(&c);
    assert!(!confirm.contains("value=\"mask\""));
}

#[test]
fn index_posters_demo_and_public_list_escape_titles_and_names() {
    let home = admin_home::page(&[SurveyRow {
        id: "satisfaction".into(),
        edition: "2568".into(),
        title: HOSTILE.into(),
        responses: 1234,
        pending_comments: 2,
        public_summary: true,
    }]);
    assert_escaped(&home, ESCAPED, 1, "index");
    assert!(home.contains("1,234"));
    assert!(home.contains("href=\"/admin/results/satisfaction?edition=2568\""));

    let posters = posters::page(&[PosterSurvey {
        id: "satisfaction".into(),
        title: HOSTILE.into(),
        units: vec![PosterUnit {
            id: "a/b".into(),
            name: HOSTILE.into(),
            posters: 2,
        }],
    }]);
    assert_escaped(&posters, ESCAPED, 2, "posters");
    assert!(posters.contains("href=\"/admin/posters/satisfaction/a%2Fb\""));

    let surveys = [DemoSurvey {
        id: "satisfaction".into(),
        edition: "2568".into(),
        title_th: HOSTILE.into(),
        title_en: HOSTILE.into(),
        needs_code: false,
        units: vec![("demo".into(), HOSTILE.into(), vec![POINT.into()])],
        public_summary: true,
    }];
    let demo = demo::page(&DemoPage {
        base: "https://agency.example",
        base_note: "Links use https://agency.example (public_url).",
        surveys: &surveys,
    });
    // Titles, unit name on the unit card, the point card and the poster link.
    assert_escaped(&demo, ESCAPED, 5, "demo");
    assert_escaped(&demo, POINT_ESCAPED, 1, "demo point");
    // The point travels percent-encoded in the link (and its QR code).
    assert!(demo.contains(
        "href=\"https://agency.example/?survey=satisfaction&amp;unit=demo&amp;point=%E0%B8%88%E0%B8%B8%E0%B8%94%3Cimg"
    ));
    assert_eq!(
        demo.matches("<svg class=\"qr\"").count(),
        2,
        "one QR per card"
    );

    let list = public_list::page(&[("satisfaction".into(), HOSTILE.into())]);
    assert_escaped(&list, ESCAPED, 1, "public list");
    let empty = public_list::page(&[]);
    assert!(empty.contains("ยังไม่มีแบบสำรวจที่เปิดเผยผล"));
}

#[test]
fn login_and_notices_escape_messages() {
    let page = login::page(HOSTILE, Some(HOSTILE));
    assert_escaped(&page, ESCAPED, 2, "login");
    assert!(page.contains("role=\"alert\""));
    let error = notice::error(404, HOSTILE);
    assert_escaped(&error, ESCAPED, 1, "error");
    assert!(error.contains("<h1>ไม่พบหน้านี้</h1>"));
    let missing = notice::widget_missing(HOSTILE);
    assert_escaped(&missing, ESCAPED, 1, "widget missing");
}
