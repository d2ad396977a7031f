//! Every chart of every registered scene draws on the smallest canvases the page draws on (a
//! hidden or half-laid-out canvas at `render::MIN_CHART_PX`, long and flat, tall and narrow):
//! without a panic or a drawing error, in both languages and presenter scale. (The page leaves
//! smaller canvases blank; the e2e test of tiny canvases covers the canvas plumbing.)

use gradscope::registry::words::chart_labels;
use gradscope::registry::SCENES;
use gradscope::render::{set_emphasis, MIN_CHART_PX};
use plotters::prelude::*;

#[test]
fn every_chart_draws_on_the_smallest_canvases_the_page_draws_on() {
    let (w, h) = MIN_CHART_PX;
    let sizes = [(w, h), (w + 10, h + 8), (w, 4 * h), (4 * w, h), (w + 60, h + 40)];
    let languages = [chart_labels("en"), chart_labels("ko")];
    let mut failed = Vec::new();
    for scene in &SCENES {
        let charts = (scene.charts)(scene.quick).unwrap_or_else(|e| panic!("{}: {e}", scene.id));
        for chart in &charts {
            for size in sizes {
                for emphasis in [1.0, 1.6] {
                    set_emphasis(emphasis);
                    for labels in &languages {
                        let mut svg = String::new();
                        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                        let drawn =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (chart.draw)(&area, labels)));
                        match drawn {
                            Ok(Ok(())) => {}
                            Ok(Err(e)) => failed.push(format!("{} {} {size:?} ×{emphasis}: {e}", scene.id, chart.name)),
                            Err(_) => {
                                failed.push(format!("{} {} {size:?} ×{emphasis}: panicked", scene.id, chart.name))
                            }
                        }
                    }
                }
            }
        }
    }
    set_emphasis(1.0);
    assert!(failed.is_empty(), "{} draws failed:\n{}", failed.len(), failed.join("\n"));
}
