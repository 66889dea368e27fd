//! What a reader gets from a built site: the content (`content.rs`), the controls
//! (`pages.rs`) and the arXiv categories (`categories.rs`); what the controls do in a browser is in `browser/`. The site both build
//! (and the browser tests too): the repository's demo site plus one paper that has what
//! the demo lacks (authors, a tag, math).

mod budget;
pub mod categories;
mod content;
mod machine_text;
mod pages;
pub mod stats;
mod tools;

use std::fs;

use crate::site_test::{SiteTest, copy_dir, repo_root};

/// A paper with authors, a tag and math, added to the demo site: the demo's papers have
/// neither authors nor tags, and the search must find papers by both.
pub const FIXTURE_PAPER: &str = r#"---
id: "2501.00001"
title:
  en: "Quadratic Wells as a Toy Model of Attention"
  zh: "作为注意力玩具模型的二次势阱"
authors: [Ada Lovelace, Grace Hopper]
tags: [toy-models]
summary:
  en: "A toy model whose energy is $x^2$."
  zh: "一个能量为 $x^2$ 的玩具模型。"
abstract:
  en: "We study the energy $x^2$ of a quadratic well and what it says about attention."
  zh: "我们研究二次势阱的能量 $x^2$ 及其对注意力机制的启示。"
date: 2025-01-02
arxiv:
  id: "2501.00001"
  version: 1
  categories: [cs.LG]
---
The well's energy, displayed:

$$E = \frac{1}{2} k x^2$$
"#;

/// The demo site of the repository plus [`FIXTURE_PAPER`], in a temp folder.
pub fn demo_site() -> SiteTest {
    let site = SiteTest::new("");
    let repo = repo_root();
    fs::copy(repo.join("site.yaml"), site.root().join("site.yaml")).unwrap();
    copy_dir(&repo.join("content"), &site.root().join("content"));
    site.write("content/papers/2501.00001.md", FIXTURE_PAPER);
    site
}
