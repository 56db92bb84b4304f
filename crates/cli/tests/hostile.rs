//! Hostile files: what a careless or malicious upload can hold. Each is refused with an
//! error that says what is wrong, nothing is written, and `entrack import` stays within
//! 256 MiB of memory while it reads the file.

mod common;

use common::Env;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const HEADER: &str = "tenant_id,tenant_name,service,total_entitlements,l1,l2,l3,entitlements,target_date,owner,note,next_action,next_action_date";
const ROW: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff,Contoso GmbH,exchange,100,in-progress,migration,,100,2027-03-31,,Pilot done and wave 2 planned,Kickoff meeting,2027-01-15";
const MAX_RSS_KIB: u64 = 256 * 1024;

/// Runs `entrack import FILE` and watches its peak memory (VmHWM) until it exits.
fn import_measured(env: &Env, file: &Path) -> (common::Run, u64) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("entrack"))
        .current_dir(env.dir.path())
        .env("LANG", "C.UTF-8")
        .env_remove("ENTRACK_LANG")
        .env("ENTRACK_DB", env.db())
        .args([
            "import",
            file.to_str().expect("utf-8 path"),
            "--as",
            "tester",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut peak = 0u64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kib) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = common::Run {
        code: status.code().unwrap_or(-1),
        stdout: reader.join().expect("stdout"),
        stderr: err_reader.join().expect("stderr"),
    };
    (run, peak)
}

/// What a user reads back: the history and an export.
fn contents(env: &Env) -> String {
    let history = env.ok(&["--format", "json", "history"], None).stdout;
    let file = env.dir.path().join("contents.csv");
    env.ok(&["export", file.to_str().expect("utf-8 path")], None);
    history + &std::fs::read_to_string(&file).expect("export")
}

