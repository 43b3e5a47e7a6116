//! The built-in instruments: valid, complete, and as the reference describes them.
use prongsai_core::{builtin, Instrument, Kind, ScaleKind};

fn load(id: &str) -> Instrument {
    let text = builtin::json(id).unwrap_or_else(|| panic!("{id} is not built in"));
    match Instrument::from_json(text) {
        Ok(ins) => ins,
        Err(problems) => panic!(
            "{id} is invalid:\n{}",
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

#[test]
fn every_builtin_is_valid() {
    for id in builtin::IDS {
        let ins = load(id);
        assert_eq!(&ins.id, id);
        // The OIT list is the FY2566 one, the best-supported edition found (reference/oit.md).
        let edition = if *id == "ita-oit" { "2566" } else { "2568" };
        assert_eq!(ins.edition, edition);
        assert!(ins.anonymous, "{id} must be anonymous");
        assert!(builtin::load(id).is_some());
    }
}

#[test]
fn iit_has_30_items_and_51_scored_answers_in_five_indicators() {
    let ins = load("ita-iit");
    assert_eq!(ins.kind, Kind::Iit);
    let scored: Vec<_> = ins.items().filter(|i| ins.is_scored(i)).collect();
    assert_eq!(scored.len(), 30);
    let answers: usize = scored.iter().map(|i| ins.answer_codes(i).len()).sum();
    assert_eq!(answers, 51);
    for (n, item) in scored.iter().enumerate() {
        assert_eq!(item.code, format!("i{}", n + 1));
        let indicator = (n / 6 + 1).to_string();
        assert_eq!(
            item.indicator.as_deref(),
            Some(indicator.as_str()),
            "{}",
            item.code
        );
    }
    // sub-item codes follow the reference order
    let i30 = ins.find_item("i30").expect("i30");
    let codes: Vec<_> = i30.sub_items.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["i30.1", "i30.2", "i30.3", "i30.4"]);
    // notes that belong to the item text are kept
    for code in ["i4", "i27", "i28", "i29"] {
        assert!(
            ins.find_item(code).and_then(|i| i.note.as_ref()).is_some(),
            "{code} lost its note"
        );
    }
}

#[test]
fn iit_reverse_set_is_exactly_the_reference() {
    let ins = load("ita-iit");
    let mut reversed = Vec::new();
    for item in ins.items().filter(|i| ins.is_scored(i)) {
        for code in ins.answer_codes(item) {
            let rev = item
                .sub_items
                .iter()
                .find(|s| s.code == code)
                .and_then(|s| s.reverse)
                .unwrap_or(item.reverse);
            if rev {
                reversed.push(code.to_string());
            }
        }
    }
    let expected = [
        "i4.1", "i4.2", "i4.3", "i5.1", "i5.2", "i5.3", "i6.1", "i6.2", "i6.3", "i9", "i10",
        "i11.2", "i16", "i17", "i18.1", "i18.2", "i18.3", "i19", "i22",
    ];
    assert_eq!(reversed, expected);
    let yesno = |code: &str| {
        ins.scale(&ins.find_item(code).expect("item").scale)
            .map(|s| s.kind)
    };
    for code in ["i4", "i5", "i6", "i26"] {
        assert_eq!(yesno(code), Some(ScaleKind::YesNo), "{code}");
    }
}

#[test]
fn eit_has_15_items_in_indicators_6_to_8_and_says_it_is_eit_style() {
    let ins = load("ita-eit");
    assert_eq!(ins.kind, Kind::Eit);
    let scored: Vec<_> = ins.items().filter(|i| ins.is_scored(i)).collect();
    assert_eq!(scored.len(), 15);
    for (n, item) in scored.iter().enumerate() {
        assert_eq!(item.code, format!("e{}", n + 1));
        assert_eq!(
            item.indicator.as_deref(),
            Some((n / 5 + 6).to_string().as_str())
        );
    }
    assert!(
        ins.unverified.is_some(),
        "EIT wording must be marked as not official"
    );
}

#[test]
fn satisfaction_has_six_service_areas_and_four_dimensions() {
    let ins = load("satisfaction");
    assert_eq!(ins.kind, Kind::Satisfaction);
    let area = ins
        .items()
        .find(|i| i.role == Some(prongsai_core::Role::ServiceArea))
        .expect("service area item");
    // The six areas of seed 003, and "other / general services" for everything else.
    let areas = ins.scale(&area.scale).expect("areas scale");
    assert_eq!(areas.options.len(), 7);
    assert_eq!(
        areas.options.last().map(|o| o.label.th.as_str()),
        Some("ด้านอื่น ๆ / งานบริการทั่วไป")
    );
    assert!(
        ins.sample.as_ref().and_then(|s| s.min).is_some(),
        "recommended sample"
    );
    assert_eq!(
        ins.scoring
            .satisfaction
            .as_ref()
            .map(|s| s.satisfied_level()),
        Some(4)
    );
    let dims: Vec<_> = ins.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dims, ["process", "channels", "staff", "facilities"]);
    assert_eq!(
        ins.scoring.satisfaction.as_ref().map(|s| s.target),
        Some(80.0)
    );
    // profile questions are never scored
    assert!(ins
        .items()
        .filter(|i| i.role.is_some())
        .all(|i| !ins.is_scored(i)));
}

#[test]
fn quick_is_one_five_face_question_and_an_optional_reason() {
    let ins = load("quick");
    let items: Vec<_> = ins.items().collect();
    assert_eq!(items.len(), 2);
    let scale = ins.scale(&items[0].scale).expect("scale");
    assert_eq!(scale.options.len(), 5);
    assert_eq!(scale.display, Some(prongsai_core::Display::Faces));
    assert!(items[0].required && !items[1].required);
}

#[test]
fn bribery_items_are_alert_items() {
    for (id, expected) in [("ita-iit", vec!["i4", "i5", "i6"]), ("ita-eit", vec!["e4"])] {
        let ins = load(id);
        let alerts: Vec<&str> = ins
            .items()
            .filter(|i| i.alert)
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(alerts, expected, "{id}");
        for item in ins.items().filter(|i| i.alert) {
            // มี is the alert answer: a reversed yes/no item, so "yes" scores lowest
            assert!(item.reverse, "{}", item.code);
            assert_eq!(
                ins.scale(&item.scale).map(|s| s.kind),
                Some(ScaleKind::YesNo)
            );
        }
    }
}
