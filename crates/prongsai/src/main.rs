//! `prongsai`: the command-line entry point. Each subcommand lives in its own module; this file
//! only parses arguments and maps outcomes to exit codes.
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use prongsai::{cli, server};

#[derive(Debug, Parser)]
#[command(
    name = "prongsai",
    version,
    about = "prongsai: ITA-style and satisfaction surveys for Thai public agencies"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the built-in instruments.
    Instruments(cli::instruments::InstrumentsArgs),
    /// Check an instrument file; exit 1 with every problem and its JSON path.
    Validate(cli::validate::ValidateArgs),
    /// Aggregate exported responses (JSON Lines or CSV) and print the results as JSON.
    Score(cli::score::ScoreArgs),
    /// Run the collection endpoint, the widget and the results API.
    Serve(server::ServeArgs),
    /// Write a Thai report as printable HTML: o16 (satisfaction), o42 (ITA analysis draft), summary.
    Report(cli::report::ReportArgs),
    /// Write printable A4 QR posters, one per service point.
    Qr(cli::qr::QrArgs),
    /// Make one-time codes for a staff survey and write their printable slips (A4, with QR codes).
    Codes(cli::codes::CodesArgs),
    /// Fetch every OIT evidence URL of an answers file and flag broken, off-site or shared links.
    Linkcheck(cli::linkcheck::LinkcheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Instruments(args) => cli::instruments::run(args),
        Command::Validate(args) => cli::validate::run(args),
        Command::Score(args) => cli::score::run(args),
        Command::Serve(args) => server::run(args).map(|()| cli::Outcome::Success),
        Command::Report(args) => cli::report::run(args),
        Command::Qr(args) => cli::qr::run(args),
        Command::Codes(args) => cli::codes::run(args),
        Command::Linkcheck(args) => cli::linkcheck::run(args),
    };
    match outcome {
        Ok(cli::Outcome::Success) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Invalid) => ExitCode::from(1),
        Err(err) => {
            eprintln!("prongsai: {err:#}");
            ExitCode::from(2)
        }
    }
}
