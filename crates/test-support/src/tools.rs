//! Finding the browser, its driver and the accessibility checker.

use std::path::{Path, PathBuf};

/// Names Chromium goes by on `PATH`.
const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// What the tests that drive a browser need.
#[derive(Debug, Clone)]
pub struct BrowserTools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    /// The source of axe-core (`axe.min.js`), injected into pages to check them.
    pub axe_source: String,
}

impl BrowserTools {
    /// The browser, its driver and axe-core, or what is missing and how to get it.
    pub(crate) fn find() -> Result<BrowserTools, String> {
        let chromium = chromium();
        let chromedriver = which(&["chromedriver"]);
        let axe_path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("browser/node_modules/axe-core/axe.min.js");
        let axe_source = std::fs::read_to_string(&axe_path).ok();
        match (chromium, chromedriver, axe_source) {
            (Some(chromium), Some(chromedriver), Some(axe_source)) => Ok(BrowserTools {
                chromium,
                chromedriver,
                axe_source,
            }),
            (chromium, chromedriver, axe_source) => {
                let mut missing = Vec::new();
                if chromium.is_none() {
                    missing.push("chromium (apt-get install chromium)".to_string());
                }
                if chromedriver.is_none() {
                    missing.push("chromedriver (apt-get install chromium-driver)".to_string());
                }
                if axe_source.is_none() {
                    missing.push(format!(
                        "axe-core at {} (npm ci --prefix crates/test-support/browser)",
                        axe_path.display()
                    ));
                }
                Err(missing.join(", "))
            }
        }
    }
}

/// Chromium on `PATH`.
pub(crate) fn chromium() -> Option<PathBuf> {
    which(CHROMIUM_NAMES)
}

/// The first of `names` found on `PATH`.
pub(crate) fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}
