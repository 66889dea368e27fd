//! The test suite of digest-core: whole sites built, checked and imported through the
//! library, and read back as a reader sees them. One module per concern; every test drives
//! a [`SiteTest`](site_test::SiteTest): a site in (a fixture folder copied, or files written one
//! by one), then `build`, `check` or an import, and assertions on the diagnostics (exact,
//! as insta snapshots), the parsed pages, or whole expected files (`expected_pages.rs`).
//!
//! docs/testing.md says how to run it, bless expected files and review snapshots. The fuzz
//! targets are unit tests of the crate (`src/fuzz/`): what they call is not the crate's
//! public face.

mod body_html;
mod browser;
mod build;
mod corpus_smoke;
mod examples;
mod expected_pages;
mod import;
mod invalid_sites;
mod reader;
mod site_test;

/// This suite, for the skips it records (scripts/test-summary.sh lists them).
const SUITE: test_support::Suite = test_support::suite!();
