//! The one-time code of a code survey (docs/design.md "One-time codes"), settled before the
//! first question: the widget asks the server whether the survey needs a code; the code comes
//! from the link (`code=`, what a slip's QR carries) or from the field on this screen and is
//! checked with the server (a check that does not use it up). A wrong, used or missing code is
//! explained in the respondent's language before any question; with the network down the
//! respondent may start and the code is checked on sending.

use std::rc::Rc;

use prongsai_core::{Kind, Locale};
use yew::prelude::*;

use super::survey::Survey;
use crate::i18n::lang_attr;
use crate::services::code::{self, Verdict};
use crate::services::config::Config;
use crate::state::SharedInstrument;

#[derive(Properties, PartialEq)]
pub struct CodeGateProps {
    pub instrument: SharedInstrument,
    pub config: Rc<Config>,
    pub prefix: AttrValue,
}

#[derive(Clone, Debug, PartialEq)]
enum Gate {
    /// Asking the server; `optimistic`: show the survey meanwhile (a survey that rarely needs
    /// a code must not wait for a round trip before its first question).
    Asking { optimistic: bool },
    /// The code field, with the reason of the last refusal (error code, server message).
    Field {
        refusal: Option<(String, String)>,
        checking: bool,
    },
    /// Go: with the code (if any); `unchecked` when the server could not be asked.
    Open {
        code: Option<String>,
        unchecked: bool,
    },
}

fn after_check(verdict: Verdict, typed: String) -> Gate {
    match verdict {
        Verdict::Good => Gate::Open {
            code: Some(typed),
            unchecked: false,
        },
        Verdict::Unchecked => Gate::Open {
            code: Some(typed),
            unchecked: true,
        },
        Verdict::Refused { code, message } => Gate::Field {
            refusal: Some((code, message)),
            checking: false,
        },
    }
}

#[function_component(CodeGate)]
pub fn code_gate(p: &CodeGateProps) -> Html {
    let link_code = p.config.code.clone();
    let gate = use_state(|| Gate::Asking {
        optimistic: link_code.is_none() && p.instrument.0.kind != Kind::Iit,
    });
    let typed = use_state(|| link_code.clone().unwrap_or_default());
    {
        let (gate, endpoint, survey) = (
            gate.clone(),
            p.config.endpoint.clone(),
            p.instrument.0.id.clone(),
        );
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let next = match (code::needs_code(&endpoint, &survey).await, link_code) {
                    (Some(true), Some(c)) => {
                        after_check(code::check(&endpoint, &survey, &c).await, c)
                    }
                    (Some(true), None) => Gate::Field {
                        refusal: None,
                        checking: false,
                    },
                    // Not needed, or the server cannot be asked: a code from the link still
                    // travels with the response (it is checked on sending).
                    (None, c) => Gate::Open {
                        unchecked: c.is_some(),
                        code: c,
                    },
                    (Some(false), _) => Gate::Open {
                        code: None,
                        unchecked: false,
                    },
                };
                gate.set(next);
            });
        });
    }

    let l = p.config.lang;
    let survey = |code: Option<String>| {
        html! {
            <Survey instrument={p.instrument.clone()} config={p.config.clone()}
                prefix={p.prefix.clone()} code={code.map(AttrValue::from)} />
        }
    };
    // The same markup while asking optimistically and once open, so the survey is not
    // mounted again (answers given meanwhile stay).
    let open = |code: Option<String>, unchecked: bool| {
        html! {
            <>
                if unchecked {
                    <p class="pg-note pg-code-later" lang={lang_attr(l)} role="status">{ text(l, Text::CheckedLater) }</p>
                }
                { survey(code) }
            </>
        }
    };
    match &*gate {
        Gate::Asking { optimistic: true } => open(None, false),
        Gate::Asking { optimistic: false } => html! {
            <p class="pg-loading" lang={lang_attr(l)} role="status">{ text(l, Text::Checking) }</p>
        },
        Gate::Open { code, unchecked } => open(code.clone(), *unchecked),
        Gate::Field { refusal, checking } => {
            let id = format!("{}-code", p.prefix);
            let err_id = format!("{}-code-err", p.prefix);
            let oninput = {
                let typed = typed.clone();
                Callback::from(move |e: InputEvent| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    typed.set(input.value());
                })
            };
            let onsubmit = {
                let (gate, typed) = (gate.clone(), typed.clone());
                let (endpoint, survey) = (p.config.endpoint.clone(), p.instrument.0.id.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let value = typed.trim().to_string();
                    if value.is_empty() {
                        gate.set(Gate::Field {
                            refusal: Some(("code_required".into(), String::new())),
                            checking: false,
                        });
                        return;
                    }
                    gate.set(Gate::Field {
                        refusal: None,
                        checking: true,
                    });
                    let (gate, endpoint, survey) = (gate.clone(), endpoint.clone(), survey.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        gate.set(after_check(
                            code::check(&endpoint, &survey, &value).await,
                            value,
                        ));
                    });
                })
            };
            let reason = refusal
                .as_ref()
                .map(|(c, m)| code::explain(l, c).map_or_else(|| m.clone(), str::to_string));
            html! {
                <div class="pg-app" lang={lang_attr(l)}>
                    <section class="pg-code" aria-labelledby={format!("{}-h", p.prefix)}>
                        <h2 class="pg-h" id={format!("{}-h", p.prefix)}>{ p.instrument.0.title.get(l).to_string() }</h2>
                        <p>{ text(l, Text::Intro) }</p>
                        <form novalidate=true {onsubmit}>
                            <label class="pg-legend" for={id.clone()}>{ text(l, Text::Label) }</label>
                            <input id={id} class="pg-text pg-code-input" type="text" value={(*typed).clone()}
                                autocomplete="off" autocapitalize="characters" spellcheck="false"
                                aria-invalid={reason.is_some().then_some("true")}
                                aria-describedby={reason.is_some().then(|| err_id.clone())}
                                {oninput} />
                            if let Some(r) = reason {
                                <p class="pg-warn" id={err_id} role="alert">{ r }</p>
                            }
                            <button type="submit" class="pg-btn" disabled={*checking}>
                                { if *checking { text(l, Text::Checking) } else { text(l, Text::Start) } }
                            </button>
                        </form>
                    </section>
                </div>
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Text {
    Intro,
    Label,
    Start,
    Checking,
    CheckedLater,
}

fn text(l: Locale, m: Text) -> &'static str {
    let (th, en) = match m {
        Text::Intro => (
            "แบบสำรวจนี้ใช้รหัสครั้งเดียวจากใบรหัสที่เจ้าหน้าที่แจก รหัสไม่ได้ผูกกับตัวท่าน และไม่ถูกเก็บไว้กับคำตอบ",
            "This survey uses a one-time code from the slip you were given. The code is not linked to you and is not stored with your answers.",
        ),
        Text::Label => ("รหัสจากใบรหัส (เช่น ABCDE-FGHJK)", "Code from your slip (e.g. ABCDE-FGHJK)"),
        Text::Start => ("ตรวจรหัสและเริ่มตอบ", "Check the code and start"),
        Text::Checking => ("กำลังตรวจรหัส…", "Checking the code…"),
        Text::CheckedLater => (
            "ตรวจรหัสไม่ได้ในขณะนี้ (ไม่มีสัญญาณ) ตอบต่อได้ ระบบจะตรวจรหัสเมื่อส่งคำตอบ",
            "The code cannot be checked right now (no connection). You can start; it will be checked when your answers are sent.",
        ),
    };
    match l {
        Locale::Th => th,
        Locale::En => en,
    }
}
