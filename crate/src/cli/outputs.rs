//! Figure files shared by the scene commands: `--svg FILE` and `--png FILE` draw the same
//! picture through plotters' SVG or bitmap backend, at `--size WxH` (the figure's own by
//! default), in presenter scale with `--presenter`, in the chart words of `--lang`.

use crate::cli::SWITCH;
use crate::error::ConfigError;
use crate::registry::words::{chart_labels, LANGUAGES};
use crate::render::figure::{to_svg, Figure};
use crate::render::Labels;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

/// The flags this module takes, what the help calls their values, and what they do.
pub const FLAGS: [(&str, &str, &str); 5] = [
    ("svg", "FILE", "write the figure as SVG"),
    ("png", "FILE", "write the figure as PNG"),
    ("size", "WxH", "the figure's width and height in pixels, 200 to 4000 each (default: its usual size)"),
    ("presenter", SWITCH, "draw the figure in presenter scale: thicker lines, larger chart text"),
    ("lang", "en|ko", "the chart words' language (default en; ko in SVG only: the bundled font has no Hangul)"),
];

/// Sides a figure may have, in pixels.
const SIDES: (u32, u32) = (200, 4000);

/// DejaVu Sans (static/fonts/LICENSE-DejaVu.txt), bundled so bitmap text needs no system font.
const SANS: &[u8] = include_bytes!("../../../static/fonts/DejaVuSans.ttf");

/// The figure files asked for on the command line, and how to draw them.
pub struct Outputs<'a> {
    svg: Option<&'a str>,
    png: Option<&'a str>,
    size: Option<(u32, u32)>,
    presenter: bool,
    labels: Labels,
}

impl<'a> Outputs<'a> {
    /// The settings named by `(flag, value)` pairs of [`FLAGS`], checked before any work is done.
    pub fn from_flags(pairs: &'a [(String, String)]) -> Result<Self, String> {
        let mut outputs = Self { svg: None, png: None, size: None, presenter: false, labels: chart_labels("en") };
        let mut lang = "en";
        for (flag, value) in pairs {
            match flag.as_str() {
                "svg" => outputs.svg = Some(value),
                "png" => outputs.png = Some(value),
                "size" => outputs.size = Some(size(value)?),
                "presenter" => outputs.presenter = matches!(value.as_str(), "1" | "true"),
                "lang" if LANGUAGES.contains(&value.as_str()) => lang = value,
                "lang" => return Err(ConfigError::one_of("lang", value, &LANGUAGES).to_string()),
                _ => {}
            }
        }
        outputs.labels = chart_labels(lang);
        match outputs.png {
            // The bitmap encoder picks the format from the extension.
            Some(file) if !file.to_ascii_lowercase().ends_with(".png") => {
                Err(format!("png: the file name must end in .png, got {file:?}"))
            }
            // Bitmap text is drawn with the one bundled font; an SVG viewer finds a Hangul one.
            Some(_) if lang == "ko" => {
                Err("png: the bundled font has no Hangul; write Korean figures with --svg".into())
            }
            _ => Ok(outputs),
        }
    }

    /// Whether any figure file is asked for (the figure's state may cost work of its own).
    pub fn wanted(&self) -> bool {
        self.svg.is_some() || self.png.is_some()
    }

    /// The flag a refusal of the figure names: the first file asked for.
    pub fn flag(&self) -> &'static str {
        if self.svg.is_some() {
            "svg"
        } else {
            "png"
        }
    }

    /// The chart words of `--lang`.
    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// Write every requested file (on this thread: presenter scale is a thread's setting).
    pub fn write(&self, figure: &impl Figure) -> Result<(), String> {
        if !self.wanted() {
            return Ok(());
        }
        crate::render::set_presenter(self.presenter);
        let size = self.size.unwrap_or_else(|| figure.size());
        // Plotters' text layout goes through the registered font on native targets (feature
        // `ab_glyph`): SVG needs it to measure labels, PNG also to draw them.
        register_font("sans-serif", FontStyle::Normal, SANS).map_err(|_| "png: the bundled font is unreadable")?;
        if let Some(file) = self.svg {
            std::fs::write(file, to_svg(figure, size)?).map_err(|e| format!("svg: cannot write {file}: {e}"))?;
        }
        if let Some(file) = self.png {
            let root = BitMapBackend::new(file, size).into_drawing_area();
            figure.draw(&root).map_err(|e| format!("png: {e}"))?;
            root.present().map_err(|e| format!("png: cannot write {file}: {e}"))?;
        }
        Ok(())
    }
}

/// `WxH` in pixels, each side in [`SIDES`].
fn size(text: &str) -> Result<(u32, u32), String> {
    let side = |s: &str| s.trim().parse::<u32>().ok().filter(|v| (SIDES.0..=SIDES.1).contains(v));
    let parsed = text.split_once(['x', 'X', '×']).and_then(|(w, h)| Some((side(w)?, side(h)?)));
    parsed.ok_or_else(|| {
        let why = format!("expected WIDTHxHEIGHT in pixels, each {} to {}, got {text:?}", SIDES.0, SIDES.1);
        ConfigError::new("size", why).to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_are_read_as_width_by_height_within_the_range() {
        assert_eq!(size("800x600"), Ok((800, 600)));
        assert_eq!(size("4000×200"), Ok((4000, 200)));
        for bad in ["800", "800x", "x600", "199x600", "800x4001", "-800x600", "800x600x2", "axb"] {
            assert!(size(bad).unwrap_err().starts_with("size: "), "{bad}");
        }
    }
}
