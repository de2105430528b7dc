//! What makes two questions "the same": normalised words compared with a similarity measure.
//! Searches are counted under the same normalised form, so "Open Monday??" and "open monday"
//! are one query.

/// Where a question came in.
pub const CHANNELS: &[&str] = &["phone", "mail", "chat", "social", "forum", "visit"];

/// How alike two normalised questions must be (0–1) to be grouped.
pub const SAME_QUESTION: f64 = 0.72;

/// The longest normalised search query kept; longer ones are cut at a word.
pub const MAX_QUERY_CHARS: usize = 100;

/// Lower case; letters and digits of every script kept; everything else a single space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// A search query as it is counted: normalised and at most [`MAX_QUERY_CHARS`] characters.
pub fn search_key(q: &str) -> String {
    let n = normalise(q);
    if n.chars().count() <= MAX_QUERY_CHARS {
        return n;
    }
    let cut: String = n.chars().take(MAX_QUERY_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut,
    }
}

/// Words short enough to say nothing about the subject: ignored when comparing words.
const FILLER: &[&str] = &[
    "a", "an", "the", "is", "are", "do", "does", "i", "my", "we", "you", "to", "of", "in", "on",
    "it", "can", "will", "be", "for", "and", "or", "en", "ett", "är", "jag", "min", "mitt", "vi",
    "ni", "du", "att", "av", "i", "på", "det", "den", "kan", "ska", "för", "och", "eller", "när",
    "hur",
];

fn words(n: &str) -> Vec<&str> {
    n.split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .collect()
}

/// How alike two normalised questions are, 0–1: the better of the Sørensen–Dice coefficient of
/// their letter pairs (catches spelling and word forms) and the overlap of their meaningful words
/// (catches the same words in another order).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let dice = strsim::sorensen_dice(a, b);
    let (wa, wb) = (words(a), words(b));
    let overlap = if wa.is_empty() || wb.is_empty() {
        0.0
    } else {
        let shared = wa.iter().filter(|w| wb.contains(w)).count() as f64;
        // Dice over word sets: 2|A∩B| / (|A|+|B|).
        2.0 * shared / (wa.len() + wb.len()) as f64
    };
    dice.max(overlap)
}

/// The best match of `question` among `candidates` (id, normalised), if it is close enough.
pub fn best_match<'a>(
    question: &str,
    candidates: impl IntoIterator<Item = (i32, &'a str)>,
) -> Option<(i32, f64)> {
    candidates
        .into_iter()
        .map(|(id, text)| (id, similarity(question, text)))
        .filter(|(_, s)| *s >= SAME_QUESTION)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_keeps_letters_of_every_script_and_one_space() {
        assert_eq!(
            normalise("  Är kontoret ÖPPET på måndag?? "),
            "är kontoret öppet på måndag"
        );
        assert_eq!(normalise("Bill-pay: 24/7!"), "bill pay 24 7");
        assert_eq!(normalise("?!"), "");
    }

    #[test]
    fn long_searches_are_cut_at_a_word() {
        let long = "word ".repeat(40);
        let key = search_key(&long);
        assert!(key.chars().count() <= MAX_QUERY_CHARS);
        assert!(key.ends_with("word"));
    }

    #[test]
    fn the_same_question_in_other_words_is_grouped_and_a_different_one_is_not() {
        let q = |s: &str| normalise(s);
        let asked = q("When will the service be back?");
        assert!(similarity(&asked, &q("when will the service be back up")) >= SAME_QUESTION);
        assert!(similarity(&asked, &q("Service back when?")) >= SAME_QUESTION);
        assert!(
            similarity(
                &q("Can I pay my bill late?"),
                &q("can i pay the bill later")
            ) >= SAME_QUESTION
        );
        assert!(similarity(&asked, &q("Is the office open on Monday?")) < SAME_QUESTION);
        assert!(
            similarity(
                &q("Kan jag betala räkningen senare?"),
                &q("kan jag betala min räkning senare")
            ) >= SAME_QUESTION
        );
    }

    #[test]
    fn the_closest_candidate_wins() {
        let best = best_match(
            &normalise("Is the office open Monday?"),
            [
                (1, "is the office open on monday"),
                (2, "is the office open on sunday"),
            ],
        );
        assert_eq!(best.map(|b| b.0), Some(1));
        assert_eq!(
            best_match("totally different", [(1, "office open monday")]),
            None
        );
    }
}
