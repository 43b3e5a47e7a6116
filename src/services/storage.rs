//! A fallible key–value store over `localStorage`, with an in-memory fallback.
//!
//! `localStorage` throws in private mode, in sandboxed iframes and when full; every access here
//! returns a `Result` instead (never gloo-storage, which panics).

use std::cell::RefCell;
use std::rc::Rc;

use crate::error::StorageError;

/// What the queue and the drafts need from a store. Implemented by the browser's storage, by
/// [`MemoryStorage`] and by test fakes.
pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    /// All keys starting with `prefix`.
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
}

/// A store that lives as long as the page. A list, not a map: it holds a draft and a few
/// queued responses at most, and a map type of its own would add tree code to the widget.
#[derive(Default)]
pub struct MemoryStorage {
    entries: RefCell<Vec<(String, String)>>,
}

impl KeyValue for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self
            .entries
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone()))
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let mut entries = self.entries.borrow_mut();
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value.to_string(),
            None => entries.push((key.to_string(), value.to_string())),
        }
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.entries.borrow_mut().retain(|(k, _)| k != key);
        Ok(())
    }
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(self
            .entries
            .borrow()
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect())
    }
}

/// The browser's `localStorage`, every call caught.
pub struct WebStorage {
    inner: web_sys::Storage,
}

impl KeyValue for WebStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.inner.get_item(key).map_err(|_| StorageError::Blocked)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.inner
            .set_item(key, value)
            .map_err(|_| StorageError::WriteFailed)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.inner
            .remove_item(key)
            .map_err(|_| StorageError::WriteFailed)
    }
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let n = self.inner.length().map_err(|_| StorageError::Blocked)?;
        let mut out = Vec::new();
        for i in 0..n {
            if let Ok(Some(k)) = self.inner.key(i) {
                if k.starts_with(prefix) {
                    out.push(k);
                }
            }
        }
        Ok(out)
    }
}

/// The page's store: `localStorage` when it works, otherwise memory (`persistent == false`,
/// which the widget shows as a warning).
#[derive(Clone)]
pub struct Store {
    pub kv: Rc<dyn KeyValue>,
    pub persistent: bool,
}

const PROBE: &str = "prongsai:probe";

/// Opens `localStorage` and proves it can be written; falls back to memory.
pub fn open() -> Store {
    match web_storage() {
        Some(s) => Store {
            kv: Rc::new(s),
            persistent: true,
        },
        None => Store {
            kv: Rc::new(MemoryStorage::default()),
            persistent: false,
        },
    }
}

fn web_storage() -> Option<WebStorage> {
    let window = web_sys::window()?;
    // Accessing the property itself throws a SecurityError in sandboxed frames.
    let inner = window.local_storage().ok()??;
    inner.set_item(PROBE, "1").ok()?;
    inner.remove_item(PROBE).ok()?;
    Some(WebStorage { inner })
}

thread_local! {
    static SHARED: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// The page-wide store (opened once; shared by the queue and the drafts of every mounted widget).
pub fn shared() -> Store {
    SHARED.with(|s| {
        if let Some(store) = &*s.borrow() {
            return store.clone();
        }
        let store = open();
        *s.borrow_mut() = Some(store.clone());
        store
    })
}
