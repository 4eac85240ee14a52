//! What the engine can say, as data: stored with a job (`render_jobs.error_detail`) and worded
//! again in the reader's language. Field names in messages (`width`, `pad`) are the project
//! format's own keys, which people write in any language, so they are parameters, not words.

use serde::{Deserialize, Serialize};

/// One thing said to people. Serialised as `{"id": "...", "args": {...}}`; ids are stable
/// because stored jobs carry them (add variants, never rename one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[serde(tag = "id", content = "args", rename_all = "snake_case")]
#[strum_discriminants(name(MessageKind), derive(strum::EnumIter, Hash))]
pub enum Message {
    // --- The project file, as a whole ---
    /// serde_json's description (English, from the parser) and where.
    JsonSyntax {
        detail: String,
        line: u64,
        column: u64,
    },
    /// A field of the wrong type, missing or unknown, as serde describes it (English).
    JsonStructure {
        detail: String,
    },
    ProjectUnreadable {
        path: String,
        cause: Cause,
    },
    ProjectTooLarge {
        path: String,
        size: u64,
        max: u64,
    },
    /// A located problem of the file at `path`.
    InFile {
        path: String,
        problem: Pointed,
    },
    VersionUnsupported {
        found: u32,
        supported: u32,
    },
    TitleEmpty,
    NoScenes,
    TooManyScenes {
        count: u64,
        max: u64,
    },
    VideoTooLong {
        secs: f64,
        max: f64,
    },
    /// A scene whose length was still unknown when it reached the renderer.
    NotPrepared,

    // --- Fields ---
    /// `field value` outside `min..=max`.
    Between {
        field: String,
        value: f64,
        min: f64,
        max: f64,
        unit: Unit,
    },
    /// `field value` must be above 0 and at most `max`.
    AboveZero {
        field: String,
        value: f64,
        max: f64,
        unit: Unit,
    },
    /// `field value` must be 0 or more.
    NotNegative {
        field: String,
        value: f64,
        unit: Unit,
    },
    NoDuration,
    /// A scene takes its length from its clips, and they have none (pictures given as clips).
    ClipsWithoutLength,
    /// A clip's file does not say how long it is, and what the field asks needs it (a stretch
    /// to the scene, a loop of a cut).
    ClipLengthUnknown {
        file: String,
    },
    ShorterThanFrame {
        secs: f64,
        fps: u32,
    },
    TextEmpty,
    TextTooLong {
        max: u64,
    },
    PathEmpty,
    FileNotFound {
        path: String,
    },
    NotAFile {
        path: String,
    },
    BadColor {
        value: String,
    },
    /// A scene's background names several kinds (`image` and `color`), and is one of them.
    BackgroundSeveral {
        kinds: Vec<String>,
    },
    /// A gradient has `count` colours, and takes 2 to 8.
    GradientColors {
        count: usize,
    },
    CanvasSeeThrough {
        value: String,
    },
    FontFamilyBad,
    StartOutside {
        secs: f64,
    },
    EndOutside {
        secs: f64,
    },
    NotAVoiceName {
        voice: String,
    },
    NarrationBoth,
    NarrationNeither,
    DelayOutOfRange {
        secs: f64,
    },
    UnknownTransition {
        name: String,
    },
    CutWithDuration {
        secs: f64,
    },
    /// A cut has an `easing`: there is no change over time to pace.
    CutWithEasing,
    /// A radial gradient has an `angle`, which only a linear one has.
    AngleOnRadial,
    BlurWithoutBlurFit,
    /// A clip over the background has `fit: blur`, which only a background has.
    LayerFitBlur,
    /// A clip has both a `speed` and `fit_time`.
    SpeedAndFitTime,
    /// A clip is fitted to its scene's time, and the scene gives none.
    StretchWithoutDuration,
    /// A clip stretched to its scene would play at `speed`, outside `min`..`max`.
    StretchTooFar {
        speed: f64,
        min: f64,
        max: f64,
    },
    /// A trim (`start`, `end` within a file) that keeps nothing.
    EndNotAfterStart {
        start: f64,
        end: f64,
    },
    ClipEndPastEnd {
        end: f64,
        file: String,
        length: f64,
    },
    TrimWithoutRecording,
    TextMotionTooLong {
        secs: f64,
    },
    /// A word wider than its text may be (`width`), even alone on its line.
    TextWordTooWide {
        word: String,
    },
    /// Wrapped into `lines` lines, the text runs off the canvas.
    TextOffCanvas {
        lines: u64,
    },
    MusicDelayOutOfRange {
        secs: f64,
    },
    /// `scene` is the index in `/scenes` (from 0); the words say both ways: "scene 4
    /// (/scenes/3)".
    TransitionTooLong {
        secs: f64,
        scene: u64,
        scene_secs: f64,
        incoming: Option<f64>,
    },
    TransitionTooLongNext {
        secs: f64,
        next: u64,
        next_secs: f64,
    },

    // --- Media ---
    Media {
        file: String,
        why: MediaWhy,
    },
    ClipStartPastEnd {
        start: f64,
        file: String,
        length: f64,
    },
    /// A clip's cut, from `start` to `end`, holds none of its pictures, which come every
    /// `1/fps` seconds: nothing would be shown (and a loop of it would never end).
    CutHoldsNoFrame {
        start: f64,
        end: f64,
        file: String,
        fps: f64,
    },
    /// A field holds `value` (as written, cut short), and takes one of `takes`.
    WrongValue {
        value: String,
        takes: Vec<Takes>,
    },
    /// A looped cut lasts `secs`, less than one frame of the video at `fps`.
    LoopShorterThanFrame {
        secs: f64,
        fps: u32,
    },

    // --- Speech ---
    EspeakMissing {
        detail: String,
    },
    UnknownEspeakVoice {
        voice: String,
    },
    SpeechFailed {
        program: String,
        detail: String,
    },
    SpeechTimedOut {
        program: String,
        secs: u64,
    },
    SpeechCanceled,
    SpeechCacheUnwritable {
        path: String,
        cause: Cause,
    },
    PiperMissing {
        program: String,
        detail: String,
    },
    PiperVoiceNotFound {
        name: String,
        folders: Vec<String>,
    },
    PiperVoiceFileMissing {
        path: String,
    },
    PiperVoiceUnreadable {
        path: String,
        detail: String,
    },
    /// `estudio-cli voices` with no Piper voice found.
    NoPiperVoices {
        folders: Vec<String>,
    },

