//! The visible state of the submit queue ("ส่งแล้ว", "รอส่ง 2 รายการ — จะส่งเมื่อออนไลน์",
//! storage warnings, the endpoint's rejection message).

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::{self, t, Msg};
use crate::services::code;
use crate::services::queue::QueueStatus;

pub struct QueueStatusViewProps {
    pub status: QueueStatus,
    pub locale: Locale,
    /// Repeat the storage warning here (it is also shown at the top of the survey).
    pub storage_warning: bool,
    /// This widget has submitted something (a page may embed several: "sent" belongs only to
    /// the one that sent).
    pub submitted: bool,
}

pub fn queue_status_view(p: &QueueStatusViewProps) -> Html {
    let l = p.locale;
    let s = &p.status;
    let line = if s.pending > 0 {
        if s.sending {
            Some(html! { <p class="pg-pending">{ t(l, Msg::Sending) }</p> })
        } else {
            Some(html! { <p class="pg-pending">{ i18n::pending(l, s.pending, s.online) }</p> })
        }
    } else if s.delivered > 0 && s.rejections.is_empty() && p.submitted {
        Some(
            html! { <p class="pg-sent"><span aria-hidden="true">{ "✓ " }</span>{ t(l, Msg::Sent) }</p> },
        )
    } else {
        None
    };
    html! {
        <div class="pg-status" role="status" aria-live="polite">
            if s.memory_only && p.storage_warning { <p class="pg-warn">{ t(l, Msg::StorageBlocked) }</p> }
            // A refusal the widget knows, in the respondent's language; any other with the
            // endpoint's own words.
            { for s.rejections.iter().map(|(_, code, m)| {
                let reason = code::explain(l, code).map_or_else(|| m.clone(), str::to_string);
                html! { <p class="pg-warn">{ t(l, Msg::Rejected) }{" "}{ reason }</p> }
            }) }
            { line.unwrap_or_default() }
        </div>
    }
}
