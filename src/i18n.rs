//! Every user-interface string of the widget, in Thai and English.
//!
//! Instrument texts (titles, items, options) come from the instrument itself; only the widget's
//! own chrome lives here.

use prongsai_core::Locale;

/// A fixed UI string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Loading,
    Next,
    Back,
    ToReview,
    Submit,
    Edit,
    Required,
    RequiredMark,
    FixBelow,
    OwnAssessment,
    Anonymous,
    ReviewTitle,
    ReviewIntro,
    NoAnswer,
    NotApplicable,
    ThanksTitle,
    ThanksBody,
    YourRating,
    Contact,
    ComplaintIntro,
    ComplaintLink,
    NextPerson,
    Sent,
    Sending,
    StorageBlocked,
    Rejected,
    ResumeTitle,
    ResumeBody,
    Resume,
    StartOver,
    ErrorTitle,
    ErrorNoSurvey,
    ErrorUnknownSurvey,
    ErrorFetch,
    ErrorInvalid,
    ErrorConfig,
    ErrorHelp,
    ErrorNotFoundTitle,
    ErrorLinkAdvice,
    ErrorTryAgain,
    Network,
    NotJson,
    Eligibility,
    SwitchLanguage,
    NumberHint,
    ChooseAny,
    Choose,
    AboutItems,
    LargerText,
    Fullscreen,
    ExitFullscreen,
    IdleTitle,
    IdleContinue,
    ReasonTitle,
    ReasonIntro,
    Skip,
    Send,
    BackToStart,
}

