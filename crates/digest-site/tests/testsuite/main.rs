//! The test suite of digest-site, the command line: the binary run the way a user runs it
//! in a temporary site, for its exit code, what it prints (stderr exactly, as snapshots in
//! `snapshots/`) and what it writes. One module per command or concern; the tests drive a
//! [`SiteTest`](site_test::SiteTest) (`site_test.rs`) or its runner of the binary. docs/testing.md says how to run it.

mod build;
mod external_links;
mod first_day;
mod habits;
mod import;
mod output;
mod release;
mod serve;
mod site_test;

/// This suite, for the skips it records (scripts/test-summary.sh lists them).
const SUITE: test_support::Suite = test_support::suite!();
