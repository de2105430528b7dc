//! Whether an answer blocks home working, and where a person stands. Pure.
use crate::entities::checklist_item;

pub const KINDS: &[&str] = &["yes_no", "choice", "number", "text"];

fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// True when this answer to this item means the person cannot work from home yet.
pub fn blocks(item: &checklist_item::Model, value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() || item.blocks_on.trim().is_empty() {
        return false;
    }
    match item.kind.as_str() {
        "yes_no" => value == item.blocks_on.trim(),
        "choice" => lines(&item.blocks_on).any(|b| b == value),
        "number" => match (
            value.replace(',', ".").parse::<f64>(),
            item.blocks_on.trim().replace(',', ".").parse::<f64>(),
        ) {
            (Ok(v), Ok(min)) => v < min,
            _ => false,
        },
        _ => false,
    }
}

/// Whether a value is a valid answer to the item; the reason code when not.
pub fn check_answer(item: &checklist_item::Model, value: &str) -> Result<(), &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    match item.kind.as_str() {
        "yes_no" if value != "yes" && value != "no" => Err("one_of"),
        "choice" if !lines(&item.options).any(|o| o == value) => Err("one_of"),
        "number"
            if value
                .replace(',', ".")
                .parse::<f64>()
                .map(|v| !v.is_finite() || v < 0.0)
                .unwrap_or(true) =>
        {
            Err("number")
        }
        "text" if value.chars().count() > 1000 => Err("length"),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// Submitted with nothing blocking: could work from home today.
    Ready,
    /// At least one answer blocks; the blocking items' ids.
    Blocked(Vec<i32>),
    /// Not submitted; how many items are left unanswered.
    Unfinished { left: usize },
}

/// Where a person stands on their latest response. Blocking answers count even before the
/// response is submitted: "no VPN" is a blocker whether or not the rest is filled in.
pub fn standing(
    items: &[checklist_item::Model],
    answers: &[(i32, String)],
    submitted: bool,
) -> Standing {
    let value = |id: i32| {
        answers
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let blocked: Vec<i32> = items
        .iter()
        .filter(|i| blocks(i, value(i.id)))
        .map(|i| i.id)
        .collect();
    if !blocked.is_empty() {
        return Standing::Blocked(blocked);
    }
    if submitted {
        Standing::Ready
    } else {
        Standing::Unfinished {
            left: items
                .iter()
                .filter(|i| value(i.id).trim().is_empty())
                .count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i32, kind: &str, options: &str, blocks_on: &str) -> checklist_item::Model {
        checklist_item::Model {
            id,
            organisation_id: 1,
            template_id: 1,
            position: id,
            kind: kind.into(),
            question: format!("q{id}"),
            help: String::new(),
            options: options.into(),
            blocks_on: blocks_on.into(),
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn each_kind_of_item_blocks_on_its_own_rule() {
        assert!(blocks(&item(1, "yes_no", "", "no"), "no"));
        assert!(!blocks(&item(1, "yes_no", "", "no"), "yes"));
        assert!(
            !blocks(&item(1, "yes_no", "", ""), "no"),
            "an item without a rule never blocks"
        );
        assert!(blocks(
            &item(2, "choice", "Wired\nWiFi\nNone", "None"),
            "None"
        ));
        assert!(!blocks(
            &item(2, "choice", "Wired\nWiFi\nNone", "None"),
            "WiFi"
        ));
        assert!(blocks(&item(3, "number", "", "10"), "9,5"));
        assert!(!blocks(&item(3, "number", "", "10"), "10"));
        assert!(!blocks(&item(4, "text", "", ""), "anything"));
        assert!(
            !blocks(&item(1, "yes_no", "", "no"), ""),
            "no answer is not a blocker"
        );
    }

    #[test]
    fn answers_are_checked_against_their_item() {
        assert_eq!(
            check_answer(&item(1, "yes_no", "", "no"), "maybe"),
            Err("one_of")
        );
        assert_eq!(
            check_answer(&item(2, "choice", "A\nB", ""), "C"),
            Err("one_of")
        );
        assert_eq!(
            check_answer(&item(3, "number", "", "10"), "fast"),
            Err("number")
        );
        assert_eq!(
            check_answer(&item(3, "number", "", "10"), "-1"),
            Err("number")
        );
        assert_eq!(check_answer(&item(3, "number", "", "10"), "25"), Ok(()));
    }

    #[test]
    fn a_person_is_ready_blocked_or_unfinished() {
        let items = vec![item(1, "yes_no", "", "no"), item(2, "text", "", "")];
        assert_eq!(
            standing(&items, &[(1, "yes".into()), (2, "IT desk".into())], true),
            Standing::Ready
        );
        assert_eq!(
            standing(&items, &[(1, "no".into())], false),
            Standing::Blocked(vec![1])
        );
        assert_eq!(
            standing(&items, &[(1, "yes".into())], false),
            Standing::Unfinished { left: 1 }
        );
        assert_eq!(
            standing(&items, &[], false),
            Standing::Unfinished { left: 2 }
        );
    }
}
