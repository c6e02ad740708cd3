//! The fairmove binary: parses the command line, runs the command, and
//! reports errors with every cause on its own line.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Behave like other command-line tools when output is piped into
    // something that stops reading (`fairmove questions X | head`): end
    // quietly instead of panicking.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        // Over a file-size limit (ulimit -f) a write fails with "File too
        // large" and fairmove says so and leaves no half file, instead of
        // being killed by SIGXFSZ with no message (hosting review F10).
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Standard output that cannot be written (a full disk, a closed file):
    // a clear message and status 1, not a panic with a backtrace (hosting
    // review F9). Any other panic goes to the default hook and unwinds as
    // before (the web server turns a failed step into a 500 page).
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let what = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if let Some(why) = what.strip_prefix("failed printing to stdout: ") {
            eprintln!("error: could not write the output ({why}); nothing more was written");
            std::process::exit(1);
        }
        default(info);
    }));
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            let mut source = err.source();
            while let Some(cause) = source {
                eprintln!("  because: {cause}");
                source = cause.source();
            }
            ExitCode::from(1)
        }
    }
}
