//! Integration tests on `.crate` tarballs the tests build themselves.
//! One binary for all of them (faster to link).

mod analysis;
mod bounds;
mod coverage;
mod docs_view;
mod fuzz_stable;
mod hostile;
mod lexical;
mod real_crates;
mod support;
mod syn_reference;
mod tarball;
