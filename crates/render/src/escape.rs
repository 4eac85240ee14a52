//! Escaping for ffmpeg filter graphs.
//!
//! A value inside a filter graph is read twice: first by the graph parser (where `[ ] , ;` end a
//! filter), then by the filter's option parser (where `:` ends an option). Each level treats `\`
//! and `'` specially. We escape every special character with a backslash at each level, which is
//! exact for any text, so no value can ever close its filter and start another.

/// Escapes `value` so it reaches a filter option unchanged, e.g. `fontfile=` + `filter_value(p)`.
pub fn filter_value(value: &str) -> String {
    graph_level(&option_level(value))
}

fn option_level(value: &str) -> String {
    backslash(value, &['\\', '\'', ':'])
}

fn graph_level(value: &str) -> String {
    backslash(value, &['\\', '\'', '[', ']', ',', ';'])
}

fn backslash(value: &str, special: &[char]) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        // Leading and trailing white space is trimmed by the parsers; escaping all of it is
        // harmless and keeps it.
        if special.contains(&c) || c.is_whitespace() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A number in the shortest form ffmpeg reads back exactly enough (microsecond precision).
pub fn seconds(value: f64) -> String {
    let s = format!("{value:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_both_levels() {
        assert_eq!(filter_value("a:b"), r"a\\:b");
        assert_eq!(filter_value("it's"), r"it\\\'s");
        assert_eq!(filter_value("x,y;z[0]"), r"x\,y\;z\[0\]");
        assert_eq!(filter_value(r"c:\f"), r"c\\:\\\\f");
        assert_eq!(filter_value("a b"), r"a\\\ b");
        assert_eq!(filter_value("/plain/path.txt"), "/plain/path.txt");
    }

    #[test]
    fn seconds_are_short_and_exact() {
        assert_eq!(seconds(0.5), "0.5");
        assert_eq!(seconds(2.0), "2");
        assert_eq!(seconds(37.0 / 30.0), "1.233333");
        assert_eq!(seconds(0.0), "0");
    }
}