    // --- Render options ---
    CrfNotApplicable {
        preset: PresetName,
    },
    CrfOutOfRange {
        crf: u32,
        preset: PresetName,
        max: u32,
    },
    EncoderPresetNotH264 {
        preset: PresetName,
    },
    UnknownEncoderPreset {
        name: String,
        known: Vec<String>,
    },
    LoudnessOutOfRange {
        lufs: f64,
    },
    LoudnessAndKeepLevels,
    PosterWithoutPictures {
        preset: PresetName,
    },
    UnknownPreset {
        name: String,
        known: Vec<String>,
    },

    // --- Rendering ---
    ProjectInvalid {
        problems: Vec<Pointed>,
    },
    Output {
        path: String,
        why: OutputWhy,
    },
    NoFont,
    FfmpegNotStarted {
        program: String,
        detail: String,
    },
    FfmpegTooOld {
        found: String,
    },
    /// FFmpeg 6.0: never exits when a looped input is still being read as the graph ends.
    FfmpegBrokenLoop {
        found: String,
    },
    FfmpegLacks {
        program: String,
        missing: Vec<String>,
    },
    PresetUnavailable {
        preset: PresetName,
        missing: Vec<String>,
    },
    Stalled {
        secs: u64,
    },
    Incomplete {
        expected: u64,
        found: u64,
    },
    NoSpace {
        folder: String,
        needed: u64,
        available: u64,
    },
    /// ffmpeg's own first error line (English, from ffmpeg).
    FfmpegFailed {
        detail: String,
    },
    /// Killed by a signal (the OOM killer, a crash): another attempt may work.
    FfmpegKilled {
        signal: i32,
    },
    FfmpegExited {
        code: i32,
    },
    FfmpegWroteNothing,
    /// The finished video cannot be read back to be checked.
    OutputUnverifiable {
        why: MediaWhy,
    },
    Canceled,
    Io {
        path: String,
        cause: Cause,
    },
    /// The job's stored snapshot cannot be read back (written by another version).
    SnapshotUnreadable {
        detail: String,
    },
    ThreadFailed {
        cause: Cause,
    },

    // --- The queue ---
    NoSuchJob {
        id: String,
    },
    CannotBecome {
        id: String,
        from: Status,
        to: Status,
    },
    OutputTaken {
        path: String,
        job: String,
        /// The other job's project title, as its row in the window shows it.
        title: String,
        status: Status,
    },
    JobRunning {
        id: String,
    },
    LeaseLost {
        id: String,
    },
    WorkerLost,
    UnknownStatus {
        value: String,
    },
    DatabaseDamaged {
        path: String,
        detail: String,
    },
    DatabaseReadOnly {
        path: String,
    },
    /// SQLite's own description (English).
    DatabaseUnusable {
        detail: String,
    },
    MigrationFailed {
        detail: String,
    },
    QueueFolder {
        path: String,
        cause: Cause,
    },
    /// A PostgreSQL server that did not answer (`server` is HOST:PORT).
    DatabaseUnreachable {
        server: String,
        detail: String,
    },
    /// A PostgreSQL server that refused the user or its password.
    DatabaseLogin {
        server: String,
        user: String,
    },
    DatabaseMissing {
        server: String,
        dbname: String,
    },
    /// A queue address (`--db`, `ESTUDIO_DB`, Settings) that cannot be read.
    DatabaseAddress {
        detail: String,
    },
    DatabaseTls {
        detail: String,
    },
    /// Settings' connection test reached the farm's server.
    FarmConnected {
        farm: String,
        version: String,
    },
    PathMapInvalid {
        detail: String,
    },
    /// A farm machine cannot reach a job's files (another mount, no permission): the job waits
    /// for one that can. `write`: the output's folder cannot be written; else `path` cannot be
    /// read.
    OutOfReach {
        machine: String,
        path: String,
        write: bool,
        detail: String,
    },
    /// The render farm chosen in Settings could not be reached at start.
    FarmUnreachable {
        farm: String,
        detail: String,
    },
    /// The database's schema is newer than this Estúdio knows.
    DatabaseNewer {
        found: u32,
        known: u32,
    },

    // --- Jobs' files ---
    NotOpenable {
        id: String,
        why: OpenWhy,
    },
    /// No program of the desktop opened the video (`video`) or showed its folder: no player
    /// or file manager, or no session to ask. The folder is named, to reach it another way.
    NothingOpened {
        video: bool,
        folder: String,
    },

    // --- The CLI ---
    /// The project has `count` problems (listed above it): nothing was rendered.
    NothingRendered {
        path: String,
        count: u64,
    },
    /// An import wrote its project, which cannot be exported until its problems are fixed.
    ImportedWithProblems {
        path: String,
        count: u64,
    },
    QueueUnopenable {
        path: String,
    },
    /// The queue's database was damaged: kept at `aside`, a new one started (the CLI's words).
    QueueReplaced {
        path: String,
        aside: String,
    },
    SampleUnwritable {
        path: String,
    },

    // --- Notices at start ---
    /// The queue's database was damaged: kept at `path`, a new one started.
    QueueSetAside {
        path: String,
    },
    /// The preferences could not be read: kept at `path`, defaults used.
    PrefsSetAside {
        path: String,
    },

    // --- Slideshows and preferences ---
    NoImages,
    ProjectUnwritable {
        path: String,
        cause: Cause,
    },
    PrefsUnwritable {
        path: String,
        cause: Cause,
    },

