//! `digest-server`: the development server behind `digest-site serve`.
//!
//! | module | owns |
//! |---|---|
//! | [`watch`] | which file changes count; one save becomes one [`watch::ChangeSet`] |
//! | [`rebuild`] | batching the changes of a save, publishing each rebuilt site |
//! | [`store`] | the served site: every file in memory, swapped whole |
//! | [`connections`] | accepting connections, the time limit on request heads, the graceful stop |
//! | [`host`] | which `Host` names are answered (the defence against DNS rebinding) |
//! | [`http`] | request paths to files, traversal protection, responses |
//! | [`live_reload`] | the WebSocket every open page keeps, and the script injected into pages |
//! | [`overlay`] | build errors as the browser shows them |
//! | [`search_index`] | the search bundle, indexed in the background after changes |
//!
//! [`Server::start`] wires them together: the watcher, the rebuild thread and its first
//! full build, and the HTTP server, which answers as soon as that build has rendered the
//! pages a reader opens first. No content logic lives here: the site is built and kept up
//! to date by `digest-core`'s pipeline ([`digest_core::pipeline::MemorySite`]).

pub mod connections;
pub mod host;
pub mod http;
pub mod live_reload;
pub mod overlay;
pub mod rebuild;
pub mod search_index;
pub mod store;
pub mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use digest_core::pipeline::{BuildOptions, MemorySite};
use tokio::net::TcpListener;
use tokio::sync::watch as signal;
use tokio::task::JoinHandle;

use crate::connections::REQUEST_HEAD_TIMEOUT;
pub use crate::host::AllowedHost;
use crate::host::HostCheck;
use crate::http::AppState;
use crate::live_reload::LiveReload;
use crate::rebuild::{Publisher, Terminal, publish, run_rebuilds};
use crate::search_index::spawn_search_indexer;
use crate::store::{SiteFiles, SiteStore};
use crate::watch::{SourceWatcher, watch_sources};

/// The port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How many ports after a busy one are tried.
const PORT_TRIES: u16 = 20;

/// How to serve a site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (the one holding `site.yaml`).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    /// Whether to take the next free port when `port` is in use.
    pub next_free_port: bool,
    pub drafts: bool,
    /// Replaces `base_url` of `site.yaml` as the address the site is published at (links
    /// to it count as links into the site; pages are rendered for the server's origin).
    pub base_url: Option<String>,
    pub terminal: Terminal,
    /// Host names answered besides `localhost`, names under `.localhost` and IP
    /// addresses (see [`host`]).
    pub allowed_hosts: Vec<AllowedHost>,
    /// How long a client may take to send a request head, from the opening of its
    /// connection or the end of the previous response (see [`connections`]).
    pub request_head_timeout: Duration,
}

impl ServeOptions {
    /// Serves `root` on 127.0.0.1:1111 (or the next free port), printing to the terminal.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            next_free_port: true,
            drafts: false,
            base_url: None,
            terminal: Terminal {
                quiet: false,
                color: false,
                every_warning: false,
            },
            allowed_hosts: Vec::new(),
            request_head_timeout: REQUEST_HEAD_TIMEOUT,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the site folder {}: {source}", root.display())]
    Root { root: PathBuf, source: io::Error },
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: io::Error },
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("the server failed: {0}")]
    Server(io::Error),
}

/// A running server. Stop it with [`Server::shutdown`].
pub struct Server {
    addr: SocketAddr,
    origin: String,
    busy_port: Option<u16>,
    store: Arc<SiteStore>,
    live: Arc<LiveReload>,
    shutdown: signal::Sender<bool>,
    http: JoinHandle<io::Result<()>>,
    watcher: SourceWatcher,
    rebuilds: std::thread::JoinHandle<()>,
}

