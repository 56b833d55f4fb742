//! The per-gap bar chart: incidents whose retrospective confirmed each gap, and repeats beside
//! them, in the response language.

use plotters::prelude::*;

use super::{register_fonts, FONT};

/// One bar pair: the gap's localized name, its incidents and its repeats.
pub struct Bar {
    pub label: String,
    pub incidents: i64,
    pub repeats: i64,
}

/// The chart's texts, in the response language.
pub struct Texts {
    pub title: String,
    pub incidents: String,
    pub repeats: String,
    pub empty: String,
}

const INCIDENTS: RGBColor = RGBColor(52, 101, 164);
const REPEATS: RGBColor = RGBColor(204, 0, 0);

/// Renders the chart as an SVG document.
pub fn render(bars: &[Bar], texts: &Texts) -> Result<String, String> {
    register_fonts();
    let height = 120 + 44 * bars.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let max = bars
            .iter()
            .map(|b| b.incidents.max(b.repeats))
            .max()
            .unwrap_or(0)
            .max(1);
        let rows = bars.len().max(1) as i32;
        // Wide enough for the longest gap name at 14 px (about 7.5 px a character).
        let longest = bars.iter().map(|b| b.label.chars().count()).max().unwrap_or(10) as u32;
        let label_width = 24 + longest * 15 / 2;
        let mut chart = ChartBuilder::on(&root)
            .caption(&texts.title, (FONT, 24))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0i64..max + max / 10 + 1, (0i32..rows - 1).into_segmented())
            .map_err(|e| e.to_string())?;
        // Row 0 is at the bottom; the first bar goes on top.
        let row_of = |i: usize| rows - 1 - i as i32;
        let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(bars.len().max(1))
            .y_label_formatter(&|value| match value {
                SegmentValue::CenterOf(row) | SegmentValue::Exact(row) => {
                    let index = usize::try_from(rows - 1 - row).unwrap_or(usize::MAX);
                    labels.get(index).cloned().unwrap_or_default()
                }
                SegmentValue::Last => String::new(),
            })
            .x_label_formatter(&|n| n.to_string())
            .label_style((FONT, 14))
            .draw()
            .map_err(|e| e.to_string())?;
        if bars.is_empty() {
            root.draw(&Text::new(texts.empty.clone(), (360, height as i32 / 2), (FONT, 18)))
                .map_err(|e| e.to_string())?;
        }
        // Each row holds two bars: incidents in its upper half, repeats in its lower half.
        let bar = |i: usize, value: i64, color: RGBColor, upper: bool| {
            let row = row_of(i);
            let mut rect = Rectangle::new(
                [(0, SegmentValue::Exact(row + 1)), (value, SegmentValue::Exact(row))],
                color.filled(),
            );
            if upper {
                rect.set_margin(5, 22, 0, 0);
            } else {
                rect.set_margin(22, 5, 0, 0);
            }
            rect
        };
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| bar(i, b.incidents, INCIDENTS, true)),
            )
            .map_err(|e| e.to_string())?
            .label(&texts.incidents)
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], INCIDENTS.filled()));
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| bar(i, b.repeats, REPEATS, false)))
            .map_err(|e| e.to_string())?
            .label(&texts.repeats)
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], REPEATS.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT, 14))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}
