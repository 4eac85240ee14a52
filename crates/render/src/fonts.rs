//! Where the default font comes from.

use std::path::PathBuf;

/// Fonts tried in order for text that names none: a bold sans with wide Unicode coverage.
/// `fonts-dejavu-core` (a dependency of the package and of `make setup`) provides the first.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
];

/// The default font file, or `None` when none of the known ones is installed.
/// `ESTUDIO_FONT` names another file.
pub fn default_font() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ESTUDIO_FONT").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    CANDIDATES.iter().map(PathBuf::from).find(|p| p.is_file())
}
