//! The page's words natively — the CLI's help and figures, the tests: `www/i18n`'s files,
//! embedded (the page fetches them; the wasm does not carry them).

use crate::render::Labels;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The languages of `www/i18n`.
pub const LANGUAGES: [&str; 2] = ["en", "ko"];

fn strings(lang: &str) -> &'static Map<String, Value> {
    static EN: OnceLock<Map<String, Value>> = OnceLock::new();
    static KO: OnceLock<Map<String, Value>> = OnceLock::new();
    let (cell, text) = match lang {
        "ko" => (&KO, include_str!("../../../www/i18n/ko.json")),
        _ => (&EN, include_str!("../../../www/i18n/en.json")),
    };
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_default())
}

/// The page's text for i18n key `key` in `lang` (`en` or `ko`).
pub fn word(lang: &str, key: &str) -> Option<&'static str> {
    strings(lang).get(key).and_then(Value::as_str)
}

/// Chart words in `lang` as the page sets them (`setChartLabels` in www/js/shell/ui.js): every
/// `chart.<key>`, and the pairs scenes add — `pattern_<p>` from `pattern_short.<p>` (the
/// trainer), `method_<m>` from `reg.method.<m>` (regularization).
pub fn chart_labels(lang: &str) -> Labels {
    let prefixes = [("chart.", ""), ("pattern_short.", "pattern_"), ("reg.method.", "method_")];
    let pairs = strings(lang).iter().filter_map(|(key, text)| {
        let (from, to) = prefixes.iter().find(|(from, _)| key.starts_with(from))?;
        Some((format!("{to}{}", &key[from.len()..]), text.as_str()?.to_string()))
    });
    Labels(pairs.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_chart_words_are_the_renderers_defaults() {
        let (page, defaults) = (chart_labels("en"), Labels::default());
        for (key, text) in &defaults.0 {
            if let Some(word) = word("en", &format!("chart.{key}")) {
                assert_eq!(word, text, "chart.{key} in en.json");
            }
            assert!(page.0.contains_key(key), "{key}: no page word");
        }
        let korean = chart_labels("ko");
        assert!(defaults.0.keys().all(|k| korean.0.contains_key(k)), "a chart word missing in ko.json");
        assert_eq!(korean.get("pattern_overfitting"), word("ko", "pattern_short.overfitting").unwrap());
    }
}
