//! What changed between two revisions of an answer, word by word, for the history page.
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// Word-level changes from `old` to `new`.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Piece> = vec![];
    for change in diff.iter_all_changes() {
        let text = change.value().to_string();
        let piece = match change.tag() {
            ChangeTag::Equal => Piece::Same(text),
            ChangeTag::Insert => Piece::Added(text),
            ChangeTag::Delete => Piece::Removed(text),
        };
        // Runs of the same kind read better as one mark.
        match (out.last_mut(), &piece) {
            (Some(Piece::Same(a)), Piece::Same(b))
            | (Some(Piece::Added(a)), Piece::Added(b))
            | (Some(Piece::Removed(a)), Piece::Removed(b)) => a.push_str(b),
            _ => out.push(piece),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_added_and_removed_words() {
        let d = words("Open 8 to 16 today", "Open 9 to 16 today");
        assert!(d.contains(&Piece::Removed("8".into())), "{d:?}");
        assert!(d.contains(&Piece::Added("9".into())), "{d:?}");
        assert!(matches!(&d[0], Piece::Same(s) if s == "Open "));
    }
}
