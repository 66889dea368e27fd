//! The paper corpus: the normalized arXiv records (one JSON object a line, gzip) the
//! benchmark sites are made of.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result, bail};
use flate2::read::GzDecoder;
use serde::Deserialize;

/// One paper as the corpus gives it (only the fields the sites use).
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// The arXiv id.
    pub id: String,
    /// The paper's id in the site: the arXiv id, with `-2`, `-3`, ... appended for the
    /// repeats when more papers are asked for than the corpus has.
    #[serde(skip)]
    pub site_id: String,
    pub title_en: String,
    #[serde(default)]
    pub title_zh: Option<String>,
    #[serde(default)]
    pub summary_zh: Option<String>,
    #[serde(default)]
    pub summary_en: Option<String>,
    pub abstract_en: String,
    #[serde(default)]
    pub abstract_zh: Option<String>,
    #[serde(default)]
    pub authors: Option<Vec<String>>,
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    /// `YYYY-MM-DD`: the day the paper was announced (the digest it belongs to).
    pub date: String,
    pub url: String,
    #[serde(default)]
    pub announce_type: Option<String>,
}

/// The first `limit` records of the corpus file (it is sorted by date, then id).
impl Record {
    /// Its texts without control characters, as `digest-site import` writes them (one
    /// title of the corpus holds a stray U+0008, which a paper file cannot).
    fn remove_control_characters(&mut self) {
        let clean = |text: &mut String| {
            if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            {
                text.retain(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'));
            }
        };
        clean(&mut self.title_en);
        clean(&mut self.abstract_en);
        for text in [
            &mut self.title_zh,
            &mut self.summary_zh,
            &mut self.summary_en,
            &mut self.abstract_zh,
        ]
        .into_iter()
        .flatten()
        {
            clean(text);
        }
        for author in self.authors.iter_mut().flatten() {
            clean(author);
        }
    }
}

pub fn read_records(path: &Path, limit: usize) -> Result<Vec<Record>> {
    let file = File::open(path).with_context(|| {
        format!(
            "cannot open the corpus {} (pass --corpus PATH)",
            path.display()
        )
    })?;
    let reader = BufReader::new(GzDecoder::new(file));
    let mut records = Vec::with_capacity(limit);
    for (number, line) in reader.lines().enumerate() {
        if records.len() == limit {
            break;
        }
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let mut record: Record = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a paper record", path.display(), number + 1))?;
        record.site_id = record.id.clone();
        record.remove_control_characters();
        records.push(record);
    }
    let unique = records.len();
    if unique == 0 {
        bail!("the corpus {} has no papers", path.display());
    }
    // The corpus has 29,847 papers; a 30,000-paper site repeats the first few under new
    // ids (same texts, same day) rather than stopping short.
    while records.len() < limit {
        let round = records.len() / unique + 1;
        let mut repeat = records[records.len() % unique].clone();
        repeat.site_id = format!("{}-{round}", repeat.id);
        records.push(repeat);
    }
    Ok(records)
}
