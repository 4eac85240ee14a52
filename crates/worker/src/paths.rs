//! Where Estúdio keeps its files. The app and the CLI resolve these the same way, so they share
//! one queue without configuration.

use std::path::PathBuf;

/// The data folder: `$ESTUDIO_DATA_DIR` if set, else `estudio` in the XDG data folder
/// (`$XDG_DATA_HOME`, else `~/.local/share`, as the `dirs` crate reads them).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ESTUDIO_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().map_or_else(|| PathBuf::from(".estudio"), |d| d.join("estudio"))
}

/// The queue database inside [`data_dir`].
pub fn queue_db() -> PathBuf {
    data_dir().join("queue.sqlite3")
}

/// The queue this computer uses when none is named: `ESTUDIO_DB` (a path or a `postgres://`
/// URL), else the render farm chosen in Settings, else [`queue_db`].
///
/// # Errors
/// The address given cannot be read (a malformed URL).
pub fn queue_target() -> Result<estudio_queue::QueueTarget, estudio_queue::QueueError> {
    if let Some(db) = queue_from_env() {
        return estudio_queue::QueueTarget::parse(&db);
    }
    match crate::prefs::Prefs::load(&prefs_file()).prefs.farm_url {
        Some(url) => estudio_queue::QueueTarget::parse(&url),
        None => Ok(estudio_queue::QueueTarget::Sqlite(queue_db())),
    }
}

/// The queue `ESTUDIO_DB` names, when it is set: it wins over the preferences' farm.
pub fn queue_from_env() -> Option<String> {
    std::env::var("ESTUDIO_DB")
        .ok()
        .filter(|d| !d.trim().is_empty())
}

/// This computer's workers' name: `ESTUDIO_WORKER_NAME`, else the host name.
pub fn worker_name() -> String {
    std::env::var("ESTUDIO_WORKER_NAME")
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(host_name)
}

/// The computer's name, as the kernel knows it.
pub fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// Where the built-in sample project is unpacked.
pub fn sample_dir() -> PathBuf {
    data_dir().join("sample")
}

/// The journals of projects open for editing (`estudio_edit`): every change, synced before it
/// is acknowledged, until it is saved; what a crash left is offered back from here.
pub fn journal_dir() -> PathBuf {
    data_dir().join("journal")
}

/// The previous version of every project saved by an editor, the last 20 of each.
pub fn backup_dir() -> PathBuf {
    data_dir().join("backups")
}

/// Where previews are rendered.
pub fn preview_dir() -> PathBuf {
    data_dir().join("previews")
}

/// Caches kept between runs: narrations spoken from text (`speech/`) and probe results.
pub fn cache_dir() -> PathBuf {
    data_dir().join("cache")
}

/// Work files of renders in progress (the sound mix, segments): on disk, in the cache, never in
/// `$TMPDIR` (memory on many systems). A dead process's leftovers are swept at start.
pub fn work_dir() -> PathBuf {
    cache_dir().join("work")
}

/// Finished parts of renders, kept by content (`estudio_render::parts`): shared by the app, the
/// CLI and every worker of this computer.
pub fn parts_dir() -> PathBuf {
    cache_dir().join("parts")
}

/// Piper voices added by the user (`NAME.onnx` + `NAME.onnx.json`), searched after the folders of
/// `ESTUDIO_VOICES` and Settings.
pub fn voices_dir() -> PathBuf {
    data_dir().join("voices")
}

/// Where Piper voices are looked for, in order: `ESTUDIO_VOICES`, the folders chosen in
/// Settings, then [`voices_dir`].
pub fn voice_folders() -> estudio_render::speech::VoiceFolders {
    let prefs = crate::prefs::Prefs::load(&prefs_file()).prefs;
    estudio_render::speech::VoiceFolders::from_env()
        .then(prefs.voice_folders.into_iter().map(PathBuf::from))
        .then([voices_dir()])
}

/// The synthesisers and voices of this computer, with the person's pronunciations (Settings):
/// what every preparation, Listen and `estudio-cli say` speak with.
pub fn speakers(cancel: &estudio_render::CancelToken) -> estudio_render::speech::Speakers {
    let prefs = crate::prefs::Prefs::load(&prefs_file()).prefs;
    estudio_render::speech::Speakers::new(voice_folders(), cancel.clone())
        .with_pronunciations(prefs.pronunciations)
}

/// The user's preferences on this computer ([`crate::prefs::Prefs`]).
pub fn prefs_file() -> PathBuf {
    data_dir().join("settings.json")
}

/// Scene thumbnails of opened projects (a cache, served to the window).
pub fn thumbnail_dir() -> PathBuf {
    data_dir().join("thumbnails")
}