/// The text of `m` in locale `l`.
pub fn t(l: Locale, m: Msg) -> &'static str {
    let (th, en) = match m {
        Msg::Loading => ("กำลังโหลดแบบสำรวจ…", "Loading the survey…"),
        Msg::Next => ("ถัดไป", "Next"),
        Msg::Back => ("ย้อนกลับ", "Back"),
        Msg::ToReview => ("ตรวจทานคำตอบ", "Review answers"),
        Msg::Submit => ("ส่งคำตอบ", "Submit"),
        Msg::Edit => ("แก้ไข", "Edit"),
        Msg::Required => ("กรุณาตอบข้อนี้", "Please answer this question"),
        Msg::RequiredMark => ("(จำเป็น)", "(required)"),
        Msg::FixBelow => (
            "ยังตอบไม่ครบ กรุณาตอบข้อที่มีเครื่องหมายแจ้งไว้",
            "Some answers are missing. Please answer the marked questions",
        ),
        Msg::OwnAssessment => (
            "แบบสำรวจนี้เป็นการประเมินของหน่วยงานเอง ไม่ใช่ผลการประเมิน ITA อย่างเป็นทางการของสำนักงาน ป.ป.ช.",
            "This survey is the agency's own assessment, not the official ITA result of the NACC.",
        ),
        Msg::Anonymous => (
            "ไม่ต้องระบุชื่อ แบบสำรวจนี้ไม่เก็บข้อมูลที่ระบุตัวท่านหรืออุปกรณ์ของท่าน",
            "Anonymous: this survey stores nothing that identifies you or your device.",
        ),
        Msg::ReviewTitle => ("ตรวจทานคำตอบ", "Review your answers"),
        Msg::ReviewIntro => (
            "โปรดตรวจทานคำตอบก่อนส่ง กด “แก้ไข” เพื่อกลับไปแก้ส่วนนั้น",
            "Please check your answers before submitting. Choose “Edit” to change a part.",
        ),
        Msg::NoAnswer => ("(ไม่ได้ตอบ)", "(no answer)"),
        Msg::NotApplicable => ("ไม่เกี่ยวข้อง", "Not applicable"),
        Msg::ThanksTitle => ("ขอบคุณที่ตอบแบบสำรวจ", "Thank you for taking the survey"),
        Msg::ThanksBody => (
            "คำตอบของท่านช่วยให้หน่วยงานปรับปรุงการทำงาน",
            "Your answers help the agency improve its work.",
        ),
        Msg::YourRating => ("ความพึงพอใจของท่าน", "Your satisfaction"),
        Msg::Contact => ("ติดต่อหน่วยงาน", "Contact the agency"),
        Msg::ComplaintIntro => (
            "แบบสำรวจนี้ไม่รับเรื่องร้องเรียน หากต้องการร้องเรียนการทุจริต โปรดใช้ช่องทางร้องเรียนของหน่วยงาน",
            "This survey does not take complaints. To report corruption, use the agency's complaint channel.",
        ),
        Msg::ComplaintLink => ("ช่องทางร้องเรียนการทุจริต", "Corruption complaint channel"),
        Msg::NextPerson => ("เริ่มใหม่สำหรับผู้ตอบคนถัดไป", "Start again for the next person"),
        Msg::Sent => ("ส่งแล้ว", "Sent"),
        Msg::Sending => ("กำลังส่ง…", "Sending…"),
        Msg::StorageBlocked => (
            "เบราว์เซอร์ไม่อนุญาตให้บันทึกข้อมูลในเครื่อง คำตอบที่ยังส่งไม่สำเร็จจะหายไปหากปิดหน้านี้",
            "This browser blocks local storage: answers not yet sent are lost if you close this page.",
        ),
        Msg::Rejected => ("ส่งไม่สำเร็จ ปลายทางปฏิเสธคำตอบ:", "Not accepted by the endpoint:"),
        Msg::ResumeTitle => ("มีคำตอบที่ยังทำไม่เสร็จ", "You have an unfinished survey"),
        Msg::ResumeBody => (
            "ต้องการทำแบบสำรวจต่อจากเดิมหรือเริ่มใหม่",
            "Continue where you left off, or start again?",
        ),
        Msg::Resume => ("ทำต่อจากเดิม", "Continue"),
        Msg::StartOver => ("เริ่มใหม่", "Start again"),
        Msg::ErrorTitle => ("ไม่สามารถเปิดแบบสำรวจได้", "The survey cannot be opened"),
        Msg::ErrorNotFoundTitle => ("ไม่พบแบบสำรวจนี้", "This survey was not found"),
        Msg::ErrorNoSurvey => (
            "ลิงก์นี้ไม่ได้ระบุว่าเป็นแบบสำรวจใด",
            "This link does not say which survey to open.",
        ),
        Msg::ErrorUnknownSurvey => (
            "ไม่มีแบบสำรวจตามลิงก์นี้ หรือแบบสำรวจปิดไปแล้ว",
            "There is no survey at this link, or it has closed.",
        ),
        Msg::ErrorLinkAdvice => (
            "ลิงก์หรือคิวอาร์โค้ดอาจพิมพ์ผิดหรือเก่าแล้ว ขออภัยในความไม่สะดวก โปรดสอบถามเจ้าหน้าที่หรือติดต่อหน่วยงาน",
            "The link or QR code may be mistyped or out of date. We are sorry for the trouble: please ask the staff or contact the agency.",
        ),
        Msg::ErrorTryAgain => (
            "โปรดตรวจสอบการเชื่อมต่ออินเทอร์เน็ตแล้วโหลดหน้านี้ใหม่อีกครั้ง",
            "Please check the internet connection and reload this page.",
        ),
        Msg::ErrorFetch => ("โหลดแบบสำรวจไม่สำเร็จ", "The survey could not be loaded"),
        Msg::ErrorInvalid => ("แบบสำรวจไม่ถูกต้อง", "The survey definition is invalid"),
        Msg::ErrorConfig => ("โหลดไฟล์ตั้งค่าไม่สำเร็จ", "The configuration file could not be loaded"),
        Msg::ErrorHelp => (
            "หากยังเปิดไม่ได้ โปรดแจ้งเจ้าหน้าที่ของหน่วยงาน",
            "If it still does not open, please tell the agency's staff.",
        ),
        Msg::Network => ("เชื่อมต่อเครือข่ายไม่ได้", "network error"),
        Msg::NotJson => ("ไม่ใช่ไฟล์ JSON", "not a JSON file"),
        Msg::Eligibility => ("ผู้ตอบแบบสำรวจ", "Who should answer"),
        Msg::SwitchLanguage => ("English", "ภาษาไทย"),
        Msg::NumberHint => ("ตัวเลข", "Number"),
        Msg::ChooseAny => ("เลือกได้มากกว่า 1 ข้อ", "Choose all that apply"),
        Msg::Choose => ("— เลือก —", "— choose —"),
        Msg::AboutItems => ("ที่มาของข้อคำถาม", "About these questions"),
        Msg::LargerText => ("ตัวอักษรใหญ่", "Larger text"),
        Msg::Fullscreen => ("เต็มจอ", "Full screen"),
        Msg::ExitFullscreen => ("ออกจากเต็มจอ", "Exit full screen"),
        Msg::IdleTitle => (
            "ยังทำแบบสำรวจอยู่หรือไม่? หากไม่มีการใช้งาน แบบสำรวจจะเริ่มใหม่สำหรับผู้ตอบคนถัดไป",
            "Are you still there? Without a touch the survey starts again for the next person.",
        ),
        Msg::IdleContinue => ("ทำต่อ", "Continue"),
        Msg::ReasonTitle => ("ขอบคุณ บอกเหตุผลเพิ่มเติมได้ไหม", "Thank you. Would you tell us why?"),
        Msg::ReasonIntro => (
            "ไม่บังคับ พิมพ์เหตุผลหรือข้อเสนอแนะแล้วกด “ส่ง” หรือกด “ข้าม”",
            "Optional: type a reason or suggestion and choose “Send”, or “Skip”.",
        ),
        Msg::Skip => ("ข้าม", "Skip"),
        Msg::Send => ("ส่ง", "Send"),
        Msg::BackToStart => ("กลับสู่หน้าแรก", "Back to the start"),
    };
    match l {
        Locale::Th => th,
        Locale::En => en,
    }
}

