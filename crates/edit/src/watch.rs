//! Changes from outside (a text editor, `git checkout`, a re-import, another machine on a
//! shared folder): each open project's folder is watched, not the file, since editors save by
//! writing another file and renaming it over the project, which ends a watch on the old file
//! (notify-rs issues 165 and 166). Events are debounced; what changed is decided by the
//! document, which compares the file's bytes with what it last read or wrote, so its own saves
//! and a touch are nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long a burst of events is gathered before the files it touched are named.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Watches the folders of the files it is given and calls back with each file touched.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    files: Arc<Mutex<HashMap<PathBuf, usize>>>,
    folders: HashMap<PathBuf, usize>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("folders", &self.folders)
            .finish_non_exhaustive()
    }
}

impl Watcher {
    /// `touched` is called, on the watcher's thread, with each watched file an event named.
    ///
    /// # Errors
    /// The system's watcher could not start (inotify limits).
    pub fn new(
        touched: impl Fn(&Path) + Send + 'static,
    ) -> Result<Watcher, notify_debouncer_full::notify::Error> {
        let files: Arc<Mutex<HashMap<PathBuf, usize>>> = Arc::default();
        let watched = files.clone();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut named: Vec<PathBuf> = events
                .iter()
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
            named.sort();
            named.dedup();
            let files = watched
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for path in named.iter().filter(|p| files.contains_key(*p)) {
                touched(path);
            }
        })?;
        Ok(Watcher {
            debouncer,
            files,
            folders: HashMap::new(),
        })
    }

    /// Starts watching `file` (absolute), through its folder.
    ///
    /// # Errors
    /// The folder cannot be watched.
    pub fn watch(&mut self, file: &Path) -> Result<(), notify_debouncer_full::notify::Error> {
        let Some(folder) = file.parent().map(Path::to_owned) else {
            return Ok(());
        };
        if !self.folders.contains_key(&folder) {
            self.debouncer.watch(&folder, RecursiveMode::NonRecursive)?;
        }
        *self.folders.entry(folder).or_default() += 1;
        *self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(file.to_owned())
            .or_default() += 1;
        Ok(())
    }

    /// Stops watching `file` (its folder too, once no other watched file is there).
    pub fn unwatch(&mut self, file: &Path) {
        {
            let mut files = self
                .files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match files.get_mut(file) {
                Some(n) if *n > 1 => *n -= 1,
                Some(_) => {
                    files.remove(file);
                }
                None => return,
            }
        }
        let Some(folder) = file.parent().map(Path::to_owned) else {
            return;
        };
        if let Some(n) = self.folders.get_mut(&folder) {
            *n -= 1;
            if *n == 0 {
                self.folders.remove(&folder);
                if let Err(e) = self.debouncer.unwatch(&folder) {
                    tracing::debug!(folder = %folder.display(), error = %e, "unwatch failed");
                }
            }
        }
    }
}
