//! Wrapping text to a width that counts wide (Japanese) characters as two columns.

use unicode_width::UnicodeWidthChar;

use super::width;

/// Wrap `text` to `width` columns. The first line starts with `first`, later lines with `rest`
/// (both count towards the width). Breaks at spaces, and between wide characters, which
/// Japanese text allows anywhere.
pub fn wrap(text: &str, width_limit: usize, first: &str, rest: &str) -> Vec<String> {
    // Most lines fit as they are: printable ASCII (a column a byte) with no space to drop at
    // the start, short enough. The tokens below would give the same line, a hundred times
    // slower on a 100k-party diff's million lines.
    let plain = |s: &str| s.bytes().all(|b| (b' '..=b'~').contains(&b));
    if first.len() + text.len() <= width_limit
        && !text.starts_with(' ')
        && plain(first)
        && plain(text)
    {
        let mut line = String::with_capacity(first.len() + text.len());
        line.push_str(first);
        line.push_str(text);
        line.truncate(line.trim_end().len());
        return vec![line];
    }
    wrap_tokens(text, width_limit, first, rest)
}

/// [`wrap`] for any text: token by token.
fn wrap_tokens(text: &str, width_limit: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut line_w = width(first);
    let mut at_start = true;
    let limit = width_limit.max(width(rest) + 10);
    for token in tokens(text) {
        let is_space = token == " ";
        let tw = width(token);
        if is_space {
            if !at_start && line_w < limit {
                line.push(' ');
                line_w += 1;
            }
            continue;
        }
        if line_w + tw > limit && !at_start {
            let trimmed = line.trim_end().to_string();
            lines.push(trimmed);
            line = rest.to_string();
            line_w = width(rest);
        }
        // A single token longer than a line: hard-break it by characters.
        if line_w + tw > limit {
            for c in token.chars() {
                let cw = c.width().unwrap_or(0);
                if line_w + cw > limit && line_w > width(rest) {
                    lines.push(line.trim_end().to_string());
                    line = rest.to_string();
                    line_w = width(rest);
                }
                line.push(c);
                line_w += cw;
            }
        } else {
            line.push_str(token);
            line_w += tw;
        }
        at_start = false;
    }
    lines.push(line.trim_end().to_string());
    lines
}

/// Split into breakable tokens: single spaces, runs of narrow non-space characters, and single
/// wide characters (with following closing punctuation kept attached).
fn tokens(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = None;
    // An opening bracket never ends a line: it starts the token that follows it.
    let mut open: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if "「『（([".contains(c) && c.width().unwrap_or(0) >= 2 {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            open.get_or_insert(i);
            continue;
        }
        if let Some(o) = open.take() {
            // Glue the bracket to what follows by starting the next token at the bracket.
            if c == ' ' || c == '\n' {
                out.push(&text[o..i]);
            } else if c.width().unwrap_or(0) >= 2 {
                let end = past_closing(&mut iter, i + c.len_utf8());
                out.push(&text[o..end]);
                continue;
            } else {
                start = Some(o);
                continue;
            }
        }
        if c == ' ' || c == '\n' {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            out.push(" ");
            continue;
        }
        if c.width().unwrap_or(0) >= 2 {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            let end = past_closing(&mut iter, i + c.len_utf8());
            out.push(&text[i..end]);
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start.or(open) {
        out.push(&text[s..]);
    }
    out
}

/// Where a wide character's token ends, from `end` (just after it): past the closing
/// punctuation that follows, which never starts a line.
fn past_closing(iter: &mut std::iter::Peekable<std::str::CharIndices>, mut end: usize) -> usize {
    while let Some(&(j, n)) = iter.peek() {
        if "、。」』）)，．・:".contains(n) {
            end = j + n.len_utf8();
            iter.next();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_english_at_spaces() {
        let lines = wrap(
            "the quick brown fox jumps over the lazy dog",
            20,
            "  ",
            "    ",
        );
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines[0], "  the quick brown");
        assert!(lines[1].starts_with("    "));
    }

    #[test]
    fn wraps_japanese_anywhere_counting_two_columns() {
        let s = "要求事項が該当する役割を、どの関係者も担っていません。";
        let lines = wrap(s, 20, "", "");
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat(), s);
    }

    #[test]
    fn opening_brackets_stay_with_what_follows() {
        let s = "あいうえおかきくけこ「sub-batch」です";
        for w in 10..30 {
            for l in wrap(s, w, "", "") {
                assert!(!l.ends_with('「'), "{w}: {l}");
            }
            assert_eq!(wrap(s, w, "", "").concat(), s);
        }
    }

    proptest::proptest! {
        /// The shortcut for a line that fits gives what the tokens give.
        #[test]
        fn a_line_that_fits_is_wrapped_as_tokens_would(
            text in "[ a-z(\\[,.:\t\n]{0,12}|[ -~]{0,90}|[ a-zあい「」、]{0,30}",
            first in "[ >]{0,4}",
            limit in 5usize..90,
        ) {
            let (got, want) = (wrap(&text, limit, &first, "  "), wrap_tokens(&text, limit, &first, "  "));
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn long_tokens_are_broken() {
        let lines = wrap(&"x".repeat(50), 20, "", "");
        assert!(lines.iter().all(|l| width(l) <= 20));
        assert_eq!(lines.concat().len(), 50);
    }
}
