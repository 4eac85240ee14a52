//! Finished parts of renders, kept by content so a re-export renders only what changed and an
//! attempt after a crash only what was not finished.
//!
//! A part is a run of whole scenes encoded on its own (see `graph::Part`); the sound of a render
//! in parts, encoded once for the whole video, is kept the same way (with no frames to count).
//! What a part is keyed by (everything that reaches its pixels, by content) is
//! [`crate::keys`]'.
//!
//! The cache is a folder (`cache/parts` for the app, the CLI and every worker of the machine;
//! `.estudio-parts` beside a render farm job's output, shared by the farm's machines).
//! Each entry is `KEY.EXT` (the part) and `KEY.json` (its size, frame count and content hash),
//! both written under temporary names and renamed into place, the record last: a part without
//! its record is never read, and a part whose bytes do not match its record (damaged,
//! truncated) is dropped and rendered again. Two processes wanting the same part both render
//! it; the second rename replaces the first with the same bytes. Use is recorded as the
//! record's modification time, and the least recently used entries go first when the folder is
//! over its bound; what is being written counts against the bound too, and what a dead process
//! left half-written goes within a minute.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::keys::hash_file;
pub use crate::keys::PartKey;

/// The containers entries are written in: parts in MPEG-TS (H.264) or Matroska (VP9), sound in
/// MP4 (AAC) or Matroska (Opus).
pub const PART_EXTENSIONS: [&str; 4] = ["ts", "mkv", "m4a", "mka"];

/// Default bound of the cache: a few hours of 1080p parts.
pub const DEFAULT_MAX_BYTES: u64 = 4_000_000_000;

/// The cache of finished parts.
#[derive(Debug, Clone)]
pub struct PartCache {
    dir: PathBuf,
    /// Shared by the clones of one cache, so a new bound reaches renders under way.
    max_bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// False for `--no-cache`: every part renders, and is still kept.
    read: bool,
}

/// What the cache knows of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    bytes: u64,
    frames: u64,
    /// BLAKE3 of the part's bytes, hex.
    content: String,
}

/// One entry, as `estudio-cli cache` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub bytes: u64,
    pub frames: u64,
    pub last_used: SystemTime,
}

