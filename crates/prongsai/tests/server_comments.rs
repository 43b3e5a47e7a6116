//! Moderation that masks part of a comment and groups identical comments, through the real
//! `prongsai serve`: the masked text is what the public page, the summary and the O16 show, the
//! answer itself stays as written (export), masking is idempotent and refused in Thai when the
//! part is missing; identical comments are listed and published once with their number, every
//! action acts on the whole group, paging counts groups; an older database gets its comments
//! grouped at start. SQLite always, PostgreSQL when PRONGSAI_TEST_POSTGRES_URL is set.
mod server_support;

use prongsai_core::{Envelope, Instrument};
use serde_json::json;
use server_support::*;

/// A satisfaction response whose only free-text answer is `text`.
fn with_comment(ins: &Instrument, day: &str, text: Option<&str>) -> Envelope {
    let mut e = envelope(ins, &new_id(), "demo", Some("counter-1"), day);
    for code in prongsai::server::moderation::text_codes(ins) {
        e.answers.remove(&code);
    }
    if let Some(t) = text {
        e.answers.insert("suggestion".into(), json!(t));
    }
    e
}

/// (id, data-count or 1, the card's HTML) of every card on a moderation page.
fn cards(page: &str) -> Vec<(String, u64, String)> {
    page.split("<article")
        .skip(1)
        .map(|card| {
            let card = &card[..card.find("</article>").unwrap_or(card.len())];
            let tag = &tags_with(&format!("<article{card}"), "data-comment")[0];
            let count = tags_with(card, "data-count")
                .first()
                .map_or(1, |t| t["data-count"].parse().unwrap());
            (tag["data-comment"].clone(), count, card.to_string())
        })
        .collect()
}

fn card_with<'a>(page: &'a [(String, u64, String)], needle: &str) -> &'a (String, u64, String) {
    page.iter()
        .find(|c| c.2.contains(needle))
        .unwrap_or_else(|| panic!("a card with {needle}"))
}

fn opts_with_public(dir: &std::path::Path, database: Option<String>) -> ServerOpts {
    let mut opts = ServerOpts::sqlite(dir);
    opts.config = Some(config_toml("public_summaries = [\"satisfaction\"]"));
    opts.database = database;
    opts
}

