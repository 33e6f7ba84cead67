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
    let lang = branchdesk::cli::lang(&cli);
    if let Err(e) = branchdesk::cli::run(cli) {
        // A desk's refusal in the clerk's language; anything else as it is.
        use branchdesk::desk::DeskError as D;
        let text = match (lang, e.downcast_ref::<D>()) {
            (branchdesk::i18n::Lang::Zh, Some(d)) if !d.said_as_is() => {
                branchdesk::desk::said::desk_error(lang, d)
            }
            _ => format!("{e:#}"),
        };
        branchdesk::errln!("branchdesk: {text}");
        std::process::exit(1);
    }
}
