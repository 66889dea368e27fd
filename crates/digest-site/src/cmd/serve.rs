//! `digest-site serve`: the editing loop. The work is `digest-server`'s; this prints where
//! the site is and stops on Ctrl-C.

use digest_server::{AllowedHost, ServeOptions, Server, open_in_browser, serve_until_interrupted};

use crate::cli::ServeArgs;
use crate::report::Context;

pub fn run(ctx: &Context, args: ServeArgs) -> i32 {
    let root = match ctx.site_root() {
        Ok(r) => r,
        Err(d) => {
            ctx.diagnostics(&d);
            return 1;
        }
    };
    let mut options = ServeOptions::new(root);
    options.bind = args.bind;
    options.port = args.port;
    options.drafts = args.drafts;
    options.base_url = args.base_url;
    if args.allowed_hosts.contains(&AllowedHost::Any) {
        ctx.status(
            "warning: `--allowed-host all` lets any web site read this preview (DNS rebinding); \
             name the hosts instead",
        );
    }
    options.allowed_hosts = args.allowed_hosts;
    options.terminal = ctx.terminal();
    let open = args.open;
    let result = serve_until_interrupted(options, |server: &Server| {
        if let Some(busy) = server.busy_port() {
            ctx.status(&format!(
                "Port {busy} is in use; using port {} instead.",
                server.local_addr().port()
            ));
        }
        let url = server.url();
        println!("Serving the site at {url}");
        if let Some(note) = every_interface_note(server.local_addr()) {
            ctx.status(&note);
        }
        ctx.status("Watching for changes; press Ctrl-C to stop.");
        if open && let Err(e) = open_in_browser(&url) {
            ctx.status(&format!(
                "Could not open a browser ({e}); open {url} yourself."
            ));
        }
    });
    match result {
        Ok(()) => {
            ctx.status("Stopped.");
            0
        }
        Err(e) => {
            digest_server::rebuild::to_stderr(&format!("error: {e}\n"));
            if let Some(hint) = hint_for(&e) {
                digest_server::rebuild::to_stderr(&format!("  = help: {hint}\n"));
            }
            1
        }
    }
}

/// What to do when the server cannot start.
fn hint_for(e: &digest_server::ServeError) -> Option<&'static str> {
    match e {
        digest_server::ServeError::Listen { source, .. } => Some(match source.kind() {
            std::io::ErrorKind::AddrInUse => {
                "another program listens on that port: give another with --port, or stop it"
            }
            std::io::ErrorKind::AddrNotAvailable => {
                "that address is not one of this machine's: leave out --bind (127.0.0.1), or give one this machine has (0.0.0.0 for all)"
            }
            std::io::ErrorKind::PermissionDenied => {
                "ports below 1024 need privileges: give a port from 1024 up with --port"
            }
            _ => "give another --port or --bind",
        }),
        _ => None,
    }
}

/// What to say when the server listens on every interface (`--bind 0.0.0.0`): the URL
/// printed names this machine, and from other machines the preview is reached at this
/// machine's own address, which the server cannot know for certain.
fn every_interface_note(addr: std::net::SocketAddr) -> Option<String> {
    addr.ip().is_unspecified().then(|| {
        format!(
            "Listening on every interface: from another machine, open this machine's address with port {} (by IP, or by a name given with --allowed-host).",
            addr.port()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::every_interface_note;

    #[test]
    fn listening_on_every_interface_says_how_other_machines_reach_the_preview() {
        let note = every_interface_note("0.0.0.0:1111".parse().unwrap()).unwrap();
        assert!(note.contains("with port 1111"), "{note}");
        assert!(every_interface_note("[::]:1111".parse().unwrap()).is_some());
        assert!(every_interface_note("127.0.0.1:1111".parse().unwrap()).is_none());
    }
}
