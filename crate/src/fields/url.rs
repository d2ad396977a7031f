//! URL-hash text: `key=value&…` pairs, percent-encoded; numbers as exact shortest decimals.

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
    fn numbers_round_trip_exactly() {
        let x = 0.1 + 0.2;
        assert_eq!(num(x).parse::<f64>().unwrap(), x);
    }
}
