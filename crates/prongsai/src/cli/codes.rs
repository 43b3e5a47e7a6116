//! `prongsai codes --survey ita-iit --count 40 --base-url URL --out slips.html`: makes one-time
//! codes in the same database `prongsai serve` uses (`--config`, `--data-dir`, `--database`) and
//! writes their printable slips (A4, 10 a page, a QR code with the code in each link).
use std::path::PathBuf;

use anyhow::{anyhow, Context as _};
use clap::Args;
use prongsai_reports::{slips, SlipOptions};

use super::Outcome;
use crate::server::config::{Overrides, Settings};
use crate::server::{codes, day, storage};

/// At most this many codes per run (as the API).
pub const MAX_COUNT: usize = 5000;

#[derive(Debug, Args)]
pub struct CodesArgs {
    /// The survey that needs codes (listed in code_surveys of the config), e.g. ita-iit.
    #[arg(long, value_name = "ID")]
    pub survey: String,
    /// How many codes (one per eligible person), 1 … 5000.
    #[arg(long, value_name = "N")]
    pub count: usize,
    /// Where the survey widget is served [default: public_url of the config].
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The agency's unit id in the links [default: the first unit of the config].
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Write the slips (HTML) here.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,
    /// The server's TOML settings (code_surveys, units, public_url, database).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder of the SQLite database [default: ./data]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Use PostgreSQL instead of SQLite: postgres://user:password@host:port/database
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

pub fn run(args: CodesArgs) -> anyhow::Result<Outcome> {
    let overrides = Overrides {
        addr: None,
        data_dir: args.data_dir.clone(),
        database: args.database.clone(),
        widget_dir: None,
    };
    let settings = Settings::load(args.config.as_deref(), overrides, None)?;
    let survey = args.survey.trim();
    let Some(instrument) = settings.surveys.get(survey, None) else {
        return Err(anyhow!(
            "--survey: ไม่มีแบบสำรวจ \"{survey}\" ในเซิร์ฟเวอร์นี้ (no such survey)"
        ));
    };
    if !settings.code_surveys.contains(survey) {
        return Err(anyhow!(
            "--survey: แบบสำรวจ \"{survey}\" ไม่ได้ใช้รหัสครั้งเดียว ให้เพิ่มใน code_surveys ของไฟล์ตั้งค่า (not a code survey)"
        ));
    }
    if args.count == 0 || args.count > MAX_COUNT {
        return Err(anyhow!(
            "--count: จำนวนรหัสต้องอยู่ระหว่าง 1 ถึง {MAX_COUNT} (got {})",
            args.count
        ));
    }
    let base_url = args
        .base_url
        .clone()
        .or_else(|| settings.public_url.clone())
        .ok_or_else(|| {
            anyhow!("--base-url: ต้องระบุที่อยู่เว็บของแบบสำรวจ เช่น https://survey.example.go.th (or public_url in the config)")
        })?;
    let unit = args
        .unit
        .clone()
        .or_else(|| settings.units.keys().next().cloned())
        .ok_or_else(|| anyhow!("--unit: ต้องระบุรหัสหน่วยงาน (no unit in the config)"))?;
    // Check the printout can be made before any code is stored.
    let mut opts = SlipOptions {
        base_url,
        survey: survey.to_string(),
        unit,
        title: instrument.title.th.clone(),
        codes: vec!["AAAAA-AAAAA".to_string()],
    };
    slips(&opts).map_err(|e| anyhow!("--base-url / --unit: {e}"))?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    opts.codes = runtime.block_on(async {
        let storage = storage::open(&settings.storage).await?;
        let made = codes::make(&*storage, survey, args.count, day::today()).await;
        storage.close().await?;
        made
    })?;
    let html = slips(&opts)?;
    std::fs::write(&args.out, html.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "prongsai: {} codes for {survey} stored; slips written to {} — print them now: the codes cannot be shown again",
        opts.codes.len(),
        args.out.display()
    );
    Ok(Outcome::Success)
}
