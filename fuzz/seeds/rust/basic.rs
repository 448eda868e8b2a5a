//! Crate docs.
//!
//! ```
//! assert!(true);
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![no_std]

#[cfg(feature = "std")]
extern crate std;

pub mod m0;
#[path = "m1.rs"]
mod inner;
pub use inner::*;
pub use core_part::{Thing, sub::*};

/// A type.
pub struct S<T: Clone> { pub a: Vec<T>, b: u8 }

impl<T: Clone> S<T> {
    /// A method.
    pub fn get(&self) -> Option<&T> { self.a.first() }
    pub unsafe fn raw(&self) -> *const T { unsafe { self.a.as_ptr() } }
}

#[cfg(any(feature = "std", docsrs))]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub fn with_std() -> u32 { (1 + 2) * 3 }

macro_rules! root { () => { pub mod generated { pub fn g() {} } }; }
root!();

cfg_if::cfg_if! {
    if #[cfg(unix)] { pub fn unix_only() {} } else { pub fn other() {} }
}

#[macro_export]
macro_rules! exported { ($x:expr) => { $x }; }
