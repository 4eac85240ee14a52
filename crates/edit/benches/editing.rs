//! `cargo bench -p estudio-edit --bench editing`: the editing engine on a 200-scene project.
//! Prints a Markdown table for bench/RESULTS.md.
//!
//! - One operation applied, validated and summarised (`Document::apply`: the op, its inverse,
//!   the journal line synced, the project filled and validated, the changed scenes found),
//!   against the reference of reading the project as `estudio_project::load` does (parse, fill,
//!   type, validate: what any change cost before there was an engine). Target: p95 under 20 ms.
//! - One journal append, durable, against the reference of a bare `write` + `fdatasync` of a
//!   line of the same size to a file on the same disk. Target: median under 5 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::{Duration, Instant};

use estudio_edit::{Document, Op, OpenOptions};
use serde_json::json;

const SCENES: usize = 200;
const ROUNDS: usize = 200;

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let scenes: Vec<serde_json::Value> = (0..SCENES)
        .map(|i| {
            json!({
                "name": format!("Slide {i}"),
                "background": {"color": format!("#{:02x}3060", i % 256)},
                "texts": [{"text": format!("Título {i}"), "size": 0.08, "y": 0.2}],
                "narration": {"text": format!("Esta é a linha {i} do curso, dita pela voz do projeto.")},
                "caption": format!("Linha {i}."),
                "duration": 6,
                "transition": {"type": "fade", "duration": 0.5}
            })
        })
        .collect();
    let path = dir.join("bench.estudio");
    let text = serde_json::to_string_pretty(&json!({
        "version": 1, "title": "Curso", "canvas": {"width": 1280, "height": 720, "fps": 30},
        "scenes": scenes, "defaults": {"narration": {"voice": "pt-br"}}
    }))
    .unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn quantile(samples: &mut [Duration], q: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() - 1) as f64 * q).round() as usize;
    samples[i].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::Builder::new()
        .prefix("edit-bench-")
        .tempdir_in(std::env::var_os("BENCH_TMP").unwrap_or_else(|| std::env::temp_dir().into()))
        .unwrap();
    let path = project(dir.path());
    let options = OpenOptions {
        program: "bench".into(),
        journal_dir: Some(dir.path().join("journal")),
        backup_dir: None,
        take_over: false,
    };
    let mut doc = Document::open(&path, &options).unwrap();
    let (mut apply, mut load) = (Vec::new(), Vec::new());
    for k in 0..ROUNDS {
        // Alternately, so both see the same machine.
        let t = Instant::now();
        let outcome = doc
            .apply(Op::set(
                format!("/scenes/{}/texts/0/text", (k * 7) % SCENES),
                json!(format!("Título editado {k}")),
            ))
            .unwrap();
        apply.push(t.elapsed());
        assert_eq!(outcome.changed_scenes.len(), 1);
        let t = Instant::now();
        let loaded = estudio_project::load(&path).unwrap();
        load.push(t.elapsed());
        assert!(loaded.problems.is_empty());
    }
    doc.close();
    // Journal appends: the line of a small operation, as `apply` writes it.
    let mut journal = estudio_edit::journal::Journal::create(
        &dir.path().join("journal"),
        &path,
        &std::fs::read_to_string(&path).unwrap(),
    )
    .unwrap();
    let op = Op::set("/scenes/3/duration", json!(7.5));
    let line = vec![b'x'; serde_json::to_vec(&op).unwrap().len() + 8];
    let mut raw = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("raw.jsonl"))
        .unwrap();
    let (mut append, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let t = Instant::now();
        raw.write_all(&line).unwrap();
        raw.sync_data().unwrap();
        bare.push(t.elapsed());
        let t = Instant::now();
        journal.append_op(&op).unwrap();
        append.push(t.elapsed());
    }
    journal.remove();
    let (a50, a95) = (quantile(&mut apply, 0.5), quantile(&mut apply, 0.95));
    let (l50, l95) = (quantile(&mut load, 0.5), quantile(&mut load, 0.95));
    let (j50, j95) = (quantile(&mut append, 0.5), quantile(&mut append, 0.95));
    let (b50, b95) = (quantile(&mut bare, 0.5), quantile(&mut bare, 0.95));
    println!("| measure ({SCENES} scenes, {ROUNDS} rounds) | median (ms) | 95th percentile (ms) | median vs its reference |");
    println!("|---|---:|---:|---:|");
    println!("| reference: load the project (parse, fill, type, validate) | {l50:.2} | {l95:.2} | 1.00 |");
    println!(
        "| one operation applied, journalled, validated, summarised | {a50:.2} | {a95:.2} | {:.2} |",
        a50 / l50
    );
    println!("| reference: a bare write + fdatasync of a line | {b50:.2} | {b95:.2} | 1.00 |");
    println!(
        "| one journal append, durable | {j50:.2} | {j95:.2} | {:.2} |",
        j50 / b50
    );
    println!();
    println!(
        "Targets: an operation's 95th percentile under 20 ms ({}), a journal append's median under 5 ms ({}).",
        if a95 < 20.0 { "met" } else { "missed" },
        if j50 < 5.0 { "met" } else { "missed" }
    );
}
