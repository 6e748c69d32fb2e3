//! Decoding text files (CSV, web pages) that do not declare their encoding.
//!
//! Excel on Chinese Windows saves CSV in GBK without a byte order mark, other programs save
//! UTF-8 with or without one, and Excel's "Unicode text" is UTF-16LE with a mark. GB18030 is a
//! superset of GBK and GB2312, so one decoder covers all three.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from a file, with the encoding that was used.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name as shown to clerks: `UTF-8`, `GB18030`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: &'static str,
    /// True when the file started with a byte order mark, which is not part of `text`.
    pub bom: bool,
}

/// Decodes bytes by their byte order mark, else as strict UTF-8, else as GB18030.
///
/// Never fails: bytes that are invalid in GB18030 too become U+FFFD.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_length..], true);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
            bom: false,
        },
        Err(_) => decode_with(GB18030, bytes, false),
    }
}

/// Decodes bytes without a byte order mark in the given encoding, replacing invalid bytes.
pub fn decode_with(encoding: &'static Encoding, bytes: &[u8], bom: bool) -> Decoded {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding_name(encoding),
        bom,
    }
}

/// True when the bytes decode without errors as UTF-8 (after any byte order mark) or GB18030
/// and contain no control characters other than tab, line breaks and form feed.
pub fn is_text(bytes: &[u8]) -> bool {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => {
            encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom_length..])
        }
        None => UTF_8
            .decode_without_bom_handling_and_without_replacement(bytes)
            .or_else(|| GB18030.decode_without_bom_handling_and_without_replacement(bytes)),
    };
    match text {
        Some(text) => !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')),
        None => false,
    }
}

/// Returns the static name that [`decode`] gives for an encoding, from the name as text, or
/// `None` for a name it never gives.
pub fn encoding_label(name: &str) -> Option<&'static str> {
    Encoding::for_label(name.as_bytes()).map(encoding_name)
}

/// Returns the encoding's name as clerks know it, `GB18030` where encoding_rs has `gb18030`.
fn encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else if encoding == GB18030 || encoding == encoding_rs::GBK {
        "GB18030"
    } else {
        encoding.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped() {
        let decoded = decode(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,x");
        assert_eq!(decoded.text, "姓名,x");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.bom);
    }

    #[test]
    fn utf8_without_bom_stays_utf8() {
        let decoded = decode("张子涵,女".as_bytes());
        assert_eq!(decoded.text, "张子涵,女");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(!decoded.bom);
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        // 姓名 in GBK.
        let decoded = decode(b"\xD0\xD5\xC3\xFB,1");
        assert_eq!(decoded.text, "姓名,1");
        assert_eq!(decoded.encoding, "GB18030");
        assert!(!decoded.bom);
    }

    #[test]
    fn utf16le_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "姓名\t性别".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes);
        assert_eq!(decoded.text, "姓名\t性别");
        assert_eq!(decoded.encoding, "UTF-16LE");
        assert!(decoded.bom);
    }

    #[test]
    fn encoding_labels_map_back_to_decoded_names() {
        for name in ["UTF-8", "GB18030", "UTF-16LE", "UTF-16BE"] {
            assert_eq!(encoding_label(name), Some(name));
        }
        assert_eq!(encoding_label("no such encoding"), None);
    }

    #[test]
    fn text_detection_rejects_binary() {
        assert!(is_text("序号,姓名\r\n1,张三\r\n".as_bytes()));
        assert!(is_text(b"\xD0\xF2\xBA\xC5,\xD0\xD5\xC3\xFB\r\n"));
        assert!(!is_text(b"\x00\x01\x02\x03abc"));
        assert!(!is_text(b"\xFF\xFF\xFF\x80\x80"));
    }
}
