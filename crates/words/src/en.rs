//! The English catalogue.

use crate::format::list;
use crate::message::{
    Cause, EditWhy, FileLooks, MediaWhy, Message, OpenWhy, OutputWhy, Pointed, PresetName, Status,
    Takes, Unit,
};
use crate::Lang;

const L: Lang = Lang::En;

fn n(v: f64) -> String {
    L.num(v)
}

/// A scene by its pointer, the one numbering every problem uses: "the scene /scenes/3".
fn scene_name(index: u64) -> String {
    format!("the scene /scenes/{index}")
}

fn secs(v: f64) -> String {
    L.secs(v)
}

fn pointed(p: &Pointed) -> String {
    let at = if p.pointer.is_empty() {
        "/"
    } else {
        &p.pointer
    };
    format!("{at}: {}", words(&p.message))
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Queued => "queued",
        Status::Processing => "rendering",
        Status::Completed => "completed",
        Status::Failed => "failed",
        Status::Canceled => "canceled",
    }
}

fn takes(t: &[Takes]) -> String {
    t.iter()
        .map(|t| match t {
            Takes::Number => "a number".to_owned(),
            Takes::TrueOrFalse => "true or false".to_owned(),
            Takes::Text => "a text in quotes".to_owned(),
            Takes::Object => "an object".to_owned(),
            Takes::List => "a list".to_owned(),
            Takes::OneOf(names) => format!(
                "one of {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn cause(c: &Cause) -> String {
    match c {
        Cause::NotFound => "it does not exist".into(),
        Cause::PermissionDenied => "permission denied".into(),
        Cause::AlreadyExists => "it exists already".into(),
        Cause::ReadOnly => "the disk is read-only".into(),
        Cause::NoSpace => "the disk is full".into(),
        Cause::NotAFolder => "a part of the path is not a folder".into(),
        Cause::IsAFolder => "it is a folder".into(),
        Cause::NotARegularFile => "it is not a regular file".into(),
        Cause::Other { detail } => detail.clone(),
    }
}

/// `" pixels"`, `" of the canvas height"`: what follows the range's upper bound.
fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Plain => "",
        Unit::Seconds => " s",
        Unit::Pixels => " pixels",
        Unit::Fps => " fps",
        Unit::Canvas => " of the canvas",
        Unit::CanvasWidth => " of the canvas width",
        Unit::CanvasHeight => " of the canvas height",
        Unit::Lufs => " LUFS",
        Unit::Degrees => "°",
    }
}

fn media_why(w: &MediaWhy) -> String {
    match w {
        MediaWhy::Unreadable => "the file cannot be read".into(),
        MediaWhy::NotAFont => "not a TrueType, OpenType or WOFF font file".into(),
        MediaWhy::NotMedia { detail } => format!("not a media file ffmpeg can read ({detail})"),
        MediaWhy::ProbeFailed { detail } => format!("ffprobe could not read it ({detail})"),
        MediaWhy::ToolMissing { program, detail } => words(&Message::FfmpegNotStarted {
            program: program.clone(),
            detail: detail.clone(),
        }),
        MediaWhy::PictureUndecodable => "its picture cannot be decoded".into(),
        MediaWhy::NoPicture => "it has no picture".into(),
        MediaWhy::ClipWithoutSound => {
            "it has no sound; set `audio` to false or use a clip with sound".into()
        }
        MediaWhy::NoSound => "it has no sound".into(),
        MediaWhy::LengthUnknown => "its length is unknown".into(),
    }
}

fn output_why(w: &OutputWhy) -> String {
    match w {
        OutputWhy::NamesNoFile => "it names no file".into(),
        OutputWhy::IsFolder => "it is a folder".into(),
        OutputWhy::FolderMissing => "its folder does not exist".into(),
        OutputWhy::IsProjectFile => "it is one of the project's own files".into(),
        OutputWhy::SideFileIsProjectFile { side } => {
            format!("{side} would be written beside it, and it is one of the project's own files")
        }
        OutputWhy::OtherFileThere { kind } => {
            format!("a file that is not a {kind} video is there already; choose another name")
        }
        OutputWhy::Exists { existing } => format!(
            "{existing} is there already; choose another name, or replace it (estudio-cli: --force)"
        ),
        // The path is said by the sentence around it.
        OutputWhy::AppearedSince { .. } => "a file appeared there after the export was queued, and it was kept; export again to replace it, or choose another name".into(),
        OutputWhy::Unusable { cause: c } => cause(c),
    }
}

fn open_why(w: OpenWhy) -> &'static str {
    match w {
        OpenWhy::NotCompleted => "only a completed job's video can be opened",
        OpenWhy::PresetUnknown => "its format is unknown",
        OpenWhy::Gone => "its video is gone",
        OpenWhy::Replaced => "its file was replaced by something else",
        OpenWhy::NotPreview => "only a completed preview can be played in the window",
    }
}

pub(crate) fn preset_name(p: PresetName) -> &'static str {
    match p {
        PresetName::Mp4_1080p => "MP4 1080p (H.264 + AAC)",
        PresetName::Mp4_720p => "MP4 720p (H.264 + AAC)",
        PresetName::Mp4_480p => "MP4 480p (H.264 + AAC)",
        PresetName::Preview => "Preview (360p, fast)",
        PresetName::Webm1080p => "WebM 1080p (VP9 + Opus)",
        PresetName::Gif => "Animated GIF (360p, 12 fps, no sound)",
        PresetName::M4a => "Sound only (M4A, AAC)",
    }
}

