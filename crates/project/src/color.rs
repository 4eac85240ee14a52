//! `#rrggbb` colours.

/// An sRGB colour parsed from `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (either case). Anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self(byte(0)?, byte(2)?, byte(4)?))
    }

    /// ffmpeg's colour syntax (`0xRRGGBB`), which needs no escaping inside a filter graph.
    pub fn to_ffmpeg(self) -> String {
        format!("0x{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_rrggbb() {
        assert_eq!(Rgb::parse("#FF8000"), Some(Rgb(255, 128, 0)));
        assert_eq!(
            Rgb::parse("#ff8000").map(Rgb::to_ffmpeg).as_deref(),
            Some("0xFF8000")
        );
        for bad in [
            "ff8000", "#ff800", "#ff80000", "#gg8000", "red", "", "#", "#ééé",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }
}
