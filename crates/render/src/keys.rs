//! What a kept result (a part of a video, the encoded sound, a scene's thumbnail) is keyed by:
//! everything that reaches it, by content. Never a name, a path or a time:
//! - the exact ffmpeg command and filter graph, with the render's own folders written as
//!   placeholders and every file it reads written as that file's content hash, so the same
//!   part of another render, or of the same job on another machine of a render farm that
//!   mounts the shared folder elsewhere (`--path-map`), has the same key;
//! - the text files the graph reads (drawtext's);
//! - the bytes of every file that reaches the pixels or the sound: pictures, clips, sounds, font
//!   files, and the files fontconfig gives for the font families texts name (installing a
//!   font changes what a family draws with, not its name);
//! - the ffmpeg build as it is loaded ([`crate::build::BuildId`]): the program and every
//!   library the loader maps for it, by content.
//!
//! Anything in the renderer that changes a result changes its command, so no version is bumped
//! by hand. A file is hashed once per render ([`FileHashes`]), and what is drawn from it is kept
//! only if it did not change meanwhile ([`FileHashes::unchanged`]): a picture edited while a
//! render runs must not put what it drew under the old picture's key.

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::escape::filter_value;
use crate::graph::Step;

/// A kept result's identity: the hash of everything that reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartKey([u8; 32]);

impl PartKey {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What says whether a file is still the one that was read: its device, inode, size and its
/// modification and change times in nanoseconds. A write in place changes the change time,
/// which no one can set back; a file replaced by another has another inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stat {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl Stat {
    pub(crate) fn of(path: &Path) -> io::Result<Stat> {
        let m = std::fs::metadata(path)?;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Ok(Stat {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime_ns: ns(m.mtime(), m.mtime_nsec()),
            ctime_ns: ns(m.ctime(), m.ctime_nsec()),
        })
    }
}

/// BLAKE3 of a file's bytes, read in pieces (clips can be gigabytes).
///
/// # Errors
/// The file cannot be read.
pub fn hash_file(path: &Path) -> io::Result<blake3::Hash> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize())
}

/// A file's content hash with the [`Stat`] it had while read; an error when it changed while it
/// was read (what was read is then no one version of it).
pub(crate) fn hash_steady(path: &Path) -> io::Result<(Stat, blake3::Hash)> {
    let before = Stat::of(path)?;
    let hash = hash_file(path)?;
    if Stat::of(path)? != before {
        return Err(io::Error::other(format!(
            "{} changed while it was read",
            path.display()
        )));
    }
    Ok((before, hash))
}

/// The content hashes of one render's inputs: a picture or font that several parts read (the
/// scene before a transition, the default font) is read and hashed once. Never kept between
/// renders, so a changed file is always hashed anew.
#[derive(Debug, Default)]
pub struct FileHashes(HashMap<PathBuf, (Stat, blake3::Hash)>);

impl FileHashes {
    /// The content hash of `path`, hashed at its first use in this render.
    ///
    /// # Errors
    /// The file cannot be read, or changed while it was.
    pub fn of(&mut self, path: &Path) -> io::Result<blake3::Hash> {
        if let Some((_, h)) = self.0.get(path) {
            return Ok(*h);
        }
        let (stat, h) = hash_steady(path)?;
        self.0.insert(path.to_owned(), (stat, h));
        Ok(h)
    }

    /// Whether each of `paths` is still the file that was hashed (see [`Stat`]), so what was
    /// drawn from them may be kept under the key made of their hashes. A path never hashed, or
    /// gone, is not.
    pub fn unchanged<'p>(&self, paths: impl IntoIterator<Item = &'p Path>) -> bool {
        paths.into_iter().all(|p| {
            self.0
                .get(p)
                .is_some_and(|(stat, _)| Stat::of(p).is_ok_and(|now| now == *stat))
        })
    }
}

/// Builds a [`PartKey`]. Files read are declared first ([`KeyBuilder::read`]); then commands
/// and texts are hashed with those files' paths, and the folders declared with
/// [`KeyBuilder::place`], written as placeholders.
pub struct KeyBuilder {
    hasher: blake3::Hasher,
    /// (text as it appears, placeholder), longest first when applied.
    neutral: Vec<(String, String)>,
    /// The content hashes of the files read, hashed in sorted order at the end: the order in
    /// which paths sort differs between machines that mount the files elsewhere.
    contents: Vec<[u8; 32]>,
}

impl KeyBuilder {
    /// A key of results drawn by the ffmpeg build `build`.
    pub fn new(build: &str) -> Self {
        let mut hasher = blake3::Hasher::new();
        // The layout of the key itself: change it and every old entry is simply never found.
        hasher.update(b"estudio-part-v2\0");
        let mut key = Self {
            hasher,
            neutral: Vec::new(),
            contents: Vec::new(),
        };
        key.text("ffmpeg", build);
        key
    }

    /// A labelled piece of text, as it is (lengths are hashed too, so pieces cannot run into
    /// each other).
    pub fn text(&mut self, label: &str, value: &str) -> &mut Self {
        for piece in [label.as_bytes(), value.as_bytes()] {
            self.hasher.update(&(piece.len() as u64).to_le_bytes());
            self.hasher.update(piece);
        }
        self
    }

