//! The server's clock: today in Bangkok. The calendar itself lives in `prongsai_core::period`.
use std::time::SystemTime;

use prongsai_core::Date;

pub fn today() -> Date {
    Date::today_bangkok(SystemTime::now())
}
