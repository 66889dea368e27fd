//! The fuzzing engine: a seed corpus, a mutation loop, a clock, a watchdog, and a report.
//!
//! Why our own loop and not cargo-fuzz or bolero: cargo-fuzz (libFuzzer) needs a nightly
//! toolchain, and this project builds and tests on stable only. bolero runs on stable under
//! `cargo test`, but there its engine replays the corpus files and then feeds *fresh random
//! bytes* to the target: it never mutates the seeds, so structured inputs (front matter
//! between `---` lines, a digest table, an XML feed) are almost never reached past the first
//! check. What pays off here is structure-aware mutation of hand-written seeds — insert a
//! token of the format, splice two seeds, repeat a piece a hundred times, cut lines — and
//! that is a few hundred lines on top of a small random number generator (`fastrand`,
//! already in the dependency tree). The loop keeps a mutant when it produced an outcome
//! not seen before (a new diagnostic message, a new set of HTML elements): a poor man's
//! coverage signal that needs no instrumentation.
//!
//! The mutations themselves are in `mutate.rs`.
//!
//! Each execution is wrapped in `catch_unwind`, so a panic is a failure with its message and
//! location; a target may also return an error when an invariant it checks is broken. A
//! failure is shrunk (chunks deleted while the same failure remains), saved under
//! `target/tmp/fuzz/<target>/`, and printed with the command that replays it. A watchdog
//! reports an input that runs longer than `FUZZ_TIMEOUT` seconds as a hang.
//!
//! Settings (environment variables; see docs/fuzzing.md):
//! `FUZZ_SECONDS` (default 2.5), `FUZZ_RUNS` (a cap on executions), `FUZZ_SEED` (the
//! random seed, printed by every run), `FUZZ_REPLAY` (a file or folder of inputs to run
//! instead of fuzzing), `FUZZ_MAX_LEN`, `FUZZ_TIMEOUT` (default 10), `FUZZ_TRACE`.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use super::mutate::mutate;

/// One fuzz target.
pub struct Target {
    pub name: &'static str,
    /// Pieces of the input format that mutations insert.
    pub dictionary: &'static [&'static str],
    /// Longest input the mutator makes.
    pub max_len: usize,
    /// Runs one input. `Ok`: a short description of what happened (mutants with a new one are
    /// kept); `Err`: a broken invariant, written `kind: details`.
    pub run: fn(&[u8]) -> Result<String, String>,
}

/// How a run is bounded and seeded.
#[derive(Debug, Clone)]
pub struct Settings {
    pub seconds: f64,
    pub runs: Option<u64>,
    pub seed: u64,
    pub max_len: Option<usize>,
    pub timeout: Duration,
    /// Where failing inputs are saved.
    pub failure_dir: PathBuf,
    /// Write every input to `<failure_dir>/<target>/current` before running it (to catch
    /// the input of a crash that ends the process, such as a stack overflow).
    pub trace: bool,
}

impl Settings {
    /// From the `FUZZ_*` environment variables.
    pub fn from_env() -> Settings {
        fn var<T: std::str::FromStr>(name: &str) -> Option<T> {
            let value = std::env::var(name).ok()?;
            match value.trim().parse() {
                Ok(v) => Some(v),
                Err(_) => panic!("{name}={value:?} is not a number"),
            }
        }
        let seed = var::<u64>("FUZZ_SEED").unwrap_or_else(|| {
            let mut h = DefaultHasher::new();
            std::time::SystemTime::now().hash(&mut h);
            std::thread::current().id().hash(&mut h);
            h.finish()
        });
        Settings {
            seconds: var("FUZZ_SECONDS").unwrap_or(2.5),
            runs: var("FUZZ_RUNS"),
            seed,
            max_len: var("FUZZ_MAX_LEN"),
            timeout: Duration::from_secs_f64(var("FUZZ_TIMEOUT").unwrap_or(10.0)),
            failure_dir: target_tmp_dir().join("fuzz"),
            trace: std::env::var_os("FUZZ_TRACE").is_some_and(|v| v != "0"),
        }
    }
}

/// `target/tmp/`, where Cargo has integration tests keep their files (`CARGO_TARGET_TMPDIR`,
/// which it sets for those only): a unit-test binary is `<target>/<profile>/deps/<name>`.
/// The system's temporary folder when the binary is somewhere else.
fn target_tmp_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let mut up = exe.ancestors();
    match (up.nth(1), up.nth(1)) {
        (Some(deps), Some(target)) if deps.file_name().is_some_and(|n| n == "deps") => {
            target.join("tmp")
        }
        _ => std::env::temp_dir(),
    }
}

/// What went wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Panic { message: String, location: String },
    Invariant(String),
}

