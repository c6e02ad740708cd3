//! "Did you mean ...?" for mistyped names.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_close_names_only() {
        let c = ["exclusion_date", "pupil_name", "school_name"];
        assert_eq!(super::nearest("exclusoin_date", c), Some("exclusion_date"));
        assert_eq!(super::nearest("pupilname", c), Some("pupil_name"));
        assert_eq!(super::nearest("favourite_colour", c), None);
    }
}
