//! The test suite of digest-server: the dev server end to end, on temporary sites served on
//! an ephemeral port and edited on disk while a page listens to the live reload.
//! One module per concern; every test drives a [`Served`](served::Served) site
//! (`served.rs`). docs/testing.md says how to run it.

mod browser;
mod connections;
mod errors;
mod hosts;
mod reload;
mod served;
mod serving;

/// This suite, for the skips it records (scripts/test-summary.sh lists them).
const SUITE: test_support::Suite = test_support::suite!();
