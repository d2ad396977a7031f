//! URL-hash codec helpers: `key=value&…` pairs, each scene decoding its own field table.
//! Unknown keys are ignored (old links keep working); bad values are refused by key name.

use crate::error::{ConfigError, Result};

/// Split `a=1&b=x` (no leading `#`) into decoded pairs; empty parts are skipped.
pub fn parse_pairs(encoded: &str) -> Vec<(String, String)> {
    encoded
        .trim_start_matches('#')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Join pairs into `a=1&b=x`, percent-encoding anything outside `[A-Za-z0-9._,-]`.
pub fn join_pairs(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// A float field within `[lo, hi]`.
pub fn float(key: &str, value: &str, lo: f64, hi: f64) -> Result<f64> {
    let parsed: f64 = value.parse().map_err(|_| refuse(key, value, &format!("a number from {lo} to {hi}")))?;
    crate::error::check_range(key, parsed, lo, hi)
}

/// A whole-number field within `[lo, hi]`.
pub fn count(key: &str, value: &str, lo: usize, hi: usize) -> Result<usize> {
    let parsed: usize = value.parse().map_err(|_| refuse(key, value, &format!("a whole number from {lo} to {hi}")))?;
    crate::error::check_count(key, parsed, lo, hi)
}

/// A 0/1 switch.
pub fn flag(key: &str, value: &str) -> Result<bool> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(refuse(key, value, "0 or 1")),
    }
}

/// A seed: any whole number that fits in 32 bits (so it survives JavaScript numbers too).
pub fn seed(key: &str, value: &str) -> Result<u64> {
    value.parse::<u32>().map(u64::from).map_err(|_| refuse(key, value, &format!("a whole number from 0 to {MAX_SEED}")))
}

// The seed range belongs with the generator; kept nameable here for the codec's callers.
pub use crate::rng::MAX_SEED;

/// The error for a value that is not in the allowed set; the value is shortened and shown as text.
pub fn refuse(key: &str, value: &str, allowed: &str) -> ConfigError {
    let shown: String = value.chars().take(40).collect();
    ConfigError::new(key, format!("must be {allowed}, got {shown:?}"))
}

/// Shortest decimal that round-trips the f64 exactly (Rust's `Display` guarantees this).
pub fn num(value: f64) -> String {
    format!("{value}")
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"._,:-".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex()) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_and_decode_hostile_text() {
        let encoded = join_pairs(&[("lr", num(0.05)), ("opt", "sgd,adam".into()), ("x", "<b>&".into())]);
        assert_eq!(encoded, "lr=0.05&opt=sgd,adam&x=%3Cb%3E%26");
        let pairs = parse_pairs(&format!("#{encoded}&&junk"));
        assert_eq!(pairs[2], ("x".to_string(), "<b>&".to_string()));
        assert_eq!(pairs[3], ("junk".to_string(), String::new()));
        assert_eq!(parse_pairs("a=%zz%4"), vec![("a".to_string(), "%zz%4".to_string())]);
    }

    #[test]
    fn numbers_refuse_by_key_and_round_trip_exactly() {
        assert_eq!(float("lr", "0.1", 1e-4, 10.0), Ok(0.1));
        assert_eq!(float("lr", "nan", 1e-4, 10.0).unwrap_err().field, "lr");
        assert_eq!(float("lr", "1e9", 1e-4, 10.0).unwrap_err().field, "lr");
        assert_eq!(count("steps", "-3", 1, 10).unwrap_err().field, "steps");
        assert!(flag("bc", "2").is_err());
        assert_eq!(seed("seed", "42"), Ok(42));
        assert!(seed("seed", "99999999999").is_err());
        let x = 0.1 + 0.2;
        assert_eq!(num(x).parse::<f64>().unwrap(), x);
    }
}
