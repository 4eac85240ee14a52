//! Numbers and lists as each language writes them: `1,234.5` and `a, b and c` in English,
//! `1.234,5` and `a, b e c` in Portuguese. Two languages do not justify a CLDR data set.

use crate::Lang;

impl Lang {
    fn separators(self) -> (char, char) {
        match self {
            Lang::En => ('.', ','),
            Lang::PtBr => (',', '.'),
        }
    }

    /// A number as written in the project file (shortest form: `3.3`, `70`), in this language.
    pub fn num(self, value: f64) -> String {
        self.digits(&value.to_string())
    }

    /// A number with exactly `decimals` digits after the separator.
    pub fn fixed(self, value: f64, decimals: usize) -> String {
        self.digits(&format!("{value:.decimals$}"))
    }

    /// A whole number, grouped by thousands.
    pub fn int(self, value: u64) -> String {
        self.digits(&value.to_string())
    }

    /// Rewrites Rust's `-1234.5` with this language's separators.
    fn digits(self, plain: &str) -> String {
        let (decimal, group) = self.separators();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain),
        };
        let (whole, frac) = rest.split_once('.').unwrap_or((rest, ""));
        if !whole.bytes().all(|b| b.is_ascii_digit()) {
            return plain.to_owned(); // inf, NaN: nothing to group
        }
        let mut out = String::from(sign);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 && whole.len() > 4 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(decimal);
            out.push_str(frac);
        }
        out
    }

    /// Megabytes (10^6 bytes), whole.
    pub fn mb(self, bytes: u64) -> String {
        format!("{} MB", self.int(bytes / 1_000_000))
    }

    /// Seconds: `3.3 s`, `3,3 s`.
    pub fn secs(self, value: f64) -> String {
        format!("{} s", self.num(value))
    }
}

/// `a`, `a and b`, `a, b and c` (Portuguese: `e`).
pub fn list(lang: Lang, items: &[String]) -> String {
    let and = match lang {
        Lang::En => "and",
        Lang::PtBr => "e",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_each_languages_separators() {
        assert_eq!(Lang::En.num(3.3), "3.3");
        assert_eq!(Lang::PtBr.num(3.3), "3,3");
        assert_eq!(Lang::PtBr.num(-0.05), "-0,05");
        assert_eq!(Lang::En.num(70.0), "70");
        // Four digits stay together (7680 pixels), five and more are grouped.
        assert_eq!(Lang::En.int(7680), "7680");
        assert_eq!(Lang::En.int(14_400), "14,400");
        assert_eq!(Lang::PtBr.int(1_234_567), "1.234.567");
        assert_eq!(Lang::PtBr.fixed(3.24, 3), "3,240");
        assert_eq!(Lang::PtBr.fixed(12_345.5, 1), "12.345,5");
        assert_eq!(Lang::En.num(f64::INFINITY), "inf");
        assert_eq!(Lang::PtBr.mb(2_500_000_000), "2500 MB");
        assert_eq!(Lang::PtBr.mb(25_000_000_000), "25.000 MB");
    }

    #[test]
    fn lists_join_with_the_languages_and() {
        let items = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(list(Lang::En, &items), "a, b and c");
        assert_eq!(list(Lang::PtBr, &items[..2]), "a e b");
        assert_eq!(list(Lang::PtBr, &items[..1]), "a");
    }
}
