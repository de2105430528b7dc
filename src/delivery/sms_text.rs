//! How a text message is encoded and how many parts it takes. GSM 03.38's 7-bit alphabet holds
//! å, ä, ö, é and the other letters Nordic texts need, 160 to a single message and 153 per part
//! when split; anything outside it (an emoji, a curly quote) turns the whole message into UCS-2,
//! 70 to a single message and 67 per part. Senders see the count before they send.

/// The basic GSM 03.38 alphabet: one septet each.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: an escape and the character, two septets each.
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SmsSize {
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// Message parts the operator bills and the phone joins.
    pub segments: usize,
}

fn septets(c: char) -> Option<usize> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

pub fn size(text: &str) -> SmsSize {
    let gsm: Option<usize> = text.chars().map(septets).sum();
    let (encoding, units, single, part) = match gsm {
        Some(n) => (Encoding::Gsm7, n, 160, 153),
        None => (Encoding::Ucs2, text.encode_utf16().count(), 70, 67),
    };
    let segments = if units == 0 {
        0
    } else if units <= single {
        1
    } else {
        units.div_ceil(part)
    };
    SmsSize {
        encoding,
        units,
        segments,
    }
}

/// Cuts `text` to at most `max_segments` parts, ending with an ellipsis when cut, without
/// splitting a character (nor a GSM escape pair). A 7-bit text ends in "...", since "…" is
/// not in the alphabet and would double the parts.
pub fn fit(text: &str, max_segments: usize) -> String {
    let whole = size(text);
    if whole.segments <= max_segments {
        return text.to_string();
    }
    let ellipsis = if whole.encoding == Encoding::Gsm7 {
        "..."
    } else {
        "…"
    };
    let mut out: String = text.to_string();
    while !out.is_empty() && size(&format!("{}{ellipsis}", out.trim_end())).segments > max_segments
    {
        out.pop();
    }
    format!("{}{ellipsis}", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_stay_in_the_seven_bit_alphabet() {
        let s = size(
            "Kontoret på Storgatan är stängt idag. Var jobbar du? Svara: 1 kontor, 2 hemma, 3 sjuk",
        );
        assert_eq!(s.encoding, Encoding::Gsm7);
        assert_eq!(s.segments, 1);
        assert_eq!(size("ÅÄÖåäöéÉü").units, 9);
    }

    #[test]
    fn the_extension_table_counts_twice_and_an_emoji_turns_everything_into_ucs2() {
        assert_eq!(size("€[]").units, 6);
        let s = size("Stängt idag 🙁");
        assert_eq!(s.encoding, Encoding::Ucs2);
        assert_eq!(s.units, 14, "the emoji is two UTF-16 units");
        assert_eq!(size("“quoted”").encoding, Encoding::Ucs2);
    }

    #[test]
    fn parts_are_153_septets_or_67_units_once_split() {
        assert_eq!(size(&"a".repeat(160)).segments, 1);
        assert_eq!(size(&"a".repeat(161)).segments, 2);
        assert_eq!(size(&"a".repeat(306)).segments, 2);
        assert_eq!(size(&"a".repeat(307)).segments, 3);
        assert_eq!(size(&"ж".repeat(70)).segments, 1);
        assert_eq!(size(&"ж".repeat(71)).segments, 2);
        assert_eq!(size("").segments, 0);
    }

    #[test]
    fn a_long_message_is_cut_to_fit_with_an_ellipsis() {
        let long = "Kontoret är stängt. ".repeat(20);
        let cut = fit(&long, 2);
        assert!(size(&cut).segments <= 2, "{}", size(&cut).segments);
        assert!(cut.ends_with("..."));
        assert_eq!(
            size(&cut).encoding,
            Encoding::Gsm7,
            "the cut stays in seven bits"
        );
        let emoji = "Stängt 🙁 ".repeat(30);
        assert!(fit(&emoji, 1).ends_with('…') && size(&fit(&emoji, 1)).segments == 1);
        assert_eq!(fit("Kort.", 1), "Kort.");
    }
}
