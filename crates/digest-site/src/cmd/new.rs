//! `digest-site new <arxiv-id | slug>`: a paper file skeleton under content/papers/.

use digest_core::scaffold::new_paper;

use crate::cli::NewArgs;
use crate::report::{print_diagnostics, site_root};

pub fn run(args: NewArgs) -> i32 {
    let today = digest_core::scaffold::today();
    match site_root(args.root)
        .and_then(|root| new_paper(&root, &args.name, today).map(|p| (root, p)))
    {
        Ok((root, path)) => {
            eprintln!("Created {}", root.join(path).display());
            0
        }
        Err(d) => {
            print_diagnostics(&d);
            1
        }
    }
}
