//! `prongsai qr --base-url URL --survey ID --unit UNIT --point ID[:NAME]… --agency "…"`: writes
//! printable A4 QR posters, one per service point, as one HTML file.
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use prongsai_reports::{poster, poster_codes, PosterOptions, PosterPoint};

use super::Outcome;

#[derive(Debug, Args)]
pub struct QrArgs {
    /// Where the survey widget is served, e.g. https://survey.example.go.th
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// The survey id (satisfaction, quick, ita-eit …).
    #[arg(long, value_name = "ID")]
    pub survey: String,
    /// The agency's unit id, carried in the URL.
    #[arg(long, value_name = "UNIT")]
    pub unit: String,
    /// A service point: `ID` or `ID:NAME`; one poster per point (repeatable).
    #[arg(long = "point", value_name = "ID[:NAME]", num_args = 1..)]
    pub points: Vec<String>,
    /// The agency's name as printed on the posters.
    #[arg(long, default_value = "")]
    pub agency: String,
    /// The headline (default: ช่วยประเมินความพึงพอใจการให้บริการของเรา).
    #[arg(long)]
    pub headline: Option<String>,
    /// The one-line instructions under the code.
    #[arg(long)]
    pub instructions: Option<String>,
    /// Write the HTML here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: QrArgs) -> anyhow::Result<Outcome> {
    let opts = PosterOptions {
        base_url: args.base_url,
        survey: args.survey,
        unit: args.unit,
        agency: args.agency,
        headline: args.headline,
        instructions: args.instructions,
        points: args.points.iter().map(|p| PosterPoint::parse(p)).collect(),
    };
    let codes = poster_codes(&opts)?;
    let html = poster(&opts)?;
    match &args.out {
        Some(path) => std::fs::write(path, html.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .lock()
            .write_all(html.as_bytes())
            .context("cannot write to standard output")?,
    }
    for code in &codes {
        let id = code.point.as_ref().map_or("-", |p| p.id.as_str());
        eprintln!("{id}: {}", code.url);
    }
    if let Some(path) = &args.out {
        eprintln!(
            "prongsai: wrote {} ({} poster{})",
            path.display(),
            codes.len(),
            if codes.len() == 1 { "" } else { "s" }
        );
    }
    Ok(Outcome::Success)
}
