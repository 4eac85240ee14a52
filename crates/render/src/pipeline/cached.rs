//! Which of a plan's parts (and its sound) the cache of finished parts has, and keeping the
//! others once they are drawn: only under the key of what they were drawn from.

use crate::keys::{FileHashes, KeyBuilder, PartKey};
use crate::parts::PartCache;
use crate::{graph, RenderLog};

/// The cache lookups of one render.
pub(super) struct Cached<'a> {
    cache: Option<&'a PartCache>,
    keys: Vec<Option<PartKey>>,
    /// Whether each part was found (and linked into place).
    pub(super) hit: Vec<bool>,
    sound_key: Option<PartKey>,
    pub(super) sound_hit: bool,
    /// The content hashes the keys were made of, with what each file was when hashed.
    hashes: FileHashes,
}

impl<'a> Cached<'a> {
    /// Looks up the parts `wanted` says (all of a render, or a farm piece's own: a piece never
    /// reads or hashes the rest of its job) and, when `sound`, the encoded sound; the ones found
    /// are linked into place. `build` is the ffmpeg build ([`crate::build`]); without one
    /// nothing is looked up or kept.
    pub(super) fn find(
        plan: &graph::Plan,
        cache: Option<&'a PartCache>,
        build: Option<&str>,
        wanted: impl Fn(&graph::Part) -> bool,
        sound: bool,
    ) -> Self {
        let cache = cache.filter(|_| build.is_some());
        let build = build.unwrap_or_default();
        let mut hashes = FileHashes::default();
        let keys: Vec<Option<PartKey>> = plan
            .parts
            .iter()
            .map(|part| {
                cache?;
                if !wanted(part) {
                    return None;
                }
                // An input that cannot be read fails the render anyway, in ffmpeg's words.
                part_key(part, &plan.files, build, &mut hashes).ok()
            })
            .collect();
        let hit = plan
            .parts
            .iter()
            .zip(&keys)
            .map(|(part, key)| match (cache, key) {
                (Some(c), Some(k)) => c.take(k, part.ext, part.frames, &part.output),
                _ => false,
            })
            .collect();
        let sound_key = cache
            .filter(|_| sound)
            .and_then(|_| sound_key(plan, build, &mut hashes));
        // Sound has no frames to count; its record's size and content hash still guard it.
        let sound_hit = match (cache, &sound_key, plan.sound_file()) {
            (Some(c), Some(k), Some((path, ext))) => c.take(k, ext, 0, path),
            _ => false,
        };
        Self {
            cache,
            keys,
            hit,
            sound_key,
            sound_hit,
            hashes,
        }
    }

    /// Keeps the parts of `run` once it has rendered, if ffmpeg made the frames it should (its
    /// final report; the segment muxer cuts by frame count and each part's end is the next
    /// one's start, so a whole run means whole parts; the joined video is counted again), and
    /// if no file they were drawn from changed since it was hashed.
    pub(super) fn keep_run(&self, plan: &graph::Plan, run: &graph::Run, log: &RenderLog) {
        let Some(cache) = self.cache else { return };
        let parts = &plan.parts[run.parts.clone()];
        let expected: u64 = parts.iter().map(|p| p.frames).sum();
        if log.frames != expected {
            tracing::warn!(
                found = log.frames,
                expected,
                "parts are not cached: ffmpeg made another number of frames"
            );
            return;
        }
        for (part, key) in parts.iter().zip(&self.keys[run.parts.clone()]) {
            let Some(key) = key else { continue };
            if self
                .hashes
                .unchanged(part.reads.files.iter().map(std::path::PathBuf::as_path))
            {
                cache.keep(key, part.ext, part.frames, &part.output);
            } else {
                tracing::warn!(
                    scenes = ?part.scenes,
                    "a file this part was drawn from changed during the render: the part is not kept"
                );
            }
        }
    }

    /// Keeps the encoded sound once it is made, if no sound file changed meanwhile.
    pub(super) fn keep_sound(&self, plan: &graph::Plan) {
        let (Some(cache), Some(key), Some((path, ext))) =
            (self.cache, &self.sound_key, plan.sound_file())
        else {
            return;
        };
        let reads = plan.sound_reads();
        if self
            .hashes
            .unchanged(reads.iter().map(std::path::PathBuf::as_path))
        {
            cache.keep(key, ext, 0, path);
        } else {
            tracing::warn!("a sound file changed during the render: the sound is not kept");
        }
    }
}

/// The key of a part's pictures: its command and graph with its own folder written as a
/// placeholder and every file it reads as its content, the text files in its folder, and the
/// ffmpeg build (see [`crate::keys`]). `None`-worthy (an error) when a file cannot be read, or
/// a font family's file is unknown.
fn part_key(
    part: &graph::Part,
    files: &[(std::path::PathBuf, String)],
    build: &str,
    hashes: &mut FileHashes,
) -> std::io::Result<PartKey> {
    if !part.reads.known {
        return Err(std::io::Error::other("a font family's file is unknown"));
    }
    let mut key = KeyBuilder::new(build);
    key.place(&part.dir, "<part>");
    for path in &part.reads.files {
        key.read(path, hashes)?;
    }
    key.step(&part.step);
    for (path, content) in files.iter().filter(|(p, _)| p.starts_with(&part.dir)) {
        let label = key.neutral(&path.to_string_lossy());
        key.text(&label, content);
    }
    Ok(key.finish())
}

/// The key of the encoded sound of a render in parts: the mix's command and graph and the
/// bytes of every file it opens, the sound step's command (whose gain follows from the mix),
/// the loudness target and the ffmpeg build, with the work folder as a placeholder. `None`
/// without a sound step, or when a sound file cannot be read.
fn sound_key(plan: &graph::Plan, build: &str, hashes: &mut FileHashes) -> Option<PartKey> {
    let sound = plan.sound_step(None)?;
    let mut key = KeyBuilder::new(build);
    key.place(plan.work_dir(), "<work>");
    for path in plan.sound_reads() {
        key.read(&path, hashes).ok()?;
    }
    key.text("target", &plan.loudness_target().to_string());
    for step in plan.mix.iter().chain([&sound]) {
        key.step(step);
    }
    Some(key.finish())
}
