//! gzip-compressed inputs (`.jsonl.gz`, as the daily files of tools are often kept): told
//! by their first two bytes (1f 8b), not by their name, and read decompressed. Every
//! other input is read as it is.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The gzip magic number.
const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// `bytes` decompressed when they are gzip (all members, as `gunzip` reads them), else
/// unchanged. `shown` is the input's path, for the error of a damaged file.
pub fn decompressed(shown: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, Diagnostics> {
    if !bytes.starts_with(&MAGIC) {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| {
            Diagnostic::file_error(
                shown,
                format!("the file is gzip-compressed but cannot be decompressed: {e}"),
            )
            .with_hint(
                "the file is damaged or truncated: download or copy it again (`gzip -t` tests it)",
            )
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn gzip_is_told_by_its_bytes() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all("{\"id\": 1}\n".as_bytes()).unwrap();
        let packed = encoder.finish().unwrap();
        let shown = Path::new("x.jsonl.gz");
        assert_eq!(
            decompressed(shown, packed.clone()).unwrap(),
            b"{\"id\": 1}\n"
        );
        assert_eq!(decompressed(shown, b"plain".to_vec()).unwrap(), b"plain");
        let cut = packed[..packed.len() / 2].to_vec();
        let e = decompressed(shown, cut).unwrap_err();
        assert!(e.to_string().contains("cannot be decompressed"), "{e}");
    }
}
