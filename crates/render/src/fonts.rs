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

/// The files fontconfig gives for the font families (fontconfig patterns: `DejaVu Serif`,
/// `Noto Sans:bold`) texts name without a `font_file`. The renderer draws those texts with that
/// very file (`fontfile=`), so what the key of a part holds is what draws it, whatever
/// fontconfig says later. Asked anew for every render and every thumbnail, since installing a
/// font changes the answer. A family fontconfig cannot answer for, or answers with a face
/// inside a collection other than its first (drawtext draws a file's first face), is left out:
/// drawtext then asks fontconfig itself, and nothing drawn with it is kept.
pub type FamilyFiles = std::collections::BTreeMap<String, PathBuf>;

/// [`FamilyFiles`] of `project`'s texts.
pub fn family_files(project: &estudio_project::Project) -> FamilyFiles {
    let mut out = FamilyFiles::new();
    let families = project
        .scenes
        .iter()
        .flat_map(|s| &s.texts)
        .filter(|t| t.font_file.is_none())
        .filter_map(|t| t.font.as_ref());
    for family in families {
        if !out.contains_key(family) {
            if let Some(file) = family_file(family) {
                out.insert(family.clone(), file);
            }
        }
    }
    out
}

/// The file fontconfig gives for a family pattern (`fc-match`), when it is a file's first face.
pub fn family_file(family: &str) -> Option<PathBuf> {
    let out = std::process::Command::new("fc-match")
        .args(["--format=%{index}\n%{file}", "--", family])
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (index, file) = text.split_once('\n')?;
    let path = PathBuf::from(file.trim());
    (out.status.success() && index.trim() == "0" && path.is_file()).then_some(path)
}