impl PartCache {
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            dir: dir.into(),
            max_bytes: std::sync::Arc::new(max_bytes.into()),
            read: true,
        }
    }

    /// The same cache, never read from: every part renders, and what renders is kept (so a
    /// render without the cache can be compared with one from it).
    #[must_use]
    pub fn write_only(mut self) -> Self {
        self.read = false;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A new bound, for this cache and its clones; what is over it goes at once.
    pub fn set_max_bytes(&self, max_bytes: u64) {
        self.max_bytes
            .store(max_bytes, std::sync::atomic::Ordering::Relaxed);
        self.evict(max_bytes);
    }

    fn record_path(&self, key: &PartKey) -> PathBuf {
        self.dir.join(format!("{}.json", key.hex()))
    }

    fn part_path(&self, key: &PartKey, ext: &str) -> PathBuf {
        self.dir.join(format!("{}.{ext}", key.hex()))
    }

    /// Puts the cached part `key` at `into` (a link when the file system allows, else a copy)
    /// if it is there, whole, and has `frames` frames. A damaged entry is removed. Returns
    /// whether it was there.
    pub fn take(&self, key: &PartKey, ext: &str, frames: u64, into: &Path) -> bool {
        if !self.read {
            return false;
        }
        let record_path = self.record_path(key);
        let part = self.part_path(key, ext);
        let Some(record) = std::fs::read(&record_path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
        else {
            return false;
        };
        let whole = record.frames == frames
            && std::fs::metadata(&part).is_ok_and(|m| m.len() == record.bytes)
            && hash_file(&part).is_ok_and(|h| h.to_hex().as_str() == record.content);
        if !whole {
            tracing::warn!(part = %part.display(), "a cached part is damaged; it is rendered again");
            remove_entry(&record_path, &part);
            return false;
        }
        if std::fs::hard_link(&part, into)
            .or_else(|_| std::fs::copy(&part, into).map(|_| ()))
            .is_err()
        {
            return false;
        }
        // Its use, for the least-recently-used order.
        if let Ok(f) = std::fs::File::options().write(true).open(&record_path) {
            if let Err(e) = f.set_modified(SystemTime::now()) {
                tracing::debug!(error = %e, "could not mark a cached part as used");
            }
        }
        true
    }

    /// Keeps the finished part at `from` (with `frames` frames, already checked) as `key`, then
    /// brings the cache back within its bound. Failures only cost a later render the part.
    pub fn keep(&self, key: &PartKey, ext: &str, frames: u64, from: &Path) {
        if let Err(e) = self.try_keep(key, ext, frames, from) {
            tracing::warn!(error = %e, "a finished part could not be cached");
            return;
        }
        self.evict(self.max_bytes());
    }

    fn try_keep(&self, key: &PartKey, ext: &str, frames: u64, from: &Path) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let content = hash_file(from)?;
        let bytes = std::fs::metadata(from)?.len();
        let part = self.part_path(key, ext);
        // Unique per process and per call: two renders of one project in one process (the
        // app with two workers) may keep the same part at once.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = |name: &Path| {
            let mut t = name.as_os_str().to_owned();
            t.push(format!(".tmp-{}-{n}", std::process::id()));
            PathBuf::from(t)
        };
        let part_temp = temp(&part);
        std::fs::hard_link(from, &part_temp)
            .or_else(|_| std::fs::copy(from, &part_temp).map(|_| ()))?;
        std::fs::rename(&part_temp, &part)?;
        let record = Record {
            bytes,
            frames,
            content: content.to_hex().to_string(),
        };
        let record_path = self.record_path(key);
        let record_temp = temp(&record_path);
        std::fs::write(&record_temp, serde_json::to_vec(&record)?)?;
        std::fs::rename(&record_temp, &record_path)
    }

    /// Every entry, most recently used first.
    pub fn entries(&self) -> Vec<Entry> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut entries: Vec<Entry> = dir
            .flatten()
            .filter_map(|e| {
                let path = e.path();
                if path.extension()? != "json" {
                    return None;
                }
                let record: Record = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
                Some(Entry {
                    key: path.file_stem()?.to_string_lossy().into_owned(),
                    bytes: record.bytes,
                    frames: record.frames,
                    last_used: e.metadata().ok()?.modified().ok()?,
                })
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.last_used));
        entries
    }

    /// Removes the least recently used entries until the cache holds at most `max_bytes`
    /// (counting what is being written). Returns the bytes removed.
    pub fn evict(&self, max_bytes: u64) -> u64 {
        let (mut removed, in_flight) = self.sweep_orphans();
        let entries = self.entries();
        let mut total: u64 = entries.iter().map(|e| e.bytes).sum::<u64>() + in_flight;
        for e in entries.iter().rev() {
            if total <= max_bytes {
                break;
            }
            if self.remove(&e.key) {
                total = total.saturating_sub(e.bytes);
                removed += e.bytes;
            }
        }
        removed
    }

    /// Removes what a process that died while keeping a part left: temporary files, and parts
    /// whose record was never written, once nothing has touched them for [`ORPHAN_AFTER`] (a
    /// live process links and renames within a moment, and a copy onto a network share keeps
    /// its file's time moving). Returns the bytes removed and the bytes of such files still in
    /// flight.
    fn sweep_orphans(&self) -> (u64, u64) {
        self.sweep_orphans_at(SystemTime::now())
    }

    fn sweep_orphans_at(&self, now: SystemTime) -> (u64, u64) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return (0, 0);
        };
        let (mut removed, mut in_flight) = (0, 0);
        for e in dir.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let temporary = name.contains(".tmp-");
            let unrecorded = PART_EXTENSIONS
                .iter()
                .any(|ext| path.extension().is_some_and(|x| x == *ext))
                && !path.with_extension("json").exists();
            if !(temporary || unrecorded) {
                continue;
            }
            let Ok(meta) = e.metadata() else { continue };
            if untouched_for(&meta, now) >= ORPHAN_AFTER {
                if remove_quietly(&path) {
                    removed += meta.len();
                }
            } else {
                in_flight += meta.len();
            }
        }
        (removed, in_flight)
    }

    /// Removes one entry by its key (hex). Returns whether it was there.
    fn remove(&self, key: &str) -> bool {
        let record = self.dir.join(format!("{key}.json"));
        let existed = record.exists();
        for ext in PART_EXTENSIONS {
            remove_quietly(&self.dir.join(format!("{key}.{ext}")));
        }
        remove_quietly(&record);
        existed
    }

    /// Empties the cache. Returns the bytes removed.
    pub fn clear(&self) -> u64 {
        self.evict(0)
    }
}

fn remove_entry(record: &Path, part: &Path) {
    remove_quietly(record);
    remove_quietly(part);
}

/// Removes a file; returns whether it did.
fn remove_quietly(path: &Path) -> bool {
    match std::fs::remove_file(path) {
        Ok(()) => true,
        Err(e) => {
            if e.kind() != io::ErrorKind::NotFound {
                tracing::warn!(path = %path.display(), error = %e, "could not remove a cached part");
            }
            false
        }
    }
}

