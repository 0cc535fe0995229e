//! Vietnamese alphabetical order (Đ after D, tones after the base letter) via ICU4X.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::OnceLock;

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        // Compiled data for `vi` ships inside icu_collator, so this cannot fail at run time;
        // the root collation is the fallback should it ever be missing.
        Collator::try_new(locale!("vi").into(), CollatorOptions::default())
            .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
            .expect("ICU4X root collation data is compiled in")
    })
}

/// Compares two names in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Sorts `items` by the Vietnamese order of `key`, keeping equal names in their current order.
pub fn sort_by_name<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| compare(key(a), key(b)));
}

/// Lowercase text without diacritics, for a filter where "dien chau" finds "Diễn Châu".
pub fn fold(s: &str) -> String {
    use icu_normalizer::DecomposingNormalizerBorrowed;
    let nfd = DecomposingNormalizerBorrowed::new_nfd().normalize(s);
    nfd.chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_with_stroke_sorts_after_d() {
        let mut names = vec![
            "Đông Hòa",
            "Diễn Châu",
            "Dương Minh Châu",
            "An Trường",
            "Xuân Giang",
            "Lam Vỹ",
        ];
        sort_by_name(&mut names, |s| s);
        assert_eq!(
            names,
            [
                "An Trường",
                "Diễn Châu",
                "Dương Minh Châu",
                "Đông Hòa",
                "Lam Vỹ",
                "Xuân Giang"
            ]
        );
    }

    #[test]
    fn tones_sort_after_base_letter() {
        assert_eq!(compare("Ba", "Bà"), Ordering::Less);
        assert_eq!(compare("Bà", "Bác"), Ordering::Less);
        assert_eq!(compare("Ân", "An"), Ordering::Greater);
    }

    #[test]
    fn folding_removes_diacritics() {
        assert_eq!(fold("Diễn Châu"), "dien chau");
        assert_eq!(fold("Đặc khu Phú Quốc"), "dac khu phu quoc");
    }
}
