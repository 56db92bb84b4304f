//! Executions per second of each target over its corpus, outside AFL (to tell a slow
//! target from a slow harness).
fn main() {
    for t in entrack_fuzz::TARGETS {
        let dir = entrack_fuzz::data_dir().join("corpus").join(t.name);
        let inputs: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        for i in &inputs {
            (t.run)(i);
        }
        let start = std::time::Instant::now();
        let mut n = 0;
        while start.elapsed().as_secs_f64() < 1.0 {
            for i in &inputs {
                (t.run)(i);
                n += 1;
            }
        }
        println!(
            "{:14} {:>9.0}/s",
            t.name,
            n as f64 / start.elapsed().as_secs_f64()
        );
    }
}