impl Failure {
    /// What must stay the same while the input is shrunk.
    fn signature(&self) -> String {
        match self {
            Failure::Panic { location, .. } => format!("panic at {location}"),
            Failure::Invariant(message) => message.split(": ").next().unwrap_or("").to_string(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Failure::Panic { .. } => "panic",
            Failure::Invariant(_) => "invariant",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic { message, location } => write!(f, "panic at {location}: {message}"),
            Failure::Invariant(message) => write!(f, "broken invariant: {message}"),
        }
    }
}

/// The result of a fuzz run.
#[derive(Debug)]
pub struct Report {
    pub target: &'static str,
    pub seed: u64,
    pub executions: u64,
    pub seeds: usize,
    /// Mutants kept for a new outcome.
    pub kept: usize,
    pub elapsed: Duration,
    pub slowest: Duration,
    /// The (shrunk) failing input, the failure, and where the input was saved.
    pub failure: Option<(Vec<u8>, Failure, PathBuf)>,
}

impl Report {
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        format!(
            "fuzz {}: {} executions in {:.1} s ({:.0}/s), {} seeds, {} kept, slowest {:.1} ms, FUZZ_SEED={}",
            self.target,
            self.executions,
            secs,
            self.executions as f64 / secs.max(1e-9),
            self.seeds,
            self.kept,
            self.slowest.as_secs_f64() * 1e3,
            self.seed,
        )
    }

    /// The failure, its input and how to replay it; `None` when the run passed.
    pub fn failure_text(&self) -> Option<String> {
        let (input, failure, path) = self.failure.as_ref()?;
        Some(format!(
            "fuzz {target}: {failure}\n  input ({len} bytes): {shown}\n  saved to {path}\n  replay: FUZZ_REPLAY={path} cargo test -p digest-core --lib -- fuzz::{target} --exact --nocapture",
            target = self.target,
            len = input.len(),
            shown = show(input),
            path = path.display(),
        ))
    }
}

/// An input as a Rust string literal (lossy, cut at 4000 characters).
pub fn show(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    let mut shown = format!("{text:?}");
    if shown.len() > 4000 {
        let mut cut = 4000;
        while !shown.is_char_boundary(cut) {
            cut -= 1;
        }
        shown.truncate(cut);
        shown.push_str("…(cut)");
    }
    if std::str::from_utf8(input).is_err() {
        shown.push_str(" (not valid UTF-8; see the saved file for the exact bytes)");
    }
    shown
}

/// Writes a line to stderr, past the test harness's capture (the summary of every run is
/// worth seeing, even in `cargo test` without `--nocapture`).
pub fn announce(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The seed inputs of `target`: every file of `dir`, by name.
pub fn read_corpus(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

thread_local! {
    /// Whether this thread's panics are expected (fuzzing): then the hook only records them.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let location = info
                    .location()
                    .map_or_else(|| "?".to_string(), |l| l.to_string());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(location));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `input` through the target, turning a panic into a [`Failure`].
pub fn execute(target: &Target, input: &[u8]) -> Result<String, Failure> {
    install_panic_hook();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(message)) => Err(Failure::Invariant(message)),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a panic without a message)".to_string());
            let location = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "?".to_string());
            Err(Failure::Panic { message, location })
        }
    }
}

/// Runs every input of `path` (a file or a folder) through the target, panics shown as
/// usual (with `RUST_BACKTRACE=1`, a backtrace). The outcome of each file.
pub fn replay(target: &Target, path: &Path) -> Vec<(PathBuf, Result<String, Failure>)> {
    let inputs = if path.is_dir() {
        read_corpus(path)
    } else {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        vec![(path.to_path_buf(), bytes)]
    };
    inputs
        .into_iter()
        .map(|(file, input)| {
            let result = match panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input))) {
                Ok(Ok(outcome)) => Ok(outcome),
                Ok(Err(message)) => Err(Failure::Invariant(message)),
                Err(_) => Err(Failure::Panic {
                    message: "see the panic message above".into(),
                    location: "?".into(),
                }),
            };
            (file, result)
        })
        .collect()
}

/// Fuzzes `target` from `seeds` until the time or run budget is spent or an input fails.
/// The loop runs on its own thread; this one watches it for hangs.
pub fn fuzz(target: &'static Target, seeds: Vec<Vec<u8>>, settings: &Settings) -> Report {
    let current: Arc<Mutex<Vec<u8>>> = Arc::default();
    let executions = Arc::new(AtomicU64::new(0));
    let worker = {
        let (current, executions, settings) =
            (current.clone(), executions.clone(), settings.clone());
        std::thread::Builder::new()
            .name(format!("fuzz-{}", target.name))
            // As rayon's workers, on which content is loaded.
            .stack_size(2 << 20)
            .spawn(move || run_loop(target, seeds, &settings, &current, &executions))
            .expect("cannot start the fuzz thread")
    };
    let mut last = (executions.load(Ordering::Relaxed), Instant::now());
    while !worker.is_finished() {
        std::thread::sleep(Duration::from_millis(20));
        let now = executions.load(Ordering::Relaxed);
        if now != last.0 {
            last = (now, Instant::now());
        } else if last.1.elapsed() > settings.timeout {
            let input = current.lock().map(|c| c.clone()).unwrap_or_default();
            let path = save(settings, target.name, "hang", &input);
            panic!(
                "fuzz {}: an input has run for more than {:?} (a hang?)\n  input ({} bytes): {}\n  saved to {}\n  replay: FUZZ_REPLAY={} cargo test -p digest-core --lib -- fuzz::{} --exact --nocapture",
                target.name,
                settings.timeout,
                input.len(),
                show(&input),
                path.display(),
                path.display(),
                target.name
            );
        }
    }
    match worker.join() {
        Ok(report) => report,
        Err(_) => panic!("the fuzz loop of {} itself panicked", target.name),
    }
}