    // --- Decks ---
    DeckUnreadable {
        path: String,
        cause: Cause,
    },
    DeckNotADeck {
        path: String,
    },
    /// Named as a deck, but its content is something else.
    DeckIsOther {
        path: String,
        looks: FileLooks,
    },
    DeckDamaged {
        path: String,
        detail: String,
    },
    DeckLocked {
        path: String,
    },
    DeckEscapes {
        path: String,
        member: String,
    },
    DeckTooBig {
        path: String,
        limit: String,
    },
    DeckTooManySlides {
        path: String,
        found: usize,
        limit: usize,
    },
    /// LibreOffice or poppler could not draw the deck.
    DeckConversion {
        path: String,
        detail: String,
    },
    /// The deck has no slide to show (`hidden` of them are hidden).
    DeckNoSlides {
        path: String,
        hidden: u64,
    },
    /// Programs an import needs are not installed: their names as people know them, and the
    /// Debian packages that bring them.
    DeckToolsMissing {
        programs: Vec<String>,
        packages: Vec<String>,
    },
    /// LibreOffice could not open the deck (damaged, or protected by a password it cannot
    /// tell); `said` is LibreOffice's own reason when it gave one.
    DeckUnopenable {
        path: String,
        said: String,
    },
    /// A program a job or an import runs took longer than its limit and was stopped.
    ProgramTimedOut {
        program: String,
        secs: u64,
    },
    /// A program a job or an import runs is not installed (or could not start).
    ProgramMissing {
        program: String,
        detail: String,
    },
    /// A program a job or an import runs failed; `detail` is its own words.
    ProgramFailed {
        program: String,
        detail: String,
    },
    /// The PDF of the deck has another number of pages than it has visible slides.
    DeckPages {
        path: String,
        pages: usize,
        slides: usize,
    },
    /// An old binary `.ppt` on a system where LibreOffice cannot be kept off the network.
    DeckPptUnsafe {
        path: String,
    },
    /// The project an import would write is there already (and replacing it was not asked).
    ProjectExists {
        path: String,
    },
    /// An import's destination is a file that is not an Estúdio project (the deck itself, a
    /// picture): never replaced, even when replacing was asked.
    NotAProjectFile {
        path: String,
    },
    ImportCanceled,
    /// `estudio-cli render`: how many scenes came from the cache of finished parts.
    ScenesFromCache {
        reused: u64,
        of: u64,
    },
    /// A size (`--max-size`) that is not one.
    NotASize {
        value: String,
    },
    // --- Editing ---
    /// An edit that cannot be applied at `at`; the project is as it was.
    BadEdit {
        at: String,
        why: EditWhy,
    },
    /// Another editor has the project open (`program` on `host`, process `pid`).
    BeingEdited {
        path: String,
        program: String,
        host: String,
        pid: u32,
    },
    /// A project that cannot be parsed opens read only; nothing writes over it.
    ProjectReadOnly {
        path: String,
        problem: Pointed,
    },
    /// The file changed on disk since it was opened, and the document has changes of its own.
    ChangedOnDisk {
        path: String,
    },
    NothingToUndo,
    NothingToRedo,
    /// Listen, on a scene (numbered from 1) without a narration.
    NothingToListen {
        scene: usize,
    },
    /// A pronunciation entry whose written form is empty.
    PronunciationEmpty,
    /// A pronunciation entry whose written form has no letter or digit.
    PronunciationNoLetters,
    /// A pronunciation entry with no respelling and no phonemes.
    PronunciationNothingToSay,
    /// A pronunciation entry for the same written form as entry `first` (numbered from 1).
    PronunciationDuplicate {
        first: usize,
    },
    /// A respelling or phonemes holding `[[` or `]]`.
    PronunciationBrackets,
    /// A pronunciation field holding a control character (a NUL, a tab, a line break).
    PronunciationControl,
    /// IPA phonemes the Piper voice `voice` has none of (it would leave them out).
    PronunciationUnknownPhonemes {
        voice: String,
        phonemes: String,
    },
    /// A pronunciation as `estudio-cli pronunciations` lists it: its list (`project`,
    /// `personal` or `shipped`) and its number there, from 1.
    PronunciationListed {
        origin: String,
        number: usize,
    },
    /// Where a pronunciation is said: the scenes, numbered from 1.
    PronunciationUsedIn {
        scenes: String,
    },
    /// A pronunciation no narration uses.
    PronunciationUnused,
    /// A project's pronunciation the voices of `scenes` pass over: it has phonemes for `has`
    /// voices only, and those scenes are spoken by `other` voices.
    PronunciationPassedOver {
        scenes: String,
        has: String,
        other: String,
    },
    /// espeak-ng phonemes switching language (`_^_EN`): espeak-ng goes on in that language
    /// past the entry.
    PronunciationLanguageSwitch,
    /// A problem of one of the person's own pronunciations (Settings), written `text`.
    PersonalPronunciation {
        text: String,
        problem: Box<Message>,
    },
    /// A pronunciation's written form longer than `max` characters.
    PronunciationTooLong {
        max: usize,
    },
    /// espeak-ng phonemes the voice `voice` has none of (it would stop reading the word there).
    PronunciationUnknownEspeakPhonemes {
        voice: String,
        phonemes: String,
    },
    /// A scene (numbered from 1) the project does not have (it changed meanwhile).
    NoSuchScene {
        scene: usize,
    },
    /// The window: the file changed on disk and this window has unsaved changes of its own.
    ChangedOutside {
        path: String,
    },
    /// The window: a step on a project that is not open for editing (closed meanwhile).
    NotOpenForEditing {
        path: String,
    },
    /// The window: unsaved changes of a crashed run recovered into a file open here with
    /// changes of its own.
    OpenWithChanges {
        path: String,
    },
    /// The window: unsaved changes offered back were recovered or discarded meanwhile.
    RecoveryGone,
    /// `estudio-cli edit`: a word that is no operation, one without its arguments, a scene
    /// number that is not one.
    EditUnknownOperation {
        word: String,
    },
    EditMissingArguments {
        verb: String,
    },
    NotASceneNumber {
        word: String,
    },
    /// A value that starts as JSON does and is not (`1e400`, `[1,`); serde_json's words.
    EditNotJson {
        word: String,
        detail: String,
    },
    /// `estudio-cli edit --stdin`: each line is one operation.
    EditOneALine,
    /// `estudio-cli recover`: a file's unsaved changes found after a crash.
    Recoverable {
        path: String,
        changes: u64,
        changed_on_disk: bool,
    },
    /// Unsaved changes written beside the file, which changed on disk since they were made.
    RecoveredBeside {
        path: String,
        beside: String,
    },
    Recovered {
        path: String,
        changes: u64,
    },
    NothingToRecover,
    /// `estudio-cli edit`: saved, and the scenes whose pictures or sound changed.
    EditSaved {
        path: String,
        scenes: Vec<u64>,
    },
    /// `estudio-cli edit`: the project was saved with problems the edit brought.
    EditLeftProblems {
        count: u64,
    },
    /// A line the CLI ends with when a command fails.
    ErrorLine {
        detail: String,
    },
    /// Only why, in words: an operating system error's cause where nothing else says it.
    Because {
        cause: Cause,
    },
    /// `estudio-cli cache`: the cache's folder, how many entries, how much of how much.
    CacheSummary {
        dir: String,
        entries: u64,
        bytes: u64,
        max_bytes: u64,
    },
    /// `estudio-cli cache`: one entry; `frames` 0 is a render's sound.
    CacheEntry {
        key: String,
        bytes: u64,
        frames: u64,
        age_secs: u64,
    },
    /// `estudio-cli cache --clear` or `--max-size`: what was removed.
    CacheFreed {
        bytes: u64,
    },
    /// A transition as people read it in lists (`fade`: "fade" / "esmaecer"); ffmpeg's
    /// `xfade` name.
    TransitionName {
        name: String,
    },
    /// An import's progress: LibreOffice is drawing the deck.
    ImportConverting,
    /// An import's progress: a PDF's pages are being read.
    ImportReadingPdf,
    /// An import's progress: `n` of the `of` pages are pictures.
    ImportPage {
        n: u64,
        of: u64,
    },
    /// The import's report.
    ImportDone {
        path: String,
        slides: u64,
        hidden: u64,
    },
    /// A deck update into a project that remembers no import (made by hand, or imported
    /// before projects remembered their slides).
    UpdateNoRecords {
        project: String,
    },
    /// A deck update whose deck has no slide in common with the project's.
    UpdateNothingInCommon {
        deck: String,
        project: String,
    },
    /// A deck update: the deck changed a field of a slide and the person had not; taken.
    /// `field` is `picture`, `narration`, `name` or `duration`; scenes count from 1.
    UpdateTaken {
        scene: u64,
        slide: u64,
        field: String,
    },
    /// A deck update: the person changed a field and the deck had not; kept.
    UpdateKept {
        scene: u64,
        slide: u64,
        field: String,
    },
    /// A deck update: both changed a field; the person's value kept, the deck's shown.
    UpdateConflict {
        scene: u64,
        slide: u64,
        field: String,
        ours: String,
        theirs: String,
    },
    /// A deck update of a project whose import record is damaged at `at`.
    UpdateBadRecords {
        project: String,
        at: String,
        detail: String,
    },
    /// A deck update that would leave the project without a scene.
    UpdateNothingLeft {
        project: String,
    },
    /// A deck update in the window, whose project was changed while the deck was drawn.
    UpdateProjectChanged,
    /// A deck update: a slide new in the deck, now scene `scene`.
    UpdateAdded {
        scene: u64,
        slide: u64,
    },
    /// A deck update: a slide gone from the deck; its scene, unedited, removed.
    UpdateRemoved {
        scene: u64,
        name: String,
    },
    /// A deck update: a slide gone from the deck whose scene had been edited: kept.
    UpdateOrphaned {
        scene: u64,
    },
    /// A deck update: a slide whose scene the person had removed stays out.
    UpdateLeftOut {
        slide: u64,
    },
    /// A deck update: the deck moved a slide, and its scene followed.
    UpdateMoved {
        scene: u64,
        slide: u64,
    },
    /// A deck update's summary.
    UpdateDone {
        project: String,
        deck: String,
        taken: u64,
        kept: u64,
        conflicts: u64,
        added: u64,
        removed: u64,
    },
    /// Fonts the deck uses that are not installed: (the font, what drew it instead).
    ImportFontsMissing {
        fonts: Vec<(String, String)>,
    },
    /// Fonts the deck uses that are not installed, drawn with their metric-compatible stand-ins
    /// (the same measures: every line breaks where it did).
    ImportFontsStoodIn {
        fonts: Vec<(String, String)>,
    },
    ImportAnimationsLost {
        slides: String,
    },
    ImportMediaLost {
        slides: String,
    },
    ImportLinksRemoved {
        count: u64,
    },
}

