//! Mobile numbers as people type them, stored in E.164. A number without a country code is read
//! in the organisation's country (from its time zone), so `070-123 45 67` in Stockholm becomes
//! `+46701234567`.
use phonenumber::country::Id;
use phonenumber::Mode;

pub const REACH_BY: &[&str] = &["mail", "sms", "both"];

/// The country a number without a country code is read in.
fn country_of(time_zone: &str) -> Option<Id> {
    Some(match time_zone {
        "Europe/Stockholm" => Id::SE,
        "Europe/Oslo" => Id::NO,
        "Europe/Copenhagen" => Id::DK,
        "Europe/Helsinki" | "Europe/Mariehamn" => Id::FI,
        "Atlantic/Reykjavik" => Id::IS,
        "Europe/London" => Id::GB,
        "Europe/Dublin" => Id::IE,
        "Europe/Berlin" => Id::DE,
        "Europe/Amsterdam" => Id::NL,
        _ => return None,
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Not a number of any country.
    Invalid,
    /// Valid, but a landline or a service number: SMS cannot reach it.
    NotMobile,
}

/// `Ok(None)` for an empty field (no number); `Ok(Some(e164))` for a mobile number.
pub fn normalise(input: &str, time_zone: &str) -> Result<Option<String>, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    // `00` is how numbers abroad are dialled from most of Europe.
    let text = match trimmed.strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => trimmed.to_string(),
    };
    let country = if text.starts_with('+') {
        None
    } else {
        country_of(time_zone)
    };
    let number = phonenumber::parse(country, &text).map_err(|_| PhoneError::Invalid)?;
    if !phonenumber::is_valid(&number) {
        return Err(PhoneError::Invalid);
    }
    use phonenumber::metadata::DATABASE;
    use phonenumber::Type;
    match number.number_type(&DATABASE) {
        Type::Mobile | Type::FixedLineOrMobile | Type::Pager | Type::Unknown => {}
        _ => return Err(PhoneError::NotMobile),
    }
    Ok(Some(number.format().mode(Mode::E164).to_string()))
}

/// The contact details after a change: `phone` absent keeps the number, empty removes it;
/// `reach_by` absent keeps the choice. SMS needs a number; errors are named by field.
pub fn contact_change(
    phone: Option<&str>,
    reach_by: Option<&str>,
    before: &crate::entities::user::Model,
    time_zone: &str,
    errors: &mut crate::error::FieldErrors,
) -> (Option<String>, String) {
    let new_phone = match phone {
        None => before.phone.clone(),
        Some(p) => match normalise(p, time_zone) {
            Ok(n) => n,
            Err(PhoneError::Invalid) => {
                errors.add(
                    "phone",
                    "phone",
                    "Enter a mobile number, for example 070-123 45 67 or +46 70 123 45 67.",
                );
                before.phone.clone()
            }
            Err(PhoneError::NotMobile) => {
                errors.add(
                    "phone",
                    "phone_mobile",
                    "Enter a mobile number: text messages cannot reach this one.",
                );
                before.phone.clone()
            }
        },
    };
    let new_reach = match reach_by.map(str::trim).filter(|r| !r.is_empty()) {
        None => before.reach_by.clone(),
        Some(r) if REACH_BY.contains(&r) => r.to_string(),
        Some(_) => {
            errors.add("reach_by", "one_of", "Choose one of: mail, sms, both.");
            before.reach_by.clone()
        }
    };
    if new_reach != "mail" && new_phone.is_none() && errors.for_field("phone").is_none() {
        errors.add(
            "reach_by",
            "needs_phone",
            "Add a mobile number to be reached by text message.",
        );
    }
    (new_phone, new_reach)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers_as_people_write_them_become_e164() {
        for written in [
            "070-123 45 67",
            "0701234567",
            "+46 70 123 45 67",
            "0046701234567",
            " 070 123 45 67 ",
        ] {
            assert_eq!(
                normalise(written, "Europe/Stockholm"),
                Ok(Some("+46701234567".into())),
                "{written}"
            );
        }
        assert_eq!(normalise("", "Europe/Stockholm"), Ok(None));
    }

    #[test]
    fn other_countries_need_their_code_unless_the_organisation_is_there() {
        assert_eq!(
            normalise("+47 412 34 567", "Europe/Stockholm"),
            Ok(Some("+4741234567".into()))
        );
        assert_eq!(
            normalise("412 34 567", "Europe/Oslo"),
            Ok(Some("+4741234567".into()))
        );
        assert_eq!(
            normalise("0701234567", "America/New_York"),
            Err(PhoneError::Invalid)
        );
    }

    #[test]
    fn nonsense_and_landlines_are_refused() {
        assert_eq!(
            normalise("call me", "Europe/Stockholm"),
            Err(PhoneError::Invalid)
        );
        assert_eq!(
            normalise("070-12", "Europe/Stockholm"),
            Err(PhoneError::Invalid)
        );
        assert_eq!(
            normalise("08-123 456 78", "Europe/Stockholm"),
            Err(PhoneError::NotMobile)
        );
    }
}
