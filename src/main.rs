use clap::Parser;

fn main() {
    // `branchdesk overdue --json | head`: a closed pipe ends the program
    // quietly, as it does for every Unix tool, instead of a panic.
    #[cfg(unix)]
    // SAFETY: set once at start, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = branchdesk::cli::Cli::parse();
    if let Err(e) = branchdesk::cli::run(cli) {
        branchdesk::errln!("branchdesk: {e:#}");
        std::process::exit(1);
    }
}
