//! The release workflow and this crate's `[package.metadata.binstall]` agree: every archive
//! that .github/workflows/release.yml attaches to a release is where cargo-binstall (and
//! the install step of the workflow `init` writes) looks for it, with the binary where
//! cargo-binstall takes it from.

use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;
use yaml_serde::Value as Yaml;

fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// `[package.metadata.binstall]` of this crate, as cargo reads it.
fn binstall_metadata() -> Json {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Json = serde_json::from_slice(&out.stdout).unwrap();
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == env!("CARGO_PKG_NAME"))
        .expect("this crate")
        .clone();
    package["metadata"]["binstall"].clone()
}

/// cargo-binstall's template: `{ name }` and the like replaced by their values.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{ {name} }}"), value);
    }
    assert!(!text.contains('{'), "a variable left in {text}");
    text
}

#[test]
fn every_release_archive_is_where_cargo_binstall_looks() {
    let workflow: Yaml = yaml_serde::from_str(
        &std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap(),
    )
    .expect("valid YAML");
    assert_eq!(workflow["on"]["push"]["tags"][0].as_str(), Some("v*"));
    let job = &workflow["jobs"]["upload-assets"];
    let upload = job["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("taiki-e/upload-rust-binary-action@"))
        })
        .expect("an upload-rust-binary-action step");
    let with = &upload["with"];
    let bin = with["bin"].as_str().unwrap();
    assert_eq!(bin, "digest-site");
    assert_eq!(with["checksum"].as_str(), Some("sha256"));
    // The action's defaults, which the archive names below follow: `$bin-$target`, .tar.gz
    // on Unix and .zip on Windows, the binary at the top of the archive.
    for input in ["archive", "tar", "zip", "leading-dir", "bin-leading-dir"] {
        assert!(with[input].is_null(), "`{input}` changes the archives");
    }

    let targets: Vec<&str> = job["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&wanted), "{wanted} is built");
    }

    let binstall = binstall_metadata();
    let repo = env!("CARGO_PKG_REPOSITORY");
    let version = env!("CARGO_PKG_VERSION");
    for target in targets {
        let windows = target.contains("windows");
        let archive = format!("{bin}-{target}{}", if windows { ".zip" } else { ".tar.gz" });
        let uploaded = format!("{repo}/releases/download/v{version}/{archive}");

        let overrides = &binstall["overrides"][target];
        let setting = |key: &str| {
            overrides[key]
                .as_str()
                .or(binstall[key].as_str())
                .unwrap_or_else(|| panic!("{target}: no {key}"))
        };
        // The file name endings cargo-binstall tries for the format.
        let suffixes: &[&str] = match setting("pkg-fmt") {
            "tgz" => &[".tgz", ".tar.gz"],
            "zip" => &[".zip"],
            other => panic!("{target}: unexpected pkg-fmt {other}"),
        };
        let looked_at: Vec<String> = suffixes
            .iter()
            .map(|suffix| {
                fill(
                    setting("pkg-url"),
                    &[
                        ("repo", repo),
                        ("version", version),
                        ("name", env!("CARGO_PKG_NAME")),
                        ("target", target),
                        ("archive-suffix", suffix),
                    ],
                )
            })
            .collect();
        assert!(
            looked_at.contains(&uploaded),
            "{target}: the release has {uploaded}, cargo-binstall looks at {looked_at:?}"
        );
        let bin_dir = fill(
            setting("bin-dir"),
            &[
                ("bin", bin),
                ("binary-ext", if windows { ".exe" } else { "" }),
            ],
        );
        assert_eq!(
            bin_dir,
            format!("{bin}{}", if windows { ".exe" } else { "" })
        );
    }
}

/// The files `cargo package --list` puts in `package`'s archive (paths in the crate).
fn packaged_files(package: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            package,
        ])
        .current_dir(repo_root())
        .output()
        .expect("cargo package runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// What a crate compiles in from files: `include_str!` / `include_bytes!` paths (relative
/// to the source file) and askama's template folders (relative to the crate).
fn embedded_files(crate_dir: &Path) -> Vec<std::path::PathBuf> {
    let mut embedded = Vec::new();
    for entry in walkdir::WalkDir::new(crate_dir.join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for macro_name in ["include_str!(\"", "include_bytes!(\""] {
            for (at, _) in source.match_indices(macro_name) {
                let rest = &source[at + macro_name.len()..];
                let relative = &rest[..rest.find('"').unwrap()];
                embedded.push(entry.path().parent().unwrap().join(relative));
            }
        }
    }
    if let Ok(askama) = std::fs::read_to_string(crate_dir.join("askama.toml")) {
        // `dirs = ["themes/default/templates"]`: the quoted strings of that line.
        let line = askama
            .lines()
            .find(|l| l.trim_start().starts_with("dirs"))
            .expect("askama.toml names its template folders");
        for dir in line.split('"').skip(1).step_by(2) {
            for entry in walkdir::WalkDir::new(crate_dir.join(dir)) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    embedded.push(entry.into_path());
                }
            }
        }
    }
    embedded
}

/// A crate published to crates.io builds from its archive alone: everything it compiles in
/// (templates, theme assets, scaffold files) must be inside the crate and packaged. (The
/// release workflow runs the whole `cargo package --workspace`, which builds every archive;
/// this is its fast part, for every test run.)
#[test]
fn every_file_a_crate_compiles_in_is_in_its_package() {
    for package in ["digest-core", "digest-server", "digest-site"] {
        let crate_dir = repo_root()
            .join("crates")
            .join(package)
            .canonicalize()
            .unwrap();
        let packaged = packaged_files(package);
        let embedded = embedded_files(&crate_dir);
        assert!(
            package == "digest-site" || !embedded.is_empty(),
            "{package} embeds files"
        );
        for file in embedded {
            let file = file
                .canonicalize()
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let inside = file.strip_prefix(&crate_dir).unwrap_or_else(|_| {
                panic!(
                    "{package} compiles in {}, which is outside the crate: its package cannot build",
                    file.display()
                )
            });
            let inside = inside.to_string_lossy().replace('\\', "/");
            assert!(
                packaged.contains(&inside),
                "{package} compiles in {inside}, which its package leaves out"
            );
        }
    }
}
