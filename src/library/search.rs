//! Search as you type, for the library picker: every word of the query must
//! be found (lower case, accents folded) in an entry's title, tags or text.
//! The folded texts are made once, when the entry is loaded, so a keystroke
//! is a scan of prepared strings (the bench: 2,000 entries, well under 5 ms).

use super::{Library, Loaded};
use crate::model::{ElementKind, LibraryEntry};

/// An entry's texts, lower-cased and folded, for matching.
#[derive(Debug, Clone, Default)]
pub(super) struct Haystack {
    title: String,
    tags: String,
    /// Scenario, rationales, recommended actions and references.
    text: String,
}

impl Haystack {
    pub(super) fn of(e: &LibraryEntry) -> Haystack {
        let mut text = String::new();
        for s in [&e.scenario, &e.impact.rationale, &e.likelihood.rationale]
            .into_iter()
            .chain(&e.recommended_actions)
            .chain(&e.references)
        {
            text.push_str(&fold(s));
            text.push('\n');
        }
        Haystack {
            title: fold(&e.title),
            tags: e
                .tags
                .iter()
                .map(|t| fold(t))
                .collect::<Vec<_>>()
                .join("\n"),
            text,
        }
    }
}

/// How well an entry matches: lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The title starts with the query.
    TitlePrefix,
    /// Every word of the query starts a word of the title.
    TitleWords,
    /// Every word is in the title or a tag.
    Tag,
    /// Some word is only in the text.
    Text,
}

/// Lower case, with the accents of Latin letters dropped ("Sécurité" →
/// "securite"): a table lookup per character, no Unicode normalisation.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
                'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => out.push('c'),
                'ď' | 'đ' => out.push('d'),
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
                'ğ' | 'ģ' => out.push('g'),
                'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => out.push('i'),
                'ķ' => out.push('k'),
                'ĺ' | 'ļ' | 'ľ' | 'ł' => out.push('l'),
                'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
                'ŕ' | 'ř' => out.push('r'),
                'ś' | 'š' | 'ş' | 'ș' => out.push('s'),
                'ť' | 'ţ' | 'ț' => out.push('t'),
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ź' | 'ż' | 'ž' => out.push('z'),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                l => out.push(l),
            }
        }
    }
    out
}

/// `word` starts a word of `text` (at its start or after a non-alphanumeric).
fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn rank(h: &Haystack, query: &str, words: &[&str]) -> Option<Rank> {
    let mut in_text = false;
    for w in words {
        if !h.title.contains(w) && !h.tags.contains(w) {
            if !h.text.contains(w) {
                return None;
            }
            in_text = true;
        }
    }
    Some(if h.title.starts_with(query) {
        Rank::TitlePrefix
    } else if words.iter().all(|w| starts_a_word(&h.title, w)) {
        Rank::TitleWords
    } else if !in_text {
        Rank::Tag
    } else {
        Rank::Text
    })
}

impl Library {
    /// The entries that apply to every one of `kinds` (all entries when none is
    /// given) and match every word of `query`, best first: title starting with
    /// the query, then title words, then tags, then text; ties by title. At
    /// most `limit`.
    pub fn search(&self, query: &str, kinds: &[ElementKind], limit: usize) -> Vec<&Loaded> {
        let query = fold(query.trim());
        let words: Vec<&str> = query.split_whitespace().collect();
        let query = words.join(" ");
        let mut found: Vec<(Rank, &Loaded)> = self
            .entries
            .iter()
            .filter(|l| kinds.iter().all(|k| l.entry.applies_to_kind(*k)))
            .filter_map(|l| rank(&l.haystack, &query, &words).map(|r| (r, l)))
            .collect();
        let by_rank_then_title = |a: &(Rank, &Loaded), b: &(Rank, &Loaded)| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.haystack.title.cmp(&b.1.haystack.title))
                .then_with(|| a.1.entry.id.cmp(&b.1.entry.id))
        };
        // Only the first `limit` need sorting: a picker shows a screenful.
        if found.len() > limit {
            if limit == 0 {
                return vec![];
            }
            found.select_nth_unstable_by(limit - 1, by_rank_then_title);
            found.truncate(limit);
        }
        found.sort_unstable_by(by_rank_then_title);
        found.into_iter().map(|(_, l)| l).collect()
    }
}
