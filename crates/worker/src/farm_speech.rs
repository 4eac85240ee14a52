//! Speech a render farm job needs travels with it. A text narration is spoken when the job is
//! queued, into the queuing machine's own speech cache (its data folder), where no other
//! machine can read it: such a job would wait forever for a machine that can. So a farm job's
//! spoken narrations are copied to the storage the farm shares, into `.estudio-speech` beside
//! the job's output (where its parts go too), and the job names those copies. Every machine
//! then renders the very sound that was heard when the job was queued (Piper's voices are not
//! the same twice, so speaking again elsewhere would not be).

use std::io;
use std::path::{Path, PathBuf};

use estudio_render::Prepared;

/// The folder beside `output` that holds the spoken narrations of the farm jobs writing there.
fn shared_dir(output: &Path) -> PathBuf {
    output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(".estudio-speech")
}

/// Copies every narration of `prepared` that lives in `speech_cache` (this machine's) into the
/// shared folder beside `output`, and points the project (and its probe results) at the copies.
/// A copy is named by its content: two machines that spoke the same line differently (Piper
/// never says it twice the same way) never share a file, and a recording already there is the
/// very same bytes. Returns how many narrations now come from the shared folder.
///
/// # Errors
/// The shared folder cannot be made or written: the path that failed.
pub(crate) fn share(
    prepared: &mut Prepared,
    speech_cache: &Path,
    output: &Path,
) -> Result<usize, (PathBuf, io::Error)> {
    let dir = shared_dir(output);
    let mut moved = 0;
    for scene in &mut prepared.project.scenes {
        let Some(src) = scene.narration.as_mut().and_then(|n| n.src.as_mut()) else {
            continue;
        };
        let local = PathBuf::from(&*src);
        if !local.starts_with(speech_cache) {
            continue;
        }
        let content = estudio_render::keys::hash_file(&local).map_err(|e| (local.clone(), e))?;
        let shared = dir.join(format!("{}.wav", content.to_hex()));
        copy_once(&local, &shared).map_err(|e| (shared.clone(), e))?;
        let shared_text = shared.to_string_lossy().into_owned();
        if let Some(info) = prepared.media.remove(src.as_str()) {
            // The copy has the recording's size and time (below), so the probe stands.
            prepared.media.insert(shared_text.clone(), info);
        }
        *src = shared_text;
        moved += 1;
    }
    Ok(moved)
}

/// Copies `from` to `to` unless `to` is there, whole or not at all (a temporary name, then a
/// rename), with `from`'s modification time, so what was probed of it still holds.
fn copy_once(from: &Path, to: &Path) -> io::Result<()> {
    if to.is_file() {
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut temp = to.as_os_str().to_owned();
    temp.push(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
    let temp = PathBuf::from(temp);
    let copied = std::fs::copy(from, &temp).and_then(|_| {
        let modified = std::fs::metadata(from)?.modified()?;
        let file = std::fs::File::options().write(true).open(&temp)?;
        file.set_modified(modified)?;
        file.sync_all()?;
        std::fs::rename(&temp, to)
    });
    if copied.is_err() {
        std::fs::remove_file(&temp).ok();
    }
    copied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_narrations_move_beside_the_output_and_recordings_stay() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("data/cache/speech");
        std::fs::create_dir_all(&cache).unwrap();
        let spoken = cache.join("abc.wav");
        std::fs::write(&spoken, b"RIFF spoken").unwrap();
        let recorded = dir.path().join("voz.wav");
        std::fs::write(&recorded, b"RIFF recorded").unwrap();
        let project = estudio_project::parse(
            serde_json::json!({
                "version": 1, "title": "t",
                "canvas": {"width": 64, "height": 36, "fps": 25},
                "scenes": [
                    {"duration": 1, "background": {"color": "#000"}, "narration": {"src": spoken}},
                    {"duration": 1, "background": {"color": "#000"}, "narration": {"src": recorded}}
                ]
            })
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        let mut prepared = Prepared {
            project,
            media: Default::default(),
        };
        let output = dir.path().join("share/aula.mp4");
        assert_eq!(share(&mut prepared, &cache, &output).unwrap(), 1);
        let srcs: Vec<String> = prepared
            .project
            .scenes
            .iter()
            .map(|s| s.narration.as_ref().unwrap().src.clone().unwrap())
            .collect();
        let shared = dir.path().join("share/.estudio-speech").join(format!(
            "{}.wav",
            estudio_render::keys::hash_file(&spoken).unwrap().to_hex()
        ));
        assert_eq!(srcs, [shared.to_string_lossy(), recorded.to_string_lossy()]);
        assert_eq!(std::fs::read(&shared).unwrap(), b"RIFF spoken");
        assert_eq!(
            std::fs::metadata(&shared).unwrap().modified().unwrap(),
            std::fs::metadata(&spoken).unwrap().modified().unwrap()
        );
    }
}
