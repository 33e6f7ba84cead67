fn main() {
    // `branchdesk overdue --json | head`: a closed pipe ends the program
    // quietly, as it does for every Unix tool, instead of a panic.
    #[cfg(unix)]
    // SAFETY: set once at start, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let code = branchdesk::cli::main();
    if code != 0 {
        std::process::exit(code);
    }
}
