//! Helpers shared by the benches and the tests that ask many questions: a deterministic
//! pseudo-random sequence and a median timer. Included with `#[path]` (the benches live in two
//! crates: the project's and `bench/crates/`).
#![allow(dead_code)]

use std::time::Instant;

/// A deterministic pseudo-random sequence (xorshift), so every run asks the same questions.
pub struct Rng(pub u64);

impl Rng {
    /// The next number in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The next number in [a, b).
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.next()
    }
}

/// Median time of `runs` runs of `f`, in microseconds.
pub fn median_us(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}