async fn mask_and_group(opts: ServerOpts) {
    let server = Server::start(&opts);
    let today = prongsai::server::day::today().to_string();
    let sat = instrument("satisfaction");
    let phone = "โทรกลับที่ 081-234-5678 ด้วยครับ คุณสมชาย บัตร 1-2345-67890-12-3";
    let mut envelopes = vec![with_comment(&sat, &today, Some(phone))];
    // Seven times the same comment, written with other spaces and case.
    for t in [
        "ที่จอดรถไม่พอ Parking",
        "  ที่จอดรถไม่พอ   parking ",
        "ที่จอดรถไม่พอ PArking",
        "ที่จอดรถไม่พอ\nparking",
        "ที่จอดรถไม่พอ parking",
        "ที่จอดรถไม่พอ parking",
        "ที่จอดรถไม่พอ parking",
    ] {
        envelopes.push(with_comment(&sat, &today, Some(t)));
    }
    envelopes.push(with_comment(&sat, &today, Some("ที่จอดรถไม่พอ ควรเพิ่ม")));
    for _ in 0..5 {
        envelopes.push(with_comment(&sat, &today, None));
    }
    post_all(&server, envelopes).await;

    let http = browser();
    let cookie = login(&http, &server).await;
    let list = "/admin/comments?instrument=satisfaction&status=pending";
    let (status, page) = admin_get(&http, &server, &cookie, list).await;
    assert_eq!(status, 200);
    let listed = cards(&page);
    // Nine comments, three groups: the phone one, the seven alike, the other parking one.
    assert_eq!(listed.len(), 3, "{page}");
    assert!(page.contains("data-total=\"3\""));
    let group = card_with(&listed, "rking").clone();
    assert_eq!(group.1, 7, "× 7 on the group");
    assert!(group.2.contains("× 7"));
    assert_eq!(card_with(&listed, "ควรเพิ่ม").1, 1);
    // The admin home counts what the moderation page lists: 3 groups waiting, not 9 comments.
    let (_, home) = admin_get(&http, &server, &cookie, "/admin/results").await;
    let row_start = home
        .find("data-instrument=\"satisfaction\"")
        .expect("a satisfaction row on the admin home");
    let row = &home[row_start
        ..home[row_start..]
            .find("</tr>")
            .map_or(home.len(), |e| row_start + e)];
    let cells: Vec<&str> = row.split("<td class=\"num\">").skip(1).collect();
    assert!(
        cells.get(1).is_some_and(|c| c.starts_with("3<")),
        "pending groups on the admin home: {row}"
    );

    // One-click suggestions: the phone and the ID number as written.
    let (phone_id, _, phone_card) = card_with(&listed, "081-234-5678").clone();
    assert!(phone_card.contains("data-mask=\"081-234-5678\""));
    assert!(phone_card.contains("data-mask=\"1-2345-67890-12-3\""));
    assert!(phone_card.contains("data-flags=\"phone,id_number\""));

    let act = |id: String, body: String| {
        let (http, cookie, server) = (http.clone(), cookie.clone(), &server);
        async move {
            let res = post_form(
                &http,
                server,
                &cookie,
                &format!("/admin/comments/{id}"),
                &body,
            )
            .await;
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            (status, location, res.text().await.unwrap())
        }
    };
    let mask = |id: &str, part: &str| {
        act(
            id.to_string(),
            format!(
                "action=mask&back=%2Fadmin%2Fcomments%3Fstatus%3Dall&part={}",
                part.replace(' ', "+")
            ),
        )
    };
    // Refused, in Thai, naming the field: a part not in the comment, an empty part.
    for (part, says) in [("0899999999", "ไม่พบ “0899999999”"), ("+++", "ยังไม่ได้ระบุ")]
    {
        let (status, _, body) = mask(&phone_id, part).await;
        assert_eq!(status, 400, "{part}");
        assert!(body.contains("ส่วนที่ต้องการปิดบัง (part)"), "{body}");
        assert!(body.contains(says), "{body}");
    }
    let (status, location, _) = mask(&phone_id, "081-234-5678").await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/admin/comments?status=all&done=masked")
    );
    // Idempotent: the same part again changes nothing.
    assert_eq!(mask(&phone_id, "081-234-5678").await.0, 303);
    assert_eq!(mask(&phone_id, "1-2345-67890-12-3").await.0, 303);
    assert_eq!(mask(&phone_id, "สมชาย").await.0, 303);
    let masked = "โทรกลับที่ ████████████ ด้วยครับ คุณ█████ บัตร █████████████████";
    assert_eq!(masked.chars().count(), phone.chars().count());
    let (_, page) = admin_get(&http, &server, &cookie, list).await;
    let (_, _, card) = card_with(&cards(&page), "โทรกลับที่").clone();
    assert!(
        card.contains(&format!("<blockquote>{masked}</blockquote>")),
        "{card}"
    );
    assert!(card.contains("ดูข้อความเดิม"), "the officer can still read it");
    // Nothing personal left: flags cleared, approved without a confirmation.
    assert!(card.contains("data-flags=\"\""), "{card}");
    let approve = |id: &str| act(id.to_string(), "action=approve".to_string());
    let (status, location, _) = approve(&phone_id).await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/admin/comments?done=approved"))
    );

    // Approving one of the group approves all seven.
    assert_eq!(approve(&group.0).await.0, 303);
    let (_, page) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/comments?instrument=satisfaction&status=approved",
    )
    .await;
    let approved = cards(&page);
    assert_eq!(approved.len(), 2);
    assert_eq!(card_with(&approved, "rking").1, 7);
    let (_, page) = admin_get(&http, &server, &cookie, list).await;
    assert_eq!(
        cards(&page).len(),
        1,
        "only the other parking comment waits"
    );

    // Published: masked, the group once with its number; never the numbers or the name.
    let docs = published_docs(&http, &server, &cookie, "satisfaction").await;
    for (what, doc) in &docs {
        assert!(doc.contains(masked), "{what}: the masked text");
        assert_eq!(doc.matches("(× 7)").count(), 1, "{what}: the group once");
        assert_eq!(doc.matches("ที่จอดรถไม่พอ").count(), 1, "{what}");
        for never in ["081-234-5678", "สมชาย", "67890", "ควรเพิ่ม"] {
            assert!(!doc.contains(never), "{what}: {never}");
        }
    }
    // The answer itself is untouched.
    let (_, csv) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/export/satisfaction/responses.csv",
    )
    .await;
    assert!(csv.contains(phone), "the response keeps its text");

    // A later identical comment is published masked the same way, and waits for its decision.
    post_all(&server, vec![with_comment(&sat, &today, Some(phone))]).await;
    let (_, page) = admin_get(&http, &server, &cookie, list).await;
    let (_, count, card) = card_with(&cards(&page), "โทรกลับที่").clone();
    assert_eq!(count, 1, "one pending in the group");
    assert!(card.contains(masked), "{card}");

    // Hiding acts on the whole group too.
    let (_, page) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/comments?instrument=satisfaction&status=all",
    )
    .await;
    let (id, count, _) = card_with(&cards(&page), "rking").clone();
    assert_eq!(count, 7);
    assert_eq!(act(id, "action=hide".into()).await.0, 303);
    let (_, page) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/comments?instrument=satisfaction&status=hidden",
    )
    .await;
    assert_eq!(card_with(&cards(&page), "rking").1, 7);
}

