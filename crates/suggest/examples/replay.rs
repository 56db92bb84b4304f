//! Scores an engine built from a given cue file and training notes on held-out notes,
//! and prints the counts per language as JSON (`bench/suggest/replay.py` sums them over
//! the history of the data).
//!
//!     cargo run --release -p entrack-suggest --example replay -- CUES TRAIN HELD [MISSES]
//!
//! With MISSES, the notes answered otherwise than labelled are appended to that file, one
//! JSON object per line.

use entrack_suggest::{evaluate_with, Engine};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cues, train, held, misses) = match args.as_slice() {
        [cues, train, held] => (cues, train, held, None),
        [cues, train, held, misses] => (cues, train, held, Some(misses)),
        _ => {
            eprintln!("usage: replay CUES.json TRAIN.jsonl HELD.jsonl [MISSES.jsonl]");
            return ExitCode::from(2);
        }
    };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let run = || -> Result<String, String> {
        let engine = Engine::from_data(&read(cues)?, &read(train)?)?;
        let ev = evaluate_with(&engine, &read(held)?);
        if let Some((line, why)) = ev.unreadable.first() {
            return Err(format!("{held}, line {line}: {why}"));
        }
        if let Some(path) = misses {
            let mut out = String::new();
            for miss in &ev.misses {
                out.push_str(&serde_json::to_string(miss).map_err(|e| e.to_string())?);
                out.push('\n');
            }
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, out.as_bytes()))
                .map_err(|e| format!("{path}: {e}"))?;
        }
        serde_json::to_string(&ev.by_lang).map_err(|e| e.to_string())
    };
    match run() {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("replay: {e}");
            ExitCode::FAILURE
        }
    }
}
