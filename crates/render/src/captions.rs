//! Captions (SRT and WebVTT) from the scenes' `caption` texts, timed like the video.

use estudio_project::{Project, Timeline};

/// The same cues in the two formats players read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captions {
    pub srt: String,
    pub vtt: String,
}

/// One cue per captioned scene, from the scene's first frame to the next scene's first frame (so
/// cues never overlap, even across a transition). Without any caption the files are still valid
/// (and empty), so players find what was asked for.
pub fn captions(project: &Project, timeline: &Timeline) -> Captions {
    let mut srt = String::new();
    let mut vtt = String::from("WEBVTT\n\n");
    let mut n = 0;
    for (i, scene) in project.scenes.iter().enumerate() {
        let Some(text) = scene
            .caption
            .as_deref()
            .map(clean)
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        let start = timeline.scenes[i].start;
        let end = timeline
            .scenes
            .get(i + 1)
            .map_or(timeline.total_frames, |next| next.start);
        let (from, to) = (ms(timeline, start), ms(timeline, end));
        n += 1;
        srt.push_str(&format!(
            "{n}\n{} --> {}\n{text}\n\n",
            stamp(from, ','),
            stamp(to, ',')
        ));
        vtt.push_str(&format!(
            "{} --> {}\n{}\n\n",
            stamp(from, '.'),
            stamp(to, '.'),
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ));
    }
    Captions { srt, vtt }
}

/// A cue's text: no blank lines (they end a cue) and no `-->` (it starts one).
fn clean(text: &str) -> String {
    text.lines()
        .map(|l| l.trim().replace("-->", "->"))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn ms(timeline: &Timeline, frame: u64) -> u64 {
    frame * 1000 / u64::from(timeline.fps.max(1))
}

fn stamp(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_follow_the_timeline_and_cannot_break_the_format() {
        let project: Project = serde_json::from_value(serde_json::json!({
            "version": 1, "title": "t",
            "canvas": {"width": 64, "height": 36, "fps": 25},
            "scenes": [
                {"duration": 2, "background": {"color": "#000000"}, "caption": "Olá <b> & -->\n\n2nd",
                 "transition": {"type": "fade", "duration": 0.5}},
                {"duration": 3601.5, "background": {"color": "#000000"}},
                {"duration": 1, "background": {"color": "#000000"}, "caption": "end"}
            ]
        }))
        .unwrap();
        // Scene 2 starts at 1.5 s, frame 37.5, rounded to 38 (1.52 s).
        let c = captions(&project, &project.timeline());
        assert_eq!(
            c.srt,
            "1\n00:00:00,000 --> 00:00:01,520\nOlá <b> & ->\n2nd\n\n2\n01:00:03,000 --> 01:00:04,000\nend\n\n"
        );
        assert!(c.vtt.starts_with(
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.520\nOlá &lt;b&gt; &amp; -&gt;\n2nd\n\n"
        ));
        assert!(c.vtt.ends_with("01:00:03.000 --> 01:00:04.000\nend\n\n"));
    }
}
