//! prongsai-reports: printable Thai documents from survey results, as HTML strings.
//!
//! Pure functions over the core crate's [`Instrument`] and [`Report`]; no I/O, no web framework.
//! Every document is one self-contained HTML page (inline CSS and SVG, no script, no font or
//! image download) that prints on A4:
//!
//! - [`o16()`]: รายงานผลการสำรวจความพึงพอใจการให้บริการ (OIT evidence O16);
//! - [`o42()`]: ร่างรายงานการวิเคราะห์ผลการประเมิน ITA (O42) with the blocks staff must write;
//! - [`public_summary()`]: a public page for the agency's website (aggregates only);
//! - [`poster()`]: QR posters, one A4 page per service point.
//!
//! Scores come from the agency's own surveys with prongsai: documents never present them as the
//! NACC's official ITA result. Groups of fewer than 5 respondents are never shown.
//!
//! [`Instrument`]: prongsai_core::Instrument
//! [`Report`]: prongsai_core::Report

pub mod blocks;
pub mod html;
pub mod measures;
pub mod o16;
pub mod o42;
pub mod o43;
pub mod oit_form;
pub mod pages;
pub mod poster;
pub mod public_summary;
pub mod qr;
pub mod shell;
pub mod slips;
pub mod thai;
pub mod url;

pub use blocks::Period;
pub use o16::{o16, Channel, O16Options};
pub use o42::{o42, o42_combined, Assessment, O42Options};
pub use poster::{poster, poster_codes, PosterCode, PosterOptions, PosterPoint};
pub use public_summary::{public_summary, SummaryOptions};
pub use qr::{survey_url, QrError, QrMatrix};
pub use slips::{slip_url, slips, SlipOptions};
pub use thai::Fmt;

/// The template library every page is written with, re-exported so callers use the same version.
pub use maud;
