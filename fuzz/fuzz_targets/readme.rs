//! The README reader.
#![no_main]

use cratescope_analyze::measure_readme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let f = measure_readme(&text);
    assert!(f.text_chars as usize <= text.chars().count() + text.lines().count());
});