/// An export format's name, as the Export dialog and messages say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[allow(non_camel_case_types)]
pub enum PresetName {
    Mp4_1080p,
    Mp4_720p,
    Mp4_480p,
    Preview,
    Webm1080p,
    Gif,
    M4a,
}

/// A message at a JSON Pointer (empty for the whole document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pointed {
    pub pointer: String,
    pub message: Box<Message>,
}

/// What a field takes, in [`Message::WrongValue`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Takes {
    Number,
    TrueOrFalse,
    Text,
    Object,
    List,
    /// One of these names.
    OneOf(Vec<String>),
}

/// What a number in [`Message::Between`] and friends is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A plain number (volume, opacity, zoom).
    Plain,
    Seconds,
    Pixels,
    Fps,
    /// A fraction of the canvas (positions).
    Canvas,
    CanvasWidth,
    CanvasHeight,
    Lufs,
    Degrees,
}

/// Why an edit cannot be applied at its pointer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "id", content = "args", rename_all = "snake_case")]
pub enum EditWhy {
    /// A JSON Pointer starts with `/`.
    BadPointer,
    NoSuchField,
    PastEnd {
        len: u64,
    },
    NotAnIndex,
    /// `at` holds a value, so `within` cannot be reached.
    NotAContainer {
        within: String,
    },
    NotAList,
    NotAnObject,
    /// The whole document cannot be removed or moved.
    WholeDocument,
    Repeated {
        index: u64,
    },
    NotAnOrder {
        len: u64,
    },
    /// Nested deeper than a project file may be read back.
    TooDeep {
        max: u64,
    },
    /// A value larger than a whole project file may be.
    TooLarge {
        bytes: u64,
        max: u64,
    },
}

/// What a file named as a deck is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileLooks {
    Empty,
    Folder,
    Picture,
    Text,
}

/// Why a media file cannot be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "id", content = "args", rename_all = "snake_case")]
pub enum MediaWhy {
    Unreadable,
    NotAFont,
    /// ffprobe's reason (English, from ffmpeg).
    NotMedia {
        detail: String,
    },
    ProbeFailed {
        detail: String,
    },
    /// ffmpeg or ffprobe itself cannot be started.
    ToolMissing {
        program: String,
        detail: String,
    },
    PictureUndecodable,
    NoPicture,
    /// A clip whose sound is used has none.
    ClipWithoutSound,
    NoSound,
    LengthUnknown,
}

