//! After submitting: thanks once the endpoint has accepted the response (and, in kiosk mode, the
//! way to the next person); "saved, will be sent" while it waits in the queue; the endpoint's
//! reason, in the respondent's language, when it was refused — never thanks for a refused
//! response.

use prongsai_core::{Kind, Locale};
use yew::prelude::*;

use super::ScreenArgs;
use crate::components::thanks::{thanks, ThanksProps};
use crate::i18n::{t, Msg};
use crate::services::code;
use crate::services::queue::QueueStatus;
use crate::state::{Action, Done};

/// Where the response of this screen stands in the queue.
#[derive(Debug, PartialEq)]
enum Delivery<'a> {
    Accepted,
    Waiting,
    Refused { code: &'a str, message: &'a str },
}

fn delivery<'a>(done: &Done, status: &'a QueueStatus) -> Delivery<'a> {
    let Some(id) = &done.id else {
        return Delivery::Accepted;
    };
    if let Some((_, code, message)) = status.rejections.iter().find(|(i, _, _)| i == id) {
        return Delivery::Refused { code, message };
    }
    if status.pending_ids.contains(id) || !status.delivered_ids.contains(id) {
        return Delivery::Waiting;
    }
    Delivery::Accepted
}

pub fn view(a: &ScreenArgs, done: &Done, status: &QueueStatus) -> Html {
    let (l, inst, config) = (a.state.locale, &a.state.instrument, a.config);
    match delivery(done, status) {
        Delivery::Accepted => {}
        Delivery::Waiting => {
            let text = if status.online {
                t(l, Msg::Sending).to_string()
            } else {
                saved_offline(l).to_string()
            };
            return html! {
                <section class="pg-thanks pg-waiting" aria-labelledby={a.heading_id()}>
                    <h2 class="pg-h" id={a.heading_id()} tabindex="-1">{ text }</h2>
                </section>
            };
        }
        Delivery::Refused { code, message } => {
            // A refusal the widget knows is explained in the respondent's language; any other
            // gets a plain sentence first, and the endpoint's own words below it as a detail.
            let (reason, detail) = match code::explain(l, code) {
                Some(text) => (text, None),
                None => (unknown_refusal(l), Some(message.to_string())),
            };
            return html! {
                <section class="pg-refused" role="alert" aria-labelledby={a.heading_id()}>
                    <h2 class="pg-h" id={a.heading_id()} tabindex="-1">{ refused_title(l) }</h2>
                    <p class="pg-warn">{ reason }</p>
                    if let Some(d) = detail { <p class="pg-note pg-detail">{ d }</p> }
                    <p>{ kept_note(l) }</p>
                </section>
            };
        }
    }
    let ita = matches!(inst.kind, Kind::Iit | Kind::Eit);
    let contact = config
        .contact
        .as_ref()
        .map(|c| AttrValue::from(c.get(l).to_string()));
    let complaint = config.complaint_url.clone().map(AttrValue::from);
    let on_restart = config.kiosk.then(|| a.dispatch.reform(|_| Action::Restart));
    // A kiosk shows nothing of one person's answers to the next one.
    let rating = if ita || config.kiosk {
        None
    } else {
        done.rating
    };
    html! {
        { thanks(&ThanksProps {
            locale: l, prefix: a.prefix.clone(), rating, contact, complaint_url: complaint,
            on_restart, restart_in: a.clock.restart_left,
        }) }
    }
}

fn saved_offline(l: Locale) -> &'static str {
    match l {
        Locale::Th => "บันทึกคำตอบไว้ในเครื่องแล้ว จะส่งให้อัตโนมัติเมื่อออนไลน์ กรุณาอย่าล้างข้อมูลเบราว์เซอร์",
        Locale::En => "Your answers are saved on this device and will be sent when you are online. Please do not clear the browser's data.",
    }
}

fn refused_title(l: Locale) -> &'static str {
    match l {
        Locale::Th => "ยังส่งคำตอบไม่สำเร็จ",
        Locale::En => "Your answers were not accepted",
    }
}

fn unknown_refusal(l: Locale) -> &'static str {
    match l {
        Locale::Th => "ระบบของหน่วยงานไม่รับคำตอบนี้ หากส่งไม่ได้อีก กรุณาแจ้งหน่วยงาน",
        Locale::En => "The agency's system did not accept these answers. If this happens again, please tell the agency.",
    }
}

fn kept_note(l: Locale) -> &'static str {
    match l {
        Locale::Th => "คำตอบของท่านยังเก็บไว้ในเครื่องนี้ และจะลองส่งใหม่เมื่อเปิดหน้านี้อีกครั้ง",
        Locale::En => "Your answers are kept on this device and will be sent again when this page is opened again.",
    }
}
