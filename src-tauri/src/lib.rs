//! The Estúdio window. This crate only adapts: Tauri commands call the engine
//! ([`estudio_worker::Engine`]), engine events become Tauri events. No render or queue policy
//! lives here.

// #[tauri::command] expands an async command that borrows `State` into code that discards a
// Result with `let _` (Tauri's code, not ours).
#[allow(clippy::let_underscore_must_use)]
mod commands;
#[allow(clippy::let_underscore_must_use)]
mod edit_commands;
mod editing;
mod error;
mod events;
mod ipc_log;
mod state;
mod webview_env;

use std::sync::Arc;

use tauri::Manager;

pub use error::{CommandError, CommandErrorKind};

/// Starts the app: opens the queue, recovers jobs of a previous run, starts the worker, shows
/// the window.
///
/// # Panics
/// When the window system cannot be initialised (nothing useful can be done without it).
pub fn run() {
    webview_env::composite_in_software_without_gpu();
    // Before anything can word a message: the engine and the window speak the desktop's language.
    estudio_words::set_lang(estudio_words::Lang::from_system());
    let log = tracing_subscriber::fmt().with_env_filter(
        tracing_subscriber::EnvFilter::try_from_env("ESTUDIO_LOG")
            .unwrap_or_else(|_| "info".into()),
    );
    // A file instead of the standard output when asked: an app started by WebKitWebDriver (the
    // window tests, the benchmarks) has no standard output anyone reads.
    let file = std::env::var_os("ESTUDIO_LOG_FILE").and_then(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
    });
    match file {
        Some(file) => log
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .init(),
        None => log.init(),
    }
    let handler: Box<dyn Fn(tauri::ipc::Invoke) -> bool + Send + Sync> =
        Box::new(tauri::generate_handler![
            commands::app_info,
            commands::system_language,
            edit_commands::open_project,
            edit_commands::edit_project,
            edit_commands::update_from_deck,
            edit_commands::undo_project,
            edit_commands::redo_project,
            edit_commands::save_project,
            edit_commands::save_project_as,
            edit_commands::reload_project,
            edit_commands::close_project,
            edit_commands::recoverable_projects,
            edit_commands::recover_project,
            edit_commands::discard_recovery,
            edit_commands::listen_scene,
            edit_commands::transition_kinds,
            edit_commands::preview_scene,
            edit_commands::scene_preview_bytes,
            commands::scene_thumbnails,
            commands::say_line,
            commands::create_slideshow,
            commands::import_deck,
            commands::cancel_import,
            commands::cancel_open,
            commands::list_voices,
            commands::test_farm,
            commands::preview_project,
            commands::preview_bytes,
            commands::set_queue_settings,
            commands::prefs,
            commands::set_prefs,
            commands::cache_bytes,
            commands::clear_cache,
            commands::forget_recent,
            commands::suggest_output,
            commands::enqueue_export,
            commands::list_jobs,
            commands::job_log,
            commands::open_output,
            commands::reveal_output,
            commands::renders_here,
            commands::cancel_job,
            commands::retry_job,
            commands::remove_job,
            commands::clear_finished,
            commands::queue_settings,
            commands::set_paused,
        ]);
    let ipc_log = ipc_log::IpcLog::from_env();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let sink = Arc::new(events::WindowEvents::new(app.handle().clone()));
            let state = state::AppState::start(sink)?;
            // The window may load only what the app itself made: thumbnails and previews, in
            // the data folder (which tests and users may move with ESTUDIO_DATA_DIR).
            let scope = app.asset_protocol_scope();
            for dir in [
                estudio_worker::paths::preview_dir(),
                estudio_worker::paths::thumbnail_dir(),
            ] {
                scope.allow_directory(&dir, false)?;
            }
            app.manage(state);
            let handle = app.handle().clone();
            app.manage(editing::Editors::new(move |path| {
                // Off the watcher's thread: a reloaded narration may be spoken.
                let (handle, path) = (handle.clone(), path.to_owned());
                if let Err(e) = std::thread::Builder::new()
                    .name("outside-change".into())
                    .spawn(move || edit_commands::outside(&handle, &path))
                {
                    tracing::warn!(error = %e, "a change by another program was not looked at");
                }
            }));
            Ok(())
        })
        .invoke_handler(move |invoke| {
            ipc_log.record(invoke.message.command());
            handler(invoke)
        })
        .build(tauri::generate_context!())
        .expect("the window system could not be initialised")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                // Running renders stop and go back to the queue, to resume at the next start.
                app.state::<state::AppState>().shutdown();
            }
        });
}
