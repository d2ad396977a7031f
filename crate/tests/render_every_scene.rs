//! Every registered scene (crate/src/registry.rs) renders its default charts to SVG with real
//! content — axis text and drawn series — and the page's registry lists the same scenes, so a
//! new scene is covered on arrival (egui's demo-library habit).

use gradscope::registry::SCENES;

/// Drawn shapes and text runs in an SVG (plotters writes series as polylines/paths, markers as
/// circles, bars and cells as rects).
fn census(svg: &str) -> (usize, usize) {
    let shapes = ["<polyline", "<path", "<circle", "<line"].iter().map(|tag| svg.matches(tag).count()).sum();
    (shapes, svg.matches("<text").count())
}

/// The contents of the SVG's text elements.
fn texts_of(svg: &str) -> impl Iterator<Item = &str> {
    svg.split("<text").skip(1).filter_map(|t| t.split_once('>').and_then(|(_, rest)| rest.split("</text>").next()))
}

#[test]
fn every_registered_scene_draws_labelled_series() {
    for scene in &SCENES {
        let svg = (scene.figure)("").unwrap_or_else(|e| panic!("{}: {e}", scene.id));
        assert!(svg.starts_with("<svg"), "{}: not an SVG", scene.id);
        let (shapes, texts) = census(&svg);
        assert!(shapes >= 10, "{}: only {shapes} drawn shapes", scene.id);
        assert!(texts >= 8, "{}: only {texts} text runs (axes need tick labels)", scene.id);
        let numbers = texts_of(&svg).filter(|t| t.chars().any(|c| c.is_ascii_digit())).count();
        assert!(numbers >= 4, "{}: only {numbers} numeric tick labels", scene.id);
        assert!(!(scene.fields)().is_empty(), "{}: no fields", scene.id);
    }
}

#[test]
fn the_census_tells_an_empty_chart_from_a_drawn_one() {
    let empty = "<svg width=\"10\" height=\"10\"><rect x=\"0\" y=\"0\" width=\"10\" height=\"10\"/></svg>";
    assert_eq!(census(empty), (0, 0));
}

#[test]
fn the_page_registers_the_same_scenes_in_the_same_order() {
    let path = format!("{}/../www/js/scenes/index.js", env!("CARGO_MANIFEST_DIR"));
    let js = std::fs::read_to_string(path).expect("the page's scene registry");
    let ids: Vec<&str> = js.split("{ id: '").skip(1).filter_map(|rest| rest.split('\'').next()).collect();
    let rust: Vec<&str> = SCENES.iter().map(|s| s.id).collect();
    assert_eq!(ids, rust);
    for scene in &SCENES {
        assert!(js.contains(&format!("i18n: '{}'", scene.label)), "{}: tab label differs", scene.id);
    }
}

#[test]
fn every_scene_has_a_cli_subcommand() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gradscope")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for scene in &SCENES {
        assert!(help.contains(&format!("  {} ", scene.id)), "{}: no `gradscope {}`", scene.id, scene.id);
    }
}
