//! Greedy line breaking by glyph advances: breaks after spaces, after hyphens
//! and slashes, around CJK characters (which have no spaces between words),
//! and inside any word too long for a line.

use super::fonts::{Fonts, Style};

/// The lines of one paragraph (no newlines) at most `width` points wide; at least one line.
pub fn wrap(fonts: &Fonts, text: &str, style: Style, size: f64, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    for word in segments(text) {
        let advances: Vec<f64> = word
            .chars()
            .map(|c| fonts.advance(style, c) * size)
            .collect();
        let full: f64 = advances.iter().sum();
        let trailing: f64 = word
            .chars()
            .rev()
            .zip(advances.iter().rev())
            .take_while(|(c, _)| *c == ' ')
            .map(|(_, w)| w)
            .sum();
        if line_w + full - trailing <= width {
            line.push_str(word);
            line_w += full;
            continue;
        }
        if !line.trim_end().is_empty() {
            push_line(&mut lines, &mut line);
            line_w = 0.0;
        }
        let word = if line.is_empty() {
            word.trim_start()
        } else {
            word
        };
        if full - trailing <= width {
            line.push_str(word);
            line_w = fonts.width(word, style, size);
            continue;
        }
        // Too long for any line: break it between characters.
        for (c, w) in word
            .chars()
            .zip(advances.iter().skip(word_offset(word, &advances)))
        {
            if line_w + w > width && !line.trim_end().is_empty() && c != ' ' {
                push_line(&mut lines, &mut line);
                line_w = 0.0;
            }
            line.push(c);
            line_w += w;
        }
    }
    if !line.trim_end().is_empty() || lines.is_empty() {
        push_line(&mut lines, &mut line);
    }
    lines
}

/// Advances are for the untrimmed word; skip those of the trimmed leading spaces.
fn word_offset(word: &str, advances: &[f64]) -> usize {
    advances.len() - word.chars().count()
}

fn push_line(lines: &mut Vec<String>, line: &mut String) {
    lines.push(line.trim_end().to_string());
    line.clear();
}

/// The text cut at break opportunities; each piece keeps its trailing spaces.
fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut before = ' ';
    for (at, c) in text.char_indices() {
        if let Some(p) = prev {
            // "read-only", "a/b": break after the hyphen or slash, not in "-1" or "/path".
            let joined = (p == '-' || p == '/') && before.is_alphanumeric() && c.is_alphabetic();
            let breaks = (p == ' ' && c != ' ')
                || joined
                || (is_cjk(p) && !is_closing(c))
                || (is_cjk(c) && p != ' ' && !is_opening(p) && !is_closing(c));
            if breaks && at > start {
                out.push(&text[start..at]);
                start = at;
            }
        }
        before = prev.unwrap_or(' ');
        prev = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// Punctuation that must not start a line (a small kinsoku set).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '」'
            | '』'
            | '）'
            | '！'
            | '？'
            | 'ー'
            | '・'
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
    )
}

fn is_opening(c: char) -> bool {
    matches!(c, '「' | '『' | '（' | '(')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::system().expect("DejaVu is installed")
    }

    #[test]
    fn words_wrap_and_lines_fit() {
        let f = fonts();
        let text = "The payslip service signs every document before it leaves the tenant boundary.";
        let lines = wrap(&f, text, Style::Regular, 10.0, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for l in &lines {
            assert!(f.width(l, Style::Regular, 10.0) <= 120.0, "{l}");
        }
    }

    #[test]
    fn overlong_words_and_cjk_break() {
        let f = fonts();
        let long = "x".repeat(400);
        let lines = wrap(&f, &long, Style::Regular, 10.0, 100.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), long);
        let jp = "給与明細は暗号化されて保存されます。".repeat(10);
        let lines = wrap(&f, &jp, Style::Regular, 10.0, 100.0);
        assert!(lines.len() > 3);
        assert_eq!(lines.concat(), jp);
        assert!(lines.iter().all(|l| !l.starts_with('。')));
    }

    #[test]
    fn empty_and_tiny_widths_do_not_loop() {
        let f = fonts();
        assert_eq!(
            wrap(&f, "", Style::Regular, 10.0, 100.0),
            vec![String::new()]
        );
        let lines = wrap(&f, "abc def", Style::Bold, 10.0, 0.0);
        assert_eq!(lines.concat(), "abcdef");
    }
}
