use clap::Parser;

fn main() -> anyhow::Result<()> {
    clientretro::cli::run(clientretro::cli::Cli::parse())
}
