//! The README's walkthrough, run as written: a newcomer following it gets a store, a
//! tenant, entitlements, status rows, the history and the report.

use std::process::Command;

fn block_after<'a>(readme: &'a str, marker: &str) -> &'a str {
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README lacks {marker}"));
    let rest = &readme[start..];
    let open = rest.find("```").expect("fence");
    let body = &rest[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    &body[..body.find("```").expect("closing fence")]
}

#[test]
fn the_readme_walkthrough_works() {
    let readme = include_str!("../../../README.md");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rows.json"),
        block_after(readme, "<!-- walkthrough: rows.json -->"),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("entrack");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut outputs = String::new();
    for line in block_after(readme, "<!-- walkthrough: commands -->")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let out = Command::new("sh")
            .args(["-c", line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("LANG", "C.UTF-8")
            .env_remove("ENTRACK_DB")
            .env_remove("ENTRACK_LANG")
            .env_remove("ENTRACK_USER")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{line}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    assert!(dir.path().join("entrack.db").exists());
    for expected in [
        "Saved Exchange of Contoso GmbH as version 2",
        "Migration",
        "Network",
        "status.put",
        "Summe",
        "Blockiert",
    ] {
        assert!(
            outputs.contains(expected),
            "walkthrough output lacks {expected}:\n{outputs}"
        );
    }
}
