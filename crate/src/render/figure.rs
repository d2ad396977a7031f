//! Whole-scene figures for slides, written by the CLI as SVG or PNG. Each figure has a usual
//! size and draws on any plotters backend at any size, its parts laid out in proportion. (The
//! page exports PNG and CSV: monomorphizing every chart for a second backend in the wasm would
//! cost ~80 KB, past the size budget.)

use super::Labels;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Result of drawing on a backend.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A picture that can be written as SVG or PNG.
pub trait Figure {
    /// Its usual width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draw onto the whole `root` area, of any size.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// `part` of the usual `whole` pixels, in proportion to the `actual` pixels drawn on.
pub fn scaled(actual: u32, part: u32, whole: u32) -> u32 {
    (u64::from(actual) * u64::from(part) / u64::from(whole.max(1))) as u32
}

/// The figure as an SVG document of `size` pixels.
pub fn to_svg(figure: &impl Figure, size: (u32, u32)) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        figure.draw(&root).map_err(|e| format!("svg: {e}"))?;
        root.present().map_err(|e| format!("svg: {e}"))?;
    }
    Ok(text)
}

/// The figure as SVG at its usual size.
pub fn svg_at_usual_size(figure: &impl Figure) -> Result<String, String> {
    to_svg(figure, figure.size())
}

/// What drawing a chart gives: SVG's error type.
pub type ChartResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;
/// A chart's drawing: onto an area, in the labels' language.
pub type Draw = Box<dyn Fn(&DrawingArea<SVGBackend<'_>, Shift>, &Labels) -> ChartResult>;

/// One chart of a scene, as the page draws it, onto an SVG area (natively: the test that no
/// label runs into another draws each at several sizes, scales and languages; the page blits
/// heatmaps and decision boundaries as pixels, here they stay blank — text is all).
pub struct Chart {
    /// What the page calls it (its canvas's export name, roughly).
    pub name: String,
    pub draw: Draw,
}

/// A chart named `name` drawn by `draw`.
pub fn chart(
    name: impl Into<String>,
    draw: impl Fn(&DrawingArea<SVGBackend<'_>, Shift>, &Labels) -> ChartResult + 'static,
) -> Chart {
    Chart { name: name.into(), draw: Box::new(draw) }
}
