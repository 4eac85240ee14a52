//! `estudio-cli import DECK --into PROJECT`: a new version of a deck merged into the project
//! imported from it (`estudio_deck::update`), applied through the editing engine as one
//! change, so the file keeps its layout and the window's Undo takes the whole update back.

use std::path::Path;
use std::process::ExitCode;

use estudio_edit::Document;

pub fn update_into(
    deck: &Path,
    project: &Path,
    options: &estudio_deck::ImportOptions,
) -> anyhow::Result<ExitCode> {
    // Ctrl-C stops LibreOffice and MuPDF; nothing is written.
    let cancel = crate::commands::canceled_by_ctrl_c()?;
    let mut doc = Document::open(
        project,
        &crate::edit::open_options("estudio-cli import --into", true),
    )?;
    let update =
        match estudio_deck::update(deck, doc.path(), doc.value(), options, &cancel, |stage| {
            say!("{}", stage.message());
        }) {
            Ok(update) => update,
            Err(e) => {
                doc.close();
                return Err(anyhow::anyhow!("{e}"));
            }
        };
    let applied = doc.apply(update.op());
    if let Err(e) = applied {
        doc.close();
        return Err(e.into());
    }
    // The pictures first, so the saved project never names one that is not there yet.
    let written = match update.write_pictures() {
        Ok(written) => written,
        Err(e) => {
            doc.close();
            return Err(anyhow::anyhow!("{e}"));
        }
    };
    if let Err(e) = doc.save() {
        written.remove();
        doc.close();
        return Err(e.into());
    }
    written.keep();
    doc.close();
    let mut messages = update.messages();
    let done = messages.pop();
    for m in messages {
        say!("{m}");
    }
    if let Some(done) = done {
        out!("{done}");
    }
    Ok(ExitCode::SUCCESS)
}