/// Why a destination cannot be written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "id", content = "args", rename_all = "snake_case")]
pub enum OutputWhy {
    NamesNoFile,
    IsFolder,
    FolderMissing,
    IsProjectFile,
    SideFileIsProjectFile {
        side: String,
    },
    /// Something that is not a video of this kind is there already.
    OtherFileThere {
        kind: String,
    },
    /// A video (or its poster or captions) is there already: replacing it is the person's
    /// choice, asked for (the window asks; `estudio-cli` takes `--force`).
    Exists {
        existing: String,
    },
    /// A file arrived at the destination after it was checked (while the job waited or
    /// rendered), and replacing had not been confirmed: it is kept.
    AppearedSince {
        existing: String,
    },
    Unusable {
        cause: Cause,
    },
}

/// Why a job's file may not be opened from the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenWhy {
    NotCompleted,
    PresetUnknown,
    Gone,
    Replaced,
    NotPreview,
}

/// A job's status, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Queued,
    Processing,
    Completed,
    Failed,
    Canceled,
}

/// Why the system refused a file operation, from `std::io::ErrorKind`; the system's own text
/// for the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "id", content = "args", rename_all = "snake_case")]
pub enum Cause {
    NotFound,
    PermissionDenied,
    AlreadyExists,
    ReadOnly,
    NoSpace,
    NotAFolder,
    IsAFolder,
    NotARegularFile,
    Other { detail: String },
}

impl From<&std::io::Error> for Cause {
    fn from(e: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => Cause::NotFound,
            K::PermissionDenied => Cause::PermissionDenied,
            K::AlreadyExists => Cause::AlreadyExists,
            K::ReadOnlyFilesystem => Cause::ReadOnly,
            K::StorageFull | K::QuotaExceeded => Cause::NoSpace,
            K::NotADirectory => Cause::NotAFolder,
            K::IsADirectory => Cause::IsAFolder,
            _ => Cause::Other {
                detail: e.to_string(),
            },
        }
    }
}

