//! Side effects at the edges: storage, network, configuration, the submit queue.

pub mod code;
pub mod config;
pub mod draft;
pub mod http;
pub mod instrument;
pub mod json;
pub mod platform;
pub mod queue;
pub mod sender;
pub mod storage;
