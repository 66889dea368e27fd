//! arXiv categories on the pages: each category's page and the list of them all, the
//! links from a paper to its categories, and the groups of a digest page (its papers by
//! primary category, with the contents and the filter chips above them).

use super::context::Context;
use super::templates::{CategoryListTemplate, CategoryTemplate};
use super::views::{CategoryGroup, LinkView, PaperDetails, PaperRow, TagLink};
use crate::model::{TablePage, paths};

/// The `data-category` and the section id (`cat-other`) of a digest's papers that have no
/// category. A category whose slug is `other` joins that group rather than share its id.
const OTHER: &str = "other";

impl Context<'_> {
    /// Links to the pages of paper `paper`'s categories, the primary first.
    pub(super) fn category_links(&self, paper: usize) -> Vec<LinkView> {
        self.site.papers[paper]
            .categories
            .iter()
            .map(|&c| {
                let category = &self.site.categories[c];
                LinkView {
                    href: self.link(&paths::category(&category.slug, TablePage::Newest)),
                    label: category.name.clone(),
                }
            })
            .collect()
    }

    /// The papers of a digest, as `(paper, row, details)` in Ref order, grouped by primary
    /// category (papers without one in a group of their own). Both the groups and the
    /// papers in each keep the digest's order: a group comes where its first paper is, so
    /// a digest that puts its main category first shows it first.
    pub(super) fn category_groups(
        &self,
        papers: Vec<(usize, PaperRow, PaperDetails)>,
    ) -> Vec<CategoryGroup> {
        let site = self.site;
        let mut groups: Vec<(Option<usize>, CategoryGroup)> = Vec::new();
        for (paper, row, details) in papers {
            let primary = site.papers[paper]
                .categories
                .first()
                .copied()
                .filter(|&c| !site.categories[c].slug.eq_ignore_ascii_case(OTHER));
            let at = match groups.iter().position(|(c, _)| *c == primary) {
                Some(at) => at,
                None => {
                    groups.push((primary, self.category_group(primary)));
                    groups.len() - 1
                }
            };
            let group = &mut groups[at].1;
            group.rows.push(row);
            group.details.push(details);
        }
        // The group's heading names a paper's primary category; its details name only the
        // categories it is cross-listed in (a digest of one group has no headings).
        if groups.len() > 1 {
            for (primary, group) in &mut groups {
                if primary.is_some() {
                    for d in &mut group.details {
                        if !d.categories.is_empty() {
                            d.categories.remove(0);
                        }
                    }
                }
            }
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }

    /// An empty group of a digest for the category `category` (`None`: no category).
    fn category_group(&self, category: Option<usize>) -> CategoryGroup {
        match category {
            Some(c) => {
                let category = &self.site.categories[c];
                CategoryGroup {
                    id: format!("cat-{}", category.slug),
                    key: category.slug.clone(),
                    label: category.name.clone(),
                    href: Some(self.link(&paths::category(&category.slug, TablePage::Newest))),
                    rows: Vec::new(),
                    details: Vec::new(),
                }
            }
            None => CategoryGroup {
                id: format!("cat-{OTHER}"),
                key: OTHER.to_string(),
                label: self.labels.other_category.to_string(),
                href: None,
                rows: Vec::new(),
                details: Vec::new(),
            },
        }
    }

    /// Page `n` of category `i`'s table.
    pub(super) fn category_page(&self, i: usize, n: TablePage) -> CategoryTemplate {
        let site = self.site;
        let category = &site.categories[i];
        let pages = site.category_pages(category);
        let rows = category.papers[pages.rows(n)]
            .iter()
            .map(|&p| self.index_row(p))
            .collect();
        let title = |labels: &crate::labels::Labels, _: &str| {
            super::context::table_title_in(labels, &labels.category, &category.name, n)
        };
        CategoryTemplate {
            layout: self.layout(title, &paths::category(&category.slug, n), None),
            page_label: self.page_title(n),
            name: category.name.clone(),
            count_text: self.table_count(n, category.papers.len()),
            rows,
            pager: self.pager(n, pages, |k| paths::category(&category.slug, k)),
            feed_href: self.link(&format!(
                "{}atom.xml",
                paths::category(&category.slug, TablePage::Newest)
            )),
            all_href: self.link(&paths::categories()),
        }
    }

    pub(super) fn category_list(&self) -> CategoryListTemplate {
        CategoryListTemplate {
            layout: self.layout(|l, _| l.categories.to_string(), &paths::categories(), None),
            categories: self
                .site
                .categories
                .iter()
                .map(|c| TagLink {
                    href: self.link(&paths::category(&c.slug, TablePage::Newest)),
                    label: c.name.clone(),
                    count: c.papers.len(),
                })
                .collect(),
        }
    }
}
