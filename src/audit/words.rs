//! The audit trail in words: "Karin Krisledare published the answer “Är kontoret öppet?”", and
//! what changed as a list of fields with their old and new values, instead of raw JSON and code
//! names. The raw records stay one click away for whoever needs them.
use crate::entities::audit_event;
use crate::faq::diff::{self, Piece};
use crate::i18n::Lang;
use serde_json::Value;
use std::collections::HashMap;

/// Fields that say which record it is, or that every write touches: not worth a line.
const QUIET: &[&str] = &[
    "id",
    "standard_key",
    "organisation_id",
    "created_at",
    "updated_at",
    "version",
    "password_hash",
    "token_hash",
    "secret",
];

/// The fields that name a record, in the order they are tried.
const NAMING: &[&str] = &[
    "question",
    "title",
    "name",
    "display_name",
    "text",
    "email",
    "label",
    "summary",
    "role",
];

/// Longer text than this is shortened in a sentence or a value.
const SHORT: usize = 80;
const LONG: usize = 400;

/// Who did it, as people call them: the name without the address; Beredskap for itself.
pub fn who(lang: Lang, actor_name: &str) -> String {
    if let Some(what) = actor_name
        .strip_prefix("system (")
        .and_then(|r| r.strip_suffix(')'))
    {
        return lang.tf("audit.by_system", &[("what", what)]);
    }
    match actor_name.rsplit_once(" <") {
        Some((name, _)) if !name.trim().is_empty() => name.trim().to_string(),
        _ => actor_name.to_string(),
    }
}

fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The record's own name, from the state after the change or, for a removal, before it.
fn name_of(event: &audit_event::Model) -> Option<String> {
    [&event.after, &event.before]
        .into_iter()
        .flatten()
        .find_map(|v| {
            NAMING.iter().find_map(|k| match v.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(shorten(s, SHORT)),
                _ => None,
            })
        })
}

/// A quoted name as each language quotes: “…” in English, ”…” in Swedish.
fn quoted(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("\u{201c}{text}\u{201d}"),
        Lang::Sv => format!("\u{201d}{text}\u{201d}"),
    }
}

/// What kind of thing it is, in words ("the answer"); an unknown kind reads as its code name
/// with spaces.
fn thing(lang: Lang, entity: &str) -> String {
    lang.lookup(&format!("audit.thing.{entity}"))
        .unwrap_or_else(|| entity.replace('_', " "))
}

/// A kind of record as the trail's filter names it ("Answer"); an unknown kind reads as its
/// code name with spaces.
pub fn kind_name(lang: Lang, entity: &str) -> String {
    lang.lookup(&format!("audit.kind.{entity}"))
        .unwrap_or_else(|| entity.replace('_', " "))
}

/// One sentence for the event: a phrase written for this kind and action where there is one,
/// else the action's verb with the kind of thing.
pub fn sentence(lang: Lang, event: &audit_event::Model) -> String {
    let who = who(lang, &event.actor_name);
    let what = name_of(event)
        .map(|n| quoted(lang, &n))
        .unwrap_or_else(|| format!("#{}", event.entity_id));
    let args = [
        ("who", who.as_str()),
        ("what", what.as_str()),
        ("thing", &thing(lang, &event.entity)),
    ];
    let special = format!("audit.says.{}.{}", event.entity, event.action);
    if lang.lookup(&special).is_some() {
        return lang.tf(&special, &args);
    }
    let verb = lang
        .lookup(&format!("audit.verb.{}", event.action))
        .unwrap_or_else(|| event.action.replace('_', " "));
    lang.tf(
        "audit.generic",
        &[
            ("who", who.as_str()),
            ("verb", verb.as_str()),
            ("thing", &thing(lang, &event.entity)),
            ("what", what.as_str()),
        ],
    )
}

/// One changed field: its name in words, and the value before and after (None: not set).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Long texts changed in place: word by word, for the eye.
    pub words: Option<Vec<Piece>>,
}

