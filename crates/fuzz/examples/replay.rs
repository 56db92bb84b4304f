//! Runs one target on the files given: `cargo run --example replay -- TARGET FILE…`
//! (a crash found by a long run, before it becomes a regression input).
fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().expect("a target name");
    let target = entrack_fuzz::target(&name).expect("a known target");
    for file in args {
        let data = std::fs::read(&file).expect("a readable file");
        (target.run)(&data);
        println!("{file}: ok");
    }
}
