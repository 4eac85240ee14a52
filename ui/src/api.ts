// The typed client of the Rust back end: every command and event the window uses, in one place.
// Types come from Rust (ts-rs, ./bindings); the names here must match src-tauri/src/commands.rs
// and src-tauri/src/events.rs.
import { invoke } from "@tauri-apps/api/core";
import type { Entry } from "./bindings/Entry";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppInfo } from "./bindings/AppInfo";
import type { Attempt } from "./bindings/Attempt";
import type { CommandError } from "./bindings/CommandError";
import type { Change } from "./bindings/Change";
import type { DeckImported } from "./bindings/DeckImported";
import type { DeckUpdated } from "./bindings/DeckUpdated";
import type { EditorView } from "./bindings/EditorView";
import type { OutsideChange } from "./bindings/OutsideChange";
import type { Recoverable } from "./bindings/Recoverable";
import type { ScenePreviewInfo } from "./bindings/ScenePreviewInfo";
import type { TransitionKind } from "./bindings/TransitionKind";
import type { ExportInput } from "./bindings/ExportInput";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { Job } from "./bindings/Job";
import type { JobProgress } from "./bindings/JobProgress";
import type { JobRemoved } from "./bindings/JobRemoved";
import type { Prefs } from "./bindings/Prefs";
import type { PresetId } from "./bindings/PresetId";
import type { ProjectSummary } from "./bindings/ProjectSummary";
import type { QueueSettings } from "./bindings/QueueSettings";
import type { SlideshowCreated } from "./bindings/SlideshowCreated";
import type { VoiceChoice } from "./bindings/VoiceChoice";

export type {
  AppInfo,
  Attempt,
  Change,
  CommandError,
  DeckImported,
  EditorView,
  OutsideChange,
  Recoverable,
  TransitionKind,
  ExportInput,
  ImportProgress,
  Job,
  JobProgress,
  Prefs,
  PresetId,
  ProjectSummary,
  QueueSettings,
  SlideshowCreated,
  VoiceChoice,
};

