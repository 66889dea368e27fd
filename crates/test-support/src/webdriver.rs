//! Chromium driven through chromedriver (WebDriver, with fantoccini): the process, a client
//! with the few commands the browser tests use (key presses and the clipboard among them),
//! and how a check reports what failed.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use fantoccini::Locator;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::static_server::{PREFIX, StaticServer};

/// How Chromium is started: headless, quiet, at a desktop size.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1200,900",
];

/// The outcome of a check: what went wrong, so that the test closes the browser before it
/// fails.
pub type Check = Result<(), String>;

/// Visible elements matching a selector (CSS `display: none` ones have no boxes).
const VISIBLE: &str = "return [...document.querySelectorAll(arguments[0])]\
    .filter(e => e.getClientRects().length > 0).length;";

/// Chromium, opened through chromedriver on the site a [`StaticServer`] serves; its
/// methods take paths relative to the site's root (`""` is the home page).
pub struct Browser {
    pub client: Client,
    base: String,
    /// What the server sent since the log was last cleared: (path, bytes).
    pub server_log: Arc<Mutex<Vec<(String, u64)>>>,
}

impl Browser {
    pub async fn open(driver: &ChromeDriver, chromium: &Path, server: &StaticServer) -> Browser {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": chromium, "args": CHROMIUM_FLAGS}),
        );
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| panic!("cannot start Chromium through chromedriver: {e}"));
        Browser {
            client,
            base: format!("{}{}", server.origin(), PREFIX),
            server_log: Arc::clone(&server.log),
        }
    }

    /// Chromium on a site served elsewhere, at `base` (an origin and path: the dev
    /// server's); [`Browser::server_log`] stays empty.
    pub async fn open_at(driver: &ChromeDriver, chromium: &Path, base: &str) -> Browser {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": chromium, "args": CHROMIUM_FLAGS}),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| panic!("cannot start Chromium through chromedriver: {e}"));
        Browser {
            client,
            base: base.to_string(),
            server_log: Arc::default(),
        }
    }

    pub async fn goto(&self, path: &str) -> Check {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .map_err(|e| format!("opening {path:?}: {e}"))
    }

    pub async fn eval(&self, script: &str) -> Result<Value, String> {
        self.client.execute(script, vec![]).await.map_err(err)
    }

    pub async fn visible(&self, css: &str) -> Result<usize, String> {
        let n = self
            .client
            .execute(VISIBLE, vec![json!(css)])
            .await
            .map_err(err)?;
        Ok(n.as_u64().unwrap_or(0) as usize)
    }

    pub async fn attr(&self, css: &str, name: &str) -> Result<String, String> {
        let element = self.client.find(Locator::Css(css)).await.map_err(err)?;
        Ok(element.attr(name).await.map_err(err)?.unwrap_or_default())
    }

    pub async fn click(&self, css: &str) -> Check {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        element
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))
    }

    /// Polls a script until `done` accepts its value (10 s at most).
    pub async fn wait_for(
        &self,
        script: &str,
        done: impl Fn(&Value) -> bool,
    ) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let value = self.eval(script).await?;
            if done(&value) {
                return Ok(value.as_str().unwrap_or_default().to_string());
            }
            if start.elapsed() > Duration::from_secs(10) {
                return Err(format!("timed out; last value {value}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses and releases one key on whatever has the focus, as a reader's keyboard
    /// does (W3C actions: `keydown`, `keypress`, `keyup`). Special keys are WebDriver's
    /// code points (`\u{E00C}` is Escape).
    pub async fn press(&self, key: char) -> Check {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(keys)
            .await
            .map_err(|e| format!("pressing {key:?}: {e}"))
    }

    /// Lets the page read and write the clipboard without asking (headless Chromium
    /// has no one to ask).
    pub async fn allow_clipboard(&self) -> Check {
        self.cdp(
            "Browser.grantPermissions",
            json!({"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
        )
        .await
    }

    /// The text on the clipboard (after [`Browser::allow_clipboard`]).
    pub async fn clipboard(&self) -> Result<String, String> {
        let value = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 navigator.clipboard.readText().then(done, e => done('clipboard: ' + e));",
                vec![],
            )
            .await
            .map_err(err)?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// The system colour preference the page sees.
    pub async fn set_scheme(&self, scheme: &str) -> Check {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        )
        .await
    }

    pub async fn cdp(&self, cmd: &str, params: Value) -> Check {
        self.client
            .issue_cmd(ChromeCommand {
                path: "goog/cdp/execute",
                body: json!({"cmd": cmd, "params": params}),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("{cmd}: {e}"))
    }

    /// Runs axe-core on the current page; one line per violating node.
    pub async fn axe(&self, source: &str) -> Result<Vec<String>, String> {
        self.client.execute(source, vec![]).await.map_err(err)?;
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {resultTypes: ['violations']})\
                   .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>\
                     v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' ' + n.failureSummary))))\
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .map_err(err)?;
        Ok(result
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().replace('\n', " "))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Console messages of level error (and uncaught exceptions) since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(ChromeCommand {
                path: "se/log",
                body: json!({"type": "browser"}),
            })
            .await
            .unwrap_or_else(|e| panic!("cannot read the browser console: {e}"));
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// A chromedriver command outside the W3C set (Chrome DevTools, the console log).
#[derive(Debug)]
pub struct ChromeCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

pub fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub fn expect(ok: bool, what: String) -> Check {
    if ok { Ok(()) } else { Err(what) }
}

pub fn expect_eq<T: PartialEq + std::fmt::Debug>(got: T, want: T, what: &str) -> Check {
    expect(got == want, format!("{what}: got {got:?}, want {want:?}"))
}

/// A chromedriver process on a free port, ended when dropped.
pub struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    pub fn start(binary: &Path) -> ChromeDriver {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}/"),
        };
        let start = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
