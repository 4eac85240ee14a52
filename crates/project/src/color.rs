//! Colours as people write them in CSS: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, names
//! (`white`, `rebeccapurple`, `transparent`), `rgb()`/`rgba()`, `hsl()`/`hsla()`, `hwb()`.
//! Parsed by `csscolorparser`, which is tested against what Chromium and Firefox accept.

/// An sRGB colour with its opacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    /// 0 = fully see-through, 255 = opaque.
    pub a: u8,
}

/// Longer than any colour anyone writes (`rgba(255, 255, 255, 0.5)` is 24 characters).
const MAX_LEN: usize = 64;

impl Color {
    pub const BLACK: Self = Self::rgb(0, 0, 0);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// Parses a CSS colour (either case, spaces around it allowed). Anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        if s.len() > MAX_LEN {
            return None;
        }
        // csscolorparser also reads bare hex ("ff8000", and so "bad" or "cafe"); CSS does not,
        // and a word that happens to be hex should not become a colour.
        let t = s.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let [r, g, b, a] = csscolorparser::parse(s).ok()?.to_rgba8();
        Some(Self { r, g, b, a })
    }

    pub fn is_opaque(self) -> bool {
        self.a == 255
    }

    /// This colour laid over an opaque `below`: what the eye sees (source-over, in sRGB as
    /// browsers blend).
    #[must_use]
    pub fn over(self, below: Self) -> Self {
        let a = u32::from(self.a);
        let mix = |top: u8, bottom: u8| {
            let v = (u32::from(top) * a + u32::from(bottom) * (255 - a) + 127) / 255;
            u8::try_from(v).unwrap_or(u8::MAX)
        };
        Self::rgb(
            mix(self.r, below.r),
            mix(self.g, below.g),
            mix(self.b, below.b),
        )
    }

    /// ffmpeg's colour syntax (`0xRRGGBB`, or `0xRRGGBBAA` when see-through), which needs no
    /// escaping inside a filter graph.
    pub fn to_ffmpeg(self) -> String {
        if self.is_opaque() {
            format!("0x{:02X}{:02X}{:02X}", self.r, self.g, self.b)
        } else {
            format!("0x{:02X}{:02X}{:02X}{:02X}", self.r, self.g, self.b, self.a)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_css_accepts() {
        let c = |r, g, b, a| Some(Color { r, g, b, a });
        for (written, expected) in [
            ("#FF8000", c(255, 128, 0, 255)),
            ("#ff8000", c(255, 128, 0, 255)),
            ("#f80", c(255, 136, 0, 255)),
            ("#f808", c(255, 136, 0, 136)),
            ("#ff800080", c(255, 128, 0, 128)),
            ("white", c(255, 255, 255, 255)),
            ("Green", c(0, 128, 0, 255)),
            ("transparent", c(0, 0, 0, 0)),
            ("rgb(255, 0, 0)", c(255, 0, 0, 255)),
            ("rgba(0,0,255,0.5)", c(0, 0, 255, 128)),
            ("rgb(0 0 255 / 50%)", c(0, 0, 255, 128)),
            ("hsl(120, 100%, 25%)", c(0, 128, 0, 255)),
            ("  #000000 ", c(0, 0, 0, 255)),
        ] {
            assert_eq!(Color::parse(written), expected, "{written}");
        }
        for bad in [
            "ff8000", "#ff800", "#ff80000", "#gg8000", "", "#", "#ééé", "reddish", "rgb(1,2)",
            "url(x)", "var(--x)", "bad", "cafe",
        ] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
        assert_eq!(Color::parse(&"#fff".repeat(100)), None);
    }

    #[test]
    fn ffmpeg_syntax_and_blending() {
        assert_eq!(Color::rgb(255, 128, 0).to_ffmpeg(), "0xFF8000");
        let half_red = Color::parse("rgba(255,0,0,0.5)").unwrap();
        assert_eq!(half_red.to_ffmpeg(), "0xFF000080");
        assert_eq!(
            half_red.over(Color::rgb(0, 0, 255)),
            Color::rgb(128, 0, 127)
        );
        assert_eq!(Color::rgb(1, 2, 3).over(Color::BLACK), Color::rgb(1, 2, 3));
    }
}
