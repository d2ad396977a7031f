//! The scene commands' figures: every scene command writes `--svg` and `--png` at `--size WxH`
//! in the chart words of `--lang`, larger with `--presenter`, with no flag required; bad values
//! are refused (status 2) naming the flag.

mod cli_support;

use cli_support::{gradscope, json, png_size, refused, scratch, svg_size};
use gradscope::registry::SCENES;

/// Run scene `command` quickly with `extra` flags; the JSON it prints.
fn run(command: &str, extra: &[&str]) -> serde_json::Value {
    let quick = SCENES.iter().find(|s| s.id == command).expect("a scene command").quick;
    let mut args = vec![command, "--link", quick];
    args.extend(extra);
    json(&args)
}

/// Whether any text element of `svg` holds Hangul.
fn has_hangul(svg: &str) -> bool {
    svg.split("<text").skip(1).any(|t| t.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
}

#[test]
fn every_scene_command_writes_its_figure_at_the_asked_size() {
    for scene in &SCENES {
        let (svg, png) = (scratch(&format!("{}.svg", scene.id)), scratch(&format!("{}.png", scene.id)));
        let (svg_file, png_file) = (svg.to_str().unwrap(), png.to_str().unwrap());
        run(scene.id, &["--svg", svg_file, "--png", png_file, "--size", "640x480"]);
        let text = std::fs::read_to_string(&svg).unwrap_or_else(|e| panic!("{}: no SVG ({e})", scene.id));
        assert_eq!(svg_size(&text), (640, 480), "{}", scene.id);
        assert_eq!(png_size(&std::fs::read(&png).expect("PNG written")), (640, 480), "{}", scene.id);
        // In Korean: the page's chart words (an SVG viewer brings the Hangul font).
        run(scene.id, &["--svg", svg_file, "--size", "800x500", "--lang", "ko"]);
        let text = std::fs::read_to_string(&svg).expect("SVG written");
        assert_eq!(svg_size(&text), (800, 500), "{}", scene.id);
        assert!(has_hangul(&text), "{}: no Korean chart words", scene.id);
    }
}

/// The largest font size in an SVG.
fn largest_font(svg: &str) -> f64 {
    let sizes = svg.split(" font-size=\"").skip(1).filter_map(|t| t.split('"').next()?.parse::<f64>().ok());
    sizes.fold(0.0, f64::max)
}

#[test]
fn usual_sizes_english_words_and_presenter_scale() {
    let (plain, presenter) = (scratch("plain.svg"), scratch("presenter.svg"));
    run("race", &["--svg", plain.to_str().unwrap()]);
    run("race", &["--svg", presenter.to_str().unwrap(), "--presenter"]);
    let (plain, presenter) = (std::fs::read_to_string(plain).unwrap(), std::fs::read_to_string(presenter).unwrap());
    assert_eq!(svg_size(&plain), (900, 1150), "the race figure's usual size");
    assert!(plain.contains("Step") && !has_hangul(&plain), "English by default");
    assert!(largest_font(&presenter) > 1.2 * largest_font(&plain), "presenter scale enlarges the chart text");
    // A switch takes 0 or 1 after it, too.
    let off = scratch("off.svg");
    run("race", &["--svg", off.to_str().unwrap(), "--presenter", "0"]);
    assert_eq!(largest_font(&std::fs::read_to_string(off).unwrap()), largest_font(&plain));
}

#[test]
fn bad_sizes_languages_and_file_names_are_refused_naming_the_flag() {
    let svg = scratch("refused.svg");
    let file = svg.to_str().unwrap();
    for (flag, value) in [
        ("--size", "100x100"),
        ("--size", "640x4001"),
        ("--size", "640"),
        ("--size", "axb"),
        ("--size", "-640x480"),
        ("--lang", "fr"),
        ("--png", "figure.jpg"),
        ("--png", "figure.png --lang ko"),
    ] {
        let mut args = vec!["race", "--svg", file, flag];
        args.extend(value.split(' '));
        let stderr = refused(&args);
        assert!(stderr.starts_with(&format!("error: {}: ", &flag[2..])), "{flag} {value}: {stderr}");
    }
    assert!(!svg.exists(), "nothing written when a flag is refused");
    assert!(refused(&["race", "--size"]).contains("--size: needs a value"));
}

#[test]
fn every_scene_command_lists_the_figure_flags() {
    for scene in &SCENES {
        let out = gradscope(&[scene.id, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        for flag in ["--svg FILE", "--png FILE", "--size WxH", "--presenter [0|1]", "--lang en|ko"] {
            assert!(help.contains(flag), "{}: {flag} missing from --help", scene.id);
        }
    }
}
