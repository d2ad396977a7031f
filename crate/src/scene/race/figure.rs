//! The race as a figure for slides (the CLI's SVG/PNG) and every chart the page draws of it,
//! for the state a link gives (natively: the page computes and draws in the browser).

use super::render::{draw_losses, draw_paths, draw_surface, paint_cells};
use super::{Race, RaceConfig};
use crate::render::figure::{chart, scaled, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::Labels;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// The race: surface with paths on top, the loss chart below.
pub struct RaceFigure<'a> {
    /// The race to draw (at its animation step).
    pub race: &'a Race,
    /// Axis titles.
    pub labels: &'a Labels,
}

impl Figure for RaceFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (900, 1150)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let race = self.race;
        let (top, bottom) = root.split_vertically(scaled(root.dim_in_pixel().1, 780, self.size().1));
        draw_surface(&top, race, |_, chart| paint_cells(race, chart, 90))?;
        draw_paths(&top, race, self.labels)?;
        draw_losses(&bottom, race, self.labels)
    }
}

/// The race shown to its last step.
pub fn state(link: &str) -> Result<Race, String> {
    let mut race = Race::new(RaceConfig::from_hash(link).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    race.seek(race.config().steps);
    Ok(race)
}

pub fn svg(link: &str) -> Result<String, String> {
    svg_at_usual_size(&RaceFigure { race: &state(link)?, labels: &Labels::default() })
}

/// The surface with the paths on top (the page's base and overlay canvases), and the losses;
/// with the look-ahead picture, the surface also a quarter and halfway through the race.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    let end = Rc::new(state(link)?);
    let surface = |name: String, shown: Rc<crate::scene::race::Race>| {
        chart(name, move |area, labels| {
            draw_surface(area, &shown, |_, _| false)?;
            draw_paths(area, &shown, labels)
        })
    };
    let mut charts = vec![surface("surface".into(), end.clone())];
    if end.config().look_ahead {
        for step in [end.config().steps / 4, end.config().steps / 2] {
            let mut early = state(link)?;
            early.seek(step);
            charts.push(surface(format!("surface at step {step}"), Rc::new(early)));
        }
    }
    charts.push(chart("losses", move |area, labels| draw_losses(area, &end, labels)));
    Ok(charts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_state_lists_the_charts_the_page_draws() {
        let names: Vec<String> = super::charts("").expect("charts").into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["surface", "losses"]);
    }
}
