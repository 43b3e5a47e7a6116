//! prongsai-core: instruments as data, their validation, scoring of one response, mergeable
//! aggregation across responses, and the result envelope. No web or I/O dependencies: the same
//! code runs in the widget (wasm) and in the native binary, so a score in the browser and in a
//! report can never disagree.

pub mod aggregate;
pub mod answers;
pub mod builtin;
pub mod code;
pub mod edition;
pub mod envelope;
pub mod estimate;
pub mod grade;
pub mod instrument;
mod load;
pub mod number;
pub mod object;
pub mod official;
pub mod period;
pub mod problem;
mod read;
pub mod report;
pub mod score;
pub mod text;
#[cfg(feature = "validate")]
pub mod validate;

pub use aggregate::{Context, GroupBy, Tally};
pub use answers::{check_value, Answers, NOT_APPLICABLE};
pub use code::{normalize_code, normalize_digits};
pub use envelope::{Envelope, ENVELOPE_FORMAT};
pub use estimate::{estimate, estimate_from_reports, Estimate};
pub use instrument::*;
pub use official::OfficialResults;
pub use period::Date;
pub use problem::Problem;
pub use report::{Report, ReportOptions, MIN_GROUP};
pub use score::{score_response, ResponseScores};
pub use text::{Locale, Text};
