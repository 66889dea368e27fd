//! The shared data folder beside the repository (`../shared`: the seed digest and the
//! corpus; its licence forbids copying it into the repository). Tests that read it get
//! their paths from [`shared_path`]; without the folder they are skipped, and recorded as
//! skipped for the summary of `scripts/test.sh`, except in CI, where they fail. Tests that
//! run a program from outside the repository (`actionlint`) find it with
//! [`program_on_path`], skipped or failed the same way.
//!
//! Included by each test binary that needs it: `#[path = "support/shared.rs"] mod shared;`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `relative` in the shared folder: `$DIGEST_SITE_SHARED`, or `shared/` beside the
/// repository. When it is missing: `None` after recording the current test as skipped
/// (in `<target>/tmp/skipped/`, one file per test, holding the reason), or, in CI
/// (`CI` set, not `false`), a panic.
pub fn shared_path(relative: &str) -> Option<PathBuf> {
    let base = match std::env::var_os("DIGEST_SITE_SHARED") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(3)
            .expect("crates/<crate> has a folder above the repository")
            .join("shared"),
    };
    let path = base.join(relative);
    if path.exists() {
        return Some(path);
    }
    if in_ci() {
        panic!(
            "{} is missing: CI (the variable `CI` is set) runs the tests that need the shared data \
             folder; put it beside the repository, or set DIGEST_SITE_SHARED to its path",
            path.display()
        );
    }
    let reason = format!(
        "needs the shared data folder: {} is missing",
        path.display()
    );
    record_skip(&reason);
    None
}

/// The program `name` (`actionlint`) as found on `PATH`. When it is missing: `None` after
/// recording the current test as skipped, or, in CI, a panic that says how to install it
/// (`install`).
pub fn program_on_path(name: &str, install: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(&file))
            .find(|candidate| candidate.is_file())
    });
    if found.is_some() {
        return found;
    }
    if in_ci() {
        panic!(
            "`{name}` is not on PATH: CI (the variable `CI` is set) runs the tests that need it; {install}"
        );
    }
    record_skip(&format!("needs `{name}` on PATH ({install})"));
    None
}

/// Whether the tests run in CI: `CI` set to anything but `false` or nothing.
fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
}

/// Writes `<target>/tmp/skipped/<binary>.<test>` holding `reason`, and says so on stderr.
fn record_skip(reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("unnamed");
    let name = format!("{}::{test}", env!("CARGO_CRATE_NAME"));
    // Rust names have no dots: `::` becomes `.` in the file name, and back in the summary.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped");
    let file = dir.join(name.replace("::", "."));
    if let Err(e) =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, format!("{reason}\n")))
    {
        eprintln!("warning: cannot record the skip in {}: {e}", file.display());
    }
    eprintln!("SKIPPED {name}: {reason}");
}