    /// A folder of this render (a part's own, the work folder), written as `placeholder` in
    /// the texts hashed from now on.
    pub fn place(&mut self, dir: &Path, placeholder: &str) -> &mut Self {
        let raw = dir.to_string_lossy().into_owned();
        // In a graph the folder appears escaped (drawtext's `textfile=`): a data folder with a
        // space or a quote in its path must not leave its random work folder in the key.
        let escaped = filter_value(&raw);
        if escaped != raw {
            self.neutral.push((escaped, placeholder.to_owned()));
        }
        self.neutral.push((raw, placeholder.to_owned()));
        self
    }

    /// A file whose bytes reach the result: its content is part of the key, and its path is
    /// written as its content in the texts hashed from now on (as it is, and as a filter
    /// graph's value escapes it).
    ///
    /// # Errors
    /// The file cannot be read, or changed while it was.
    pub fn read(&mut self, path: &Path, hashes: &mut FileHashes) -> io::Result<&mut Self> {
        let content = hashes.of(path)?;
        self.contents.push(*content.as_bytes());
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        // The extension stays: it can choose the demuxer.
        let placeholder = format!("<file:{}{ext}>", content.to_hex());
        let raw = path.to_string_lossy().into_owned();
        let escaped = filter_value(&raw);
        if escaped != raw {
            self.neutral.push((escaped, placeholder.clone()));
        }
        self.neutral.push((raw, placeholder));
        Ok(self)
    }

    /// A labelled text with the declared folders and files written as placeholders.
    pub fn neutral_text(&mut self, label: &str, value: &str) -> &mut Self {
        let value = self.neutral(value);
        self.text(label, &value)
    }

    /// An ffmpeg run: its arguments and its graph, with the declared folders and files written
    /// as placeholders.
    pub fn step(&mut self, step: &Step) -> &mut Self {
        self.neutral_text("args", &step.args.join("\0"));
        if let Some((_, graph)) = &step.graph {
            self.neutral_text("graph", graph);
        }
        self
    }

    /// `value` with the declared folders and files written as placeholders.
    pub fn neutral(&mut self, value: &str) -> String {
        // Longest first: a path that begins with another is replaced whole.
        self.neutral
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut out = value.to_owned();
        for (from, to) in &self.neutral {
            if !from.is_empty() {
                out = out.replace(from.as_str(), to);
            }
        }
        out
    }

    pub fn finish(&mut self) -> PartKey {
        let mut contents = self.contents.clone();
        contents.sort_unstable();
        let mut hasher = self.hasher.clone();
        hasher.update(&(contents.len() as u64).to_le_bytes());
        for c in &contents {
            hasher.update(c);
        }
        PartKey(*hasher.finalize().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn key_of(command: &str, reads: &[&Path]) -> PartKey {
        let mut hashes = FileHashes::default();
        let mut key = KeyBuilder::new("build");
        for r in reads {
            key.read(r, &mut hashes).unwrap();
        }
        key.neutral_text("cmd", command).finish()
    }

    #[test]
    fn a_key_changes_with_any_byte_of_any_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "pic.png", b"picture one");
        let k1 = key_of("x", &[&a]);
        assert_eq!(k1, key_of("x", &[&a]));
        std::fs::write(&a, b"picture two").unwrap();
        assert_ne!(k1, key_of("x", &[&a]));
        // Pieces cannot run into each other.
        let ab = KeyBuilder::new("b").text("a", "bc").finish();
        let abc = KeyBuilder::new("b").text("ab", "c").finish();
        assert_ne!(ab, abc);
        assert_ne!(
            KeyBuilder::new("one build").finish(),
            KeyBuilder::new("another").finish()
        );
    }

    #[test]
    fn a_key_does_not_depend_on_where_the_files_are() {
        let here = tempfile::tempdir().unwrap();
        let there = tempfile::tempdir().unwrap();
        let mut keys = Vec::new();
        for (dir, names) in [
            (here.path(), ["a b.png", "z.ttf"]),
            // Other names, and so another order when sorted by path.
            (there.path(), ["zz:it's.png", "a.ttf"]),
        ] {
            let pic = file(dir, names[0], b"picture");
            let font = file(dir, names[1], b"font");
            let command = format!(
                "-i\0file:{}\0drawtext=fontfile={}",
                pic.display(),
                filter_value(&font.to_string_lossy())
            );
            keys.push(key_of(&command, &[&pic, &font]));
        }
        assert_eq!(keys[0], keys[1]);
    }

    #[test]
    fn a_work_folder_is_a_placeholder_also_where_a_graph_escapes_it() {
        let key = |work: &str| {
            let mut k = KeyBuilder::new("b");
            k.place(Path::new(work), "<part>");
            let graph = format!(
                "drawtext=textfile={}:x=1",
                filter_value(&format!("{work}/text-0.txt"))
            );
            k.neutral_text("graph", &graph).finish()
        };
        assert_eq!(
            key("/home/ana/my data/work/render-x-AbC1"),
            key("/home/ana/my data/work/render-y-ZzZ9")
        );
    }

    #[test]
    fn a_file_changed_after_it_was_hashed_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.png", b"one");
        let mut hashes = FileHashes::default();
        hashes.of(&a).unwrap();
        assert!(hashes.unchanged([a.as_path()]));
        // Rewritten with the same size, its time put back: the change time still moves.
        let stamp = std::fs::metadata(&a).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&a, b"two").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        assert!(!hashes.unchanged([a.as_path()]));
        assert!(!hashes.unchanged([dir.path().join("never-hashed").as_path()]));
    }
}
