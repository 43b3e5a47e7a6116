//! What every handler shares, and the values computed once from it.
use std::net::SocketAddr;
use std::sync::Arc;

use super::config::Settings;
use super::ingest::Ingest;
use super::ratelimit::{AuthFailures, RateLimiter};
use super::session;
use super::storage::Storage;

pub struct AppState {
    pub settings: Settings,
    pub storage: Arc<dyn Storage>,
    pub ingest: Ingest,
    /// The API's request rate limit.
    pub limiter: RateLimiter,
    /// Wrong admin tokens per client, whichever way they were presented.
    pub auth_failures: AuthFailures,
    /// Admin sessions of the results pages.
    pub sessions: session::Sessions,
    /// The address the server listens on (with the real port when started on port 0).
    pub local_addr: SocketAddr,
}

/// Where the base of links and QR codes comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseSource {
    /// `public_url` in the config.
    PublicUrl,
    /// No `public_url`: the address the server listens on.
    ListenAddress,
}

impl AppState {
    /// The base (`scheme://host[:port][/path]`, no trailing slash) of every link and QR code the
    /// server makes: `public_url`, else the listen address. Never the request's `Host` header,
    /// which any client can set.
    pub fn public_base(&self) -> String {
        match &self.settings.public_url {
            Some(u) => u.clone(),
            None => format!("http://{}", self.local_addr),
        }
    }

    pub fn public_base_source(&self) -> BaseSource {
        if self.settings.public_url.is_some() {
            BaseSource::PublicUrl
        } else {
            BaseSource::ListenAddress
        }
    }

    /// One sentence (Thai, then English) saying where the links' base comes from, for pages
    /// that show links or QR codes.
    pub fn public_base_note(&self) -> String {
        let base = self.public_base();
        match self.public_base_source() {
            BaseSource::PublicUrl => format!(
                "ลิงก์และคิวอาร์โค้ดใช้ที่อยู่ {base} (public_url ในไฟล์ตั้งค่า) \
                 (links and QR codes use {base}, the public_url of the config)"
            ),
            BaseSource::ListenAddress => format!(
                "ยังไม่ได้ตั้ง public_url ลิงก์และคิวอาร์โค้ดจึงใช้ที่อยู่ที่เซิร์ฟเวอร์รับฟัง {base} \
                 ซึ่งอาจเปิดจากเครื่องอื่นไม่ได้ ตั้ง public_url ในไฟล์ตั้งค่าก่อนพิมพ์โปสเตอร์ \
                 (public_url is not set, so links and QR codes use the listen address {base}, \
                 which other devices may not reach; set public_url in the config before printing posters)"
            ),
        }
    }
}
