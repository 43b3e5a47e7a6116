//! QR posters: the printed code decodes to exactly the survey URL.
use prongsai_reports::url::parse_query;
use prongsai_reports::{
    poster, poster_codes, survey_url, PosterOptions, PosterPoint, QrError, QrMatrix,
};

fn decode(matrix: &QrMatrix) -> String {
    let (side, img) = matrix.luma(6);
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| img[y * side + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code");
    let (_, content) = grids[0].decode().expect("decodes");
    content
}

fn options(points: &[&str]) -> PosterOptions {
    PosterOptions {
        base_url: "https://survey.khamlai.go.th/".into(),
        survey: "satisfaction".into(),
        unit: "khamlai".into(),
        agency: "องค์การบริหารส่วนตำบลคำไหล".into(),
        headline: None,
        instructions: None,
        points: points.iter().map(|p| PosterPoint::parse(p)).collect(),
    }
}

#[test]
fn the_printed_code_decodes_to_exactly_the_url() {
    let opts = options(&["counter1:งานทะเบียนราษฎร", "จุด 2:กองคลัง"]);
    let codes = poster_codes(&opts).expect("codes");
    let html = poster(&opts).expect("poster");
    assert_eq!(codes.len(), 2);
    let expected = [
        "https://survey.khamlai.go.th/?survey=satisfaction&unit=khamlai&point=counter1",
        "https://survey.khamlai.go.th/?survey=satisfaction&unit=khamlai&point=%E0%B8%88%E0%B8%B8%E0%B8%94%202",
    ];
    for (code, url) in codes.iter().zip(expected) {
        assert_eq!(code.url, url);
        assert_eq!(decode(&code.matrix), url);
        // The poster draws this very matrix, and prints the URL under it.
        assert!(html.contains(&code.matrix.svg_path()));
        assert!(html.contains(&url.replace('&', "&amp;")));
    }
}

#[test]
fn thai_and_reserved_characters_survive_the_scan() {
    let mut opts = options(&["งาน ทะเบียน&บัตร=1?#/+%"]);
    opts.unit = "อบต.คำไหล & ฝ่าย/กอง".into();
    opts.base_url = "https://x.go.th/s?lang=th".into();
    let codes = poster_codes(&opts).expect("codes");
    let scanned = decode(&codes[0].matrix);
    let (base, query) = scanned.split_once('?').expect("a query");
    assert_eq!(base, "https://x.go.th/s");
    let pairs = parse_query(query).expect("valid encoding");
    let expected = [
        ("lang", "th"),
        ("survey", "satisfaction"),
        ("unit", "อบต.คำไหล & ฝ่าย/กอง"),
        ("point", "งาน ทะเบียน&บัตร=1?#/+%"),
    ];
    assert_eq!(pairs.len(), expected.len(), "{scanned}");
    for ((k, v), (ek, ev)) in pairs.iter().zip(expected) {
        assert_eq!((k.as_str(), v.as_str()), (ek, ev));
    }
}

#[test]
fn one_a4_page_per_point_with_the_instructions() {
    let html = poster(&options(&["a:งานทะเบียนราษฎร", "b:กองคลัง", "c"])).expect("poster");
    assert_eq!(html.matches("<section class=\"poster\"").count(), 3);
    assert!(html.contains("break-after: page"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("ช่วยประเมินความพึงพอใจการให้บริการของเรา"));
    assert!(html.contains("สแกน QR Code ด้วยกล้องโทรศัพท์ ใช้เวลาไม่เกิน 2 นาที ไม่ต้องระบุตัวตน"));
    assert!(html.contains("จุดให้บริการ: งานทะเบียนราษฎร"));
    assert!(html.contains("จุดให้บริการ: กองคลัง"));
    assert!(html.contains("จุดให้บริการ: c"));
    assert!(html.contains("องค์การบริหารส่วนตำบลคำไหล"));
    assert!(html.contains("class=\"qr\""));
    assert!(!html.contains("<script"));
}

#[test]
fn without_points_one_poster_without_a_point() {
    let html = poster(&options(&[])).expect("poster");
    assert_eq!(html.matches("<section class=\"poster\"").count(), 1);
    assert!(!html.contains("point="));
    assert!(!html.contains("จุดให้บริการ:"));
}

#[test]
fn names_are_escaped_and_bad_input_is_an_error() {
    let mut o = options(&["p1:<img src=x onerror=alert(1)>"]);
    o.agency = "<script>x</script>".into();
    let html = poster(&o).expect("poster");
    assert!(!html.contains("<img"));
    assert!(!html.contains("<script"));
    assert!(matches!(
        poster(&PosterOptions {
            base_url: "ftp://x".into(),
            ..options(&["p"])
        }),
        Err(QrError::BaseUrl(_))
    ));
    assert!(matches!(
        survey_url("https://x.go.th", "", "u", None),
        Err(QrError::Empty("survey"))
    ));
    assert!(matches!(
        poster(&PosterOptions {
            unit: "x".repeat(3000),
            ..options(&["p"])
        }),
        Err(QrError::TooLong(_))
    ));
}
