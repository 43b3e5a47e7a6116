//! Offers a stored draft for resuming.

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::{t, Msg};

pub struct ResumeBannerProps {
    pub locale: Locale,
    pub on_resume: Callback<()>,
    pub on_discard: Callback<()>,
}

pub fn resume_banner(p: &ResumeBannerProps) -> Html {
    let l = p.locale;
    let resume = p.on_resume.reform(|_: MouseEvent| ());
    let discard = p.on_discard.reform(|_: MouseEvent| ());
    html! {
        <div class="pg-resume" role="region" aria-label={t(l, Msg::ResumeTitle)}>
            <p><strong>{ t(l, Msg::ResumeTitle) }</strong><br />{ t(l, Msg::ResumeBody) }</p>
            <div class="pg-nav">
                <button type="button" class="pg-btn pg-secondary" onclick={discard}>{ t(l, Msg::StartOver) }</button>
                <button type="button" class="pg-btn" onclick={resume}>{ t(l, Msg::Resume) }</button>
            </div>
        </div>
    }
}
