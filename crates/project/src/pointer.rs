//! RFC 6901 JSON Pointers, the way every problem names its place in a project file.

use std::fmt;

/// A JSON Pointer such as `/scenes/2/narration/src`; the empty pointer is the whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Self(String::new())
    }

    /// This pointer with one more reference token, escaped as RFC 6901 requires (`~0`, `~1`).
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{}", self.0, token))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A pointer already written out (`/scenes/2/narration`), as [`Pointer::as_str`] gives it.
    pub fn written(written: &str) -> Self {
        Self(written.to_owned())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&serde_path_to_error::Path> for Pointer {
    fn from(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        path.iter().fold(Pointer::root(), |p, seg| match seg {
            Segment::Seq { index } => p.push(index),
            Segment::Map { key } => p.push(key),
            Segment::Enum { variant } => p.push(variant),
            // serde could not tell where it was (e.g. inside an untagged enum): stop at the parent.
            Segment::Unknown => p,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_and_slash() {
        let p = Pointer::root().push("a/b").push("m~n").push(3);
        assert_eq!(p.as_str(), "/a~1b/m~0n/3");
    }
}
