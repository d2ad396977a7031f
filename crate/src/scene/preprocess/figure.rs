//! The preprocessing scene as a figure for slides (the CLI's SVG/PNG) and every chart the page
//! draws of it, for the state a link gives (natively: the page computes and draws in the browser).

use super::render as preprocess;
use super::{digits_pca, PreprocessConfig};
use crate::data::Digits;
use crate::fields;
use crate::render::figure::{chart, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::Labels;
use crate::scene::Preprocessing;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// The preprocessing scene: each stage's cloud above its loss surface (2D data), or the
/// digits' mean and std images, top components and spectrum.
pub struct PreprocessFigure<'a> {
    /// The pipeline and fits.
    pub scene: &'a crate::scene::Preprocessing,
    /// Chart words.
    pub labels: &'a Labels,
}

impl Figure for PreprocessFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1500, 700)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        use super::digits_pca::{digit_summary, draw_images, draw_spectrum};
        use super::render::{draw_stages, Panels};
        root.fill(&WHITE)?;
        let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 / 2);
        if self.scene.is_images() {
            draw_images(&top, &digit_summary(self.scene, self.labels), 1)?;
            draw_spectrum(&bottom, self.scene, self.scene.config().components, self.labels)
        } else {
            draw_stages(&top, self.scene, Panels::Clouds, self.labels)?;
            draw_stages(&bottom, self.scene, Panels::Fits, self.labels)
        }
    }
}

/// The pipeline of the link's data (the digits from the bundled copy).
pub fn state(link: &str) -> Result<Preprocessing, String> {
    let config: PreprocessConfig = fields::from_hash(link).map_err(|e| e.to_string())?;
    Preprocessing::new(config, Some(&Digits::bundled())).map_err(|e| e.to_string())
}

pub fn svg(link: &str) -> Result<String, String> {
    svg_at_usual_size(&PreprocessFigure { scene: &state(link)?, labels: &Labels::default() })
}

/// The cloud and its fit, every stage's (2D data); or the digits' summary, rebuild, spectrum.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    use preprocess::Panels;
    let scene = Rc::new(state(link)?);
    let [a, b, c] = [scene.clone(), scene.clone(), scene.clone()];
    if scene.is_images() {
        return Ok(vec![
            chart("digits-summary", move |area, labels| {
                digits_pca::draw_images(area, &digits_pca::digit_summary(&a, labels), 1)
            }),
            chart("rebuild", move |area, labels| {
                let k = b.config();
                digits_pca::draw_images(area, &digits_pca::digit_rebuild(&b, k.digit, k.components, labels), 1)
            }),
            chart("spectrum", move |area, labels| digits_pca::draw_spectrum(area, &c, c.config().components, labels)),
        ]);
    }
    Ok(vec![
        chart("cloud", move |area, labels| preprocess::draw_current_cloud(area, &a, labels)),
        chart("loss-surface", move |area, labels| preprocess::draw_current_fit(area, &b, labels)),
        chart("stages", move |area, labels| preprocess::draw_stages(area, &c, Panels::Clouds, labels)),
        chart("stage-surfaces", move |area, labels| preprocess::draw_stages(area, &scene, Panels::Fits, labels)),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_state_lists_the_charts_the_page_draws() {
        let names: Vec<String> = super::charts("").expect("charts").into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["cloud", "loss-surface", "stages", "stage-surfaces"]);
    }
}