/// "ส่วนที่ 2 จาก 4".
pub fn part_of(l: Locale, current: usize, total: usize) -> String {
    match l {
        Locale::Th => format!("ส่วนที่\u{a0}{current} จาก\u{a0}{total}"),
        Locale::En => format!("Part\u{a0}{current} of\u{a0}{total}"),
    }
}

/// "ข้อ 3" – the running question number.
pub fn question_no(l: Locale, n: usize) -> String {
    match l {
        Locale::Th => format!("ข้อ\u{a0}{n}"),
        Locale::En => format!("Question\u{a0}{n}"),
    }
}

/// Character counter of a free-text answer.
pub fn chars(l: Locale, used: usize, max: Option<u32>) -> String {
    match (l, max) {
        (Locale::Th, Some(m)) => format!("{used}/{m}\u{a0}ตัวอักษร"),
        (Locale::En, Some(m)) => format!("{used}/{m}\u{a0}characters"),
        (Locale::Th, None) => format!("{used}\u{a0}ตัวอักษร"),
        (Locale::En, None) => format!("{used}\u{a0}characters"),
    }
}

/// Queue line: "รอส่ง 2 รายการ — จะส่งเมื่อออนไลน์".
pub fn pending(l: Locale, n: usize, online: bool) -> String {
    match (l, online) {
        (Locale::Th, false) => format!("รอส่ง\u{a0}{n}\u{a0}รายการ — จะส่งเมื่อออนไลน์"),
        (Locale::Th, true) => format!("รอส่ง\u{a0}{n}\u{a0}รายการ — กำลังลองส่งใหม่"),
        (Locale::En, false) => format!("{n}\u{a0}waiting to be sent — will send when online"),
        (Locale::En, true) => format!("{n}\u{a0}waiting to be sent — retrying"),
    }
}

/// Kiosk idle countdown: "จะเริ่มใหม่ใน 7 วินาที".
pub fn idle_left(l: Locale, seconds: u32) -> String {
    match l {
        Locale::Th => format!("จะเริ่มใหม่ใน\u{a0}{seconds}\u{a0}วินาที"),
        Locale::En => format!("Starting again in\u{a0}{seconds}\u{a0}s"),
    }
}

/// Kiosk follow-up screen: "ข้ามอัตโนมัติใน 5 วินาที".
pub fn skip_left(l: Locale, seconds: u32) -> String {
    match l {
        Locale::Th => format!("จะข้ามให้อัตโนมัติใน\u{a0}{seconds}\u{a0}วินาที"),
        Locale::En => format!("Skipping automatically in\u{a0}{seconds}\u{a0}s"),
    }
}

