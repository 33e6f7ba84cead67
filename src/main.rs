use clap::Parser;

fn main() {
    let cli = branchdesk::cli::Cli::parse();
    if let Err(e) = branchdesk::cli::run(cli) {
        eprintln!("branchdesk: {e:#}");
        std::process::exit(1);
    }
}
