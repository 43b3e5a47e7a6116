//! Component tests in headless Chromium: every scale kind renders and records its answer
//! encoding, conditions show and hide questions, leaving a screen with a missing required answer
//! moves focus to it, the language switch keeps answers, the review lists answers, the app
//! shows an error screen for a bad survey, and the custom element's widget renders in a shadow
//! root, follows attribute changes and tears down.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use prongsai_core::Instrument;
use prongsai_widget::app::{App, AppProps};
use prongsai_widget::components::survey::{Survey, SurveyProps};
use prongsai_widget::services::config::{Config, Sources};
use prongsai_widget::state::SharedInstrument;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

const CUSTOM: &str = include_str!("fixtures/custom.json");

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// What the server's page carries: the built-in EIT as
/// `<script type="application/json" data-pg-instrument="ita-eit">` (the widget embeds none).
fn page_carries_the_eit() {
    let doc = document();
    if doc
        .query_selector("script[data-pg-instrument=ita-eit]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let script = doc.create_element("script").expect("script");
    script
        .set_attribute("type", "application/json")
        .expect("type");
    script
        .set_attribute("data-pg-instrument", "ita-eit")
        .expect("id");
    script.set_text_content(prongsai_core::builtin::json("ita-eit"));
    doc.body()
        .expect("body")
        .append_child(&script)
        .expect("append");
}

/// A fresh mount point.
fn root() -> Element {
    let doc = document();
    let div = doc.create_element("div").expect("div");
    doc.body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div
}

async fn mount_custom(prefix: &'static str) -> Element {
    let _ = storage().clear();
    let instrument =
        SharedInstrument::new(Instrument::from_json(CUSTOM).expect("fixture is valid"));
    let config = Rc::new(Config {
        unit: Some(prefix.to_string()),
        ..Config::default()
    });
    let el = root();
    let props = SurveyProps {
        instrument,
        config,
        prefix: AttrValue::from(prefix),
        code: None,
    };
    yew::Renderer::<Survey>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    el
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

fn get(root: &Element, selector: &str) -> Element {
    find(root, selector).unwrap_or_else(|| panic!("no element {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    get(root, selector).text_content().unwrap_or_default()
}

async fn click(root: &Element, selector: &str) {
    get(root, selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

async fn next(root: &Element) {
    click(root, ".pg-nav .pg-primary").await;
}

async fn type_into(root: &Element, selector: &str, value: &str) {
    let el = get(root, selector);
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(value);
    } else {
        el.unchecked_ref::<HtmlInputElement>().set_value(value);
    }
    let ev = web_sys::InputEvent::new("input").expect("event");
    el.dispatch_event(&ev).expect("dispatch");
    yew::scheduler::flush().await;
}

/// The answers as recorded: the draft, written at once when the page is hidden or left
/// (`pagehide`, dispatched here), otherwise a moment after the last change.
fn answers(prefix: &str) -> Value {
    let pagehide = web_sys::Event::new("pagehide").expect("event");
    web_sys::window()
        .expect("window")
        .dispatch_event(&pagehide)
        .expect("dispatch");
    let key = format!("prongsai:draft:khamlai-service:2569:{prefix}");
    let text = storage()
        .get_item(&key)
        .ok()
        .flatten()
        .unwrap_or_else(|| "{}".into());
    let v: Value = serde_json::from_str(&text).expect("draft JSON");
    v.get("answers").cloned().unwrap_or(json!({}))
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn select_and_yes_no_record_answers_and_conditions_add_a_section() {
    let r = mount_custom("ta").await;
    assert_eq!(text(&r, ".pg-h"), "ข้อมูลทั่วไป");
    assert!(text(&r, ".pg-progress").contains("ส่วนที่\u{a0}1 จาก\u{a0}2"));
    assert_eq!(
        get(&r, ".pg-app").get_attribute("lang").as_deref(),
        Some("th")
    );
    assert!(
        text(&r, ".pg-about").contains("ผู้ที่มาติดต่อ อบต."),
        "eligibility shown"
    );

    // display: select → a native drop-down with a placeholder entry.
    let select: HtmlSelectElement = get(&r, "#ta-age").unchecked_into();
    assert_eq!(select.length(), 4);
    select.set_selected_index(2);
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    yew::scheduler::flush().await;
    assert_eq!(answers("ta")["age"], json!("30-59"));

    // yes/no → "yes"/"no" in a fieldset with a legend.
    assert!(text(&r, "fieldset legend").contains("ท่านเคยติดต่อ อบต."));
    click(&r, "#ta-contacted-0").await;
    assert_eq!(answers("ta")["contacted"], json!("yes"));
    assert!(
        text(&r, ".pg-progress").contains("ส่วนที่\u{a0}1 จาก\u{a0}3"),
        "the service section appears"
    );
    assert!(get(&r, "#ta-contacted-0")
        .unchecked_into::<HtmlInputElement>()
        .checked());
}

#[wasm_bindgen_test]
async fn leaving_a_screen_with_a_missing_answer_shows_a_message_and_focuses_it() {
    let r = mount_custom("tb").await;
    next(&r).await;
    assert_eq!(
        get(&r, ".pg-summary").get_attribute("role").as_deref(),
        Some("alert")
    );
    assert_eq!(
        active_id(),
        "tb-contacted-0",
        "focus on the first missing answer"
    );
    assert_eq!(text(&r, "#tb-contacted-err"), "กรุณาตอบข้อนี้");
    let described = get(&r, "#tb-contacted-0")
        .closest("fieldset")
        .ok()
        .flatten()
        .and_then(|f| f.get_attribute("aria-describedby"));
    assert_eq!(described.as_deref(), Some("tb-contacted-err"));
    assert!(
        text(&r, ".pg-h").contains("ข้อมูลทั่วไป"),
        "still on the same screen"
    );

    click(&r, "#tb-contacted-1").await;
    assert!(
        find(&r, "#tb-contacted-err").is_none(),
        "the message goes once answered"
    );
    next(&r).await;
    assert_eq!(
        text(&r, ".pg-h"),
        "ข้อเสนอแนะ",
        "'no' skips the service section"
    );
    assert_eq!(active_id(), "tb-h", "focus on the new screen's heading");
}

#[wasm_bindgen_test]
async fn ordinal_sub_items_not_applicable_multiple_number_and_text() {
    let r = mount_custom("tc").await;
    click(&r, "#tc-contacted-0").await;
    next(&r).await;
    assert_eq!(text(&r, ".pg-h"), "การให้บริการ");
    assert!(
        text(&r, ".pg-section").contains("หมายเหตุ: ตอบเฉพาะครั้งล่าสุดที่มาติดต่อ"),
        "item note shown"
    );

    // Sub-items: nested fieldsets sharing the item's 4-level scale, integers 1…4.
    assert_eq!(
        r.query_selector_all("fieldset.pg-group fieldset.pg-sub")
            .map(|l| l.length())
            .unwrap_or(0),
        2
    );
    click(&r, "#tc-q1_1-3").await;
    click(&r, "#tc-q1_2-0").await;
    assert_eq!(answers("tc")["q1.1"], json!(4));
    assert_eq!(answers("tc")["q1.2"], json!(1));

    // Not applicable is offered where the scale has it, as "na".
    assert_eq!(text(&r, "label[for=tc-q2-5]"), "ไม่ได้ใช้บริการนี้");
    click(&r, "#tc-q2-5").await;
    assert_eq!(answers("tc")["q2"], json!("na"));

    // show_if: "visits" appears only for q2 in [1, 2]; a number is recorded as a number.
    assert!(find(&r, "#tc-visits").is_none());
    click(&r, "#tc-q2-0").await;
    assert!(find(&r, "#tc-visits").is_some());
    type_into(&r, "#tc-visits", "12").await;
    assert_eq!(answers("tc")["visits"], json!(12));
    type_into(&r, "#tc-visits", "500").await;
    next(&r).await;
    assert_eq!(
        active_id(),
        "tc-visits",
        "out of range: focus on the number"
    );
    assert_eq!(text(&r, "#tc-visits-err"), "กรุณาใส่ตัวเลขตั้งแต่ 1 ถึง 100");
    type_into(&r, "#tc-visits", "").await;
    assert!(
        answers("tc").get("visits").is_none(),
        "an emptied field removes the answer"
    );

    // Multiple choice: checkboxes, an array in the instrument's option order.
    click(&r, "#tc-how-2").await;
    click(&r, "#tc-how-0").await;
    assert_eq!(answers("tc")["how"], json!(["counter", "line"]));
    click(&r, "#tc-how-2").await;
    click(&r, "#tc-how-0").await;
    assert!(answers("tc").get("how").is_none());

    next(&r).await;
    assert_eq!(text(&r, ".pg-h"), "ข้อเสนอแนะ");
    // Free text with a character counter.
    assert_eq!(text(&r, "#tc-comment-count"), "0/500\u{a0}ตัวอักษร");
    type_into(&r, "#tc-comment", "สวัสดี").await;
    assert_eq!(text(&r, "#tc-comment-count"), "6/500\u{a0}ตัวอักษร");
    assert_eq!(
        get(&r, "#tc-comment").get_attribute("maxlength").as_deref(),
        Some("500")
    );
    assert_eq!(answers("tc")["comment"], json!("สวัสดี"));
}

#[wasm_bindgen_test]
async fn language_switch_keeps_answers() {
    let r = mount_custom("td").await;
    click(&r, "#td-contacted-0").await;
    click(&r, ".pg-lang").await;
    assert_eq!(
        get(&r, ".pg-app").get_attribute("lang").as_deref(),
        Some("en")
    );
    assert_eq!(text(&r, ".pg-h"), "About you");
    assert!(text(&r, ".pg-progress").contains("Part\u{a0}1 of\u{a0}3"));
    assert!(get(&r, "#td-contacted-0")
        .unchecked_into::<HtmlInputElement>()
        .checked());
    assert_eq!(text(&r, ".pg-lang"), "ภาษาไทย");
    assert_eq!(
        get(&r, ".pg-lang").get_attribute("lang").as_deref(),
        Some("th")
    );
}

#[wasm_bindgen_test]
async fn review_lists_answers_and_edit_goes_back() {
    let r = mount_custom("te").await;
    click(&r, "#te-contacted-1").await;
    next(&r).await;
    next(&r).await;
    assert_eq!(text(&r, ".pg-h"), "ตรวจทานคำตอบ");
    let review = text(&r, ".pg-review");
    assert!(review.contains("ไม่ใช่"), "{review}");
    assert!(review.contains("(ไม่ได้ตอบ)"));
    assert!(
        !review.contains("การให้บริการ"),
        "hidden sections are not listed"
    );
    click(&r, ".pg-review-part .pg-btn").await;
    assert_eq!(text(&r, ".pg-h"), "ข้อมูลทั่วไป");
    assert_eq!(active_id(), "te-h");
}

#[wasm_bindgen_test]
async fn app_renders_a_survey_the_page_carries_on_the_first_frame() {
    page_carries_the_eit();
    let el = root();
    let sources = Sources {
        js: Some(json!({"survey": "ita-eit", "unit": "tf"})),
        ..Sources::default()
    };
    let props = AppProps {
        sources: Rc::new(sources),
        prefix: AttrValue::from("tf"),
        prefill: None,
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    assert!(text(&el, ".pg-own").contains("ไม่ใช่ผลการประเมิน ITA อย่างเป็นทางการ"));
    assert!(text(&el, ".pg-progress").contains("ส่วนที่\u{a0}1 จาก\u{a0}4"));
    assert_eq!(
        el.query_selector_all("#tf-e1_1-0")
            .map(|l| l.length())
            .unwrap_or(0),
        1
    );
}

#[wasm_bindgen_test]
async fn app_shows_an_error_screen_for_an_unknown_survey() {
    let el = root();
    let sources = Sources {
        js: Some(json!({"survey": "ita-xyz"})),
        ..Sources::default()
    };
    let props = AppProps {
        sources: Rc::new(sources),
        prefix: AttrValue::from("tg"),
        prefill: None,
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    let t = text(&el, ".pg-error-screen");
    assert!(t.contains("ไม่พบแบบสำรวจนี้"), "{t}");
    assert!(
        t.contains("ติดต่อหน่วยงาน") || t.contains("เจ้าหน้าที่"),
        "who to ask: {t}"
    );
    assert!(
        !t.contains("ita-xyz"),
        "the value given stays in the console: {t}"
    );
    assert!(!t.contains("survey=ita-eit"), "no list of ids: {t}");
}

#[wasm_bindgen_test]
async fn answers_given_on_the_pre_rendered_screen_are_kept() {
    let _ = storage().clear();
    page_carries_the_eit();
    // What index.html shows before the wasm: markup with the widget's own ids.
    let el = root();
    el.set_inner_html(
        r#"<form><input type="radio" id="th-e1_1-3" name="th-e1_1" checked>
           <input type="radio" id="th-e2-1" name="th-e2" checked>
           <textarea id="th-nothing">x</textarea></form>"#,
    );
    el.set_attribute(prongsai_widget::prefill::PRERENDERED, "")
        .expect("attr");
    let prefill = prongsai_widget::prefill::Prefill::capture(&el).expect("captured");
    assert_eq!(prefill.checked, ["th-e1_1-3", "th-e2-1"]);
    el.set_inner_html("");
    let sources = Sources {
        js: Some(json!({"survey": "ita-eit", "unit": "th"})),
        ..Sources::default()
    };
    let props = AppProps {
        sources: Rc::new(sources),
        prefix: AttrValue::from("th"),
        prefill: Some(Rc::new(prefill)),
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert!(get(&el, "#th-e1_1-3")
        .unchecked_into::<HtmlInputElement>()
        .checked());
    assert!(get(&el, "#th-e2-1")
        .unchecked_into::<HtmlInputElement>()
        .checked());
    // No page event: the draft is written by itself once the answers have been quiet.
    prongsai_widget::services::platform::sleep(prongsai_widget::hooks::draft::QUIET_MS + 300).await;
    let key = "prongsai:draft:ita-eit:2568:th";
    let draft: Value =
        serde_json::from_str(&storage().get_item(key).ok().flatten().unwrap_or_default())
            .expect("draft");
    assert_eq!(draft["answers"]["e1.1"], json!(4));
    assert_eq!(draft["answers"]["e2"], json!(2));
}

/// A `<prongsai-survey>`-like host with a shadow root and the box the boot code would make.
fn shadow_host(attrs: &[(&str, &str)]) -> (Element, Element) {
    let doc = document();
    let host = doc.create_element("section").expect("host");
    for (k, v) in attrs {
        host.set_attribute(k, v).expect("attribute");
    }
    doc.body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .expect("shadow root");
    let target = doc.create_element("div").expect("box");
    target.set_attribute("data-pg-box", "").expect("attr");
    shadow.append_child(&target).expect("append");
    (host, target)
}

#[wasm_bindgen_test]
async fn custom_element_widget_renders_in_a_shadow_root_updates_and_tears_down() {
    let _ = storage().clear();
    page_carries_the_eit();
    let (host, target) = shadow_host(&[("survey", "ita-eit"), ("unit", "ce")]);
    let mut w = prongsai_widget::Widget::new(host.clone(), target.clone());
    yew::scheduler::flush().await;
    assert!(host.has_attribute("data-prongsai-mounted"));
    assert!(
        document()
            .query_selector(".pg-app")
            .ok()
            .flatten()
            .is_none()
            || find(&target, ".pg-app").is_some(),
        "rendered inside the shadow root"
    );
    assert!(text(&target, ".pg-progress").contains("ส่วนที่\u{a0}1 จาก\u{a0}4"));

    // Focus stays inside the shadow root: leaving the screen empty focuses the first missing
    // answer, found relative to the widget's own root.
    click(&target, ".pg-nav .pg-primary").await;
    yew::scheduler::flush().await;
    let active = host
        .shadow_root()
        .and_then(|r| r.active_element())
        .map(|e| e.id())
        .unwrap_or_default();
    assert!(active.ends_with("-e1_1-0"), "focused {active:?}");

    click(&target, "input[id$='-e1_1-3']").await;
    host.set_attribute("lang", "en").expect("attr");
    host.set_attribute("large", "").expect("attr");
    host.set_attribute("theme", "accent: #005a32")
        .expect("attr");
    w.update();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert!(text(&target, ".pg-progress").contains("Part\u{a0}1 of\u{a0}4"));
    assert!(find(&target, ".pg-app.pg-large").is_some());
    let root = get(&target, ".prongsai-root").unchecked_into::<HtmlElement>();
    assert_eq!(
        root.style()
            .get_property_value("--prongsai-accent")
            .unwrap_or_default(),
        "#005a32"
    );
    assert!(
        get(&target, "input[id$='-e1_1-3']")
            .unchecked_into::<HtmlInputElement>()
            .checked(),
        "answers kept when language, size and theme change"
    );

    // Another unit: a fresh survey.
    host.set_attribute("unit", "ce-2").expect("attr");
    w.update();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert!(!get(&target, "input[id$='-e1_1-3']")
        .unchecked_into::<HtmlInputElement>()
        .checked());

    w.destroy();
    yew::scheduler::flush().await;
    assert!(find(&target, ".prongsai-root").is_none(), "torn down");
    assert!(!host.has_attribute("data-prongsai-mounted"));
}
