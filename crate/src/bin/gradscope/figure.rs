//! Figure files shared by the subcommands: `--svg FILE` and `--png FILE` draw the same
//! picture through plotters' SVG or bitmap backend.

use gradscope::render::figure::{to_svg, Figure};
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

/// The flags this module takes (each with a file name).
pub const FLAGS: [&str; 2] = ["--svg", "--png"];

/// DejaVu Sans (static/fonts/LICENSE-DejaVu.txt), bundled so bitmap text needs no system font.
const SANS: &[u8] = include_bytes!("../../../../static/fonts/DejaVuSans.ttf");

/// The figure files asked for on the command line.
#[derive(Debug, Default)]
pub struct Outputs<'a> {
    svg: Option<&'a str>,
    png: Option<&'a str>,
}

impl<'a> Outputs<'a> {
    /// Take `flag value` if `flag` is one of [`FLAGS`]; returns whether it was.
    pub fn take(&mut self, flag: &str, value: &'a str) -> bool {
        match flag {
            "--svg" => self.svg = Some(value),
            "--png" => self.png = Some(value),
            _ => return false,
        }
        true
    }

    /// Refuse file names the writers cannot honour (before any work is done).
    pub fn check(&self) -> Result<(), String> {
        // The bitmap encoder picks the format from the extension.
        match self.png {
            Some(file) if !file.to_ascii_lowercase().ends_with(".png") => {
                Err(format!("png: the file name must end in .png, got {file:?}"))
            }
            _ => Ok(()),
        }
    }

    /// Write every requested file.
    pub fn write(&self, figure: &impl Figure) -> Result<(), String> {
        if self.svg.is_none() && self.png.is_none() {
            return Ok(());
        }
        self.check()?;
        // Plotters' text layout goes through the registered font on native targets (feature
        // `ab_glyph`): SVG needs it to measure labels, PNG also to draw them.
        register_font("sans-serif", FontStyle::Normal, SANS).map_err(|_| "png: the bundled font is unreadable")?;
        if let Some(file) = self.svg {
            std::fs::write(file, to_svg(figure)?).map_err(|e| format!("svg: cannot write {file}: {e}"))?;
        }
        if let Some(file) = self.png {
            let root = BitMapBackend::new(file, figure.size()).into_drawing_area();
            figure.draw(&root).map_err(|e| format!("png: {e}"))?;
            root.present().map_err(|e| format!("png: cannot write {file}: {e}"))?;
        }
        Ok(())
    }
}
