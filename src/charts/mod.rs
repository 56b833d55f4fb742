//! Charts the server draws itself (SVG, no browser needed), with localized text. The font is
//! vendored (DejaVu Sans, which covers the Romanian, Polish and Greek letters) so text is
//! measured the same everywhere and nothing is looked up on the host.

pub mod gaps;

use std::sync::Once;

use plotters::style::FontStyle;

/// The family name charts ask for.
pub const FONT: &str = "sans-serif";

static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Registers the vendored font once for the whole process (plotters keeps a global registry).
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES).is_err() {
            tracing::error!("the vendored chart font does not load");
        }
    });
}