#[tokio::test]
async fn sqlite_mask_and_group() {
    let dir = tempfile::tempdir().unwrap();
    mask_and_group(opts_with_public(dir.path(), None)).await;
}

#[tokio::test]
async fn postgres_mask_and_group() {
    let Some(url) = fresh_postgres().await else {
        eprintln!("PRONGSAI_TEST_POSTGRES_URL not set: PostgreSQL test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    mask_and_group(opts_with_public(dir.path(), Some(url))).await;
}

#[tokio::test]
async fn paging_counts_groups_not_comments() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let today = prongsai::server::day::today().to_string();
    let sat = instrument("satisfaction");
    let mut envelopes: Vec<Envelope> = (0..55)
        .map(|k| with_comment(&sat, &today, Some(&format!("ความเห็นที่ {k}"))))
        .collect();
    envelopes.extend((0..30).map(|_| with_comment(&sat, &today, Some("เหมือนกัน"))));
    post_all(&server, envelopes).await;
    let http = browser();
    let cookie = login(&http, &server).await;
    let (_, one) = admin_get(&http, &server, &cookie, "/admin/comments").await;
    let (_, two) = admin_get(&http, &server, &cookie, "/admin/comments?page=2").await;
    assert!(one.contains("data-total=\"56\""), "55 + one group");
    assert!(one.contains("หน้า 1 / 2"));
    let (one, two) = (cards(&one), cards(&two));
    assert_eq!((one.len(), two.len()), (50, 6));
    let all: Vec<_> = one.iter().chain(&two).collect();
    assert_eq!(all.iter().filter(|c| c.2.contains("เหมือนกัน")).count(), 1);
    assert_eq!(
        card_with(
            &one.iter().chain(&two).cloned().collect::<Vec<_>>(),
            "เหมือนกัน"
        )
        .1,
        30
    );
    let mut ids: Vec<_> = all.iter().map(|c| &c.0).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 56, "no group on two pages");
}

#[tokio::test]
async fn comments_from_before_schema_5_are_grouped_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOpts::sqlite(dir.path());
    let today = prongsai::server::day::today().to_string();
    let sat = instrument("satisfaction");
    {
        let server = Server::start(&opts);
        let envelopes = ["ห้องน้ำสกปรก", " ห้องน้ำสกปรก ", "ห้องน้ำ  สกปรก", "ห้องน้ำสกปรก"]
            .into_iter()
            .map(|t| with_comment(&sat, &today, Some(t)))
            .collect();
        post_all(&server, envelopes).await;
    }
    // Back to what schema 4 had: no published text, no group keys.
    {
        let conn = rusqlite::Connection::open(opts.data_dir.join("prongsai.sqlite")).unwrap();
        conn.execute_batch(
            "DROP INDEX comments_by_text;
             ALTER TABLE comments DROP COLUMN published;
             ALTER TABLE comments DROP COLUMN text_key;
             ALTER TABLE responses DROP COLUMN area;
             DELETE FROM meta WHERE key = 'comments_keyed';
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let server = Server::start(&opts);
    // Schema 6 on the way: the bucket tallies are counted again once (one day, one month).
    wait_for(
        || server.stderr().contains("counted 2 result buckets again"),
        "the recount log line",
    );
    let http = browser();
    let cookie = login(&http, &server).await;
    let (_, page) = admin_get(&http, &server, &cookie, "/admin/comments").await;
    let listed = cards(&page);
    let mut counts: Vec<u64> = listed.iter().map(|c| c.1).collect();
    counts.sort();
    assert_eq!(counts, vec![1, 3], "{page}");
    drop(server);
    let conn = rusqlite::Connection::open(opts.data_dir.join("prongsai.sqlite")).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 7);
    let keyed: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'comments_keyed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(keyed, "1", "done once");
}
