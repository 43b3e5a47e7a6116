//! The widget's only way to the network: `fetch` with no credentials and no referrer.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Headers, ReferrerPolicy, Request, RequestCache, RequestCredentials, RequestInit, RequestMode,
    Response,
};

use crate::error::FetchError;

/// An HTTP answer (any status).
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

fn js_message(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return s;
    }
    Reflect::get(v, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

fn base_init(method: &str) -> RequestInit {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init
}

async fn run(request: Request) -> Result<HttpResponse, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let resp = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| FetchError::Network(js_message(&e)))?;
    let resp: Response = resp.dyn_into().map_err(|_| FetchError::Body)?;
    let status = resp.status();
    let retry_after = resp.headers().get("retry-after").ok().flatten();
    let body = match resp.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(HttpResponse {
        status,
        body,
        retry_after,
    })
}

/// GET a text document (instrument or config file).
pub async fn get_text(url: &str) -> Result<HttpResponse, FetchError> {
    let init = base_init("GET");
    init.set_cache(RequestCache::NoCache);
    let request = Request::new_with_str_and_init(url, &init)
        .map_err(|e| FetchError::Network(js_message(&e)))?;
    run(request).await
}

/// POST a JSON body, with an `Idempotency-Key` header (a response's id) and the one-time code in
/// `X-Prongsai-Code` when given.
pub async fn post_json(
    url: &str,
    body: &str,
    key: Option<&str>,
    code: Option<&str>,
) -> Result<HttpResponse, FetchError> {
    let init = base_init("POST");
    init.set_cache(RequestCache::NoStore);
    let headers = Headers::new().map_err(|e| FetchError::Network(js_message(&e)))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| FetchError::Network(js_message(&e)))?;
    for (name, value) in [("Idempotency-Key", key), ("X-Prongsai-Code", code)] {
        if let Some(v) = value {
            headers
                .set(name, v)
                .map_err(|e| FetchError::Network(js_message(&e)))?;
        }
    }
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let request = Request::new_with_str_and_init(url, &init)
        .map_err(|e| FetchError::Network(js_message(&e)))?;
    run(request).await
}
