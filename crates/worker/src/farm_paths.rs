//! Shared storage seen from this machine: a job queued on one computer names its media and its
//! output as that computer sees them (`/home/ana/cursos/...`); another machine of the farm may
//! mount the same folder elsewhere (`/mnt/cursos`). `--path-map FROM=TO` (and Settings) says
//! so, and before rendering a job a worker checks that it can read every input and write the
//! output's folder; when it cannot, it leaves the job to others instead of failing it.

use std::path::{Path, PathBuf};

use estudio_render::Prepared;

/// Path prefixes to rewrite, first match wins: `FROM=TO`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMap {
    pairs: Vec<(String, String)>,
}

impl PathMap {
    /// `FROM=TO` pairs (both absolute; a trailing `/` is ignored).
    ///
    /// # Errors
    /// A pair without `=`, or a side that is not an absolute path, named as given.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut out = Vec::new();
        for pair in pairs {
            let Some((from, to)) = pair.split_once('=') else {
                return Err(format!("{pair:?} is not FROM=TO"));
            };
            let clean = |s: &str| s.trim().trim_end_matches('/').to_owned();
            let (from, to) = (clean(from), clean(to));
            if !Path::new(&from).is_absolute() || !Path::new(&to).is_absolute() {
                return Err(format!("{pair:?}: both sides must be absolute paths"));
            }
            out.push((from, to));
        }
        Ok(Self { pairs: out })
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `path` as this machine sees it.
    pub fn map(&self, path: &str) -> String {
        for (from, to) in &self.pairs {
            if let Some(rest) = path.strip_prefix(from.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    return format!("{to}{rest}");
                }
            }
        }
        path.to_owned()
    }

    /// Every path of a queued job's prepared project, mapped: its media (and the probe results
    /// kept by their paths). Nothing else: a title or a caption that begins like a path is text.
    pub fn map_prepared(&self, prepared: &mut Prepared) {
        if self.pairs.is_empty() {
            return;
        }
        prepared.project.for_each_path(|p| *p = self.map(p));
        prepared.media = std::mem::take(&mut prepared.media)
            .into_iter()
            .map(|(path, info)| (self.map(&path), info))
            .collect();
    }
}

/// Why this machine cannot render a job: the first input it cannot read, or an output folder
/// it cannot write.
///
/// A file that is not there while the folder it should be in is seen here is missing, not out
/// of reach: no machine will find it, so the job is rendered here and fails at once naming the
/// file's field, as on one computer. The folder is seen when this machine lists it and either
/// finds other files in it or can write the job's output folder (it sees the shared storage);
/// an empty folder on a machine that cannot even write the output may be a share that is not
/// mounted there: out of reach.
pub(crate) fn unfit(project: &Prepared, output: &Path) -> Option<Unreachable> {
    let folder: PathBuf = output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    let writable = match tempfile::Builder::new()
        .prefix(".estudio-check-")
        .tempfile_in(&folder)
    {
        Ok(_) => Ok(()),
        Err(e) => Err(Unreachable {
            path: folder.display().to_string(),
            write: true,
            detail: e.to_string(),
        }),
    };
    for media in project.project.media() {
        match std::fs::File::open(&media.path) {
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && folder_seen(&media.path, writable.is_ok()) => {}
            Err(e) => {
                return Some(Unreachable {
                    path: media.path.clone(),
                    write: false,
                    detail: e.to_string(),
                })
            }
        }
    }
    writable.err()
}

/// Whether this machine sees the folder `path` should be in: it is there, can be listed, and
/// holds something or is known to be on storage this machine sees (`shared_seen`: an empty
/// folder elsewhere may be a mount point with nothing mounted on it).
fn folder_seen(path: &str, shared_seen: bool) -> bool {
    Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .and_then(|d| std::fs::read_dir(d).ok())
        .is_some_and(|mut entries| shared_seen || entries.next().is_some())
}

/// What of a job this machine cannot reach: a file it cannot read, or (`write`) the output's
/// folder it cannot write in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreachable {
    pub path: String,
    pub write: bool,
    pub detail: String,
}

impl Unreachable {
    /// What the job says while it waits, naming this machine.
    pub(crate) fn message(&self, machine: &str) -> estudio_words::Message {
        estudio_words::Message::OutOfReach {
            machine: machine.to_owned(),
            path: self.path.clone(),
            write: self.write,
            detail: self.detail.clone(),
        }
    }
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (verb, path, detail) = (
            if self.write {
                "cannot write in"
            } else {
                "cannot read"
            },
            &self.path,
            &self.detail,
        );
        write!(f, "{verb} {path} ({detail})")
    }
}

#[cfg(test)]
mod tests {
    use super::{PathMap, Prepared};

    #[test]
    fn prefixes_map_whole_components_only() {
        let m = PathMap::parse(["/home/ana/cursos=/mnt/cursos/", "/srv=/data"]).unwrap();
        assert_eq!(m.map("/home/ana/cursos/a/b.png"), "/mnt/cursos/a/b.png");
        assert_eq!(m.map("/home/ana/cursos"), "/mnt/cursos");
        assert_eq!(m.map("/home/ana/cursos2/x"), "/home/ana/cursos2/x");
        assert_eq!(m.map("/srv/x"), "/data/x");
        assert!(PathMap::parse(["relative=/x"]).is_err());
        assert!(PathMap::parse(["/x"]).is_err());
    }

    #[test]
    fn a_job_s_paths_are_mapped_and_its_texts_are_not() {
        let m = PathMap::parse(["/srv/cursos=/mnt/cursos"]).unwrap();
        let project = estudio_project::parse(
            serde_json::json!({
                "version": 1, "title": "/srv/cursos/aula",
                "canvas": {"width": 64, "height": 36, "fps": 25},
                "scenes": [{"duration": 1, "background": {"image": "/srv/cursos/a.png"},
                            "texts": [{"text": "/srv/cursos/x"}], "caption": "/srv/cursos/y"}]
            })
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        let mut prepared = Prepared {
            project,
            media: Default::default(),
        };
        m.map_prepared(&mut prepared);
        let scene = &prepared.project.scenes[0];
        assert!(matches!(&scene.background,
            estudio_project::Background::Image { image, .. } if image == "/mnt/cursos/a.png"));
        assert_eq!(scene.texts[0].text, "/srv/cursos/x");
        assert_eq!(scene.caption.as_deref(), Some("/srv/cursos/y"));
        assert_eq!(prepared.project.title, "/srv/cursos/aula");
    }
}
