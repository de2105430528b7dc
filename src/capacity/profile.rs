//! The shape of a normal day as people bring it: `time,contacts` lines from a spreadsheet or a
//! telephony report, read onto the queue's interval grid, and written back the same way.
use super::forms::minutes_of;

/// Reads an intraday profile pasted or uploaded as CSV: `time,contacts` per line (a header,
/// `;` or tab as separator and a decimal comma are all fine). Times not on the interval grid,
/// unreadable lines and negative numbers are refused with the line number.
pub fn profile_from_csv(text: &str, interval: i32) -> Result<Vec<f64>, String> {
    let slots = (1440 / interval) as usize;
    let mut weights = vec![0.0; slots];
    let mut any = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let sep = if line.contains('\t') {
            '\t'
        } else if line.contains(';') {
            ';'
        } else {
            ','
        };
        let mut cells = line.splitn(2, sep).map(str::trim);
        let (time, value) = (cells.next().unwrap_or(""), cells.next().unwrap_or(""));
        let Some(start) = minutes_of(time).filter(|m| *m < 1440) else {
            if n == 0 && value.parse::<f64>().is_err() {
                continue; // a header
            }
            return Err(format!(
                "Line {}: write the interval's start as HH:MM.",
                n + 1
            ));
        };
        if start % interval as u32 != 0 {
            return Err(format!(
                "Line {}: {time} is not the start of a {interval}-minute interval.",
                n + 1
            ));
        }
        let v: f64 = value
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("Line {}: the contacts must be a number, 0 or more.", n + 1))?;
        weights[(start / interval as u32) as usize] += v;
        any = true;
    }
    if !any {
        return Err("Give at least one line: time,contacts.".into());
    }
    Ok(weights)
}

/// The profile as CSV, the open intervals of a weekday only.
pub fn profile_to_csv(weights: &[f64], interval: i32) -> String {
    let mut out = String::from("time,contacts\n");
    for (i, w) in weights.iter().enumerate() {
        if *w > 0.0 {
            let m = i as i32 * interval;
            out.push_str(&format!("{:02}:{:02},{}\n", m / 60, m % 60, w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_read_from_csv_with_either_separator_and_a_header() {
        let w = profile_from_csv("time;contacts\n08:00;12\n08:30;20,5\n", 30).unwrap();
        assert_eq!(w.len(), 48);
        assert_eq!(w[16], 12.0);
        assert_eq!(w[17], 20.5);
        assert!(profile_from_csv("08:15,3", 30)
            .unwrap_err()
            .contains("08:15"));
        assert!(profile_from_csv("time,contacts\n", 30).is_err());
        assert!(profile_from_csv("08:00,-1", 30)
            .unwrap_err()
            .contains("Line 1"));
    }
}