impl Server {
    /// Builds the site, starts watching it and serves it. Returns once the site has
    /// loaded, passed its checks and rendered its home page, assets and 404 page: a
    /// request for another page meanwhile waits until every page is rendered. A site
    /// that does not build still starts: its pages show the errors until they are fixed.
    pub async fn start(options: ServeOptions) -> Result<Server, ServeError> {
        let root = options
            .root
            .canonicalize()
            .map_err(|source| ServeError::Root {
                root: options.root.clone(),
                source,
            })?;
        let (listener, busy_port) =
            listen(options.bind, options.port, options.next_free_port).await?;
        let addr = listener.local_addr().map_err(ServeError::Server)?;
        let origin = format!("http://{}", display_addr(addr));
        let terminal = options.terminal;

        // Watch before the first build so that a save during it is not missed.
        let (changes_sender, changes) = mpsc::channel();
        let watcher = watch_sources(&root, changes_sender, move |e| {
            terminal.line(&format!("warning: watching: {e}"))
        })?;

        let build_options = BuildOptions {
            drafts: options.drafts,
            base_url: options.base_url.clone(),
            output_dir: None,
            // What the terminal shows of them (the overlay shows errors only).
            warnings_per_kind: (!terminal.every_warning)
                .then_some(crate::rebuild::WARNINGS_OF_A_KIND),
        };
        let mut site = MemorySite::new(root, build_options, origin.clone());
        let store = Arc::new(SiteStore::new(Arc::new(SiteFiles::empty())));
        let live = Arc::new(LiveReload::default());
        let search = spawn_search_indexer(store.clone()).map_err(ServeError::Server)?;
        // The first build runs on the rebuild thread. The server answers once the site
        // has loaded, passed its checks and rendered the pages a reader opens first (or
        // failed): at 100,000 papers, rendering the rest takes most of the start-up.
        let (started, has_started) = tokio::sync::oneshot::channel::<()>();
        let rebuilds = {
            let (store, live, served_at) = (store.clone(), live.clone(), origin.clone());
            std::thread::Builder::new()
                .name("digest-site rebuilds".into())
                .spawn(move || {
                    let publisher = Publisher {
                        store: &store,
                        live: &live,
                        search: &search,
                        terminal,
                        origin: served_at,
                        last_warnings: Default::default(),
                    };
                    let started = std::sync::Mutex::new(Some(started));
                    let tell_started = || {
                        if let Some(sender) =
                            started.lock().unwrap_or_else(|e| e.into_inner()).take()
                        {
                            let _ = sender.send(());
                        }
                    };
                    let first = site.rebuild_all_showing_first(&|first_pages| {
                        store.replace(first_pages);
                        tell_started();
                    });
                    // The search index of the first site is made on this thread, once its
                    // pages are out.
                    let index_first = publish(first, &publisher, false);
                    tell_started();
                    run_rebuilds(site, changes, &publisher, index_first)
                })
                .map_err(ServeError::Server)?
        };
        // A closed channel means the thread ended early (a panic): answer anyway.
        let _ = has_started.await;

        let (shutdown, shutdown_signal) = signal::channel(false);
        let app = http::router(AppState {
            store: store.clone(),
            live: live.clone(),
            shutdown: shutdown_signal.clone(),
            hosts: HostCheck::new(&options.allowed_hosts),
        });
        let http = tokio::spawn(connections::serve(
            listener,
            app,
            options.request_head_timeout,
            shutdown_signal,
        ));
        Ok(Server {
            addr,
            origin,
            busy_port,
            store,
            live,
            shutdown,
            http,
            watcher,
            rebuilds,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the site's home page: the server's origin plus the path of `base_url`.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.store.current().base_path)
    }

    /// The port that was asked for when it was busy and another one was taken.
    pub fn busy_port(&self) -> Option<u16> {
        self.busy_port
    }

    /// Whether the pages currently show build errors.
    pub fn has_errors(&self) -> bool {
        self.live.has_errors()
    }

    /// Stops serving and watching; returns when every connection is closed.
    pub async fn shutdown(self) -> Result<(), ServeError> {
        let _ = self.shutdown.send(true);
        let served = self.http.await;
        // Stopping the watcher drops the sender of changes, which ends the rebuild loop.
        let rebuilds = self.rebuilds;
        let watcher = self.watcher;
        // A rebuild under way (seconds on a large site) is not waited for past a moment:
        // it writes nothing but memory, which ends with the process.
        let stopped = tokio::task::spawn_blocking(move || {
            watcher.stop();
            let _ = rebuilds.join();
        });
        let _ = tokio::time::timeout(REBUILD_GRACE, stopped).await;
        match served {
            Ok(result) => result.map_err(ServeError::Server),
            Err(e) => Err(ServeError::Server(io::Error::other(e))),
        }
    }
}

/// How long stopping waits for a rebuild under way to finish.
const REBUILD_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Serves until Ctrl-C. `ready` is called once the server listens (to print the URL and
/// open a browser).
pub fn serve_until_interrupted(
    options: ServeOptions,
    ready: impl FnOnce(&Server),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    let served = runtime.block_on(async {
        // Listened for before the server starts: a signal that came between the start and
        // the wait would end the process the default way, without stopping the server.
        let mut stop = StopSignals::listen();
        // A stop during the first build (seconds on a large site) does not wait for it.
        let server = tokio::select! {
            started = Server::start(options) => started?,
            () = stop.wait() => return Ok(()),
        };
        ready(&server);
        stop.wait().await;
        // A second Ctrl-C while stopping quits at once.
        tokio::spawn(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
        server.shutdown().await
    });
    // A build under way is abandoned: it writes nothing but memory, which ends with the
    // process. (Dropping the runtime would wait for it, seconds on a large site.)
    runtime.shutdown_background();
    served
}

/// What asks the server to stop: Ctrl-C, and on Unix also SIGTERM (`kill`, a container
/// stopping) and SIGHUP (the terminal closed), which `build` and `import` take as Ctrl-C
/// too. Each is listened for from [`StopSignals::listen`] on.
struct StopSignals {
    #[cfg(unix)]
    unix: Option<[tokio::signal::unix::Signal; 3]>,
}

impl StopSignals {
    fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let unix = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            ) {
                (Ok(interrupt), Ok(terminate), Ok(hangup)) => Some([interrupt, terminate, hangup]),
                _ => None,
            };
            StopSignals { unix }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// Waits for one of them.
    async fn wait(&mut self) {
        #[cfg(unix)]
        if let Some([interrupt, terminate, hangup]) = &mut self.unix {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
                _ = hangup.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Opens `url` in the user's browser, if there is one.
pub fn open_in_browser(url: &str) -> Result<(), String> {
    webbrowser::open(url).map_err(|e| e.to_string())
}

/// Binds `ip:port`, or the next free port after a busy one when `next_free` (and a port
/// was asked for). Returns the listener and the busy port, if one was skipped.
async fn listen(
    ip: IpAddr,
    port: u16,
    next_free: bool,
) -> Result<(TcpListener, Option<u16>), ServeError> {
    let mut candidate = port;
    loop {
        match TcpListener::bind((ip, candidate)).await {
            Ok(listener) => return Ok((listener, (candidate != port).then_some(port))),
            Err(e)
                if e.kind() == io::ErrorKind::AddrInUse
                    && next_free
                    && port != 0
                    && candidate < port.saturating_add(PORT_TRIES)
                    && candidate < u16::MAX =>
            {
                candidate += 1;
            }
            Err(source) => {
                return Err(ServeError::Listen {
                    addr: SocketAddr::new(ip, port),
                    source,
                });
            }
        }
    }
}

/// The host and port to put in URLs: a listener on every interface is reached locally.
fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}
