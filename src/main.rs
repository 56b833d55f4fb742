use clap::Parser;

fn main() -> anyhow::Result<()> {
    clientretro::allocator::share_arenas();
    clientretro::cli::run(clientretro::cli::Cli::parse())
}