/// How long a half-written entry may sit untouched before it is taken for a dead process's.
pub const ORPHAN_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Time since a file's content or links last changed (the later of its modification and change
/// times: linking and renaming move the change time).
fn untouched_for(meta: &std::fs::Metadata, now: SystemTime) -> std::time::Duration {
    use std::os::unix::fs::MetadataExt;
    let now = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    let last = (meta.mtime() as f64 + meta.mtime_nsec() as f64 / 1e9)
        .max(meta.ctime() as f64 + meta.ctime_nsec() as f64 / 1e9);
    std::time::Duration::from_secs_f64((now - last).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn key(text: &str) -> PartKey {
        crate::keys::KeyBuilder::new("build")
            .text("t", text)
            .finish()
    }

    #[test]
    fn a_kept_part_is_taken_whole_and_a_damaged_one_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PartCache::new(dir.path().join("parts"), 1 << 30);
        let work = dir.path();
        let from = part(work, "a.ts", b"0123456789");
        assert!(!cache.take(&key("a"), "ts", 5, &work.join("miss.ts")));
        cache.keep(&key("a"), "ts", 5, &from);
        assert!(cache.take(&key("a"), "ts", 5, &work.join("hit.ts")));
        assert_eq!(std::fs::read(work.join("hit.ts")).unwrap(), b"0123456789");
        // Another frame count is another part.
        assert!(!cache.take(&key("a"), "ts", 6, &work.join("other.ts")));
        cache.keep(&key("a"), "ts", 5, &from);
        // Same size, other bytes: found out by the content hash, dropped.
        let stored = cache.part_path(&key("a"), "ts");
        std::fs::remove_file(&stored).unwrap();
        std::fs::write(&stored, b"0123456780").unwrap();
        assert!(!cache.take(&key("a"), "ts", 5, &work.join("bad.ts")));
        assert!(!cache.record_path(&key("a")).exists());
        assert!(!stored.exists());
        // Truncated: the same.
        cache.keep(&key("a"), "ts", 5, &from);
        std::fs::write(cache.part_path(&key("a"), "ts"), b"01234").unwrap();
        assert!(!cache.take(&key("a"), "ts", 5, &work.join("short.ts")));
    }

    #[test]
    fn the_least_recently_used_go_first_and_the_bound_holds() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PartCache::new(dir.path().join("parts"), 25);
        for (i, name) in ["a", "b", "c"].iter().enumerate() {
            let from = part(dir.path(), &format!("{name}.ts"), &[i as u8; 10]);
            cache.keep(&key(name), "ts", 1, &from);
            // Distinct use times, oldest first ("a").
            let record = cache.record_path(&key(name));
            let f = std::fs::File::options().write(true).open(record).unwrap();
            f.set_modified(
                SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1000 + i as u64),
            )
            .unwrap();
        }
        // 30 bytes were kept under a bound of 25: the oldest went when "c" came.
        let keys: Vec<String> = cache.entries().into_iter().map(|e| e.key).collect();
        assert_eq!(keys, [key("c").hex(), key("b").hex()]);
        // Using "b" makes "c" the oldest.
        assert!(cache.take(&key("b"), "ts", 1, &dir.path().join("b-again.ts")));
        assert_eq!(cache.evict(10), 10);
        let keys: Vec<String> = cache.entries().into_iter().map(|e| e.key).collect();
        assert_eq!(keys, [key("b").hex()]);
        assert_eq!(cache.clear(), 10);
        assert!(cache.entries().is_empty());
        assert_eq!(std::fs::read_dir(cache.dir()).unwrap().count(), 0);
    }

    #[test]
    fn leftovers_of_a_dead_process_go_once_untouched_and_count_until_then() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PartCache::new(dir.path().join("parts"), 1 << 30);
        std::fs::create_dir_all(cache.dir()).unwrap();
        let old_temp = part(cache.dir(), "ab.ts.tmp-1-0", b"xx");
        let old_unrecorded = part(cache.dir(), "cd.ts", b"xxx");
        // A file still being written when the sweep looks (its time ahead of the sweep's).
        let later = SystemTime::now() + std::time::Duration::from_secs(7200);
        let new_temp = part(cache.dir(), "ef.ts.tmp-1-1", b"xxxx");
        std::fs::File::options()
            .write(true)
            .open(&new_temp)
            .unwrap()
            .set_modified(later)
            .unwrap();
        // Now: everything was touched a moment ago, nothing goes, and all of it counts.
        assert_eq!(cache.sweep_orphans(), (0, 9));
        // Two hours on (no one can set a change time back: the sweep's clock is moved instead).
        assert_eq!(cache.sweep_orphans_at(later), (5, 4));
        assert!(!old_temp.exists() && !old_unrecorded.exists());
        assert!(new_temp.exists(), "a live process may still rename it");
    }

    #[test]
    fn what_is_being_written_counts_against_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PartCache::new(dir.path().join("parts"), 1 << 30);
        let from = part(dir.path(), "a.ts", &[1; 10]);
        cache.keep(&key("a"), "ts", 1, &from);
        part(cache.dir(), "ff.ts.tmp-9-9", &[2; 10]);
        // 10 bytes kept and 10 in flight under a bound of 15: the kept one goes.
        assert_eq!(cache.evict(15), 10);
        assert!(cache.entries().is_empty());
    }
}
