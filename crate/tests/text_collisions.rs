//! No text on text (issue #29, "Readable from the back row"): every chart the page draws of
//! every registered scene (the registry's `charts`) in its default state and the states it names
//! (`chart_states`), at four sizes, with presenter scale off and
//! on, in English and Korean, drawn to SVG. Each label's box is estimated from the attributes
//! plotters writes (`text_boxes`); two labels that overlap, or one outside the picture, fail the
//! test, named with the scene, state, chart, size, scale and language.

mod text_boxes;

use gradscope::registry::words::chart_labels;
use gradscope::registry::SCENES;
use gradscope::render::figure::Chart;
use gradscope::render::{set_emphasis, Labels};
use plotters::prelude::*;

/// Canvas sizes: a presenter column of a 1024×768 screen, a laptop's narrow column, a typical
/// chart, a projector's full width.
const SIZES: [(u32, u32); 4] = [(480, 480), (600, 400), (1000, 700), (1600, 900)];

/// `chart` drawn on a `size` SVG.
fn render(chart: &Chart, size: (u32, u32), labels: &Labels) -> Result<String, String> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        (chart.draw)(&area, labels).map_err(|e| format!("drawing failed: {e}"))?;
        area.present().map_err(|e| format!("drawing failed: {e}"))?;
    }
    Ok(svg)
}

/// Every problem of one scene's state: each chart at every size, scale and language.
fn check_state(scene: usize, link: &'static str, languages: &[(&str, Labels)]) -> Vec<String> {
    let entry = &SCENES[scene];
    let charts = match (entry.charts)(link) {
        Ok(charts) => charts,
        Err(e) => return vec![format!("{} [{link}]: {e}", entry.id)],
    };
    if charts.is_empty() {
        return vec![format!("{} [{link}]: lists no chart", entry.id)];
    }
    let mut found = Vec::new();
    for chart in &charts {
        for size in SIZES {
            for (presenter, emphasis) in [("off", 1.0), ("on", 1.6)] {
                set_emphasis(emphasis); // thread-local: this thread draws
                for (lang, labels) in languages {
                    let at = format!(
                        "{} [{link}] {} {}×{} presenter {presenter} {lang}",
                        entry.id, chart.name, size.0, size.1
                    );
                    match render(chart, size, labels) {
                        // A chart without text checks nothing: its state is missing something.
                        Ok(svg) if text_boxes::labels(&svg).is_empty() => found.push(format!("{at}: draws no text")),
                        Ok(svg) => found.extend(text_boxes::problems(&svg).into_iter().map(|p| format!("{at}: {p}"))),
                        Err(e) => found.push(format!("{at}: {e}")),
                    }
                }
            }
        }
    }
    found
}

#[test]
fn no_chart_puts_text_on_text_or_outside_the_picture() {
    let languages = [("en", chart_labels("en")), ("ko", chart_labels("ko"))];
    // States are costly in debug builds: one thread per state, each drawing its own charts.
    let found: Vec<String> = std::thread::scope(|scope| {
        let languages = &languages;
        let handles: Vec<_> = (0..SCENES.len())
            .flat_map(|s| std::iter::once("").chain(SCENES[s].chart_states.iter().copied()).map(move |link| (s, link)))
            .map(|(s, link)| scope.spawn(move || check_state(s, link, languages)))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a state's thread panicked")).collect()
    });
    let shown = found.iter().take(5000).cloned().collect::<Vec<_>>().join("\n");
    assert!(found.is_empty(), "{} labels collide or stick out:\n{shown}", found.len());
}

/// An SVG of `width`×`height` with these `<text …>content</text>` elements.
fn svg(width: u32, height: u32, texts: &[&str]) -> String {
    format!("<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n{}\n</svg>", texts.concat())
}

#[test]
fn overlapping_and_stray_labels_are_reported() {
    // Two tick labels written the way plotters writes them, 30 px apart: "-5e-10" at 16 px
    // (a 20 px canvas font) is about 80 px wide, so they run into each other.
    let text = |x: u32, y: u32, body: &str, extra: &str| {
        format!("<text x=\"{x}\" y=\"{y}\" dy=\"0.76em\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"16.129032258064516\" opacity=\"1\" fill=\"#000000\"{extra}>{body}</text>")
    };
    let (a, b) = (text(100, 50, "-5e-10", ""), text(130, 50, "-1e-10", ""));
    let problems = text_boxes::problems(&svg(400, 300, &[&a, &b]));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("\"-5e-10\"") && problems[0].contains("overlaps \"-1e-10\""), "{problems:?}");
    // Far enough apart, or one row below the other: no problem.
    let c = text(200, 50, "-1e-10", "");
    let d = text(100, 71, "-1e-10", "");
    assert!(text_boxes::problems(&svg(400, 300, &[&a, &c, &d])).is_empty());
    // Hangul is wider than Latin: the same count of glyphs reaches further.
    let wide = text_boxes::labels(&svg(400, 300, &[&text(100, 50, "손실", "")]));
    let narrow = text_boxes::labels(&svg(400, 300, &[&text(100, 50, "lo", "")]));
    assert!(wide[0].x1 - wide[0].x0 > 1.3 * (narrow[0].x1 - narrow[0].x0));
    // A rotated axis title stands upright: tall and narrow, here over the picture's top.
    let turned = text(20, 60, "Std (log scale)", " transform=\"rotate(270, 20, 60)\"");
    let label = &text_boxes::labels(&svg(400, 300, &[&turned]))[0];
    assert!(label.y1 - label.y0 > 5.0 * (label.x1 - label.x0), "{label}");
    let problems = text_boxes::problems(&svg(400, 300, &[&turned]));
    assert!(problems.len() == 1 && problems[0].contains("outside the 400×300 picture"), "{problems:?}");
    // Escaped text is read as the page shows it.
    let escaped = text_boxes::labels(&svg(400, 300, &[&text(100, 50, "a &lt; b &amp; c", "")]));
    assert_eq!(escaped[0].text, "a < b & c");
}