impl Message {
    /// Every kind, each with sample parameters: the translation test words them all.
    pub fn samples() -> Vec<Message> {
        use Message as M;
        let s = |v: &str| v.to_owned();
        let pointed = |m: Message| Pointed {
            pointer: s("/scenes/0/duration"),
            message: Box::new(m),
        };
        let mut all =
            vec![
            M::JsonSyntax {
                detail: s("expected `,` or `}`"),
                line: 3,
                column: 7,
            },
            M::JsonStructure {
                detail: s("missing field `title`"),
            },
            M::ProjectUnreadable {
                path: s("/a/b.estudio"),
                cause: Cause::NotFound,
            },
            M::ProjectTooLarge {
                path: s("/a/b.estudio"),
                size: 70_000_000,
                max: 64_000_000,
            },
            M::InFile {
                path: s("/a/b.estudio"),
                problem: pointed(M::TitleEmpty),
            },
            M::VersionUnsupported {
                found: 9,
                supported: 1,
            },
            M::TitleEmpty,
            M::NoScenes,
            M::TooManyScenes {
                count: 1200,
                max: 1000,
            },
            M::VideoTooLong {
                secs: 20_000.0,
                max: 14_400.0,
            },
            M::NotPrepared,
            M::Between {
                field: s("pad"),
                value: 70.5,
                min: 0.0,
                max: 60.0,
                unit: Unit::Seconds,
            },
            M::AboveZero {
                field: s("size"),
                value: 1.5,
                max: 1.0,
                unit: Unit::CanvasHeight,
            },
            M::NotNegative {
                field: s("start"),
                value: -1.5,
                unit: Unit::Seconds,
            },
            M::NoDuration,
            M::ClipsWithoutLength,
            M::ClipLengthUnknown { file: s("live.webm") },
            M::ShorterThanFrame {
                secs: 0.01,
                fps: 30,
            },
            M::TextEmpty,
            M::TextTooLong { max: 10_000 },
            M::PathEmpty,
            M::FileNotFound { path: s("voz.wav") },
            M::NotAFile { path: s("slides") },
            M::BadColor {
                value: s("whiteish"),
            },
            M::CanvasSeeThrough { value: s("#0008") },
            M::GradientColors { count: 1 },
            M::BackgroundSeveral {
                kinds: vec![s("image"), s("color")],
            },
            M::FontFamilyBad,
            M::StartOutside { secs: 9.5 },
            M::EndOutside { secs: 9.5 },
            M::NotAVoiceName { voice: s("pt br!") },
            M::NarrationBoth,
            M::NarrationNeither,
            M::DelayOutOfRange { secs: 4.5 },
            M::UnknownTransition { name: s("cube") },
            M::CutWithDuration { secs: 1.0 },
            M::CutWithEasing,
            M::AngleOnRadial,
            M::BlurWithoutBlurFit,
            M::LayerFitBlur,
            M::SpeedAndFitTime,
            M::StretchWithoutDuration,
            M::StretchTooFar {
                speed: 6.0,
                min: 0.25,
                max: 4.0,
            },
            M::EndNotAfterStart {
                start: 2.0,
                end: 1.5,
            },
            M::ClipEndPastEnd {
                end: 12.0,
                file: s("clip.mp4"),
                length: 10.04,
            },
            M::TrimWithoutRecording,
            M::TextMotionTooLong { secs: 9.0 },
            M::TextWordTooWide {
                word: s("Pneumoultramicroscópico"),
            },
            M::TextOffCanvas { lines: 14 },
            M::MusicDelayOutOfRange { secs: 99.0 },
            M::TransitionTooLong {
                secs: 2.5,
                scene: 3,
                scene_secs: 2.0,
                incoming: Some(0.5),
            },
            M::TransitionTooLong {
                secs: 2.5,
                scene: 3,
                scene_secs: 2.0,
                incoming: None,
            },
            M::TransitionTooLongNext {
                secs: 2.5,
                next: 4,
                next_secs: 1.5,
            },
            M::ClipStartPastEnd {
                start: 3.3,
                file: s("clip.mp4"),
                length: 3.24,
            },
            M::CutHoldsNoFrame {
                start: 0.97,
                end: 1.0,
                file: s("clip.mp4"),
                fps: 25.0,
            },
            M::LoopShorterThanFrame { secs: 0.01, fps: 25 },
            M::WrongValue {
                value: s("\"fast\""),
                takes: vec![Takes::Number],
            },
            M::WrongValue {
                value: s("\"cove\""),
                takes: vec![Takes::OneOf(vec![s("cover"), s("contain")]), Takes::TrueOrFalse],
            },
            M::EspeakMissing {
                detail: s("No such file or directory"),
            },
            M::UnknownEspeakVoice { voice: s("xx") },
            M::SpeechFailed {
                program: s("piper"),
                detail: s("exit status 1"),
            },
            M::SpeechTimedOut {
                program: s("piper"),
                secs: 90,
            },
            M::SpeechCanceled,
            M::SpeechCacheUnwritable {
                path: s("/c/speech"),
                cause: Cause::ReadOnly,
            },
            M::PiperMissing {
                program: s("piper"),
                detail: s("No such file or directory"),
            },
            M::PiperVoiceNotFound {
                name: s("pt_BR-faber-medium"),
                folders: vec![s("/d/voices"), s("/v")],
            },
            M::PiperVoiceFileMissing {
                path: s("/v/x.onnx"),
            },
            M::PiperVoiceUnreadable {
                path: s("/v/x.onnx.json"),
                detail: s("expected value at line 1"),
            },
            M::NoPiperVoices {
                folders: vec![s("/d/voices")],
            },
            M::CrfNotApplicable {
                preset: PresetName::Gif,
            },
            M::CrfOutOfRange {
                crf: 70,
                preset: PresetName::Mp4_1080p,
                max: 51,
            },
            M::EncoderPresetNotH264 {
                preset: PresetName::Webm1080p,
            },
            M::UnknownEncoderPreset {
                name: s("warp"),
                known: vec![s("fast"), s("slow")],
            },
            M::LoudnessOutOfRange { lufs: -50.5 },
            M::LoudnessAndKeepLevels,
            M::PosterWithoutPictures {
                preset: PresetName::M4a,
            },
            M::UnknownPreset {
                name: s("mp5"),
                known: vec![s("mp4-720p"), s("gif")],
            },
            M::ProjectInvalid {
                problems: vec![pointed(M::NoDuration), pointed(M::TextEmpty)],
            },
            M::NoFont,
            M::FfmpegNotStarted {
                program: s("ffmpeg"),
                detail: s("No such file or directory"),
            },
            M::FfmpegTooOld { found: s("4.4.2") },
            M::FfmpegBrokenLoop { found: s("6.0") },
            M::FfmpegLacks {
                program: s("ffmpeg"),
                missing: vec![s("xfade"), s("libx264")],
            },
            M::PresetUnavailable {
                preset: PresetName::Webm1080p,
                missing: vec![s("libvpx-vp9")],
            },
            M::Stalled { secs: 120 },
            M::Incomplete {
                expected: 75,
                found: 65,
            },
            M::NoSpace {
                folder: s("/v"),
                needed: 900_000_000,
                available: 12_000_000,
            },
            M::FfmpegFailed {
                detail: s("Conversion failed!"),
            },
            M::FfmpegKilled { signal: 9 },
            M::FfmpegExited { code: 1 },
            M::FfmpegWroteNothing,
            M::OutputUnverifiable {
                why: MediaWhy::ProbeFailed {
                    detail: s("moov atom not found"),
                },
            },
            M::Canceled,
            M::SnapshotUnreadable {
                detail: s("missing field `scenes`"),
            },
            M::ThreadFailed {
                cause: Cause::Other {
                    detail: s("Resource temporarily unavailable"),
                },
            },
            M::NoSuchJob { id: s("0190-abc") },
            M::CannotBecome {
                id: s("0190-abc"),
                from: Status::Completed,
                to: Status::Queued,
            },
            M::OutputTaken {
                path: s("/v/a.mp4"),
                job: s("0190-abc"),
                title: s("Boas-vindas"),
                status: Status::Processing,
            },
            M::JobRunning { id: s("0190-abc") },
            M::LeaseLost { id: s("0190-abc") },
            M::WorkerLost,
            M::UnknownStatus { value: s("paused") },
            M::DatabaseDamaged {
                path: s("/d/queue.sqlite3"),
                detail: s("file is not a database"),
            },
            M::DatabaseReadOnly {
                path: s("/d/queue.sqlite3"),
            },
            M::DatabaseUnusable {
                detail: s("database is locked"),
            },
            M::MigrationFailed {
                detail: s("duplicate column"),
            },
            M::QueueFolder {
                path: s("/d"),
                cause: Cause::PermissionDenied,
            },
            M::DatabaseUnreachable {
                server: s("farm.local:5432"),
                detail: s("Connection refused (os error 111)"),
            },
            M::DatabaseLogin {
                server: s("farm.local:5432"),
                user: s("estudio"),
            },
            M::DatabaseMissing {
                server: s("farm.local:5432"),
                dbname: s("cursos"),
            },
            M::DatabaseAddress {
                detail: s(
                    "sslmode=maybe is not one of disable, prefer, require, verify-ca, verify-full",
                ),
            },
            M::DatabaseTls {
                detail: s("certificate verify failed"),
            },
            M::DatabaseNewer { found: 9, known: 2 },
            M::FarmConnected {
                farm: s("postgres://estudio@farm.local:5432/cursos"),
                version: s("PostgreSQL 15.18"),
            },
            M::PathMapInvalid {
                detail: s("\"cursos\" is not FROM=TO"),
            },
            M::FarmUnreachable {
                farm: s("postgres://estudio@farm.local:5432/cursos"),
                detail: s("Connection refused"),
            },
            M::OutOfReach {
                machine: s("sala-2"),
                path: s("/mnt/cursos/aula.png"),
                write: false,
                detail: s("No such file or directory (os error 2)"),
            },
            M::OutOfReach {
                machine: s("sala-2"),
                path: s("/mnt/cursos"),
                write: true,
                detail: s("Permission denied (os error 13)"),
            },
            M::ImportedWithProblems {
                path: s("/a/aula.estudio"),
                count: 2,
            },
            M::NothingRendered {
                path: s("/a/b.estudio"),
                count: 2,
            },
            M::QueueUnopenable {
                path: s("/d/queue.sqlite3"),
            },
            M::QueueReplaced {
                path: s("/d/queue.sqlite3"),
                aside: s("/d/queue.sqlite3.damaged-1"),
            },
            M::SampleUnwritable { path: s("/a") },
            M::QueueSetAside {
                path: s("/d/queue.sqlite3.damaged-1"),
            },
            M::PrefsSetAside {
                path: s("/d/prefs.json.damaged-1"),
            },
            M::NoImages,
            M::ProjectUnwritable {
                path: s("/a/b.estudio"),
                cause: Cause::NoSpace,
            },
            M::PrefsUnwritable {
                path: s("/d/prefs.json"),
                cause: Cause::IsAFolder,
            },
            M::DeckUnreadable {
                path: s("/a/aula.pptx"),
                cause: Cause::PermissionDenied,
            },
            M::DeckNotADeck {
                path: s("/a/aula.pptx"),
            },
            M::DeckIsOther {
                path: s("/a/aula.pptx"),
                looks: FileLooks::Picture,
            },
            M::DeckDamaged {
                path: s("/a/aula.pptx"),
                detail: s("invalid Zip archive"),
            },
            M::DeckLocked {
                path: s("/a/aula.pptx"),
            },
            M::DeckEscapes {
                path: s("/a/aula.pptx"),
                member: s("../../.bashrc"),
            },
            M::DeckTooBig {
                path: s("/a/aula.pptx"),
                limit: s("1 GB"),
            },
            M::DeckTooManySlides {
                path: s("/a/aula.pptx"),
                found: 5000,
                limit: 2000,
            },
            M::DeckConversion {
                path: s("/a/aula.pptx"),
                detail: s("soffice took longer than 300 s and was stopped"),
            },
            M::DeckPages {
                path: s("/a/aula.pptx"),
                pages: 11,
                slides: 12,
            },
            M::DeckNoSlides {
                path: s("/a/aula.pptx"),
                hidden: 0,
            },
            M::DeckNoSlides {
                path: s("/a/aula.pptx"),
                hidden: 3,
            },
            M::DeckUnopenable {
                path: s("/a/aula.ppt"),
                said: s("source file could not be loaded"),
            },
            M::DeckUnopenable {
                path: s("/a/aula.ppt"),
                said: s(""),
            },
            M::DeckToolsMissing {
                programs: vec![s("LibreOffice Impress"), s("poppler")],
                packages: vec![s("libreoffice-impress"), s("poppler-utils")],
            },
            M::ProgramTimedOut {
                program: s("LibreOffice"),
                secs: 300,
            },
            M::ProgramMissing {
                program: s("MuPDF"),
                detail: s("No such file or directory (os error 2)"),
            },
            M::ProgramFailed {
                program: s("pdfinfo"),
                detail: s("exit status: 1: Syntax Error"),
            },
            M::DeckPptUnsafe {
                path: s("/a/aula.ppt"),
            },
            M::ProjectExists {
                path: s("/a/aula.estudio"),
            },
            M::NotAProjectFile {
                path: s("/a/aula.pptx"),
            },
            M::ImportCanceled,
            M::ScenesFromCache { reused: 3, of: 4 },
            M::NotASize { value: s("4Q") },
            M::BadEdit {
                at: s("/scenes/7"),
                why: EditWhy::PastEnd { len: 5 },
            },
            M::BeingEdited {
                path: s("/a/aula.estudio"),
                program: s("estudio-cli edit"),
                host: s("sala-3"),
                pid: 4242,
            },
            M::ProjectReadOnly {
                path: s("/a/aula.estudio"),
                problem: Pointed {
                    pointer: s(""),
                    message: Box::new(M::TitleEmpty),
                },
            },
            M::ChangedOnDisk {
                path: s("/a/aula.estudio"),
            },
            M::NothingToUndo,
            M::NothingToRedo,
            M::NothingToListen { scene: 3 },
            M::PronunciationEmpty,
            M::PronunciationNoLetters,
            M::PronunciationNothingToSay,
            M::PronunciationDuplicate { first: 2 },
            M::PronunciationBrackets,
            M::PronunciationControl,
            M::PronunciationUnknownPhonemes {
                voice: s("pt_BR-faber-medium"),
                phonemes: s("ʘ ǀ"),
            },
            M::PronunciationTooLong { max: 200 },
            M::PronunciationLanguageSwitch,
            M::PersonalPronunciation {
                text: s("NORMA"),
                problem: Box::new(M::PronunciationUnknownEspeakPhonemes {
                    voice: s("pt-br"),
                    phonemes: s("§"),
                }),
            },
            M::PronunciationUsedIn { scenes: s("1, 3") },
            M::PronunciationUnused,
            M::PronunciationListed {
                origin: s("personal"),
                number: 2,
            },
            M::PronunciationPassedOver {
                scenes: s("1, 3"),
                has: s("Piper"),
                other: s("espeak-ng"),
            },
            M::PronunciationUnknownEspeakPhonemes {
                voice: s("pt-br"),
                phonemes: s("§"),
            },
            M::NoSuchScene { scene: 9 },
            M::ChangedOutside {
                path: s("/a/aula.estudio"),
            },
            M::NotOpenForEditing {
                path: s("/a/aula.estudio"),
            },
            M::OpenWithChanges {
                path: s("/a/aula.estudio"),
            },
            M::RecoveryGone,
            M::EditUnknownOperation { word: s("mvoe") },
            M::EditMissingArguments { verb: s("set") },
            M::NotASceneNumber { word: s("0") },
            M::EditNotJson {
                word: s("1e400"),
                detail: s("number out of range"),
            },
            M::EditOneALine,
            M::Recoverable {
                path: s("/a/aula.estudio"),
                changes: 3,
                changed_on_disk: true,
            },
            M::RecoveredBeside {
                path: s("/a/aula.estudio"),
                beside: s("/a/aula (recovered).estudio"),
            },
            M::Recovered {
                path: s("/a/aula.estudio"),
                changes: 3,
            },
            M::NothingToRecover,
            M::EditSaved {
                path: s("/a/aula.estudio"),
                scenes: vec![1, 3],
            },
            M::EditLeftProblems { count: 2 },
            M::ErrorLine {
                detail: s("cannot read /a/aula.estudio"),
            },
            M::Because {
                cause: Cause::NotFound,
            },
            M::CacheSummary {
                dir: s("/d/cache/parts"),
                entries: 21,
                bytes: 2_688_322,
                max_bytes: 4_000_000_000,
            },
            M::CacheEntry {
                key: s("0123456789abcdef"),
                bytes: 131_072,
                frames: 75,
                age_secs: 12,
            },
            M::CacheEntry {
                key: s("fedcba9876543210"),
                bytes: 1_048_576,
                frames: 0,
                age_secs: 3,
            },
            M::CacheFreed { bytes: 12_000_000 },
            M::TransitionName { name: s("wipeleft") },
            M::TransitionName { name: s("not-a-transition") },
            M::ImportConverting,
            M::ImportReadingPdf,
            M::ImportPage { n: 3, of: 12 },
            M::UpdateNoRecords {
                project: s("/a/aula.estudio"),
            },
            M::UpdateNothingInCommon {
                deck: s("/a/outro.pptx"),
                project: s("/a/aula.estudio"),
            },
            M::UpdateTaken {
                scene: 2,
                slide: 2,
                field: s("picture"),
            },
            M::UpdateKept {
                scene: 5,
                slide: 5,
                field: s("duration"),
            },
            M::UpdateConflict {
                scene: 3,
                slide: 3,
                field: s("narration"),
                ours: s("Use o capacete."),
                theirs: s("Use sempre o capacete."),
            },
            M::UpdateProjectChanged,
            M::UpdateBadRecords {
                project: s("/a/aula.estudio"),
                at: s("/imported/slides/2/image"),
                detail: s("invalid type: null, expected a string"),
            },
            M::UpdateNothingLeft {
                project: s("/a/aula.estudio"),
            },
            M::UpdateAdded { scene: 5, slide: 5 },
            M::UpdateRemoved {
                scene: 6,
                name: s("Riscos"),
            },
            M::UpdateOrphaned { scene: 6 },
            M::UpdateLeftOut { slide: 9 },
            M::UpdateMoved { scene: 1, slide: 1 },
            M::UpdateDone {
                project: s("/a/aula.estudio"),
                deck: s("/a/aula-v2.pptx"),
                taken: 2,
                kept: 3,
                conflicts: 1,
                added: 1,
                removed: 1,
            },
            M::ImportDone {
                path: s("/a/aula.estudio"),
                slides: 11,
                hidden: 1,
            },
            M::ImportFontsMissing {
                fonts: vec![
                    (s("Segoe UI"), s("DejaVu Sans")),
                    (s("Gill Sans"), s("DejaVu Sans")),
                ],
            },
            M::ImportFontsStoodIn {
                fonts: vec![(s("Calibri"), s("Carlito")), (s("Arial"), s("Liberation Sans"))],
            },
            M::ImportAnimationsLost { slides: s("2, 5") },
            M::ImportMediaLost { slides: s("7") },
            M::ImportLinksRemoved { count: 2 },
        ];
        for unit in [
            Unit::Plain,
            Unit::Seconds,
            Unit::Pixels,
            Unit::Fps,
            Unit::Canvas,
            Unit::CanvasWidth,
            Unit::CanvasHeight,
            Unit::Lufs,
            Unit::Degrees,
        ] {
            all.push(M::Between {
                field: s("x"),
                value: 2.0,
                min: -1.0,
                max: 1.0,
                unit,
            });
        }
        for why in [
            MediaWhy::Unreadable,
            MediaWhy::NotAFont,
            MediaWhy::NotMedia {
                detail: s("Invalid data found when processing input"),
            },
            MediaWhy::ProbeFailed {
                detail: s("ffprobe could not be started"),
            },
            MediaWhy::ToolMissing {
                program: s("/usr/bin/ffprobe"),
                detail: s("No such file or directory"),
            },
            MediaWhy::ToolMissing {
                program: s("/usr/bin/ffprobe"),
                detail: s("No such file or directory"),
            },
            MediaWhy::PictureUndecodable,
            MediaWhy::NoPicture,
            MediaWhy::ClipWithoutSound,
            MediaWhy::NoSound,
            MediaWhy::LengthUnknown,
        ] {
            all.push(M::Media {
                file: s("a.png"),
                why,
            });
        }
        for why in [
            OutputWhy::NamesNoFile,
            OutputWhy::IsFolder,
            OutputWhy::FolderMissing,
            OutputWhy::IsProjectFile,
            OutputWhy::SideFileIsProjectFile {
                side: s("/v/a.srt"),
            },
            OutputWhy::OtherFileThere { kind: s("MP4") },
            OutputWhy::Exists {
                existing: s("/v/a.mp4"),
            },
            OutputWhy::AppearedSince {
                existing: s("/v/a.mp4"),
            },
            OutputWhy::Unusable {
                cause: Cause::PermissionDenied,
            },
        ] {
            all.push(M::Output {
                path: s("/v/a.mp4"),
                why,
            });
        }
        for why in [
            OpenWhy::NotCompleted,
            OpenWhy::PresetUnknown,
            OpenWhy::Gone,
            OpenWhy::Replaced,
            OpenWhy::NotPreview,
        ] {
            all.push(M::NotOpenable {
                id: s("0190-abc"),
                why,
            });
        }
        for video in [true, false] {
            all.push(M::NothingOpened {
                video,
                folder: s("/home/ana/Vídeos"),
            });
        }
        for cause in [
            Cause::NotFound,
            Cause::PermissionDenied,
            Cause::AlreadyExists,
            Cause::ReadOnly,
            Cause::NoSpace,
            Cause::NotAFolder,
            Cause::IsAFolder,
            Cause::NotARegularFile,
            Cause::Other {
                detail: s("Input/output error"),
            },
        ] {
            all.push(M::Io {
                path: s("/w/x"),
                cause,
            });
        }
        for status in [
            Status::Queued,
            Status::Processing,
            Status::Completed,
            Status::Failed,
            Status::Canceled,
        ] {
            all.push(M::CannotBecome {
                id: s("j"),
                from: status,
                to: Status::Queued,
            });
        }
        all
    }
}
