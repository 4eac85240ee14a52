//! Settings of the web view that must be made before it starts.

use std::path::Path;

/// WebKitGTK draws the page's layers with OpenGL. Without a GPU (no DRM render node: a virtual
/// machine, a remote desktop, Xvfb) that OpenGL is Mesa's llvmpipe, on the processor: measured
/// on 2 cores under Xvfb, the window took about one and a half cores while the scene preview
/// played, and the thumbnail drawn beside it took twice as long (bench/RESULTS.md). WebKit's
/// own switch then draws without OpenGL, which costs far less there. A value the person set
/// (either way) is left alone.
pub fn composite_in_software_without_gpu() {
    const SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if cfg!(target_os = "linux") && std::env::var_os(SWITCH).is_none() && !has_render_node() {
        // Before any thread starts (the first line of `run`), as set_var requires.
        std::env::set_var(SWITCH, "1");
    }
}

/// Whether a GPU can be drawn with: a `renderD*` node in `/dev/dri`.
fn has_render_node() -> bool {
    std::fs::read_dir(Path::new("/dev/dri")).is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}