fn field_name(lang: Lang, key: &str) -> String {
    let known = lang
        .lookup(&format!("fields.{key}"))
        .or_else(|| lang.lookup(&format!("audit.field.{key}")));
    known.unwrap_or_else(|| {
        let spaced = key.replace('_', " ");
        let mut c = spaced.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => spaced,
        }
    })
}

/// Where the catalogue names the values a field of a kind of record takes ("monitoring" →
/// "Monitoring", "child_care" → "Caring for a child").
fn vocabulary(entity: &str, key: &str) -> Option<&'static str> {
    Some(match (entity, key) {
        ("scenario", "kind") => "plan.kind",
        ("scenario", "status") => "plan.status_value",
        ("scenario", "metric") => "plan.metric",
        ("action", "status") => "plan.action_status",
        ("action", "area") => "plan.area",
        ("action", "outcome_rating") => "plan.rating",
        ("faq_entry", "status") => "faq.status",
        ("faq_entry", "visibility") => "faq.visibility",
        ("checkin", "status") => "checkins.status",
        ("task", "kind") => "tasks.kind",
        _ => return None,
    })
}

fn value_text(lang: Lang, v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(true) => Some(lang.t("audit.yes")),
        Value::Bool(false) => Some(lang.t("audit.no")),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() => lang.decimal(f, if f.fract() == 0.0 { 0 } else { 1 }),
            _ => n.to_string(),
        }),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(shorten(&readable_time(lang, s), LONG)),
        Value::Array(items) if items.is_empty() => None,
        // Lists and nested records are told by their size; the stored record has them whole.
        Value::Array(items) => Some(lang.tn("audit.entries", items.len() as i64, &[])),
        Value::Object(_) => None,
    }
}

