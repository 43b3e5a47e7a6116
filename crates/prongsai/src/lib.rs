//! The native companion of the prongsai widget: command-line tools over the core crate
//! (`cli`) and the collection/results server (`server`).

pub mod cli;
pub mod linkcheck;
pub mod server;
