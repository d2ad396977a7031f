//! A running or finished landscape comparison: each network's training output as it arrives,
//! then its slice's row bands (each a worker job that starts from the trained weights).

use crate::data::Digits;
use crate::error::Result;
use crate::scene::landscape::{slice_band, BandInput, LandscapeConfig, NetOutput, NetRun};
use std::sync::Arc;

/// Rows of the slice one worker job computes (41 rows: 6 bands per network).
pub const BAND_ROWS: usize = 7;

/// One shown network: its name, its training output and its slice so far (missing rows NaN).
pub struct NetView<'a> {
    pub name: &'a str,
    pub output: Option<&'a NetOutput>,
    pub slice: Option<&'a [Vec<f64>]>,
}

/// A comparison: the trainings' outputs and the slices' rows as they arrive.
pub struct LandscapeRun {
    config: LandscapeConfig,
    outputs: Vec<Option<NetOutput>>,
    /// Per network, its slice with the rows not computed yet NaN (`None` before its training).
    slices: Vec<Option<Vec<Vec<f64>>>>,
    bands_done: usize,
}

impl LandscapeRun {
    /// Plan `config`'s trainings (refused as the config's fields are).
    pub fn new(config: LandscapeConfig) -> Result<Self> {
        crate::fields::validate(&config)?;
        let n = config.nets.len();
        Ok(Self { config, outputs: vec![None; n], slices: vec![None; n], bands_done: 0 })
    }

    pub fn config(&self) -> &LandscapeConfig {
        &self.config
    }

    /// Trainings in all (one per network).
    pub fn train_count(&self) -> usize {
        self.config.nets.len()
    }

    /// Trainings whose output arrived.
    pub fn trained(&self) -> usize {
        self.outputs.iter().flatten().count()
    }

    /// Row bands of one slice: (first row, end row).
    pub fn bands(&self) -> Vec<(usize, usize)> {
        let r = self.config.resolution;
        (0..r).step_by(BAND_ROWS).map(|s| (s, (s + BAND_ROWS).min(r))).collect()
    }

    /// Every slice band to compute as (network, first row, end row): networks that trained
    /// without diverging.
    pub fn band_jobs(&self) -> Vec<(usize, usize, usize)> {
        let bands = self.bands();
        (0..self.train_count())
            .filter(|&n| self.outputs[n].as_ref().is_some_and(|o| o.diverged_at.is_none()))
            .flat_map(|n| bands.iter().map(move |&(s, e)| (n, s, e)))
            .collect()
    }

    /// Bands whose rows arrived.
    pub fn bands_done(&self) -> usize {
        self.bands_done
    }

    /// Store network `net`'s training output (an unknown network is ignored: a stale answer).
    pub fn accept_net(&mut self, net: usize, output: NetOutput) {
        let r = self.config.resolution;
        if let Some(slot) = self.outputs.get_mut(net) {
            *slot = Some(output);
            self.slices[net] = Some(vec![vec![f64::NAN; r]; r]);
        }
    }

    /// Store rows `start..` of network `net`'s slice (ignored if they do not fit: stale).
    pub fn accept_band(&mut self, net: usize, start: usize, rows: Vec<Vec<f64>>) {
        let r = self.config.resolution;
        let Some(Some(slice)) = self.slices.get_mut(net) else { return };
        if start + rows.len() > r || rows.iter().any(|row| row.len() != r) {
            return;
        }
        for (i, row) in rows.into_iter().enumerate() {
            slice[start + i] = row;
        }
        self.bands_done += 1;
    }

    /// What network `net`'s band jobs start from.
    pub fn band_input(&self, net: usize) -> Option<BandInput> {
        let o = self.outputs.get(net)?.as_ref()?;
        Some(BandInput { trained: o.trained.clone(), plane: o.plane.clone() })
    }

    /// Every shown network, for drawing.
    pub fn views(&self) -> Vec<NetView<'_>> {
        (0..self.train_count())
            .map(|n| NetView {
                name: &self.config.nets[n],
                output: self.outputs[n].as_ref(),
                slice: self.slices[n].as_deref(),
            })
            .collect()
    }

    /// Everything at once in this thread (the CLI's figure and the tests).
    pub fn run_here(&mut self, digits: Option<Arc<Digits>>) -> Result<()> {
        for net in 0..self.train_count() {
            let mut run = NetRun::new(&self.config, net, digits.clone())?;
            while !run.advance(usize::MAX) {}
            self.accept_net(net, run.finish()?);
        }
        for (net, start, end) in self.band_jobs() {
            let Some(input) = self.band_input(net) else { continue };
            let rows = slice_band(&self.config, net, digits.clone(), &input, start..end)?;
            self.accept_band(net, start, rows);
        }
        Ok(())
    }
}