/** True when a rejected command carries the back end's typed error. */
export function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** A readable sentence for any failure of a command. */
export function errorMessage(e: unknown): string {
  if (isCommandError(e)) return e.message;
  if (typeof e === "object" && e !== null && "message" in e) return String(e.message);
  return String(e);
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  systemLanguage: () => invoke<string>("system_language"),
  /** Opens a project for editing (or gives the one open): what the window shows of it. */
  openProject: (path: string) => invoke<EditorView>("open_project", { path }),
  /** One change as one step of the project's history; never JSON from the window. */
  editProject: (path: string, change: Change) => invoke<EditorView>("edit_project", { path, change }),
  undoProject: (path: string) => invoke<EditorView>("undo_project", { path }),
  redoProject: (path: string) => invoke<EditorView>("redo_project", { path }),
  /** `over`: write over a file another program changed (the person chose to). */
  saveProject: (path: string, over: boolean) => invoke<EditorView>("save_project", { path, over }),
  saveProjectAs: (path: string, to: string) => invoke<EditorView>("save_project_as", { path, to }),
  /** Takes the file as another program left it (this window's changes: one undo away). */
  reloadProject: (path: string) => invoke<EditorView>("reload_project", { path }),
  /** Closes a tab's document; its unsaved changes are dropped. */
  closeProject: (path: string) => invoke<null>("close_project", { path }),
  /** Unsaved changes a previous run left (a crash, a kill). */
  recoverableProjects: () => invoke<Recoverable[]>("recoverable_projects"),
  recoverProject: (id: string) => invoke<EditorView>("recover_project", { id }),
  discardRecovery: (id: string) => invoke<null>("discard_recovery", { id }),
  /** A scene's narration as the export says it: WAV bytes. */
  listenScene: (path: string, scene: number) => invoke<ArrayBuffer>("listen_scene", { path, scene }),
  /** Draws one scene (with its transitions) at preview quality: where it is in the file. */
  previewScene: (path: string, scene: number) => invoke<ScenePreviewInfo>("preview_scene", { path, scene }),
  scenePreviewBytes: (id: string) => invoke<ArrayBuffer>("scene_preview_bytes", { id }),
  transitionKinds: () => invoke<TransitionKind[]>("transition_kinds"),
  /** Stops speaking the narrations of a project being opened (it then opens with a problem). */
  cancelOpen: (path: string) => invoke<null>("cancel_open", { path }),
  /** The voices narrations can name: Piper's, then espeak-ng's. */
  listVoices: () => invoke<VoiceChoice[]>("list_voices"),
  /** `text` said as a narration: with a project's `pronunciations`, and `personal` (null: those of Settings). */
  sayLine: (text: string, voice: string | null, pronunciations: Entry[], personal: Entry[] | null) =>
    invoke<ArrayBuffer>("say_line", { text, voice, pronunciations, personal }),
  testFarm: (url: string) => invoke<string>("test_farm", { url }),
  sceneThumbnails: (path: string) => invoke<string[]>("scene_thumbnails", { path }),
  createSlideshow: (files: string[]) => invoke<SlideshowCreated>("create_slideshow", { files }),
  /** Makes a project beside a slide deck (a scene per visible slide, notes spoken). */
  importDeck: (path: string) => invoke<DeckImported>("import_deck", { path }),
  updateFromDeck: (path: string, deck: string) => invoke<DeckUpdated>("update_from_deck", { path, deck }),
  cancelImport: (path: string) => invoke<null>("cancel_import", { path }),
  previewProject: (project: string) => invoke<Job>("preview_project", { project }),
  openOutput: (id: string) => invoke<null>("open_output", { id }),
  /** Shows a completed job's video in the file manager (only a job's own output). */
  revealOutput: (id: string) => invoke<null>("reveal_output", { id }),
  /** A completed preview's video, as bytes (see `preview_bytes` in commands.rs for why). */
  previewBytes: (id: string) => invoke<ArrayBuffer>("preview_bytes", { id }),
  suggestOutput: (project: string, title: string, preset: PresetId) =>
    invoke<string>("suggest_output", { project, title, preset }),
  enqueueExport: (input: ExportInput) => invoke<Job>("enqueue_export", { input }),
  listJobs: () => invoke<Job[]>("list_jobs"),
  jobLog: (id: string) => invoke<Attempt[]>("job_log", { id }),
  cancelJob: (id: string) => invoke<Job>("cancel_job", { id }),
  retryJob: (id: string) => invoke<Job>("retry_job", { id }),
  removeJob: (id: string) => invoke<null>("remove_job", { id }),
  /** Renders this window's process runs now (closing it stops them). */
  rendersHere: () => invoke<number>("renders_here"),
  clearFinished: () => invoke<number>("clear_finished"),
  queueSettings: () => invoke<QueueSettings>("queue_settings"),
  setPaused: (paused: boolean) => invoke<QueueSettings>("set_paused", { paused }),
  setQueueSettings: (settings: QueueSettings) => invoke<QueueSettings>("set_queue_settings", { settings }),
  prefs: () => invoke<Prefs>("prefs"),
  setPrefs: (prefs: Prefs) => invoke<Prefs>("set_prefs", { prefs }),
  /** Bytes the cache of finished parts holds. */
  cacheBytes: () => invoke<number>("cache_bytes"),
  /** Empties the cache of finished parts; the bytes freed. */
  clearCache: () => invoke<number>("clear_cache"),
  forgetRecent: (path: string) => invoke<Prefs>("forget_recent", { path }),
};

export const events = {
  onJobChanged: (f: (job: Job) => void): Promise<UnlistenFn> =>
    listen<Job>("job-changed", (e) => f(e.payload)),
  onJobProgress: (f: (p: JobProgress) => void): Promise<UnlistenFn> =>
    listen<JobProgress>("job-progress", (e) => f(e.payload)),
  onJobRemoved: (f: (r: JobRemoved) => void): Promise<UnlistenFn> =>
    listen<JobRemoved>("job-removed", (e) => f(e.payload)),
  onImportProgress: (f: (p: ImportProgress) => void): Promise<UnlistenFn> =>
    listen<ImportProgress>("import-progress", (e) => f(e.payload)),
  /** Another program changed an open project's file. */
  onProjectOutside: (f: (c: OutsideChange) => void): Promise<UnlistenFn> =>
    listen<OutsideChange>("project-outside", (e) => f(e.payload)),
  onQueueSettings: (f: (s: QueueSettings) => void): Promise<UnlistenFn> =>
    listen<QueueSettings>("queue-settings", (e) => f(e.payload)),
};
