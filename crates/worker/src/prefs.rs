//! The user's preferences that belong to this computer rather than to the shared queue: the
//! default output folder, notifications, recent projects and each project's last destination.
//! Kept as JSON in the data folder; queue-wide settings (concurrency, retention, pause) live in
//! the queue's database, where every process sharing the queue sees them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many recent projects are remembered.
pub const RECENT_MAX: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(default)]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct Prefs {
    /// Where exports go by default; `None`: the Videos folder, else the project's folder.
    pub output_folder: Option<String>,
    /// A desktop notification when a job completes or fails while the window is not in front.
    pub notifications: bool,
    /// Project files opened lately, the latest first.
    pub recent: Vec<String>,
    /// The destination last chosen for each project file, offered again at its next Export.
    pub destinations: BTreeMap<String, String>,
    /// How much the cache of finished parts may hold, in bytes (least recently used go first).
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub cache_max_bytes: u64,
    /// Folders with Piper voices, searched before the data folder's `voices/`.
    pub voice_folders: Vec<String>,
    /// The voice that speaks imported decks' notes and slideshows' texts (`None`: pt-br).
    pub voice: Option<String>,
    /// The render farm's queue (`postgres://USER@HOST:PORT/DB`, best without the password:
    /// it can come from `~/.pgpass`); `None`: this computer's own queue.
    pub farm_url: Option<String>,
    /// How this machine sees the farm's shared folder, `FROM=TO` each (`/home/ana/cursos=/mnt/cursos`).
    pub path_map: Vec<String>,
    /// How words are said in every project (a project's own pronunciations win).
    pub pronunciations: Vec<estudio_spoken::Entry>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            output_folder: None,
            notifications: true,
            recent: Vec::new(),
            destinations: BTreeMap::new(),
            cache_max_bytes: estudio_render::parts::DEFAULT_MAX_BYTES,
            voice_folders: Vec::new(),
            voice: None,
            farm_url: None,
            path_map: Vec::new(),
            pronunciations: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PrefsError {
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl PrefsError {
    /// In words, for people.
    pub fn message(&self) -> estudio_words::Message {
        match self {
            PrefsError::Write { path, source } => estudio_words::Message::PrefsUnwritable {
                path: path.display().to_string(),
                cause: source.into(),
            },
        }
    }
}

impl std::fmt::Display for PrefsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// What [`Prefs::load`] found.
#[derive(Debug)]
pub struct Loaded {
    pub prefs: Prefs,
    /// Set when the file was unreadable: it was kept under this name and defaults used.
    pub set_aside: Option<PathBuf>,
}

impl Prefs {
    /// Reads the preferences at `path`; a missing file gives the defaults. A damaged one is
    /// renamed (`NAME.corrupt-TIME`, so nothing is lost) and the defaults used.
    pub fn load(path: &Path) -> Loaded {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(_) => {
                return Loaded {
                    prefs: Self::default(),
                    set_aside: None,
                }
            }
        };
        match serde_json::from_slice(&bytes) {
            Ok(prefs) => Loaded {
                prefs,
                set_aside: None,
            },
            Err(e) => {
                let aside = estudio_queue::set_aside_path(path);
                tracing::warn!(error = %e, aside = %aside.display(), "preferences unreadable; defaults used");
                let set_aside = std::fs::rename(path, &aside).ok().map(|()| aside);
                Loaded {
                    prefs: Self::default(),
                    set_aside,
                }
            }
        }
    }

    /// Writes the preferences atomically (a temporary file beside `path`, synced, then renamed).
    ///
    /// # Errors
    /// The folder or the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), PrefsError> {
        let err = |source| PrefsError::Write {
            path: path.to_owned(),
            source,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(err)?;
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
        let json = serde_json::to_vec_pretty(self).expect("preferences always serialise");
        temp.write_all(&json).map_err(err)?;
        temp.as_file().sync_all().map_err(err)?;
        temp.persist(path).map_err(|e| err(e.error))?;
        Ok(())
    }

    /// Puts `project` first in the recent list (once), keeping at most [`RECENT_MAX`].
    pub fn remember(&mut self, project: &str) {
        self.recent.retain(|p| p != project);
        self.recent.insert(0, project.to_owned());
        self.recent.truncate(RECENT_MAX);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn saved_preferences_load_back_and_a_missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/settings.json");
        assert_eq!(Prefs::load(&path).prefs, Prefs::default());
        let mut p = Prefs {
            output_folder: Some("/home/ana/Vídeos".into()),
            notifications: false,
            ..Prefs::default()
        };
        p.destinations
            .insert("/a.estudio".into(), "/out/a.mp4".into());
        p.save(&path).unwrap();
        let back = Prefs::load(&path);
        assert_eq!(back.prefs, p);
        assert!(back.set_aside.is_none());
        // Only the file itself: the temporary file was renamed over it.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn fields_missing_from_an_older_file_take_their_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, br#"{"recent": ["/x.estudio"], "future_field": 1}"#).unwrap();
        let p = Prefs::load(&path).prefs;
        assert_eq!(p.recent, ["/x.estudio"]);
        assert!(p.notifications);
    }

    #[test]
    fn a_damaged_file_is_kept_aside_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{\"recent\": [tru").unwrap();
        let loaded = Prefs::load(&path);
        assert_eq!(loaded.prefs, Prefs::default());
        let aside = loaded.set_aside.unwrap();
        assert_eq!(std::fs::read(aside).unwrap(), b"{\"recent\": [tru");
        assert!(!path.exists());
    }

    #[test]
    fn recent_projects_are_unique_latest_first_and_bounded() {
        let mut p = Prefs::default();
        for i in 0..15 {
            p.remember(&format!("/p{i}.estudio"));
        }
        p.remember("/p10.estudio");
        assert_eq!(p.recent.len(), RECENT_MAX);
        assert_eq!(p.recent[0], "/p10.estudio");
        assert_eq!(p.recent[1], "/p14.estudio");
        assert_eq!(p.recent.iter().filter(|r| *r == "/p10.estudio").count(), 1);
    }
}