/// An RFC 3339 instant reads as a date and time; anything else stays as it is.
fn readable_time(_lang: Lang, s: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(s) {
        Ok(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => s.to_string(),
    }
}

/// A field that holds a person's id reads as their name.
fn person(key: &str, v: &Value, people: &HashMap<i32, String>) -> Option<String> {
    if !(key.ends_with("user_id") || key == "owner_id") {
        return None;
    }
    let id = i32::try_from(v.as_i64()?).ok()?;
    people.get(&id).cloned()
}

fn object(v: &Option<Value>) -> Option<&serde_json::Map<String, Value>> {
    v.as_ref().and_then(Value::as_object)
}

/// What changed, field by field: for an update the fields whose values differ, for a creation
/// what was set, for a removal what there was. Quiet fields (ids, timestamps of the write) are
/// left out.
pub fn changes(
    lang: Lang,
    event: &audit_event::Model,
    people: &HashMap<i32, String>,
) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let before = object(&event.before);
    let after = object(&event.after);
    if before.is_none() && after.is_none() {
        return vec![];
    }
    let (b, a) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter(|k| !QUIET.contains(&k.as_str()) && !k.ends_with("_hash"))
        .filter_map(|k| {
            let text = |v: &Value| {
                person(k, v, people)
                    .or_else(|| {
                        let prefix = vocabulary(&event.entity, k)?;
                        lang.lookup(&format!("{prefix}.{}", v.as_str()?))
                    })
                    .or_else(|| value_text(lang, v))
            };
            let old = b.get(k).and_then(text);
            let new = a.get(k).and_then(text);
            if old == new {
                return None;
            }
            let words = match (b.get(k), a.get(k)) {
                (Some(Value::String(o)), Some(Value::String(n)))
                    if o.chars().count() > SHORT || n.chars().count() > SHORT =>
                {
                    Some(diff::words(o, n))
                }
                _ => None,
            };
            Some(FieldChange {
                field: field_name(lang, k),
                before: old,
                after: new,
                words,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(
        entity: &str,
        action: &str,
        before: Option<Value>,
        after: Option<Value>,
    ) -> audit_event::Model {
        audit_event::Model {
            id: 1,
            organisation_id: Some(1),
            actor_user_id: Some(1),
            actor_name: "Karin Krisledare <lead@demo.example>".into(),
            occurred_at: chrono::Utc::now(),
            entity: entity.into(),
            entity_id: "7".into(),
            action: action.into(),
            before,
            after,
        }
    }

    #[test]
    fn a_publication_reads_as_a_sentence_with_the_question() {
        let e = event(
            "faq_entry",
            "publish_changed",
            Some(json!({"question": "Är kontoret öppet?", "status": "draft"})),
            Some(json!({"question": "Är kontoret öppet?", "status": "published"})),
        );
        assert_eq!(
            sentence(Lang::En, &e),
            "Karin Krisledare published the answer \u{201c}Är kontoret öppet?\u{201d}"
        );
        assert_eq!(
            sentence(Lang::Sv, &e),
            "Karin Krisledare publicerade svaret \u{201d}Är kontoret öppet?\u{201d}"
        );
    }

    #[test]
    fn an_action_without_its_own_phrase_reads_with_its_verb_and_kind() {
        let e = event("team", "create", None, Some(json!({"name": "Kundtjänst"})));
        assert_eq!(
            sentence(Lang::En, &e),
            "Karin Krisledare created the team \u{201c}Kundtjänst\u{201d}"
        );
        let odd = event("gizmo_part", "twiddle_knob", None, None);
        assert_eq!(
            sentence(Lang::En, &odd),
            "Karin Krisledare twiddle knob gizmo part #7"
        );
        let sys = audit_event::Model {
            actor_name: "system (demo)".into(),
            ..e
        };
        assert!(sentence(Lang::En, &sys).starts_with("Beredskap (demo) created"));
    }

    #[test]
    fn only_the_fields_that_changed_are_listed_with_their_old_and_new_values() {
        let e = event(
            "action",
            "update",
            Some(
                json!({"id": 3, "status": "planned", "due_date": "2026-12-01", "owner_id": 4, "updated_at": "x"}),
            ),
            Some(
                json!({"id": 3, "status": "done", "due_date": "2026-12-01", "owner_id": null, "updated_at": "y"}),
            ),
        );
        let people = HashMap::from([(4, "Mats Medlem".to_string())]);
        let c = changes(Lang::En, &e, &people);
        assert_eq!(c.len(), 2, "{c:?}");
        let status = c.iter().find(|c| c.field == "Status").expect("status");
        assert_eq!(status.before.as_deref(), Some("Planned"));
        assert_eq!(status.after.as_deref(), Some("Done"), "in words");
        let owner = c.iter().find(|c| c.field == "Owner").expect("owner");
        assert_eq!(
            owner.before.as_deref(),
            Some("Mats Medlem"),
            "a person by name"
        );
        assert_eq!(owner.after, None, "a cleared field has no new value");
    }

    #[test]
    fn a_value_from_a_vocabulary_reads_in_words() {
        let e = event(
            "scenario",
            "update",
            Some(json!({"status": "monitoring"})),
            Some(json!({"status": "active"})),
        );
        let c = changes(Lang::Sv, &e, &HashMap::new());
        assert_eq!(c[0].before.as_deref(), Some("Bevakas"), "{c:?}");
    }

    #[test]
    fn a_long_text_changed_in_place_is_shown_word_by_word() {
        let old = "The office is open from eight to four on weekdays, and the phone lines answer all day.";
        let new = "The office is closed from eight to four on weekdays, and the phone lines answer all day.";
        let e = event(
            "faq_entry",
            "update",
            Some(json!({"answer_md": old})),
            Some(json!({"answer_md": new})),
        );
        let c = changes(Lang::En, &e, &HashMap::new());
        let words = c[0].words.as_ref().expect("a word diff");
        assert!(words.contains(&Piece::Removed("open".into())), "{words:?}");
        assert!(words.contains(&Piece::Added("closed".into())), "{words:?}");
    }
}
