//! Checking a zip package (xlsx, ods) before calamine unpacks it.
//!
//! zip 9 stops reading a member at the unpacked size that the central directory declares for
//! it, so the declared sizes bound what calamine can unpack: checking them costs no
//! decompression. A zip bomb declares its real size or is cut off at the size it declares.

use std::io::Cursor;
use std::path::Path;

use zip::ZipArchive;

use super::ReadLimits;
use crate::error::{Error, Result, TooLargeCause};

/// A package may unpack to this many times its own size, or to a quarter of the memory limit
/// (1 GiB by default) if that is more. A styled sheet of a million empty rows unpacks to
/// about 60 MB from a few hundred KB. The province roster of `make_examples --province`
/// unpacks 9 times as xlsx (43 MB to 401 MB), and 26 times as ods saved by LibreOffice
/// (33 MB to 869 MB).
const UNPACKED_RATIO: u64 = 100;

/// The kind of package, which decides the members a reader streams. Every other member is
/// loaded whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    /// xlsx: calamine streams `xl/worksheets/*` and loads shared strings, styles, the
    /// workbook and relationships whole.
    Xlsx,
    /// ods: calamine streams `content.xml` (into dense ranges) and loads the rest whole.
    Ods,
}

impl Package {
    fn is_streamed(self, name: &str) -> bool {
        match self {
            Package::Xlsx => name.starts_with("xl/worksheets/"),
            Package::Ods => name == "content.xml",
        }
    }
}

/// Checks the unpacked sizes a package declares against the limits.
///
/// # Errors
///
/// [`Error::Damaged`] when the zip directory cannot be read. [`Error::TooLarge`] when the
/// package unpacks to more than both a quarter of the memory limit and [`UNPACKED_RATIO`]
/// times its size, or when its members loaded whole take more than a quarter of the limit.
pub fn check(path: &Path, bytes: &[u8], package: Package, limits: &ReadLimits) -> Result<()> {
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Error::Damaged {
        path: path.to_path_buf(),
    })?;
    let (total, whole) = declared_sizes(&archive, package);
    let quarter = limits.memory_bytes() / 4;
    let allowed = quarter.max(UNPACKED_RATIO.saturating_mul(bytes.len() as u64));
    if total > allowed || whole > quarter {
        let megabytes = total.div_ceil(1024 * 1024);
        return Err(limits.too_large(path, TooLargeCause::Unpacked { megabytes }));
    }
    Ok(())
}

/// Sums the declared unpacked sizes of all members, and of the members loaded whole.
fn declared_sizes(archive: &ZipArchive<Cursor<&[u8]>>, package: Package) -> (u64, u64) {
    let mut total = 0u64;
    let mut whole = 0u64;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        let size = entry.size();
        total = total.saturating_add(size);
        let streamed = entry.name().is_ok_and(|name| package.is_streamed(&name));
        if !streamed {
            whole = whole.saturating_add(size);
        }
    }
    (total, whole)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Builds a package whose members hold the given number of bytes of one repeated letter.
    fn package_with(members: &[(&str, usize)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in members {
            writer.start_file(*name, options).unwrap();
            writer.write_all(&vec![b'a'; *size]).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn limits_mb(memory_mb: u64) -> ReadLimits {
        ReadLimits {
            memory_mb,
            ..ReadLimits::default()
        }
    }

    #[test]
    fn ordinary_package_passes() {
        let bytes = package_with(&[("xl/workbook.xml", 500), ("xl/worksheets/sheet1.xml", 5000)]);
        let result = check(Path::new("a.xlsx"), &bytes, Package::Xlsx, &limits_mb(4096));
        assert_eq!(result, Ok(()));
    }

    #[test]
    fn whole_member_over_quarter_is_too_large() {
        // 300 KiB of shared strings against a quarter of 1 MiB.
        let bytes = package_with(&[("xl/sharedStrings.xml", 300 * 1024)]);
        let result = check(Path::new("a.xlsx"), &bytes, Package::Xlsx, &limits_mb(1));
        assert!(matches!(
            result,
            Err(Error::TooLarge {
                cause: TooLargeCause::Unpacked { .. },
                ..
            })
        ));
    }

    /// Builds a package with one member of `size` bytes stored without compression, so its
    /// size is well within 100 times the package's.
    fn stored_package(name: &str, size: usize) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        writer.start_file(name, options).unwrap();
        writer.write_all(&vec![b'a'; size]).unwrap();
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn streamed_members_do_not_count_as_whole() {
        // 300 KiB is over a quarter of 1 MiB: fine for a streamed sheet, too much for a
        // member that calamine loads whole.
        let size = 300 * 1024;
        let limits = limits_mb(1);
        for (name, package) in [
            ("xl/worksheets/sheet1.xml", Package::Xlsx),
            ("content.xml", Package::Ods),
        ] {
            let bytes = stored_package(name, size);
            assert_eq!(
                check(Path::new("a"), &bytes, package, &limits),
                Ok(()),
                "{name}"
            );
        }
        let whole = stored_package("styles.xml", size);
        assert!(check(Path::new("a"), &whole, Package::Ods, &limits).is_err());
    }

    #[test]
    fn unpacked_over_ratio_is_too_large() {
        // 300 KiB unpacked from about 1 KiB: over 100 times the size and over a quarter of
        // 1 MiB; with 4 MiB of memory a quarter is 1 MiB and the package passes.
        let bytes = package_with(&[("xl/worksheets/sheet1.xml", 300 * 1024)]);
        assert!(bytes.len() * 100 < 300 * 1024);
        let small = check(Path::new("a.xlsx"), &bytes, Package::Xlsx, &limits_mb(1));
        assert!(matches!(
            small,
            Err(Error::TooLarge {
                cause: TooLargeCause::Unpacked { megabytes: 1 },
                ..
            })
        ));
        let larger = check(Path::new("a.xlsx"), &bytes, Package::Xlsx, &limits_mb(4));
        assert_eq!(larger, Ok(()));
    }

    #[test]
    fn unreadable_directory_is_damaged() {
        let result = check(
            Path::new("a.xlsx"),
            b"PK\x03\x04junk",
            Package::Xlsx,
            &limits_mb(64),
        );
        assert!(matches!(result, Err(Error::Damaged { .. })));
    }
}
