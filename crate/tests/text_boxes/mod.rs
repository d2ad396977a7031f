//! Where the text of a plotters SVG lands, estimated from the attributes plotters writes
//! (plotters-svg 0.3.7's `draw_text`): `x`, `y`, `text-anchor` (start, middle, end), `dy`
//! (0.76em: top-aligned, 0.5ex: centred, -0.5ex: bottom-aligned), `font-size` and a
//! `transform="rotate(a, x, y)"`. Sizes are the page's: the SVG backend writes a font of s px as
//! `font-size` s/1.24, the canvas backend the page draws through uses s px. Widths add up DejaVu
//! Sans advances per character (rounded up a little), a full em for Hangul and other wide
//! scripts; heights are one em.

/// A text and its box in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} [{:.0},{:.0}–{:.0},{:.0}]", self.text, self.x0, self.y0, self.x1, self.y1)
    }
}

/// How much two boxes must share each way, or one stick out, to count (anti-aliasing and
/// rounding aside).
const SLACK: f64 = 1.0;

/// The canvas font size of an SVG `font-size` (see the module doc).
const CANVAS_PER_SVG: f64 = 1.24;

/// The advance of `c` in ems.
pub fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.32,
        '0'..='9' => 0.64,
        'i' | 'j' | 'l' => 0.28,
        'f' | 't' => 0.4,
        'r' => 0.42,
        's' | 'z' | 'c' => 0.56,
        'm' => 0.98,
        'w' => 0.82,
        'a'..='z' => 0.64,
        'I' | 'J' => 0.3,
        'M' => 0.87,
        'W' => 0.99,
        'A'..='Z' => 0.78,
        '.' | ',' | ':' | ';' | '·' | '\'' | '|' | '!' => 0.34,
        '-' | '(' | ')' | '[' | ']' | '/' | '′' => 0.4,
        '%' => 0.95,
        '+' | '=' | '×' | '−' | '→' | '≈' | '±' | '<' | '>' | '~' | '↑' | '#' => 0.84,
        '…' | '@' => 1.0,
        '✓' | '✗' => 0.84,
        '₀'..='₉' => 0.42,
        'α'..='ω' | 'Α'..='Ω' | '√' | '&' => 0.8,
        c if u32::from(c) >= 0x1100 => 1.0,
        _ => 0.7,
    }
}

/// Width of `text` in ems.
pub fn ems(text: &str) -> f64 {
    text.chars().map(advance).sum()
}

/// `<svg width=".." height="..">`.
pub fn picture_size(svg: &str) -> (f64, f64) {
    let head = &svg[..svg.find('>').unwrap_or(svg.len())];
    (attribute(head, "width").unwrap_or(0.0), attribute(head, "height").unwrap_or(0.0))
}

fn raw_attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

fn attribute(tag: &str, name: &str) -> Option<f64> {
    raw_attribute(tag, name)?.trim().parse().ok()
}

fn unescape(text: &str) -> String {
    let pairs = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")];
    pairs.iter().fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// Every non-blank text element's box.
pub fn labels(svg: &str) -> Vec<Label> {
    let mut out = Vec::new();
    for piece in svg.split("<text").skip(1) {
        let Some((tag, rest)) = piece.split_once('>') else { continue };
        // Plotters writes the text between line breaks.
        let text = unescape(rest.split("</text>").next().unwrap_or("").trim());
        if text.is_empty() {
            continue;
        }
        let (Some(x), Some(y), Some(size)) = (attribute(tag, "x"), attribute(tag, "y"), attribute(tag, "font-size"))
        else {
            continue;
        };
        let em = size * CANVAS_PER_SVG;
        let width = ems(&text) * em;
        let left = match raw_attribute(tag, "text-anchor") {
            Some("middle") => -width / 2.0,
            Some("end") => -width,
            _ => 0.0,
        };
        let top = match raw_attribute(tag, "dy") {
            Some("0.5ex") => -em / 2.0,
            Some("-0.5ex") => -em,
            _ => 0.0,
        };
        let corners = [(left, top), (left + width, top), (left, top + em), (left + width, top + em)];
        let turn = raw_attribute(tag, "transform")
            .and_then(|t| t.strip_prefix("rotate(")?.split(',').next()?.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
            .to_radians();
        // SVG's rotate(a, x, y) turns clockwise on screen about the anchor.
        let (sin, cos) = turn.sin_cos();
        let turned = corners.map(|(dx, dy)| (x + dx * cos - dy * sin, y + dx * sin + dy * cos));
        let fold =
            |pick: fn(&(f64, f64)) -> f64, f: fn(f64, f64) -> f64, start: f64| turned.iter().map(pick).fold(start, f);
        out.push(Label {
            text,
            x0: fold(|p| p.0, f64::min, f64::INFINITY),
            y0: fold(|p| p.1, f64::min, f64::INFINITY),
            x1: fold(|p| p.0, f64::max, f64::NEG_INFINITY),
            y1: fold(|p| p.1, f64::max, f64::NEG_INFINITY),
        });
    }
    out
}

/// Whether two boxes share more than [`SLACK`] each way.
pub fn overlap(a: &Label, b: &Label) -> bool {
    a.x1.min(b.x1) - a.x0.max(b.x0) > SLACK && a.y1.min(b.y1) - a.y0.max(b.y0) > SLACK
}

/// Each pair of labels that overlap and each label outside the picture, in words.
pub fn problems(svg: &str) -> Vec<String> {
    let (w, h) = picture_size(svg);
    let all = labels(svg);
    let mut found = Vec::new();
    for (i, a) in all.iter().enumerate() {
        if a.x0 < -SLACK || a.y0 < -SLACK || a.x1 > w + SLACK || a.y1 > h + SLACK {
            found.push(format!("{a} is outside the {w}×{h} picture"));
        }
        for b in &all[i + 1..] {
            if overlap(a, b) {
                found.push(format!("{a} overlaps {b}"));
            }
        }
    }
    found
}
