//! The server's pages, one template module per page, each taking a plain view model (values and
//! strings the server computed; no storage, no HTTP types) and returning HTML:
//!
//! | page | module |
//! |---|---|
//! | `/admin/results/<id>` results dashboard | [`results`] |
//! | `/admin/results` index of surveys | [`admin_home`] |
//! | `/admin/comments` moderation, confirmation | [`moderation`] |
//! | `/admin/posters` list of posters | [`posters`] |
//! | `/admin/ita`, `/admin/ita/measures`, `/admin/ita/progress` | [`measures`] |
//! | `/admin/ita/official` official results in | [`official`] |
//! | `/admin/ita/oit` OIT self-assessment, `/admin/ita/estimate` | [`oit`] |
//! | `/admin/codes` one-time codes and their slips | [`codes`] |
//! | `/admin/login` | [`login`] |
//! | `/demo` start page with links and QR codes | [`demo`] |
//! | `/public` list of public summaries | [`public_list`] |
//! | errors, "not found", "widget not built" | [`notice`] |
//!
//! All of them sit in [`layout`] (the admin bar or a plain page) on the one [`crate::shell`].
pub mod admin_home;
pub mod codes;
pub mod demo;
pub mod layout;
pub mod login;
pub mod measures;
pub mod moderation;
pub mod notice;
pub mod official;
pub mod oit;
pub mod posters;
pub mod public_list;
pub mod results;
pub mod style;

use crate::url::Query;

/// `?a=1&b=2` from the pairs with a non-empty value (through the one URL encoder), or "".
pub(crate) fn query(pairs: &[(&str, Option<&str>)]) -> String {
    pairs
        .iter()
        .fold(Query::new(), |q, (k, v)| q.push_opt(k, *v))
        .to_suffix()
}
