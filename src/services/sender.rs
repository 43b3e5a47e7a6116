//! Sends queued responses: one sender per page, shared by every mounted widget.
//!
//! Starts on page load (resuming what earlier visits left), wakes on the `online` event and on
//! every new submission, retries network failures, 408, 429 and 5xx with exponential backoff and
//! jitter, and removes an entry only when the endpoint answers 2xx.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::Callback;

use super::platform::{self, Waker};
use super::queue::{backoff_ms, classify, Entry, Outcome, Persisted, Queue, QueueStatus};
use super::storage;
use super::{code, http};

/// When the browser says it is offline, look again after this long anyway (onLine can lie).
const OFFLINE_RECHECK_MS: u32 = 30_000;

pub struct Sender {
    queue: Queue,
    waker: Waker,
    running: Cell<bool>,
    sending: Cell<bool>,
    delivered: Cell<u32>,
    delivered_ids: RefCell<Vec<String>>,
    first_pass: Cell<bool>,
    listeners: RefCell<Vec<(u32, Callback<QueueStatus>)>>,
    next_listener: Cell<u32>,
}

thread_local! {
    static SENDER: RefCell<Option<Rc<Sender>>> = const { RefCell::new(None) };
}

/// The page's sender, created (and started) on first use.
pub fn sender() -> Rc<Sender> {
    if let Some(s) = SENDER.with(|s| s.borrow().clone()) {
        return s;
    }
    let store = storage::shared();
    let s = Rc::new(Sender {
        queue: Queue::new(store.kv.clone(), store.persistent),
        waker: Waker::default(),
        running: Cell::new(false),
        sending: Cell::new(false),
        delivered: Cell::new(0),
        delivered_ids: RefCell::new(Vec::new()),
        first_pass: Cell::new(true),
        listeners: RefCell::new(Vec::new()),
        next_listener: Cell::new(0),
    });
    SENDER.with(|slot| *slot.borrow_mut() = Some(s.clone()));
    listen_network(&s);
    s.kick();
    s
}

fn listen_network(s: &Rc<Sender>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on = s.clone();
    let online = Closure::<dyn FnMut()>::new(move || on.kick());
    let off = s.clone();
    let offline = Closure::<dyn FnMut()>::new(move || off.notify());
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    // The sender lives as long as the page.
    online.forget();
    offline.forget();
}

impl Sender {
    /// Queues a response (persisted before any network attempt) and starts sending.
    pub fn submit(self: &Rc<Self>, entry: Entry) -> Persisted {
        let p = self.queue.put(&entry);
        self.kick();
        p
    }

    /// Current status for the status line.
    pub fn status(&self) -> QueueStatus {
        QueueStatus {
            sending: self.sending.get(),
            delivered: self.delivered.get(),
            delivered_ids: self.delivered_ids.borrow().clone(),
            online: platform::online(),
            ..self.queue.status()
        }
    }

    /// Registers a status listener; returns its id for [`Sender::unsubscribe`].
    pub fn subscribe(&self, cb: Callback<QueueStatus>) -> u32 {
        let id = self.next_listener.get();
        self.next_listener.set(id.wrapping_add(1));
        self.listeners.borrow_mut().push((id, cb));
        id
    }

    pub fn unsubscribe(&self, id: u32) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// Sends the current status to every listener.
    pub fn notify(&self) {
        let status = self.status();
        let listeners: Vec<Callback<QueueStatus>> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, c)| c.clone())
            .collect();
        for cb in listeners {
            cb.emit(status.clone());
        }
    }

    /// Sends now: starts the loop, or cuts its backoff wait short.
    pub fn kick(self: &Rc<Self>) {
        if self.running.get() {
            self.waker.wake();
            self.notify();
            return;
        }
        self.running.set(true);
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move { me.run().await });
    }

    async fn run(self: Rc<Self>) {
        loop {
            let include_rejected = self.first_pass.replace(false);
            let items = self.queue.sendable(include_rejected);
            if items.is_empty() {
                break;
            }
            let mut wait: Option<u32> = None;
            if !platform::online() {
                wait = Some(OFFLINE_RECHECK_MS);
            } else {
                self.sending.set(true);
                self.notify();
                for entry in items {
                    if let Some(delay) = self.send_one(entry).await {
                        wait = Some(wait.map_or(delay, |w| w.min(delay)));
                    }
                }
                self.sending.set(false);
            }
            self.notify();
            if let Some(ms) = wait {
                // ±20 % jitter so a room full of kiosks does not retry in step.
                let jitter = 0.8 + 0.4 * platform::random();
                self.waker.wait((f64::from(ms) * jitter) as u32).await;
            }
        }
        self.running.set(false);
        self.sending.set(false);
        self.notify();
    }

    /// One attempt; returns the delay before the next one when it must be retried.
    async fn send_one(&self, mut e: Entry) -> Option<u32> {
        let sent = http::post_json(&e.endpoint, &e.body, Some(&e.id), e.code.as_deref()).await;
        let (outcome, error_code) = match sent {
            Ok(r) => (
                classify(r.status, &r.body, r.retry_after.as_deref()),
                code::error_of(&r.body).0,
            ),
            Err(_) => (Outcome::Retry { after_ms: None }, String::new()),
        };
        match outcome {
            Outcome::Delivered => {
                self.queue.remove(&e.id);
                self.delivered.set(self.delivered.get() + 1);
                self.delivered_ids.borrow_mut().push(e.id);
                None
            }
            Outcome::Retry { after_ms } => {
                let delay = after_ms.unwrap_or_else(|| backoff_ms(e.attempts));
                e.attempts = e.attempts.saturating_add(1);
                e.rejected = None;
                self.queue.put(&e);
                Some(delay)
            }
            Outcome::Rejected(message) => {
                web_sys::console::warn_1(&JsValue::from_str(&format!(
                    "prongsai: the endpoint rejected response {}: {message}",
                    e.id
                )));
                e.attempts = e.attempts.saturating_add(1);
                e.rejected = Some(message);
                e.rejected_code = (!error_code.is_empty()).then_some(error_code);
                self.queue.put(&e);
                None
            }
        }
    }
}
