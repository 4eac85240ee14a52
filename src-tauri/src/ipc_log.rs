//! An optional record of the commands the window calls, one per line (`UNIX_MS NAME`), in the
//! file named by `ESTUDIO_IPC_LOG`. The window's own IPC functions are frozen (a page script
//! cannot wrap them), so this is how a test proves what the UI asks of the back end (e.g. that it
//! does not poll), and how the benchmark sees when the window's code first runs.

use std::io::Write;
use std::sync::Mutex;

pub struct IpcLog(Option<Mutex<std::fs::File>>);

impl IpcLog {
    pub fn from_env() -> Self {
        let file = std::env::var_os("ESTUDIO_IPC_LOG").and_then(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| tracing::warn!(error = %e, "ESTUDIO_IPC_LOG cannot be written"))
                .ok()
        });
        Self(file.map(Mutex::new))
    }

    pub fn record(&self, command: &str) {
        if let Some(file) = &self.0 {
            let mut file = file
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let ms = estudio_queue::now_ms();
            if let Err(e) = writeln!(file, "{ms} {command}") {
                tracing::warn!(error = %e, "ESTUDIO_IPC_LOG write failed");
            }
        }
    }
}
