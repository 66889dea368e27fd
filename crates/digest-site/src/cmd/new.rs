//! `digest-site new <arxiv-id | slug>`: a paper file skeleton under content/papers/.

use digest_core::scaffold::new_paper;

use crate::cli::NewArgs;
use crate::report::Context;

pub fn run(ctx: &Context, args: NewArgs) -> i32 {
    let today = digest_core::scaffold::today();
    match ctx
        .site_root()
        .and_then(|root| new_paper(&root, &args.name, today).map(|p| (root, p)))
    {
        Ok((root, path)) => {
            ctx.status(&format!("Created {}", root.join(path).display()));
            0
        }
        Err(d) => {
            ctx.diagnostics(&d);
            1
        }
    }
}
