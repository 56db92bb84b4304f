//! `entrack-afl TARGET`: runs one fuzz target of `entrack-fuzz` under AFL++ (persistent
//! mode). `entrack-afl --list` prints the targets.

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    if name == "--list" || name.is_empty() {
        for t in entrack_fuzz::TARGETS {
            println!("{}\t{}", t.name, t.about);
        }
        return;
    }
    let Some(target) = entrack_fuzz::target(&name) else {
        eprintln!("no fuzz target {name:?}; `entrack-afl --list` names them");
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| (target.run)(data));
}