fn run_loop(
    target: &'static Target,
    seeds: Vec<Vec<u8>>,
    settings: &Settings,
    current: &Mutex<Vec<u8>>,
    executions: &AtomicU64,
) -> Report {
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(settings.seconds.max(0.0));
    let max_len = settings.max_len.unwrap_or(target.max_len);
    let mut rng = fastrand::Rng::with_seed(settings.seed);
    let mut seen: HashSet<u64> = HashSet::new();
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut report = Report {
        target: target.name,
        seed: settings.seed,
        executions: 0,
        seeds: seeds.len(),
        kept: 0,
        elapsed: Duration::ZERO,
        slowest: Duration::ZERO,
        failure: None,
    };
    let mut slowest: Vec<u8> = Vec::new();
    let mut run_one = |input: &[u8], report: &mut Report| -> Result<String, Failure> {
        if let Ok(mut c) = current.lock() {
            c.clear();
            c.extend_from_slice(input);
        }
        if settings.trace {
            save_as(settings, target.name, "current", input);
        }
        let t = Instant::now();
        let result = execute(target, input);
        let took = t.elapsed();
        if took > report.slowest {
            report.slowest = took;
            slowest.clear();
            slowest.extend_from_slice(input);
        }
        report.executions += 1;
        executions.store(report.executions, Ordering::Relaxed);
        result
    };
    // Every seed runs, whatever the budget: the corpus is also the regression suite.
    for seed in seeds {
        match run_one(&seed, &mut report) {
            Ok(outcome) => {
                seen.insert(hash(&outcome));
                pool.push(seed);
            }
            Err(failure) => {
                report.failure = Some(finish(target, settings, seed, failure));
                report.elapsed = start.elapsed();
                return report;
            }
        }
    }
    if pool.is_empty() {
        pool.push(Vec::new());
    }
    const MAX_KEPT: usize = 2000;
    while Instant::now() < deadline && settings.runs.is_none_or(|r| report.executions < r) {
        let mut input = pool[rng.usize(..pool.len())].clone();
        // 1 to 6 stacked mutations, fewer more often.
        let count = 1 + (rng.u32(..).trailing_zeros() as usize).min(5);
        for _ in 0..count {
            mutate(&mut rng, &mut input, &pool, target.dictionary, max_len);
        }
        match run_one(&input, &mut report) {
            Ok(outcome) => {
                if seen.insert(hash(&outcome)) && report.kept < MAX_KEPT {
                    pool.push(input);
                    report.kept += 1;
                }
            }
            Err(failure) => {
                report.failure = Some(finish(target, settings, input, failure));
                break;
            }
        }
    }
    report.elapsed = start.elapsed();
    // For a look at what is slow: `target/tmp/fuzz/<target>/slowest`.
    save_as(settings, target.name, "slowest", &slowest);
    report
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Shrinks a failing input, saves the original and the shrunk one, and returns the latter.
fn finish(
    target: &Target,
    settings: &Settings,
    input: Vec<u8>,
    failure: Failure,
) -> (Vec<u8>, Failure, PathBuf) {
    save(
        settings,
        target.name,
        &format!("{}-full", failure.kind()),
        &input,
    );
    let (small, failure) = shrink(target, input, failure, Duration::from_secs(10));
    let path = save(settings, target.name, failure.kind(), &small);
    (small, failure, path)
}

/// Deletes chunks of the input, halving their size, as long as the same failure remains.
fn shrink(
    target: &Target,
    mut input: Vec<u8>,
    failure: Failure,
    budget: Duration,
) -> (Vec<u8>, Failure) {
    let start = Instant::now();
    let signature = failure.signature();
    let mut failure = failure;
    let mut chunk = input.len().div_ceil(2).max(1);
    loop {
        let mut at = 0;
        while at < input.len() {
            if start.elapsed() > budget {
                return (input, failure);
            }
            let end = (at + chunk).min(input.len());
            let mut candidate = input.clone();
            candidate.drain(at..end);
            match execute(target, &candidate) {
                Err(f) if f.signature() == signature => {
                    input = candidate;
                    failure = f;
                }
                _ => at += chunk,
            }
        }
        if chunk == 1 {
            return (input, failure);
        }
        chunk = chunk.div_ceil(2);
    }
}

fn save(settings: &Settings, target: &str, kind: &str, input: &[u8]) -> PathBuf {
    save_as(
        settings,
        target,
        &format!("{kind}-{:016x}", hash(input)),
        input,
    )
}

fn save_as(settings: &Settings, target: &str, name: &str, input: &[u8]) -> PathBuf {
    let dir = settings.failure_dir.join(target);
    let path = dir.join(name);
    let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, input));
    if let Err(e) = written {
        announce(&format!("cannot save {}: {e}", path.display()));
    }
    path
}
