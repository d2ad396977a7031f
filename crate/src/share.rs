//! Sharing a state with the class: the shortest link that opens exactly the same state, and
//! its QR code (the page draws it large enough to scan from the back of a lecture hall).

use crate::fields::url::join_pairs;
use crate::fields::{from_hash, to_hash, Config};
use qrcode::{Color, EcLevel, QrCode};

/// The link fields (`a=1&b=x`) of the state `encoded` gives, without the fields at their
/// defaults — unless leaving them out would open another state (a config that completes itself
/// from what a link names, such as the race's per-optimizer rates); then every field.
pub fn short_hash<C: Config>(encoded: &str) -> crate::error::Result<String> {
    let full: C = from_hash(encoded)?;
    let default = C::default();
    let pairs: Vec<(&str, String)> = C::fields()
        .iter()
        .filter_map(|f| {
            let value = (f.get)(&full)?;
            ((f.get)(&default).as_ref() != Some(&value)).then_some((f.key, value))
        })
        .collect();
    let short = join_pairs(&pairs);
    let same = from_hash::<C>(&short).is_ok_and(|c| to_hash(&c) == to_hash(&full));
    Ok(if same { short } else { to_hash(&full) })
}

/// The QR code of `text` as rows of modules (1 = dark), `width` × `width`, no quiet zone (the
/// page adds it). Level M: a smudged projector or a tilted phone still reads it.
pub fn qr_modules(text: &str) -> Result<(usize, Vec<u8>), String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| e.to_string())?;
    let modules = code.to_colors().into_iter().map(|c| u8::from(c == Color::Dark)).collect();
    Ok((code.width(), modules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::race::RaceConfig;

    #[test]
    fn a_short_link_opens_the_same_state_as_the_full_one() {
        for link in
            ["", "lr=0.05", "surf=rosenbrock&opt=adam&lr=0.1&steps=300", "kappa=10&opt=sgd,momentum&lro=momentum:0.003"]
        {
            let short = short_hash::<RaceConfig>(link).unwrap();
            let (a, b): (RaceConfig, RaceConfig) = (from_hash(link).unwrap(), from_hash(&short).unwrap());
            assert_eq!(to_hash(&a), to_hash(&b), "{link} → {short}");
            assert!(short.len() <= to_hash(&a).len());
        }
        assert_eq!(short_hash::<RaceConfig>("").unwrap(), "", "the defaults need no fields");
        assert!(short_hash::<RaceConfig>("lr=abc").is_err(), "a refused link stays refused");
    }

    #[test]
    fn qr_modules_are_a_square_of_a_qr_version_with_its_finder_patterns() {
        let (width, modules) = qr_modules("http://127.0.0.1:8080/#scene=race&lr=0.05").unwrap();
        assert_eq!(modules.len(), width * width);
        assert!(width >= 21 && (width - 17) % 4 == 0, "version width {width}");
        // The finder pattern's 7×7 dark ring in three corners.
        for (r0, c0) in [(0, 0), (0, width - 7), (width - 7, 0)] {
            for i in 0..7 {
                for (r, c) in [(r0, c0 + i), (r0 + 6, c0 + i), (r0 + i, c0), (r0 + i, c0 + 6)] {
                    assert_eq!(modules[r * width + c], 1, "finder at ({r}, {c})");
                }
            }
        }
    }
}
