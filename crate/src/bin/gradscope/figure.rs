//! Figure files shared by the subcommands: `--svg FILE` and `--png FILE` draw the same
//! picture through plotters' SVG or bitmap backend.

use gradscope::render::figure::{to_svg, Figure};
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

/// The flags this module takes (each with a file name) and what they write.
pub const FLAGS: [(&str, &str, &str); 2] =
    [("svg", "FILE", "write the figure as SVG"), ("png", "FILE", "write the figure as PNG")];

/// DejaVu Sans (static/fonts/LICENSE-DejaVu.txt), bundled so bitmap text needs no system font.
const SANS: &[u8] = include_bytes!("../../../../static/fonts/DejaVuSans.ttf");

/// The figure files asked for on the command line.
#[derive(Debug, Default)]
pub struct Outputs<'a> {
    svg: Option<&'a str>,
    png: Option<&'a str>,
}

impl<'a> Outputs<'a> {
    /// The files named by `(flag, value)` pairs of [`FLAGS`], checked before any work is done.
    pub fn from_flags(pairs: &'a [(String, String)]) -> Result<Self, String> {
        let mut outputs = Self::default();
        for (flag, value) in pairs {
            match flag.as_str() {
                "svg" => outputs.svg = Some(value),
                "png" => outputs.png = Some(value),
                _ => {}
            }
        }
        outputs.check()?;
        Ok(outputs)
    }

    /// Refuse file names the writers cannot honour (before any work is done).
    fn check(&self) -> Result<(), String> {
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