pub(crate) fn words(m: &Message) -> String {
    use Message as M;
    match m {
        M::JsonSyntax { detail, line, column } => {
            format!("the file is not valid JSON: {detail} (line {line}, column {column})")
        }
        M::JsonStructure { detail } => detail.clone(),
        M::ProjectUnreadable { path, cause: c } => format!("cannot read {path}: {}", cause(c)),
        M::ProjectTooLarge { path, size, max } => format!(
            "{path} is {} bytes; project files are limited to {} bytes",
            L.int(*size),
            L.int(*max)
        ),
        M::InFile { path, problem } => format!("{path}: {}", pointed(problem)),
        M::VersionUnsupported { found, supported } => {
            format!("version {found} is not supported; this build reads version {supported}")
        }
        M::TitleEmpty => "the title is empty".into(),
        M::NoScenes => "a project needs at least one scene".into(),
        M::TooManyScenes { count, max } => format!(
            "{} scenes; at most {} are supported",
            L.int(*count),
            L.int(*max)
        ),
        M::VideoTooLong { secs: s, max } => format!(
            "the video would last {} s; at most {} s are supported",
            L.fixed(*s, 0),
            L.fixed(*max, 0)
        ),
        M::NotPrepared => {
            "the project was not prepared: a scene's duration is still unknown".into()
        }
        M::Between { field, value, min, max, unit: u } => format!(
            "{field} {} must be between {} and {}{}",
            n(*value),
            n(*min),
            n(*max),
            unit(*u)
        ),
        M::AboveZero { field, value, max, unit: u } => format!(
            "{field} {} must be greater than 0 and at most {}{}",
            n(*value),
            n(*max),
            unit(*u)
        ),
        M::NotNegative { field, value, unit: u } => {
            format!("{field} {}{} must be 0 or more", n(*value), unit(*u))
        }
        M::NoDuration => "the scene has no duration and no narration to take it from: give it a `duration`, or set `defaults.duration` for every scene without one".into(),
        M::ClipsWithoutLength => "the scene takes its length from its clips, but they do not say how long they are (a picture given as a clip, or a recording that does not say its length): give the scene a `duration`".into(),
        M::ClipLengthUnknown { file } => format!("{file} does not say how long it is (a recording saved straight from a browser is often so), and this needs it: give the clip's end (for a stretch), or use a copy that says it (`ffmpeg -i {file} -c copy copy.webm` makes one)"),
        M::ShorterThanFrame { secs: s, fps } => {
            format!("duration {} is shorter than one frame at {fps} fps", secs(*s))
        }
        M::TextEmpty => "the text is empty".into(),
        M::TextTooLong { max } => format!("the text is longer than {} characters", L.int(*max)),
        M::PathEmpty => "the path is empty".into(),
        M::FileNotFound { path } => format!("file not found: {path}"),
        M::NotAFile { path } => format!("not a regular file: {path}"),
        M::BadColor { value } => format!(
            "{value:?} is not a colour; write it as CSS does: #rrggbb, #rgb, #rrggbbaa, a name such as white, or rgb(255 255 255 / 50%)"
        ),
        M::BackgroundSeveral { kinds } => format!(
            "a background is one of `image`, `color`, `video` or `gradient`, but this one has {}; keep one",
            crate::format::list(
                crate::Lang::En,
                &kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>()
            )
        ),
        M::GradientColors { count } => format!(
            "a gradient goes from one colour to another: give it 2 to 8 colours, not {count}"
        ),
        M::CanvasSeeThrough { value } => format!(
            "the canvas colour {value:?} is see-through, but nothing is behind the canvas; give it an opaque colour"
        ),
        M::FontFamilyBad => {
            "a font family is a name of at most 200 characters, without control characters".into()
        }
        M::StartOutside { secs: s } => format!("start {} must lie within the scene", secs(*s)),
        M::EndOutside { secs: s } => {
            format!("end {} must lie within the scene and after the start", secs(*s))
        }
        M::NotAVoiceName { voice } => format!(
            "{voice:?} is not a voice name; use an espeak-ng voice such as pt-br or en-us, piper:NAME for a Piper voice, or the path of a Piper voice's .onnx file"
        ),
        M::NarrationBoth => {
            "give either `src` (a recording) or `text` (to be spoken), not both".into()
        }
        M::NarrationNeither => {
            "a narration needs `src` (a recording) or `text` (to be spoken)".into()
        }
        M::DelayOutOfRange { secs: s } => format!(
            "delay {} must be 0 or more and shorter than the scene",
            secs(*s)
        ),
        M::UnknownTransition { name } => format!(
            "unknown transition {name:?}; use `cut`, `random`, an ffmpeg xfade name such as `fade`, `wipeleft` or `slideup`, or one of editly's such as `crossfade` or `directional-left`"
        ),
        M::EndNotAfterStart { start, end } => format!(
            "end {} must come after start {}",
            secs(*end),
            secs(*start)
        ),
        M::ClipEndPastEnd { end, file, length } => format!(
            "ends at {}, but {file} lasts {} s",
            secs(*end),
            L.fixed(*length, 3)
        ),
        M::TextMotionTooLong { secs: s } => format!(
            "an entrance or exit of {} must be longer than 0 and fit in the time the text is shown",
            secs(*s)
        ),
        M::TextWordTooWide { word } => format!(
            "the word {word:?} is wider than the text may be, even alone on its line; make the text smaller or its `width` larger"
        ),
        M::TextOffCanvas { lines } => format!(
            "wrapped into {} line{}, the text runs off the canvas; make it shorter or smaller, or move it",
            L.int(*lines),
            if *lines == 1 { "" } else { "s" }
        ),
        M::TrimWithoutRecording => {
            "`start` and `end` cut a recording (`src`); a spoken `text` has none to cut".into()
        }
        M::MusicDelayOutOfRange { secs: s } => format!(
            "the music's delay {} must be 0 or more and shorter than the video",
            secs(*s)
        ),
        M::StretchWithoutDuration => {
            "the clip is stretched to the scene's length, and this scene gives none; give it a `duration`, or play the clip as it is".into()
        }
        M::SpeedAndFitTime => {
            "the clip is stretched to the scene's length, which sets its speed, so it takes no `speed` too; keep one of the two".into()
        }
        M::StretchTooFar { speed, min, max } => format!(
            "stretched to the scene's length the clip would play at {}×, and it plays from {}× to {}×; change the scene's duration or the clip's cut",
            L.num(*speed),
            L.num(*min),
            L.num(*max)
        ),
        M::LayerFitBlur => {
            "`fit: blur` fills the canvas around a background; a clip over the background fits its box with `cover`, `contain` or `stretch`".into()
        }
        M::BlurWithoutBlurFit => {
            "`blur` is how strong the blur of `fit: blur` is, but this background's fit is another; write `\"fit\": \"blur\"` or remove `blur`".into()
        }
        M::CutWithEasing => {
            "a cut has no pace: it changes at once; remove `easing` for a cut, or name a transition such as `fade`".into()
        }
        M::AngleOnRadial => {
            "a radial gradient spreads from the centre and has no direction; remove `angle`, or write `\"type\": \"linear\"`".into()
        }
        M::CutWithDuration { secs: s } => format!(
            "a cut has no duration, but this one says {}; remove `duration` for a cut, or name a transition such as `fade`",
            secs(*s)
        ),
        M::TransitionTooLong { secs: t, scene, scene_secs, incoming } => format!(
            "a transition of {} is longer than {} ({}) allows{}",
            secs(*t),
            scene_name(*scene),
            secs(*scene_secs),
            match incoming {
                Some(i) => format!(" after its incoming {} transition", secs(*i)),
                None => String::new(),
            }
        ),
        M::TransitionTooLongNext { secs: t, next, next_secs } => format!(
            "a transition of {} is longer than the next scene, /scenes/{next} ({}), allows",
            secs(*t),
            secs(*next_secs)
        ),
        M::Media { file, why } => format!("{file}: {}", media_why(why)),
        M::ClipStartPastEnd { start, file, length } => format!(
            "starts at {}, but {file} lasts {} s",
            secs(*start),
            L.fixed(*length, 3)
        ),
        M::CutHoldsNoFrame { start, end, file, fps } => format!(
            "the cut from {} to {} holds no picture of {file}, which has one every {} s ({} per second); start it earlier or end it later",
            secs(*start),
            secs(*end),
            L.fixed(1.0 / fps, 3),
            L.num((fps * 100.0).round() / 100.0)
        ),
        M::WrongValue { value, takes: t } => format!("{value} is not a value this field takes: it takes {}", takes(t)),
        M::LoopShorterThanFrame { secs: s, fps } => format!(
            "a looped cut of {} s is shorter than one frame of the video at {fps} fps, so a pass would show nothing; make it at least {} s long",
            L.fixed(*s, 3),
            L.fixed(1.0 / f64::from(*fps), 3)
        ),
        M::EspeakMissing { detail } => format!(
            "espeak-ng could not be started ({detail}); install espeak-ng (Debian: apt-get install espeak-ng)"
        ),
        M::UnknownEspeakVoice { voice } => {
            format!("espeak-ng has no voice {voice:?}; `espeak-ng --voices` lists them")
        }
        M::SpeechFailed { program, detail } => format!("{program} failed: {detail}"),
        M::SpeechTimedOut { program, secs } => {
            format!("{program} took longer than {secs} s to speak the text and was stopped")
        }
        M::SpeechCanceled => "speaking was canceled".to_owned(),
        M::PiperMissing { program, detail } => format!(
            "Piper could not be started ({program}: {detail}); install it with `pip install piper-tts` and put `piper` on the PATH, or set ESTUDIO_PIPER to it (espeak-ng voices work without it)"
        ),
        M::PiperVoiceNotFound { name, folders } => format!(
            "there is no Piper voice {name:?} in {}; put {name}.onnx and {name}.onnx.json in one of those folders (Piper's voices are published at https://huggingface.co/rhasspy/piper-voices)",
            list(L, folders)
        ),
        M::PiperVoiceFileMissing { path } => format!("the Piper voice {path} does not exist"),
        M::PiperVoiceUnreadable { path, detail } => format!(
            "the Piper voice's settings {path} are missing or unreadable ({detail}); a voice is two files, NAME.onnx and NAME.onnx.json"
        ),
        M::NoPiperVoices { folders } => format!(
            "No Piper voices in {}: put NAME.onnx and NAME.onnx.json in one of them (Piper's voices are published at https://huggingface.co/rhasspy/piper-voices).",
            list(L, folders)
        ),
        M::SpeechCacheUnwritable { path, cause: c } => {
            format!("cannot write the speech cache {path}: {}", cause(c))
        }
        M::CrfNotApplicable { preset } => {
            let preset = preset_name(*preset);
            format!("crf does not apply to the {preset} format")
        }
        M::CrfOutOfRange { crf, preset, max } => {
            let preset = preset_name(*preset);
            format!("crf {crf} is out of range; {preset} takes 0 to {max}")
        }
        M::EncoderPresetNotH264 { preset } => {
            let preset = preset_name(*preset);
            format!(
            "an encoder preset applies to H.264 formats only, not {preset}"
        )
        }
        M::UnknownEncoderPreset { name, known } => format!(
            "unknown encoder preset {name:?}; choose one of {}",
            known.join(", ")
        ),
        M::LoudnessOutOfRange { lufs } => {
            format!("loudness {} LUFS is out of range; use -40 to -5", n(*lufs))
        }
        M::LoudnessAndKeepLevels => {
            "a loudness target and keeping the levels exclude each other".into()
        }
        M::PosterWithoutPictures { preset } => {
            let preset = preset_name(*preset);
            format!("the {preset} format has no pictures for a poster")
        }
        M::UnknownPreset { name, known } => format!(
            "unknown format {name:?}; choose one of {}",
            known.join(", ")
        ),
        M::ProjectInvalid { problems } => format!(
            "the project has {} problem{}: {}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            problems.iter().map(pointed).collect::<Vec<_>>().join("; ")
        ),
        M::Output { path, why } => format!("cannot export to {path}: {}", output_why(why)),
        M::NoFont => "no font for text was found; install fonts-dejavu-core or set ESTUDIO_FONT".into(),
        M::FfmpegNotStarted { program, detail } => format!(
            "{program} could not be started ({detail}); install ffmpeg (Debian: apt-get install ffmpeg) or set ESTUDIO_FFMPEG"
        ),
        M::FfmpegTooOld { found } => format!(
            "ffmpeg {found} is too old; Estúdio needs FFmpeg 5.1 or newer (set ESTUDIO_FFMPEG to a newer build)"
        ),
        M::FfmpegBrokenLoop { found } => format!(
            "ffmpeg {found} cannot be used: it never finishes a video whose music loops; use Debian's FFmpeg 5.1 or a newer release (9.0 is tested)"
        ),
        M::FfmpegLacks { program, missing } => format!(
            "{program} lacks {}; install a full ffmpeg build (Debian's ffmpeg package has them)",
            list(L, missing)
        ),
        M::PresetUnavailable { preset, missing } => {
            let preset = preset_name(*preset);
            format!(
            "the {preset} format needs {}, which this ffmpeg lacks",
            list(L, missing)
        )
        }
        M::Stalled { secs: s } => format!("ffmpeg made no progress for {s} s and was stopped"),
        M::Incomplete { expected, found } => format!(
            "the video has {} frames where the timeline has {}; it was not saved",
            L.int(*found),
            L.int(*expected)
        ),
        M::NoSpace { folder, needed, available } => format!(
            "not enough free space in {folder}: the render needs about {} there, {} are free",
            L.mb(*needed),
            L.mb(*available)
        ),
        M::FfmpegFailed { detail } => format!("ffmpeg failed: {detail}"),
        M::FfmpegKilled { signal } => format!(
            "ffmpeg was stopped by the system (signal {signal}: out of memory or a crash); trying again may work"
        ),
        M::FfmpegExited { code } => format!("ffmpeg ended with status {code}"),
        M::FfmpegWroteNothing => "ffmpeg reported success but wrote nothing".into(),
        M::OutputUnverifiable { why } => {
            format!("the finished video cannot be read back: {}", media_why(why))
        }
        M::Canceled => "canceled".into(),
        M::Io { path, cause: c } => format!("{path}: {}", cause(c)),
        M::SnapshotUnreadable { detail } => format!(
            "the job's copy of the project cannot be read ({detail}); export the project again"
        ),
        M::ThreadFailed { cause: c } => format!("cannot start a thread: {}", cause(c)),
        M::NoSuchJob { id } => format!("no job with id {id}"),
        M::CannotBecome { id, from, to } => {
            format!("job {id} is {}; it cannot become {}", status(*from), status(*to))
        }
        M::OutputTaken {
            path,
            job,
            title,
            status: s,
        } => format!(
            "the export of “{title}” ({}, job {job}) already writes {path}; wait for it, cancel it or choose another file",
            status(*s)
        ),
        M::JobRunning { id } => format!("job {id} is being rendered; cancel it first"),
        M::LeaseLost { id } => format!("the lease on job {id} was lost"),
        M::WorkerLost => "the worker rendering this job stopped (crashed or was killed)".into(),
        M::UnknownStatus { value } => format!("unknown job status {value:?} in the database"),
        M::DatabaseDamaged { path, detail } => {
            format!("the queue database {path} is damaged ({detail})")
        }
        M::DatabaseReadOnly { path } => format!(
            "the queue database {path} cannot be written (read-only file or folder); check its permissions"
        ),
        M::DatabaseUnusable { detail } => format!("the queue database is not usable: {detail}"),
        M::MigrationFailed { detail } => {
            format!("the queue database could not be migrated: {detail}")
        }
        M::QueueFolder { path, cause: c } => {
            format!("cannot create the queue's folder {path}: {}", cause(c))
        }
        M::DatabaseUnreachable { server, detail } => {
            format!("the queue's PostgreSQL server {server} cannot be reached: {detail}")
        }
        M::DatabaseLogin { server, user } => format!(
            "the PostgreSQL server {server} refused user {user}: wrong password or no such user (check the URL, PGPASSWORD or ~/.pgpass)"
        ),
        M::DatabaseMissing { server, dbname } => {
            format!("the PostgreSQL server {server} has no database {dbname}; create it first (createdb {dbname})")
        }
        M::DatabaseAddress { detail } => format!("the queue's address cannot be used: {detail}"),
        M::DatabaseTls { detail } => format!("the secure connection to the queue's server failed: {detail}"),
        M::FarmConnected { farm, version } => format!("connected to {farm} ({version}); Estúdio uses it from its next start"),
        M::PathMapInvalid { detail } => format!("the path map cannot be used: {detail} (write one FROM=TO per line, both absolute paths)"),
        M::OutOfReach { machine, path, write: false, detail } => {
            format!("waiting for a machine that can read {path}: {machine} cannot ({detail})")
        }
        M::OutOfReach { machine, path, write: true, detail } => {
            format!("waiting for a machine that can write in {path}: {machine} cannot ({detail})")
        }
        M::FarmUnreachable { farm, detail } => format!(
            "the render farm {farm} cannot be reached ({detail}); this computer's own queue is used until it can"
        ),
        M::DatabaseNewer { found, known } => format!(
            "the queue's database was set up by a newer Estúdio (schema {found}; this one knows up to {known}); update Estúdio"
        ),
        M::NotOpenable { id, why } => format!("job {id}: {}", open_why(*why)),
        M::NothingOpened { video: true, folder } => format!(
            "no program on this computer opened the video (a video player may be missing); it is in {folder}"
        ),
        M::NothingOpened { video: false, folder } => format!(
            "no file manager on this computer showed the folder; the video is in {folder}"
        ),
        M::NothingRendered { path, count } => format!(
            "{path} has {count} problem{}; nothing was rendered",
            if *count == 1 { "" } else { "s" }
        ),
        M::ImportedWithProblems { path, count } => format!(
            "{path} was written, but it cannot be exported until {} fixed",
            if *count == 1 { "this problem is".to_owned() } else { format!("these {count} problems are") }
        ),
        M::QueueUnopenable { path } => format!("cannot open the queue at {path}"),
        M::QueueReplaced { path, aside } => format!(
            "warning: the queue database {path} was damaged; it was kept as {aside} and a new, empty queue was started"
        ),
        M::SampleUnwritable { path } => format!("cannot write the sample into {path}"),
        M::QueueSetAside { path } => format!(
            "The render queue's database was damaged. It was kept as {path} and a new, empty queue was started."
        ),
        M::PrefsSetAside { path } => format!(
            "Your preferences could not be read. They were kept as {path} and the defaults are used."
        ),
        M::NoImages => {
            "none of the dropped files is an image (PNG, JPEG, WebP, BMP, GIF or TIFF)".into()
        }
        M::ProjectUnwritable { path, cause: c } => {
            format!("cannot write the project {path}: {}", cause(c))
        }
        M::PrefsUnwritable { path, cause: c } => {
            format!("cannot save the preferences to {path}: {}", cause(c))
        }
        M::DeckUnreadable { path, cause: c } => {
            format!("cannot read the deck {path}: {}", cause(c))
        }
        M::DeckNotADeck { path } => format!(
            "{path} is not a PowerPoint, Impress or PDF deck (.pptx, .ppt, .odp or .pdf)"
        ),
        M::DeckIsOther { path, looks } => format!(
            "{path} is not a slide deck: it is {}",
            match looks {
                FileLooks::Empty => "an empty file",
                FileLooks::Folder => "a folder",
                FileLooks::Picture => "a picture",
                FileLooks::Text => "a text file",
            }
        ),
        M::DeckDamaged { path, detail } => format!("the deck {path} is damaged: {detail}"),
        M::DeckLocked { path } => format!(
            "the deck {path} is protected by a password; save a copy without one and import that"
        ),
        M::DeckEscapes { path, member } => format!(
            "the deck {path} is refused: its member {member} would be unpacked outside the deck"
        ),
        M::DeckTooBig { path, limit } => format!(
            "the deck {path} is refused: it would unpack to more than {limit}"
        ),
        M::DeckTooManySlides { path, found, limit } => format!(
            "the deck {path} has {} slides; at most {} can be imported",
            L.int(*found as u64),
            L.int(*limit as u64)
        ),
        M::DeckConversion { path, detail } => {
            format!("the deck {path} could not be drawn into pictures: {detail}")
        }
        M::DeckNoSlides { path, hidden: 0 } => format!("the deck {path} has no slides"),
        M::DeckNoSlides { path, hidden } => format!(
            "the deck {path} has no slide to show: its {} slides are all hidden",
            L.int(*hidden)
        ),
        M::DeckToolsMissing { programs, packages } => format!(
            "importing slide decks needs {}, not installed on this computer (on Debian or Ubuntu: sudo apt install {})",
            list(Lang::En, programs),
            packages.join(" ")
        ),
        M::DeckUnopenable { path, said } if said.is_empty() => format!(
            "the deck {path} could not be opened: it is damaged, or protected by a password"
        ),
        M::DeckUnopenable { path, said } => format!(
            "the deck {path} could not be opened: it is damaged, or protected by a password (LibreOffice says: {said})"
        ),
        M::ProgramTimedOut { program, secs } => {
            format!("{program} took longer than {} s and was stopped", L.int(*secs))
        }
        M::ProgramMissing { program, detail } => {
            format!("{program} is not installed or could not start ({detail})")
        }
        M::ProgramFailed { program, detail } => format!("{program} failed: {detail}"),
        M::DeckPages { path, pages, slides } => format!(
            "the deck {path} has {} visible slides, but LibreOffice drew {} pages",
            L.int(*slides as u64),
            L.int(*pages as u64)
        ),
        M::DeckPptUnsafe { path } => format!(
            "{path} is an old PowerPoint file, which can only be read safely where LibreOffice can be kept off the network (unshare -rn); save it as .pptx and import that"
        ),
        M::ProjectExists { path } => format!(
            "{path} already exists; nothing was written (--force replaces it)"
        ),
        M::NotAProjectFile { path } => format!(
            "{path} is not an Estúdio project, and an import replaces only a project; nothing was written (choose another name)"
        ),
        M::ScenesFromCache { reused, of } => format!("{reused} of {of} scenes from the cache"),
        M::NotASize { value } => {
            format!("{value} is not a size; write it as 4G, 500M or a number of bytes")
        }
        M::BadEdit { at, why } => {
            let at = if at.is_empty() { "/" } else { at.as_str() };
            let why = match why {
                EditWhy::BadPointer => "a JSON Pointer starts with “/”".to_owned(),
                EditWhy::NoSuchField => "there is no such field".to_owned(),
                EditWhy::PastEnd { len } => format!("past the end (there are {len})"),
                EditWhy::NotAnIndex => "not a position in a list (0, 1, 2…)".to_owned(),
                EditWhy::NotAContainer { within } => {
                    format!("it holds a value, not fields, so {within} cannot be reached")
                }
                EditWhy::NotAList => "not a list".to_owned(),
                EditWhy::NotAnObject => "a project is an object (“{…}”)".to_owned(),
                EditWhy::WholeDocument => "the whole project cannot be removed or moved".to_owned(),
                EditWhy::Repeated { index } => format!("{index} is named twice"),
                EditWhy::NotAnOrder { len } => {
                    format!("an order names each of the {len} elements once")
                }
                EditWhy::TooDeep { max } => {
                    format!("nested deeper than the {max} levels a project file may have")
                }
                EditWhy::TooLarge { bytes, max } => format!(
                    "a value of {} bytes, more than a whole project file may have ({})",
                    L.int(*bytes),
                    L.int(*max)
                ),
            };
            format!("{at}: {why}; the project was left as it was")
        }
        M::BeingEdited {
            path,
            program,
            host,
            pid,
        } => format!(
            "{path} is being edited by {program} on {host} (process {pid}); close it there first"
        ),
        M::ProjectReadOnly { path, problem } => format!(
            "{path} cannot be read as a project ({}); it is open read only, and nothing will be written over it",
            pointed(problem)
        ),
        M::ChangedOnDisk { path } => format!(
            "{path} changed on disk since it was opened, and it has unsaved changes here; nothing was written over it"
        ),
        M::NothingToUndo => "nothing to undo".into(),
        M::NothingToListen { scene } => format!("scene {scene} has no narration to listen to"),
        M::PronunciationEmpty => "the written form is empty: write the word or phrase to say differently".into(),
        M::PronunciationNoLetters => "the written form has no letter or digit: it would change the spaces between every word".into(),
        M::PronunciationNothingToSay => "nothing to say instead: give \"say\" (how it sounds), or phonemes in \"espeak\" or \"ipa\"".into(),
        // An ordinal, not a number: the pointer beside it counts from 0.
        M::PronunciationDuplicate { first } => format!("the same written form as the {} entry of the list, which is the one used", ordinal(*first)),
        M::PronunciationControl => "this pronunciation holds a control character (a line break, a tab, a NUL): write it on one line".into(),
        M::PronunciationBrackets => "\"[[\" and \"]]\" mark phonemes for the voices: they cannot be in a pronunciation".into(),
        M::PronunciationUnknownPhonemes { voice, phonemes } => format!("the Piper voice {voice} has no phoneme {phonemes}: it would leave it out; use the IPA its lines are written in, or \"say\""),
        M::PronunciationPassedOver { scenes, has, other } => format!("passed over in scenes {scenes}: it has phonemes for {has} voices only, and {other} voices speak them; add \"say\" for every voice to use it"),
        M::PronunciationUsedIn { scenes } => format!("scenes {scenes}"),
        M::PronunciationUnused => "unused".to_owned(),
        M::PronunciationLanguageSwitch => "a language switch (_^_) in phonemes: espeak-ng would go on in that language past the word, into the rest of the line; write the word in this voice's own phonemes, or use \"say\"".to_owned(),
        M::PersonalPronunciation { text, problem } => format!("your pronunciation of \"{text}\" (Settings): {}", words(problem)),
        M::PronunciationListed { origin, number } => {
            let list = match origin.as_str() {
                "project" => "Project",
                "personal" => "Yours (Settings)",
                _ => "Shipped",
            };
            format!("{list} #{number}")
        }
        M::PronunciationTooLong { max } => format!("over {max} characters: an entry is a word or a phrase"),
        M::PronunciationUnknownEspeakPhonemes { voice, phonemes } => format!("the espeak-ng voice {voice} has no phoneme {phonemes}: it would stop reading the word there; write the phonemes as espeak-ng -x prints them, or use \"say\""),
        M::NoSuchScene { scene } => format!("the project has no scene {scene}"),
        M::ChangedOutside { path } => format!(
            "{path} was changed by another program, and this window has unsaved changes"
        ),
        M::NotOpenForEditing { path } => format!("{path} is not open for editing in this window"),
        M::OpenWithChanges { path } => format!(
            "{path} is open here with unsaved changes of its own: save or close it, then restore"
        ),
        M::RecoveryGone => {
            "these changes were restored or discarded meanwhile (by another window or estudio-cli)"
                .into()
        }
        M::EditUnknownOperation { word } => format!(
            "{word}: not an operation (set, unset, insert, move, remove, duplicate, undo, redo, save)"
        ),
        M::EditMissingArguments { verb } => format!("{verb}: its arguments are missing"),
        M::NotASceneNumber { word } => format!("{word}: not a scene number (1, 2, 3…)"),
        M::EditNotJson { word, detail } => format!("{word}: not a JSON value ({detail})"),
        M::EditOneALine => "one operation a line; nothing on this line was applied".into(),
        M::NothingToRedo => "nothing to redo".into(),
        M::Recoverable {
            path,
            changes,
            changed_on_disk,
        } => format!(
            "{path}: {changes} unsaved change{}{}",
            if *changes == 1 { "" } else { "s" },
            if *changed_on_disk {
                " (the file changed on disk since; recovering keeps both)"
            } else {
                ""
            }
        ),
        M::RecoveredBeside { path, beside } => format!(
            "{path} changed on disk since; the unsaved changes were written to {beside}, and {path} was left as it is"
        ),
        M::Recovered { path, changes } => format!(
            "{path}: {changes} unsaved change{} recovered and saved",
            if *changes == 1 { "" } else { "s" }
        ),
        M::NothingToRecover => "no unsaved changes to recover".into(),
        M::EditSaved { path, scenes } => {
            if scenes.is_empty() {
                format!("saved {path}")
            } else {
                let n: Vec<String> = scenes.iter().map(ToString::to_string).collect();
                format!("saved {path}; changed scenes: {}", n.join(", "))
            }
        }
        M::EditLeftProblems { count } => format!(
            "the edit left {count} problem{} to fix before exporting",
            if *count == 1 { "" } else { "s" }
        ),
        M::ErrorLine { detail } => format!("error: {detail}"),
        M::Because { cause: c } => cause(c),
        M::ImportCanceled => "the import was canceled; nothing was written".into(),
        M::CacheSummary {
            dir,
            entries,
            bytes,
            max_bytes,
        } => format!(
            "{dir}: {} entr{}, {} of at most {}",
            L.int(*entries),
            if *entries == 1 { "y" } else { "ies" },
            L.mb(*bytes),
            L.mb(*max_bytes)
        ),
        M::CacheEntry {
            key,
            bytes,
            frames,
            age_secs,
        } => {
            let what = match frames {
                0 => "sound".to_owned(),
                n => format!("{} frames", L.int(*n)),
            };
            format!(
                "  {key}  {:>11} bytes  {what:>13}  used {} s ago",
                L.int(*bytes),
                L.int(*age_secs)
            )
        }
        M::CacheFreed { bytes } => format!("removed {}", L.mb(*bytes)),
        M::TransitionName { name } => transition_name(name),
        M::ImportConverting => "drawing the slides with LibreOffice".into(),
        M::ImportReadingPdf => "reading the PDF's pages".into(),
        M::ImportPage { n, of } => format!("{} of {} slides drawn", L.int(*n), L.int(*of)),
        M::ImportDone { path, slides, hidden } => {
            let scenes = format!(
                "wrote {path}: {} scene{}",
                L.int(*slides),
                if *slides == 1 { "" } else { "s" }
            );
            match hidden {
                0 => scenes,
                1 => format!("{scenes} (1 hidden slide left out)"),
                n => format!("{scenes} ({} hidden slides left out)", L.int(*n)),
            }
        }
        M::UpdateNoRecords { project } => format!(
            "{project} does not remember the deck it came from (it was made by hand, or imported by an older Estúdio), so nothing can be merged into it: import the deck afresh into a new project"
        ),
        M::UpdateNothingInCommon { deck, project } => format!(
            "no slide of {deck} is one of {project}'s: it does not look like a new version of its deck, and nothing was merged (to merge it anyway, ask again with --force)"
        ),
        M::UpdateTaken { scene, slide, field } => format!(
            "scene {}: the new {} of slide {} taken",
            L.int(*scene),
            en_field(field),
            L.int(*slide)
        ),
        M::UpdateKept { scene, slide, field } => format!(
            "scene {}: your {} kept (slide {} did not change it)",
            L.int(*scene),
            en_field(field),
            L.int(*slide)
        ),
        M::UpdateConflict {
            scene,
            slide,
            field,
            ours,
            theirs,
        } => format!(
            "scene {}: you and the deck both changed its {}; yours is kept. Yours: \"{ours}\"; slide {}'s: \"{theirs}\"",
            L.int(*scene),
            en_field(field),
            L.int(*slide)
        ),
        M::UpdateBadRecords { project, at, detail } => format!(
            "{project}: what it remembers of its deck is damaged at {at} ({detail}), so nothing was merged: import the deck afresh into a new project"
        ),
        M::UpdateNothingLeft { project } => format!(
            "the update would leave {project} without a scene (the deck removed the ones you kept), so nothing was merged"
        ),
        M::UpdateProjectChanged => "the project changed while the new deck was being drawn, so nothing was merged: update it again".into(),
        M::UpdateAdded { scene, slide } => format!(
            "scene {}: new slide {} added",
            L.int(*scene),
            L.int(*slide)
        ),
        M::UpdateRemoved { scene, name } => format!(
            "removed the scene \"{name}\" (scene {} before the update): its slide is no longer in the deck",
            L.int(*scene)
        ),
        M::UpdateOrphaned { scene } => format!(
            "scene {}: its slide is no longer in the deck, but you had changed the scene, so it is kept",
            L.int(*scene)
        ),
        M::UpdateLeftOut { slide } => format!(
            "slide {} left out: you had removed its scene",
            L.int(*slide)
        ),
        M::UpdateMoved { scene, slide } => format!(
            "scene {}: moved where the deck now has slide {}",
            L.int(*scene),
            L.int(*slide)
        ),
        M::UpdateDone {
            project,
            deck,
            taken,
            kept,
            conflicts,
            added,
            removed,
        } => format!(
            "{project} updated from {deck}: {} change{} of the deck taken, {} of yours kept, {} conflict{} (yours kept), {} scene{} added, {} removed",
            L.int(*taken),
            if *taken == 1 { "" } else { "s" },
            L.int(*kept),
            L.int(*conflicts),
            if *conflicts == 1 { "" } else { "s" },
            L.int(*added),
            if *added == 1 { "" } else { "s" },
            L.int(*removed)
        ),
        M::ImportFontsMissing { fonts } => format!(
            "fonts the deck uses that this computer lacks, so some lines may break elsewhere: {}",
            fonts
                .iter()
                .map(|(font, by)| format!("{font} (drawn with {by})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        M::ImportFontsStoodIn { fonts } => format!(
            "fonts drawn with installed ones of the same measures, so every line breaks where it did: {}",
            fonts
                .iter()
                .map(|(font, by)| format!("{font} by {by}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        M::ImportAnimationsLost { slides } => {
            format!("animations are lost on slides {slides}: each slide is a still picture")
        }
        M::ImportMediaLost { slides } => {
            format!("sound and video embedded in slides {slides} are not in the video")
        }
        M::ImportLinksRemoved { count } => format!(
            "{} link{} to files outside the deck {} removed; nothing was fetched",
            L.int(*count),
            if *count == 1 { "" } else { "s" },
            if *count == 1 { "was" } else { "were" }
        ),
    }
}

/// A transition as people read it in lists; ffmpeg's name when it is none of xfade's.
fn transition_name(name: &str) -> String {
    match name {
        "cut" => "cut",
        "random" => "random",
        "fade" => "fade",
        "fadefast" => "fast fade",
        "fadeslow" => "slow fade",
        "fadeblack" => "fade through black",
        "fadewhite" => "fade through white",
        "fadegrays" => "fade through grey",
        "dissolve" => "dissolve",
        "pixelize" => "pixelate",
        "distance" => "distance",
        "radial" => "radial wipe",
        "hblur" => "blur",
        "wipeleft" => "wipe left",
        "wiperight" => "wipe right",
        "wipeup" => "wipe up",
        "wipedown" => "wipe down",
        "wipetl" => "wipe to top left",
        "wipetr" => "wipe to top right",
        "wipebl" => "wipe to bottom left",
        "wipebr" => "wipe to bottom right",
        "slideleft" => "slide left",
        "slideright" => "slide right",
        "slideup" => "slide up",
        "slidedown" => "slide down",
        "smoothleft" => "smooth left",
        "smoothright" => "smooth right",
        "smoothup" => "smooth up",
        "smoothdown" => "smooth down",
        "circlecrop" => "circle crop",
        "rectcrop" => "rectangle crop",
        "circleopen" => "circle opening",
        "circleclose" => "circle closing",
        "vertopen" => "vertical opening",
        "vertclose" => "vertical closing",
        "horzopen" => "horizontal opening",
        "horzclose" => "horizontal closing",
        "diagtl" => "diagonal from top left",
        "diagtr" => "diagonal from top right",
        "diagbl" => "diagonal from bottom left",
        "diagbr" => "diagonal from bottom right",
        "hlslice" => "slices to the left",
        "hrslice" => "slices to the right",
        "vuslice" => "slices upwards",
        "vdslice" => "slices downwards",
        "squeezeh" => "squeeze horizontally",
        "squeezev" => "squeeze vertically",
        "zoomin" => "zoom in",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A field a deck update merges, as the report names it.
fn en_field(field: &str) -> &str {
    match field {
        "picture" => "picture",
        "narration" => "narration",
        "name" => "name",
        "duration" => "length",
        other => other,
    }
}

/// "1st", "2nd", "3rd", "11th", "22nd".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
