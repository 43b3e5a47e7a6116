//! Every user-interface string of the widget, in Thai and English.
//!
//! Instrument texts (titles, items, options) come from the instrument itself; only the widget's
//! own chrome lives here.

use prongsai_core::number::fixed;
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
    BuiltinIds,
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
        Msg::ErrorNoSurvey => ("ไม่ได้ระบุแบบสำรวจ (survey)", "No survey was specified (survey)"),
        Msg::ErrorUnknownSurvey => ("ไม่รู้จักแบบสำรวจ", "Unknown survey"),
        Msg::ErrorFetch => ("โหลดแบบสำรวจไม่สำเร็จ", "The survey could not be loaded"),
        Msg::ErrorInvalid => ("แบบสำรวจไม่ถูกต้อง", "The survey definition is invalid"),
        Msg::ErrorConfig => ("โหลดไฟล์ตั้งค่าไม่สำเร็จ", "The configuration file could not be loaded"),
        Msg::ErrorHelp => (
            "โปรดแจ้งผู้ดูแลเว็บไซต์ของหน่วยงาน",
            "Please tell the agency's webmaster.",
        ),
        Msg::BuiltinIds => ("แบบสำรวจที่มีในระบบ:", "Built-in surveys:"),
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
        Locale::Th => format!("ส่วนที่ {current} จาก {total}"),
        Locale::En => format!("Part {current} of {total}"),
    }
}

/// "ข้อ 3" – the running question number.
pub fn question_no(l: Locale, n: usize) -> String {
    match l {
        Locale::Th => format!("ข้อ {n}"),
        Locale::En => format!("Question {n}"),
    }
}

/// Character counter of a free-text answer.
pub fn chars(l: Locale, used: usize, max: Option<u32>) -> String {
    match (l, max) {
        (Locale::Th, Some(m)) => format!("{used}/{m} ตัวอักษร"),
        (Locale::En, Some(m)) => format!("{used}/{m} characters"),
        (Locale::Th, None) => format!("{used} ตัวอักษร"),
        (Locale::En, None) => format!("{used} characters"),
    }
}

/// Queue line: "รอส่ง 2 รายการ — จะส่งเมื่อออนไลน์".
pub fn pending(l: Locale, n: usize, online: bool) -> String {
    match (l, online) {
        (Locale::Th, false) => format!("รอส่ง {n} รายการ — จะส่งเมื่อออนไลน์"),
        (Locale::Th, true) => format!("รอส่ง {n} รายการ — กำลังลองส่งใหม่"),
        (Locale::En, false) => format!("{n} waiting to be sent — will send when online"),
        (Locale::En, true) => format!("{n} waiting to be sent — retrying"),
    }
}

/// Kiosk idle countdown: "จะเริ่มใหม่ใน 7 วินาที".
pub fn idle_left(l: Locale, seconds: u32) -> String {
    match l {
        Locale::Th => format!("จะเริ่มใหม่ใน {seconds} วินาที"),
        Locale::En => format!("Starting again in {seconds} s"),
    }
}

/// Kiosk follow-up screen: "ข้ามอัตโนมัติใน 5 วินาที".
pub fn skip_left(l: Locale, seconds: u32) -> String {
    match l {
        Locale::Th => format!("จะข้ามให้อัตโนมัติใน {seconds} วินาที"),
        Locale::En => format!("Skipping automatically in {seconds} s"),
    }
}

/// Kiosk thank-you screen: "กลับสู่หน้าแรกใน 5 วินาที".
pub fn restart_left(l: Locale, seconds: u32) -> String {
    match l {
        Locale::Th => format!("กลับสู่หน้าแรกใน {seconds} วินาที"),
        Locale::En => format!("Back to the start in {seconds} s"),
    }
}

/// Count of missing answers in the screen's summary.
pub fn missing(l: Locale, n: usize) -> String {
    match l {
        Locale::Th => format!("{} (ยังไม่ได้ตอบ {n} ข้อ)", t(l, Msg::FixBelow)),
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
        fixed(v, 2)
    }
}

/// A percentage for display (two decimals, like the agency reports).
pub fn percent(v: f64) -> String {
    let mut s = fixed(v, 2);
    s.push('%');
    s
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
