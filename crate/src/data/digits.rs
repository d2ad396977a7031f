//! The 8×8 handwritten digits (1797 images, 10 classes) parsed from `static/data/digits8x8.bin`
//! (format and source in `static/data/README.md`).

use super::{Dataset, DIGIT_PIXELS, DIGIT_RECORD};
use crate::error::{ConfigError, Result};

/// The 8×8 handwritten digits (UCI optdigits test set, as in sklearn's `load_digits`).
#[derive(Clone, Debug, PartialEq)]
pub struct Digits {
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

impl Digits {
    /// Parse `digits8x8.bin`: records of 64 pixel bytes (0..=16) then a label byte (0..=9).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let refuse = |why: String| ConfigError::new("digits", why);
        if bytes.is_empty() || !bytes.len().is_multiple_of(DIGIT_RECORD) {
            return Err(refuse(format!("{} bytes is not a whole number of 65-byte records", bytes.len())));
        }
        let mut digits = Self { pixels: Vec::with_capacity(bytes.len()), labels: Vec::new() };
        for (i, record) in bytes.chunks_exact(DIGIT_RECORD).enumerate() {
            let (pixels, label) = record.split_at(DIGIT_PIXELS);
            if pixels.iter().any(|&p| p > 16) || label[0] > 9 {
                return Err(refuse(format!("record {i} has a pixel above 16 or a label above 9")));
            }
            digits.pixels.extend_from_slice(pixels);
            digits.labels.push(label[0]);
        }
        Ok(digits)
    }

    /// The copy shipped in `static/data/` (native builds; the page fetches the bytes instead).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> Self {
        Self::from_bytes(include_bytes!("../../../static/data/digits8x8.bin")).expect("bundled digits parse")
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// No images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels of image `i` (row-major, 0..=16).
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * DIGIT_PIXELS..(i + 1) * DIGIT_PIXELS]
    }

    /// Label of image `i`.
    pub fn label(&self, i: usize) -> usize {
        self.labels[i] as usize
    }

    /// The first `count` images (all if fewer) as a 64-feature, 10-class dataset of raw 0..=16 values.
    pub fn dataset(&self, count: usize) -> Dataset {
        let n = count.min(self.len());
        Dataset {
            features: DIGIT_PIXELS,
            classes: 10,
            x: self.pixels[..n * DIGIT_PIXELS].iter().map(|&p| p as f64).collect(),
            y: self.labels[..n].iter().map(|&l| l as usize).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Preprocess;

    #[test]
    fn digits_parse_and_bad_bytes_are_refused() {
        let digits = Digits::bundled();
        assert_eq!(digits.len(), 1797);
        assert_eq!(digits.label(0), 0);
        assert_eq!(&digits.image(0)[..8], &[0, 0, 5, 13, 9, 1, 0, 0]);
        let counts: Vec<usize> = (0..10).map(|c| (0..1797).filter(|&i| digits.label(i) == c).count()).collect();
        assert_eq!(counts, vec![178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        let data = digits.dataset(100);
        assert_eq!((data.len(), data.features, data.classes), (100, 64, 10));
        // Blank corner pixel: normalize keeps std 1 instead of dividing by 0.
        let st = Preprocess::Normalize.fit(&digits.dataset(1797));
        assert_eq!(st.std[0], 1.0);
        assert_eq!(Digits::from_bytes(&[0; 64]).unwrap_err().field, "digits");
        assert!(Digits::from_bytes(&[]).is_err());
        let mut bad = vec![0u8; 65];
        bad[64] = 10;
        assert!(Digits::from_bytes(&bad).is_err());
        bad[64] = 9;
        bad[3] = 17;
        assert!(Digits::from_bytes(&bad).is_err());
    }
}