fn write(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// A workbook with `sheet` as its only worksheet, and any further parts.
fn workbook(sheet: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: &[(&str, &[u8])] = &[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Status" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
    ];
    for (name, body) in parts.iter().chain(extra) {
        z.start_file(*name, opts).expect("zip part");
        z.write_all(body).expect("zip write");
    }
    z.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("zip sheet");
    z.write_all(sheet).expect("zip write");
    z.finish().expect("zip finish").into_inner()
}

fn inline_row(r: usize, cells: &[&str]) -> String {
    let mut s = format!("<row r=\"{r}\">");
    for (i, c) in cells.iter().enumerate() {
        let col = (b'A' + i as u8) as char;
        s.push_str(&format!(
            "<c r=\"{col}{r}\" t=\"inlineStr\"><is><t>{c}</t></is></c>"
        ));
    }
    s.push_str("</row>");
    s
}

fn sheet(rows: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

fn good_sheet_rows() -> String {
    let header: Vec<&str> = HEADER.split(',').collect();
    let row: Vec<&str> = ROW.split(',').collect();
    inline_row(1, &header) + &inline_row(2, &row)
}

/// Imports `file`, expects a refusal whose message holds `expect`, an unchanged store and
/// bounded memory.
fn refused(env: &Env, file: &Path, expect: &str) {
    let before = contents(env);
    let (run, peak) = import_measured(env, file);
    eprintln!("{}: peak memory {} MiB", file.display(), peak / 1024);
    assert_ne!(
        run.code,
        0,
        "{} was imported:\n{}",
        file.display(),
        run.stdout
    );
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains(expect),
        "{}: expected “{expect}” in:\n{said}",
        file.display()
    );
    assert!(!said.contains("panicked"), "{said}");
    assert!(
        peak <= MAX_RSS_KIB,
        "{}: peak memory {peak} KiB",
        file.display()
    );
    assert!(
        contents(env) == before,
        "{} changed the store",
        file.display()
    );
}

#[test]
fn a_well_formed_workbook_of_our_own_making_imports() {
    // The fixtures below differ from this one only in what makes them hostile.
    let env = Env::new();
    env.add_tenant();
    let file = write(
        &env,
        "good.xlsx",
        &workbook(&sheet(&good_sheet_rows()), &[]),
    );
    let (run, _) = import_measured(&env, &file);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(contents(&env).contains("Pilot done and wave 2 planned"));
}

#[test]
fn zip_bombs_are_refused_before_they_are_inflated() {
    let env = Env::new();
    env.add_tenant();
    // 64 MiB of blanks inside the sheet pack to about 64 KiB (1000:1).
    let mut rows = good_sheet_rows();
    rows.push_str(&" ".repeat(64 << 20));
    let bomb = workbook(&sheet(&rows), &[]);
    assert!(bomb.len() < 1 << 20);
    let file = write(&env, "bomb.xlsx", &bomb);
    refused(&env, &file, "zip bomb");

    // Shared strings over their limit, honestly declared.
    let strings = format!(
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{}</sst>",
        "<si><t>x</t></si>".repeat((80 << 20) / 17)
    );
    let file = write(
        &env,
        "strings.xlsx",
        &workbook(
            &sheet(&good_sheet_rows()),
            &[("xl/sharedStrings.xml", strings.as_bytes())],
        ),
    );
    refused(&env, &file, "xl/sharedStrings.xml");

    // Too many parts.
    let many: Vec<(String, Vec<u8>)> = (0..1_001)
        .map(|i| (format!("xl/media/p{i}.xml"), b"<x/>".to_vec()))
        .collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let file = write(
        &env,
        "parts.xlsx",
        &workbook(&sheet(&good_sheet_rows()), &refs),
    );
    refused(&env, &file, "parts");
}

#[test]
fn a_part_that_unpacks_to_more_than_it_declares_is_refused() {
    let env = Env::new();
    env.add_tenant();
    let mut rows = good_sheet_rows();
    rows.push_str(&" ".repeat(4 << 20));
    let mut bytes = workbook(&sheet(&rows), &[]);
    // Rewrite the sheet's unpacked size in the central directory to 1 KiB (the packed
    // size then looks like an honest ratio).
    let name = b"xl/worksheets/sheet1.xml";
    let at = (0..bytes.len() - 4)
        .rev()
        .find(|&i| {
            bytes[i..i + 4] == *b"PK\x01\x02"
                && bytes.get(i + 46..i + 46 + name.len()) == Some(&name[..])
        })
        .expect("central directory entry of the sheet");
    bytes[at + 24..at + 28].copy_from_slice(&1024u32.to_le_bytes());
    let file = write(&env, "liar.xlsx", &bytes);
    refused(&env, &file, "more than the 1024 bytes it declares");
}

#[test]
fn a_cell_far_beyond_the_columns_of_the_format_stops_the_reading() {
    let env = Env::new();
    env.add_tenant();
    let rows = good_sheet_rows()
        + "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let file = write(&env, "far.xlsx", &workbook(&sheet(&rows), &[]));
    refused(&env, &file, "column XFD");
}

#[test]
fn other_kinds_of_files_renamed_are_named_for_what_they_are() {
    let env = Env::new();
    env.add_tenant();
    // The test binary itself, renamed: a program is not a workbook, nor a CSV file.
    let program = std::fs::read(std::env::current_exe().expect("exe")).expect("read exe");
    let exe = &program[..program.len().min(4 << 20)];
    refused(&env, &write(&env, "program.xlsx", exe), "not a ZIP archive");
    refused(&env, &write(&env, "program.csv", exe), "binary data");
    // A ZIP archive whose directory is cut off.
    let good = workbook(&sheet(&good_sheet_rows()), &[]);
    refused(
        &env,
        &write(&env, "cut.xlsx", &good[..good.len() / 2]),
        "not a readable XLSX workbook",
    );
    // UTF-16 text, as "Unicode text" from a spreadsheet.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("{HEADER}\r\n{ROW}\r\n").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    refused(&env, &write(&env, "unicode.csv", &utf16), "UTF-16");
}

#[test]
fn malformed_text_and_a_million_empty_rows_get_clear_errors() {
    let env = Env::new();
    env.add_tenant();
    // A row that is not UTF-8: named by its row, the file is refused as a whole.
    let mut bytes = format!("{HEADER}\n{ROW}\n").into_bytes();
    bytes.extend(b"6f9619ff-8b86-d011-b42d-00c04fc964ff,Caf\xe9 \xff\xfe,teams,1,in-progress,migration,,1,2027-03-31,,Pilot done and wave 2 planned,,\n");
    refused(&env, &write(&env, "latin1.csv", &bytes), "row 3");
    // It counts as read: 2 rows, not 1.
    refused(&env, &write(&env, "latin1.csv", &bytes), "2 rows read");
    // A header that is not UTF-8 (Latin-1 "ö"): the file is refused at row 1, and no data
    // row is taken for the header.
    let mut header_bad: Vec<u8> = HEADER
        .replace("note", "n@te")
        .bytes()
        .map(|b| if b == b'@' { 0xf6 } else { b })
        .collect();
    header_bad.extend(format!("\n{ROW}\n").as_bytes());
    refused(&env, &write(&env, "header.csv", &header_bad), "row 1");
    // A header and a million empty rows: nothing to import, said so, in bounded memory.
    let mut empty = format!("{HEADER}\n").into_bytes();
    empty.extend(",,,,,,,,,,,,\n".repeat(1_000_000).as_bytes());
    let before = contents(&env);
    let (run, peak) = import_measured(&env, &write(&env, "empty.csv", &empty));
    assert!(!format!("{}{}", run.stdout, run.stderr).contains("panicked"));
    assert!(peak <= MAX_RSS_KIB, "peak memory {peak} KiB");
    assert!(contents(&env) == before);
    assert!(
        format!("{}{}", run.stdout, run.stderr).contains("0 rows")
            || run.stdout.contains("no rows")
            || run.stderr.contains("no rows"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}