/// Kiosk thank-you screen: "กลับสู่หน้าแรกใน 5 วินาที".
pub fn restart_left(l: Locale, seconds: u32) -> String {
    match l {
        Locale::Th => format!("กลับสู่หน้าแรกใน\u{a0}{seconds}\u{a0}วินาที"),
        Locale::En => format!("Back to the start in\u{a0}{seconds}\u{a0}s"),
    }
}

/// Count of missing answers in the screen's summary.
pub fn missing(l: Locale, n: usize) -> String {
    match l {
        Locale::Th => format!("{} (ยังไม่ได้ตอบ\u{a0}{n}\u{a0}ข้อ)", t(l, Msg::FixBelow)),
        Locale::En => format!("{} ({n} missing).", t(l, Msg::FixBelow)),
    }
}

/// A number outside the scale's range.
pub fn number_range(l: Locale, min: Option<f64>, max: Option<f64>) -> String {
    let f = |v: f64| format_number(v);
    match (l, min, max) {
        (Locale::Th, Some(a), Some(b)) => format!("กรุณาใส่ตัวเลขตั้งแต่ {} ถึง {}", f(a), f(b)),
        (Locale::En, Some(a), Some(b)) => {
            format!("Please enter a number from {} to {}", f(a), f(b))
        }
        (Locale::Th, Some(a), None) => format!("กรุณาใส่ตัวเลขตั้งแต่ {} ขึ้นไป", f(a)),
        (Locale::En, Some(a), None) => format!("Please enter a number of at least {}", f(a)),
        (Locale::Th, None, Some(b)) => format!("กรุณาใส่ตัวเลขไม่เกิน {}", f(b)),
        (Locale::En, None, Some(b)) => format!("Please enter a number of at most {}", f(b)),
        (Locale::Th, None, None) => "กรุณาใส่ตัวเลข".to_string(),
        (Locale::En, None, None) => "Please enter a number".to_string(),
    }
}

/// A free-text answer over the scale's limit.
pub fn too_long(l: Locale, max: u32) -> String {
    match l {
        Locale::Th => format!("ข้อความยาวเกิน {max} ตัวอักษร"),
        Locale::En => format!("The text is longer than {max} characters"),
    }
}

/// A number without trailing ".0" when integral; two decimals otherwise. (Integer arithmetic,
/// not Rust's float formatting, which would add its tables to the wasm.)
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        (v as i64).to_string()
    } else {
        prongsai_core::number::fixed(v, 2)
    }
}

/// A percentage for display (two decimals, like the agency reports).
pub fn percent(v: f64) -> String {
    format!("{}%", prongsai_core::number::fixed(v, 2))
}

/// The language of a locale, as an HTML `lang` value.
pub fn lang_attr(l: Locale) -> &'static str {
    match l {
        Locale::Th => "th",
        Locale::En => "en",
    }
}

/// The other locale (for the language switch).
pub fn other(l: Locale) -> Locale {
    match l {
        Locale::Th => Locale::En,
        Locale::En => Locale::Th,
    }
}

/// A section title as respondents see it: without a leading report label such as
/// "ตัวชี้วัดที่ 6", "Indicator 6:", "ส่วนที่ 2" or "Part 2:" (the indicator belongs to the
/// reports, which keep the full title). A title that is nothing but the label stays as it is.
pub fn respondent_title(title: &str) -> &str {
    const LABELS: [&str; 4] = ["ตัวชี้วัดที่", "Indicator", "ส่วนที่", "Part"];
    for label in LABELS {
        let Some(rest) = title.strip_prefix(label) else {
            continue;
        };
        let rest = rest.trim_start();
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            continue;
        }
        let plain = rest[digits..].trim_start_matches([':', '.', ' ', '\u{a0}']);
        if !plain.is_empty() {
            return plain;
        }
    }
    title
}

/// Instrument text for display: a number stays on one line with the word before and after it
/// ("ประมาณ 3 นาที" never breaks as "3 | นาที"): spaces next to a digit become no-break spaces.
pub fn keep_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if c == ' ' && (digit_before || digit_after) {
                '\u{a0}'
            } else {
                c
            }
        })
        .collect()
}
