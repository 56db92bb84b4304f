//! Text handling shared by the model and the grade: normalising, matching cues, features.

use std::collections::HashSet;

/// Chinese (CJK unified ideographs, their extension A and compatibility forms).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Words too common in taxonomy names to identify an L3 on their own.
pub(crate) const GENERIC: &[&str] = &[
    "other",
    "microsoft",
    "office",
    "service",
    "services",
    "solution",
    "customer",
    "legacy",
    "using",
    "third",
    "party",
    "support",
    "security",
    "cloud",
    "azure",
    "online",
    "windows",
    "teams",
    "exchange",
    "sharepoint",
    "onedrive",
    "intune",
    "unable",
    "access",
    "management",
    // "won't allow" is any refusal, not the managed browser's L3 (D236).
    "allow",
    // "no Outlook mobile" is the product, not MobileIron (D282).
    "mobile",
];

/// Words as notes often type them and as the cues and negations spell them: English
/// contractions without the apostrophe, and a vendor's rank in digits ("3rd-party", which
/// is no figure).
const SPELLED: &[(&str, &str)] = &[
    ("3rd-party", "third-party"),
    ("dont", "don't"),
    ("doesnt", "doesn't"),
    ("didnt", "didn't"),
    ("wont", "won't"),
    ("cant", "can't"),
    ("isnt", "isn't"),
    ("arent", "aren't"),
    ("wasnt", "wasn't"),
    ("werent", "weren't"),
    ("hasnt", "hasn't"),
    ("havent", "haven't"),
    ("couldnt", "couldn't"),
    ("wouldnt", "wouldn't"),
    ("shouldnt", "shouldn't"),
];

/// A letter without its accents, as notes typed in haste spell it ("migracion",
/// "Prufung", "Strasse"): the canonical decomposition without its combining marks; "ß"
/// as "ss". Chinese is left as it is.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() || is_cjk(c) {
        out.push(c);
    } else if c == 'ß' {
        out.push_str("ss");
    } else {
        unicode_normalization::char::decompose_canonical(c, |d| {
            if !unicode_normalization::char::is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

/// A word or phrase of a list as the normalised note spells it: lower case, accents
/// folded (for lists compared with the note word for word).
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            fold_into(l, &mut out);
        }
    }
    out
}

/// The note without the stamp a writer may open it with: dates, initials and the word
/// "update", in brackets ("[28.11. JM]") or before a colon or a dash ("2024-12-02:",
/// "Update 05/12:", "JM 03/12 -", "更新 12/05："). A stamp says when and who wrote,
/// nothing of the status (D235); a tag that says more ("[Blocked]", "[New]") is the note's.
pub(crate) fn without_stamp(note: &str) -> &str {
    let rest = note.trim_start();
    let body = |after: &'_ str| -> Option<usize> {
        let body = after.trim_start_matches(|c: char| c.is_whitespace() || is_stop(c));
        (!body.is_empty()).then(|| note.len() - body.len())
    };
    if let Some(tag) = rest.strip_prefix('[') {
        let Some(end) = tag.find(']') else {
            return note;
        };
        let (all, dated) = stamp_words(tag[..end].split_whitespace());
        return match body(&tag[end + 1..]) {
            Some(at) if all && dated => &note[at..],
            _ => note,
        };
    }
    // The words before the first colon or dash, as far as they are a stamp's.
    let mut at = rest;
    let mut dated = false;
    loop {
        let end = at
            .find(|c: char| c.is_whitespace() || matches!(c, ':' | '：'))
            .unwrap_or(at.len());
        let (all, date) = stamp_words(std::iter::once(&at[..end]));
        if end == 0 || !all {
            break;
        }
        dated |= date;
        at = at[end..].trim_start_matches(' ');
    }
    match body(at) {
        Some(start) if dated && at.trim_start().starts_with(is_stop) => &note[start..],
        _ => note,
    }
}

/// When a log entry was written, as its stamp says: a day and a month (in an order the
/// note's other stamps may settle), a month, a quarter.
#[derive(Clone, Copy)]
enum When {
    /// "10/14", "14.10.", "02/12": two numbers, the dotted ones day first.
    Numbers(u32, u32, bool),
    Month(u32),
    Quarter(u32),
}

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("january", 1),
    ("januar", 1),
    ("ene", 1),
    ("enero", 1),
    ("feb", 2),
    ("february", 2),
    ("februar", 2),
    ("febrero", 2),
    ("mar", 3),
    ("march", 3),
    ("märz", 3),
    ("marzo", 3),
    ("apr", 4),
    ("april", 4),
    ("abr", 4),
    ("abril", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("jun", 6),
    ("june", 6),
    ("juni", 6),
    ("junio", 6),
    ("jul", 7),
    ("july", 7),
    ("juli", 7),
    ("julio", 7),
    ("aug", 8),
    ("august", 8),
    ("ago", 8),
    ("agosto", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septiembre", 9),
    ("oct", 10),
    ("october", 10),
    ("okt", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("nov", 11),
    ("november", 11),
    ("noviembre", 11),
    ("dec", 12),
    ("december", 12),
    ("dez", 12),
    ("dezember", 12),
    ("dic", 12),
    ("diciembre", 12),
];

/// Words a log entry's stamp may hold beside its date: "Update 12/01:", "Q3 note:",
/// "Notiz Q3:", "11/05 IP:", "[JD 02/12]".
const ENTRY_WORDS: &[&str] = &[
    "update",
    "note",
    "notiz",
    "nota",
    "actualización",
    "actualizacion",
    "更新",
    "ip",
    "ni",
    "su",
    "进行中",
    "受阻",
    "无意向",
];

/// The date a stamp's word says, if it says one.
fn when(word: &str) -> Option<When> {
    let w = word.trim_end_matches('.').to_lowercase();
    let w = w.strip_suffix("更新").unwrap_or(&w);
    if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(When::Month(m));
    }
    if let Some(m) = w.strip_suffix('月').and_then(|d| d.parse::<u32>().ok()) {
        return (1..=12).contains(&m).then_some(When::Month(m));
    }
    if let Some(q) = w.strip_suffix("季度") {
        let q = ["一", "二", "三", "四"].iter().position(|n| *n == q)?;
        return Some(When::Quarter(q as u32 + 1));
    }
    if let Some(q) = w.strip_prefix('q').or_else(|| w.strip_prefix('t')) {
        return q
            .parse::<u32>()
            .ok()
            .filter(|q| (1..=4).contains(q))
            .map(When::Quarter);
    }
    // "2026-10-06": a year, a month, a day.
    let iso: Vec<&str> = w.split('-').collect();
    if let [y, m, d] = iso[..] {
        if y.len() == 4 {
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            return ((1..=12).contains(&m) && (1..=31).contains(&d))
                .then_some(When::Numbers(d, m, true));
        }
    }
    // Dots put the day first as German writes it ("14.10.", "14.10.2026"), not "12.03".
    let dotted = word.ends_with('.') || w.matches('.').count() == 2;
    let parts: Vec<u32> = w
        .split(['/', '.'])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        // "11/2026": a month and its year.
        [m, y] if (1..=12).contains(&m) && y >= 1990 => Some(When::Month(m)),
        [a, b] | [a, b, _] if (1..=31).contains(&a) && (1..=31).contains(&b) => {
            Some(When::Numbers(a, b, dotted))
        }
        _ => None,
    }
}

/// The date of a log entry's stamp at the start of `text`: in brackets ("[JD 02/12]"), or
/// a few words before a colon ("10/14:", "Sept.:", "Update 12/01:", "Q4 update:",
/// "11/05 IP:", "四季度更新：").
fn entry_stamp(text: &str) -> Option<When> {
    let head = if let Some(inner) = text.strip_prefix('[') {
        &inner[..inner.find(']').filter(|&end| end <= 24)?]
    } else {
        // Before a colon, or a dash between spaces ("03.12. - 6 of 10 TB moved").
        let colon = text.find([':', '：']);
        let dash = [" - ", " – "].iter().filter_map(|d| text.find(d)).min();
        let end = colon.into_iter().chain(dash).min().filter(|&end| end <= 24);
        match end {
            Some(end) => &text[..end],
            // A date opening the part with nothing after it, written in full digits and with
            // a day past 12 ("14/10 kickoff hecho. 02/11 HCW ejecutado … 25/11 migración en
            // pausa – …"), so no share ("3/5 sites done", "10/12 sites live") (D267).
            None => {
                let first = text.split_whitespace().next()?;
                let digits: Vec<&str> = first.trim_end_matches('.').split(['/', '.']).collect();
                let full = digits.len() == 2
                    && digits
                        .iter()
                        .all(|d| d.len() == 2 && d.chars().all(|c| c.is_ascii_digit()));
                let day = digits
                    .iter()
                    .any(|d| d.parse::<u32>().is_ok_and(|n| n > 12));
                return (full && day).then(|| when(first)).flatten();
            }
        }
    };
    let mut found = None;
    for word in head.split_whitespace() {
        match when(word) {
            Some(w) => found = Some(w),
            None => {
                if !initials(word) && !ENTRY_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
                    return None;
                }
            }
        }
    }
    found
}

/// What says the status that was, opening a part of a note: "Previous: SU, …", "Was NI
/// (Lotus Notes kept).", "Vorher: …", "Antes: …", "之前：…".
const PAST_MARKS: &[&str] = &[
    "previous:",
    "previously:",
    "before:",
    "earlier:",
    "was ni",
    "was su",
    "was ip",
    "was blocked",
    "was in progress",
    "was no intent",
    "vorher:",
    "zuvor:",
    "früher:",
    "war ni",
    "war blockiert",
    "war in bearbeitung",
    "antes:",
    "anteriormente:",
    "era ni",
    "estaba bloqueado",
    "之前：",
    "之前:",
    "此前：",
    "之前无意向",
    "之前受阻",
    "之前状态未知",
];

fn opens_the_past(text: &str) -> bool {
    PAST_MARKS.iter().any(|mark| {
        let head = text
            .get(..mark.len())
            .filter(|h| h.eq_ignore_ascii_case(mark));
        head.map(|h| &text[h.len()..]).is_some_and(|rest| {
            mark.ends_with([':', '：'])
                || mark.chars().last().is_some_and(is_cjk)
                || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// The turns from a past status to the present one.
const CONTRASTS: &[&str] = &[", but ", ", aber ", ", pero ", "，但是", "，但", "，可是"];

/// A note kept as a running log ("10/14: blocked by proxy. 11/20: proxy rules changed,
/// pilot live"; "[JD 02/12] … [JD 15/10] …"; "Update 12/01: … Previous: SU, …"): its
/// newest dated entry, without the parts that say what the status was (D255). `None`
/// where the note is no such log. The newest entry is the one with the latest date where
/// every stamp tells one (a day and a month in the order the stamps settle: a number
/// above 12 says which is the day, dots say the day comes first), else the last.
pub(crate) fn latest_entry(note: &str) -> Option<String> {
    // Where the parts of the note start: its start, after the end of a sentence or a
    // clause (". ", "。", "; "), a line or "|", and at a bracket opened after a space.
    let mut starts = vec![0];
    let chars: Vec<(usize, char)> = note.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, n)| n);
        // The dot of a stamp's date ("03.12. - …", "Sept. - …") ends no sentence.
        let stamp = || {
            let from = starts.last().copied().unwrap_or(0);
            when(note[from..at + 1].trim()).is_some()
        };
        let ends = matches!(c, '。' | '；' | '\n' | '|')
            || matches!(c, ';' | '!') && next.is_some_and(char::is_whitespace)
            || c == '.' && next.is_some_and(char::is_whitespace) && !stamp();
        if ends {
            starts.push(at + c.len_utf8());
        } else if c == '[' && at > 0 && note[..at].ends_with(char::is_whitespace) {
            starts.push(at);
        }
    }
    starts.dedup();
    let parts: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(note.len())))
        .collect();
    let text_of = |&(s, e): &(usize, usize)| note[s..e].trim_start();
    let past: Vec<bool> = parts.iter().map(|p| opens_the_past(text_of(p))).collect();
    let stamped: Vec<(usize, When)> = parts
        .iter()
        .enumerate()
        .filter_map(|(k, p)| entry_stamp(text_of(p)).map(|w| (k, w)))
        .collect();
    if stamped.len() < 2 && !past.contains(&true) {
        return None;
    }
    // The parts of the newest entry: from its stamp to the next stamp.
    let (first, last) = if stamped.len() >= 2 {
        let k = newest(&stamped, note.chars().any(is_cjk));
        let end = stamped
            .iter()
            .find(|(j, _)| *j > k)
            .map_or(parts.len(), |(j, _)| *j);
        (k, end)
    } else {
        (0, parts.len())
    };
    // A past status turned by "but" ("Was IP, but no contact since …") is past only
    // up to the turn (D290).
    let kept: String = (first..last)
        .filter_map(|k| {
            let part = &note[parts[k].0..parts[k].1];
            if !past[k] {
                return Some(part);
            }
            CONTRASTS
                .iter()
                .filter_map(|c| part.find(c).map(|at| at + c.len()))
                .min()
                .map(|at| &part[at..])
        })
        .collect();
    let kept = kept.trim().trim_end_matches('|').trim_end();
    (!kept.is_empty() && kept != note.trim()).then(|| kept.to_string())
}

/// Which of the stamped parts is the newest; `chinese`: a month comes first where no number
/// settles the order, as Chinese writes dates.
fn newest(stamped: &[(usize, When)], chinese: bool) -> usize {
    let slashed = stamped.iter().filter_map(|(_, w)| match w {
        When::Numbers(a, b, false) => Some((*a, *b)),
        _ => None,
    });
    let (mut day_first, mut month_first) = (false, false);
    for (a, b) in slashed {
        day_first |= a > 12;
        month_first |= b > 12;
    }
    month_first |= chinese && !day_first;
    let month_of = |w: &When| -> Option<f32> {
        match *w {
            When::Month(m) => Some(m as f32 + 0.5),
            When::Quarter(q) => Some(q as f32 * 3.0 - 1.0),
            When::Numbers(a, b, true) => Some(b as f32 + a as f32 / 100.0),
            When::Numbers(a, b, false) if day_first && !month_first => {
                Some(b as f32 + a as f32 / 100.0)
            }
            When::Numbers(a, b, false) if month_first && !day_first => {
                Some(a as f32 + b as f32 / 100.0)
            }
            When::Numbers(..) => None,
        }
    };
    let months: Option<Vec<f32>> = stamped.iter().map(|(_, w)| month_of(w)).collect();
    let last = stamped[stamped.len() - 1].0;
    let Some(mut months) = months else {
        return last;
    };
    // A year turned between two entries ("Nov: … Jan: …"; "Jan: … Nov: …").
    let mut shift = 0.0;
    for k in 1..months.len() {
        let step = months[k] + shift - (months[k - 1]);
        if step < -6.0 {
            shift += 12.0;
        } else if step > 6.0 {
            shift -= 12.0;
        }
        months[k] += shift;
    }
    let best = (0..months.len())
        .max_by(|&a, &b| months[a].total_cmp(&months[b]).then(a.cmp(&b)))
        .unwrap_or(0);
    stamped[best].0
}

/// The note without the fields of a template left unfilled ("Reason: TBD", "Grund: offen",
/// "Motivo: por definir", "原因：待定"): a field's name with no value says nothing, and its
/// name ("reason", "Grund") would read as a cause given (D244). Fields are the lines, or
/// the parts between "|" or ";", that hold a short name before a colon, but not a status's
/// name (`keeps`: "Blocked: TBD" is blocked). A note that is all such fields is left as it
/// is.
pub(crate) fn without_empty_fields(
    note: &str,
    keeps: impl Fn(&str) -> bool,
) -> std::borrow::Cow<'_, str> {
    const UNFILLED: &[&str] = &[
        "",
        "tbd",
        "tba",
        "tbc",
        "n/a",
        "na",
        "-",
        "–",
        "—",
        "?",
        "...",
        "…",
        "offen",
        "unklar",
        "por definir",
        "por confirmar",
        "待定",
        "未定",
        "待确认",
        "待補充",
        "待补充",
    ];
    let unfilled = |part: &str| {
        let part = part.trim().trim_start_matches(['•', '*', '-', '–']).trim();
        let Some((name, value)) = part.split_once([':', '：']) else {
            return false;
        };
        let (words, cjk) = units(&normalize(name));
        let value = value
            .trim()
            .trim_end_matches(['.', '。'])
            .trim()
            .to_lowercase();
        (1..=4).contains(&(words + cjk / 2)) && UNFILLED.contains(&value.as_str()) && !keeps(name)
    };
    let parts: Vec<&str> = note.split(['\n', '|', ';', '；']).collect();
    if parts.len() < 2 {
        return std::borrow::Cow::Borrowed(note);
    }
    // Each part is read once.
    let empty: Vec<bool> = parts.iter().map(|p| unfilled(p)).collect();
    if !empty.contains(&true) || !empty.contains(&false) {
        return std::borrow::Cow::Borrowed(note);
    }
    let kept: Vec<&str> = parts
        .into_iter()
        .zip(empty)
        .filter_map(|(p, empty)| (!empty).then_some(p))
        .collect();
    std::borrow::Cow::Owned(kept.join("\n"))
}

/// Whether a word is a writer's initials ("JM", "JDS").
fn initials(word: &str) -> bool {
    (2..=3).contains(&word.chars().count()) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// Whether every word is a stamp's (a date, initials, "update"), and whether one is a date.
fn stamp_words<'a>(words: impl Iterator<Item = &'a str>) -> (bool, bool) {
    const WORDS: &[&str] = &["update", "actualización", "actualizacion", "更新"];
    let mut dated = false;
    for word in words {
        let date = is_date(word);
        if !(date || initials(word) || WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))) {
            return (false, dated);
        }
        dated |= date;
    }
    (true, dated)
}

/// Whether a word is written as a date or a time, and not as a figure: "28.11.", "05/12",
/// "2024-12-02" (a year of this era first, D237), "10:30", "14th". "300/500", "1500/2000"
/// and "45/60" are shares: a day and a month run to 31.
pub(crate) fn is_date(token: &str) -> bool {
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|suffix| {
        token
            .strip_suffix(suffix)
            .is_some_and(|d| (1..=2).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
    });
    if ordinal {
        return true;
    }
    let time = token.contains(':');
    let parts: Vec<&str> = token
        .split(['/', '.', '-', ':'])
        .filter(|p| !p.is_empty())
        .collect();
    let day_or_month = |p: &&str| time || p.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n));
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && (parts[0].len() == 4
            && (parts[0].starts_with("19") || parts[0].starts_with("20"))
            && parts[1].len() <= 2
            || parts[..2].iter().all(|p| p.len() <= 2 && day_or_month(p)))
}

/// What sets a stamp off from the note.
fn is_stop(c: char) -> bool {
    matches!(c, ':' | '：' | '-' | '–' | '—')
}

/// Traditional Chinese characters as simplified ones; lower case; accents folded; full-width
/// forms and typographic quotes folded; punctuation other than
/// `- . / + @ #` inside words turned into spaces; spaces collapsed; one space at each end;
/// "dont" spelled "don't", "3rd-party" "third-party".
pub(crate) fn normalize(s: &str) -> String {
    // Chinese written in traditional characters ("客戶尚未回覆") reads as the simplified
    // characters the cues are written in ("客户尚未回复").
    let simplified;
    let s = if s.chars().any(is_cjk) {
        simplified = simplet2s::convert(s).replace("回覆", "回复");
        simplified.as_str()
    } else {
        s
    };
    // A link points to a page, and its host and path are no words of the note
    // ("New licences, see https://contoso.sharepoint.com/sites/FT/notes") (D303).
    let unlinked;
    let s = if may_hold_link(s) {
        unlinked = without_links(s);
        unlinked.as_str()
    } else {
        s
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    let mut space = true;
    for c in s.chars() {
        let c = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            '’' | '‘' | '`' => '\'',
            c => c,
        };
        let keep = c.is_alphanumeric() || matches!(c, '-' | '.' | '/' | '+' | '@' | '#' | '\'');
        if keep && !(matches!(c, '.' | '/' | '\'') && space) {
            for l in c.to_lowercase() {
                fold_into(l, &mut out);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    // A trailing full stop or slash is punctuation, not part of the word.
    while out.ends_with(['.', '/', '\'']) {
        out.pop();
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    let out = out.replace(". ", " ").replace("/ ", " ");
    let spelled = |w: &str| SPELLED.iter().find(|(bare, _)| *bare == w).map(|c| c.1);
    if !out.split(' ').any(|w| spelled(w).is_some()) {
        return out;
    }
    out.split(' ')
        .map(|w| spelled(w).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the text may hold a web link: a cheap look before [`without_links`].
pub(crate) fn may_hold_link(s: &str) -> bool {
    // One pass over the bytes: every note and cue is normalised, most of them short.
    let b = s.as_bytes();
    let at =
        |i: usize, p: &[u8]| b.len() - i >= p.len() && b[i..i + p.len()].eq_ignore_ascii_case(p);
    (0..b.len()).any(|i| match b[i] {
        b'h' | b'H' => at(i, b"http"),
        b'w' | b'W' => at(i, b"www."),
        _ => false,
    })
}

/// The text with each web link (a word that starts with `http://`, `https://` or `www.`)
/// put as the word "link".
pub(crate) fn without_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| find_ascii_ci(rest, p))
        .min()
    {
        // Only where the link starts a word.
        let starts_word = rest[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        // A link is made of printable ASCII; the punctuation that closes it belongs to the
        // sentence ("(see https://…/notes).").
        let end = rest[start..]
            .find(|c: char| !c.is_ascii_graphic() || matches!(c, '"' | '<' | '>'))
            .map_or(rest.len(), |e| start + e);
        let end = start
            + rest[start..end]
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '\''])
                .len();
        out.push_str(&rest[..start]);
        // In its place a word that says a link stood there: "see link" points elsewhere
        // as "see above" does.
        out.push_str(if starts_word {
            "link"
        } else {
            &rest[start..end]
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where `needle` (ASCII, lower case) first occurs in `hay`, in any case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Words that point to another row of the same customer ("see other row", "in einer eigenen
/// Zeile", "se siguen aparte", "单独跟踪"), lower case.
const OTHER_ROWS: &[&str] = &[
    "other row",
    "another row",
    "separate row",
    "own row",
    "tracked separately",
    // A row named by its status ("the 50 Pro seats are in the IP row").
    "ip row",
    "ni row",
    "su row",
    "blocked row",
    "ip-zeile",
    "ni-zeile",
    "fila ip",
    "fila ni",
    "andere zeile",
    "anderen zeile",
    "eigenen zeile",
    "eigene zeile",
    "separat erfasst",
    "otra fila",
    "fila aparte",
    "fila propia",
    "se siguen aparte",
    "另一行",
    "另外一行",
    "单独一行",
    "单独跟踪",
];

/// Words of a duplicate or an invalid row, lower case: a row that points to another because
/// it repeats it is about itself.
const REPEATS: &[&str] = &[
    "dup",
    "doppelt",
    "dublette",
    "duplikat",
    "duplicad",
    "重复",
    "invalid",
    "ungültig",
    "inválid",
    "无效",
    "twice",
    "zweimal",
    "dos veces",
    "两次",
    "same ",
    "dieselbe",
    "mismo",
    "同一",
];

/// The note without the parts that tell of seats kept in another row ("…, 500 blocked
/// (legal hold, see other row)", "The 200 kiosk seats sit in a separate NI row."): each
/// part, cut at a comma, semicolon or full stop outside brackets, that names another row
/// and counts seats is left out, where more than a few words are left and no part says the
/// row repeats another. `None` where nothing is left out.
pub(crate) fn without_other_rows(note: &str) -> Option<String> {
    // A cheap look first: every phrase of the list holds one of these, as notes type it.
    if ![
        "row", "ROW", "eile", "EILE", "fila", "FILA", "行", "eparat", "EPARAT", "parte", "单独",
    ]
    .iter()
    .any(|w| note.contains(w))
    {
        return None;
    }
    let lower = note.to_lowercase();
    if !OTHER_ROWS.iter().any(|w| lower.contains(w)) || REPEATS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    // The parts, each with the mark that closes it.
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut chars = note.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let spaced = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let closes = depth == 0
            && (matches!(c, '；' | '，' | '。' | '\n') || matches!(c, ';' | ',' | '.') && spaced);
        if closes {
            let end = i + c.len_utf8();
            parts.push(&note[start..end]);
            start = end;
        }
    }
    parts.push(&note[start..]);
    let elsewhere = |part: &str| {
        let part = part.to_lowercase();
        OTHER_ROWS.iter().any(|w| part.contains(w)) && part.chars().any(|c| c.is_ascii_digit())
    };
    let kept: String = parts.iter().filter(|p| !elsewhere(p)).copied().collect();
    let (words, cjk) = units(&normalize(&kept));
    (kept.len() < note.len() && words + cjk / 2 >= 4).then(|| {
        kept.trim_end_matches([',', ';', '，', '；', ' '])
            .trim()
            .to_string()
    })
}

/// A cue or word list entry as it is matched: normalised, without the spaces around it.
pub(crate) fn cue_text(s: &str) -> String {
    normalize(s).trim().to_string()
}

/// The texts the engine looks for, each with an id; built once when the engine loads.
#[derive(Default)]
pub(crate) struct Patterns {
    list: Vec<(String, bool, bool)>,
    ids: std::collections::HashMap<(String, bool, bool), usize>,
}

impl Patterns {
    /// The id of a normalised text, matched at the start of a word (and, when `whole`,
    /// ending one) or, Chinese, anywhere — as [`contains`] matches it.
    pub(crate) fn id(&mut self, text: &str, whole: bool) -> usize {
        self.id_in(text, whole, false)
    }

    /// As [`Patterns::id`]; when `inner`, the text may also start inside a word (the end
    /// of a German compound: "Postfach*migration*", "Datenschutz*bedenken*").
    pub(crate) fn id_in(&mut self, text: &str, whole: bool, inner: bool) -> usize {
        let key = (text.to_string(), whole, inner);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.list.len();
        self.list.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    pub(crate) fn build(self) -> Matcher {
        // An empty text is never found; it stays out of the automaton.
        let texts: Vec<&str> = self
            .list
            .iter()
            .map(|(t, _, _)| if t.is_empty() { "\0" } else { t.as_str() })
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&texts)
            .expect("the cue automaton builds");
        Matcher {
            automaton,
            whole: self.list.iter().map(|(_, w, _)| *w).collect(),
            anywhere: self
                .list
                .iter()
                .map(|(t, _, inner)| *inner || t.chars().next().is_some_and(is_cjk))
                .collect(),
            empty: self.list.iter().map(|(t, _, _)| t.is_empty()).collect(),
        }
    }
}

/// Finds every pattern in a note in one pass.
pub(crate) struct Matcher {
    automaton: aho_corasick::AhoCorasick,
    whole: Vec<bool>,
    /// Found wherever it occurs, not only at a word's start (Chinese, compound ends).
    anywhere: Vec<bool>,
    empty: Vec<bool>,
}

/// Which patterns a note holds, by id: anywhere, somewhere not right after a negation, and
/// somewhere not right after "no longer".
pub(crate) struct Hits {
    /// Per pattern, FOUND, AFFIRMED and CURRENT: one byte each, so that a note's hits clear
    /// one buffer, not three.
    flags: Vec<u8>,
}

const FOUND: u8 = 1;
const AFFIRMED: u8 = 2;
const CURRENT: u8 = 4;

impl Hits {
    pub(crate) fn has(&self, id: usize) -> bool {
        self.flags[id] & FOUND != 0
    }

    /// Found at least once where no negation stands right before it ("部署" in "不部署" or
    /// "deploying" in "not deploying" is not).
    pub(crate) fn affirms(&self, id: usize) -> bool {
        self.flags[id] & AFFIRMED != 0
    }

    /// Found at least once where "no longer" does not stand right before it: "失联" in
    /// "客户不再失联" or "silent" in "no longer silent" is a state that ended.
    pub(crate) fn current(&self, id: usize) -> bool {
        self.flags[id] & CURRENT != 0
    }
}

/// The note without what it quotes, and what it quotes: “…”, "…", „…“, «…», »…«, ‘…’,
/// 「…」, 『…』, and '…' opened after a space (not the apostrophe of "customer's" or
/// "can't"). A quotation mark left open quotes nothing (D254).
pub(crate) fn unquoted(note: &str) -> (String, String) {
    let closer = |open: char| match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '„' => Some('“'),
        '«' => Some('»'),
        '»' => Some('«'),
        '‘' => Some('’'),
        '「' => Some('」'),
        '『' => Some('』'),
        '\'' => Some('\''),
        _ => None,
    };
    let chars: Vec<char> = note.chars().collect();
    let mut out = String::with_capacity(note.len());
    let mut quoted = String::new();
    // The closing mark awaited, where the quote opened, and what was quoted before it.
    let mut open: Option<(char, usize, usize)> = None;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        match open {
            Some((close, _, _)) if c == close => {
                // A straight single quote closes only before a word's end.
                if c == '\'' && after.is_some_and(char::is_alphanumeric) {
                    quoted.push(c);
                    continue;
                }
                open = None;
                out.push(' ');
                quoted.push(' ');
            }
            Some(_) => quoted.push(c),
            None => match closer(c) {
                Some(close)
                    if c != '\''
                        || before.is_none_or(|b| b.is_whitespace() || b == '(')
                            && after.is_some_and(char::is_alphanumeric) =>
                {
                    open = Some((close, i, quoted.len()));
                }
                _ => out.push(c),
            },
        }
    }
    if let Some((_, at, before)) = open {
        out.extend(&chars[at..]);
        quoted.truncate(before);
    }
    (out, quoted)
}

/// Whether a character ends a clause: punctuation between the parts of a note, in Latin
/// and Chinese writing.
pub(crate) fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | ';' | ',' | ':' | '!' | '?' | '\n' | '。' | '；' | '，' | '：' | '！' | '？' | '、'
    )
}

/// The sentences of a note as written, each with its closing mark: split after a
/// semicolon, a Chinese full stop, or a full stop before a space or the end ("1.500" and
/// "10.11. auf" inside a sentence stay). Coarser than `clauses`, which also splits at
/// commas and colons.
pub(crate) fn sentences(note: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = note.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if matches!(c, ';' | '；' | '。') || c == '.' && next_space {
            out.push(&note[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < note.len() {
        out.push(&note[start..]);
    }
    out
}

/// The clauses of a note as written, split where a clause ends (`ends_clause`) but not at
/// a full stop, which also stands in dates and figures ("seit 10.11."): a clause may run on
/// over a sentence, never stop inside a date.
pub(crate) fn clauses(note: &str) -> impl Iterator<Item = &str> {
    note.split(|c: char| c != '.' && ends_clause(c))
        .filter(|c| !c.trim().is_empty())
}

/// Characters that negate the Chinese word right after them.
const NEGATIONS_ZH: &[char] = &['不', '未', '没', '無', '无', '别'];

/// Words that negate the word right after them.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nicht", "kein", "keine", "keinen", "nie", "nunca", "sin",
];

/// Whether a normalised text says "no" anywhere: a word of negation, "n't" or a Chinese
/// negation.
pub(crate) fn says_no(norm: &str) -> bool {
    norm.contains(NEGATIONS_ZH)
        || norm
            .split(' ')
            .any(|w| NEGATIONS.contains(&w) || w.ends_with("n't"))
}

/// Phrases that negate the verb right after them ("no piensa migrar", "not planning to
/// migrate", "不打算迁移"): the intent declined, not a word of negation.
const NEGATING_PHRASES: &[&str] = &[
    "no plans to",
    "no plan to",
    "not planning to",
    "not going to",
    "does not want to",
    "doesn't want to",
    "do not want to",
    "don't want to",
    "will not",
    "won't",
    "no piensa",
    "no piensan",
    "no planea",
    "no planean",
    "no pretende",
    "no pretenden",
    "no quiere",
    "no quieren",
    "no va a",
    "no van a",
    // "keine Pläne", as the normalised note spells it.
    "keine plane",
    "不打算",
    "无意",
    "不想",
    "不准备",
    "没有计划",
    // A status denied with its verb between ("No está bloqueado: …") (D290).
    "no esta",
    "no estan",
    // A status or work no longer held ("no longer in progress", "nicht mehr in
    // Bearbeitung", "ya no está en curso", "不再进行中") (D228).
    "no longer",
    "nicht mehr",
    "ya no esta",
    "ya no",
    "不再",
];

/// Phrases that end the state named right after them ("no longer unresponsive", "nicht
/// mehr funkstill", "ya no está bloqueado", "不再失联"): a subset of `NEGATING_PHRASES`.
const ENDING_PHRASES: &[&str] = &["no longer", "nicht mehr", "ya no", "ya no esta", "不再"];

/// Whether the text before a match ends with a phrase that ends it ("no longer").
fn ended(before: &str) -> bool {
    let before = before.trim_end();
    ENDING_PHRASES.iter().any(|p| {
        before.ends_with(p)
            && before[..before.len() - p.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
    })
}

/// Whether the text before a match ends with a negation of it.
pub(crate) fn negated(before: &str, cjk_start: bool) -> bool {
    let before = before.trim_end();
    let phrase = NEGATING_PHRASES.iter().any(|p| {
        before.ends_with(p)
            && before[..before.len() - p.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
    });
    if phrase {
        return true;
    }
    if cjk_start {
        return before
            .chars()
            .next_back()
            .is_some_and(|c| NEGATIONS_ZH.contains(&c));
    }
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    NEGATIONS.contains(&word)
}

impl Matcher {
    /// The patterns found in a text, with [`contains`]'s word boundaries, each once.
    pub(crate) fn ids_in(&self, norm: &str) -> Vec<usize> {
        let hits = self.hits(norm);
        let mut ids: Vec<usize> = self
            .automaton
            .find_overlapping_iter(norm)
            .map(|m| m.pattern().as_usize())
            .filter(|&id| hits.has(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The patterns found in a normalised note, with [`contains`]'s word boundaries.
    pub(crate) fn hits(&self, norm: &str) -> Hits {
        let mut flags = vec![0u8; self.whole.len()];
        for m in self.automaton.find_overlapping_iter(norm) {
            let id = m.pattern().as_usize();
            if flags[id] & (AFFIRMED | CURRENT) == AFFIRMED | CURRENT || self.empty[id] {
                continue;
            }
            // Both texts are UTF-8: a match starts and ends on character boundaries.
            let before = norm[..m.start()].chars().next_back();
            let after = norm[m.end()..].chars().next();
            let starts =
                self.anywhere[id] || before.is_none_or(|b| !b.is_alphanumeric() || is_cjk(b));
            let ends = !self.whole[id] || after.is_none_or(|a| !a.is_alphanumeric() || is_cjk(a));
            if starts && ends {
                let cjk_start = norm[m.start()..].chars().next().is_some_and(is_cjk);
                let before = &norm[..m.start()];
                flags[id] |= FOUND;
                if !negated(before, cjk_start) {
                    flags[id] |= AFFIRMED;
                }
                if !ended(before) {
                    flags[id] |= CURRENT;
                }
            }
        }
        Hits { flags }
    }
}

/// Whether `cue` occurs in `norm` at the start of a word (and, when `whole`, ending one);
/// Chinese cues anywhere.
pub(crate) fn contains(norm: &str, cue: &str, whole: bool) -> bool {
    find(norm, cue, whole).is_some()
}

/// Where `cue` first occurs in `norm` as `contains` finds it.
pub(crate) fn find(norm: &str, cue: &str, whole: bool) -> Option<usize> {
    if cue.is_empty() {
        return None;
    }
    let cjk_start = cue.chars().next().is_some_and(is_cjk);
    let mut from = 0;
    while let Some(i) = norm[from..].find(cue) {
        let at = from + i;
        let before = norm[..at].chars().next_back();
        let after = norm[at + cue.len()..].chars().next();
        let starts = cjk_start || before.is_none_or(|b| !b.is_alphanumeric() || is_cjk(b));
        let ends = !whole || after.is_none_or(|a| !a.is_alphanumeric() || is_cjk(a));
        if starts && ends {
            return Some(at);
        }
        from = at + cue.len().max(1);
        while !norm.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The model's features: Latin words cut to six letters (a crude stem that serves all three
/// languages) and, for long words, their last six, and Chinese characters with their pairs.
pub(crate) fn features(norm: &str, left_out: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for c in norm.chars() {
        if is_cjk(c) {
            out.push(c.to_string());
            if let Some(p) = prev {
                out.push(format!("{p}{c}"));
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    let mut words = norm
        .split(|c: char| !c.is_alphanumeric() || is_cjk(c))
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(w) = words.next() {
        let n = w.chars().count();
        // A service's name before "server" or a version names the product kept on the
        // customer's own servers ("SharePoint Server 2019", "Exchange 2016"): that stays.
        let server = words.peek().is_some_and(|next| {
            *next == "server" || next.len() == 4 && next.chars().all(|c| c.is_ascii_digit())
        });
        if n >= 2 && !w.chars().all(|c| c.is_ascii_digit()) && (server || !left_out.contains(w)) {
            out.push(w.chars().take(6).collect());
            // A long word is often a compound ("Postfachmigration", "Lizenzverlängerung"):
            // its end is the word it is about.
            if n >= LONG_WORD {
                out.push(format!("~{}", w.chars().skip(n - 6).collect::<String>()));
            }
        }
    }
    out
}

/// A word this long also gives the word model its last six letters (D87).
const LONG_WORD: usize = 12;

/// German nouns a compound ends with after the kind it is of ("Rechtsthema" for "legal
/// topic", "Lizenzproblem" for "licensing issue") (D236).
const HEADS: &[&str] = &[
    "thema",
    "themen",
    "problem",
    "probleme",
    "problemen",
    "frage",
    "fragen",
    // "Rechtsprüfung", "Sicherheitsfreigabe": a kind and its review, "legal review".
    "prufung",
    "freigabe",
    "genehmigung",
];

/// The note without whom its meetings are with ("call w/ ciso", "termin mit dem ciso",
/// "llamada con el ciso", "和ciso开会"); `None` where it names no one met. Whom a meeting is
/// with says who decides, not what is in the way (D274).
pub(crate) fn without_attendees(norm: &str) -> Option<String> {
    const MEETINGS: &[&str] = &[
        "call",
        "calls",
        "meeting",
        "mtg",
        "sync",
        "workshop",
        "termin",
        "besprechung",
        "llamada",
        "reunion",
        "taller",
    ];
    const WITH: &[&str] = &["with", "w/", "w", "mit", "con"];
    const ARTICLES: &[&str] = &[
        "the", "their", "our", "dem", "der", "den", "ihrem", "ihrer", "el", "la", "los", "las",
        "su", "sus",
    ];
    let words: Vec<&str> = norm.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut found = false;
    let mut i = 0;
    while i < words.len() {
        out.push(words[i]);
        if WITH.contains(&words[i]) && i > 0 && MEETINGS.contains(&words[i - 1]) {
            let mut j = i + 1;
            while j < words.len() && ARTICLES.contains(&words[j]) {
                j += 1;
            }
            if j < words.len() {
                found = true;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    let mut text = if found {
        out.join(" ")
    } else {
        norm.to_string()
    };
    // "和CISO开会", "与安全团队开会": whom between the "with" and the meeting.
    for with in ["和", "与", "跟"] {
        let Some(at) = text.find(with) else { continue };
        let after = at + with.len();
        let end = ["开会", "会议", "通话", "电话", "沟通"]
            .iter()
            .filter_map(|m| text[after..].find(m))
            .min();
        // "与客户首次通话" is the first call, whomever it is with.
        let whom = |e: usize| {
            let whom = &text[after..after + e];
            e > 0 && whom.chars().count() <= 8 && !whom.contains(['首', '第', '次'])
        };
        if let Some(end) = end.filter(|&e| whom(e)) {
            text.replace_range(after..after + end, " ");
            found = true;
        }
    }
    found.then_some(text)
}

/// Chinese measure words, which stand between a figure and what it counts.
const MEASURE_WORDS: &[char] = &[
    '封', '个', '次', '台', '位', '名', '家', '份', '条', '项', '套', '张', '批', '通',
];

/// A Latin word this long is a compound of two ("postfachmigration", "mailbox migration").
const COMPOUND: usize = 14;

/// Latin words and Chinese characters of a text: how long a note is. A long compound
/// counts as the two words another language writes apart.
pub(crate) fn units(norm: &str) -> (usize, usize) {
    // A measure word after a figure ("3封邮件", "2个电话", "700台设备") has no English
    // word beside "3 mails": it counts for nothing.
    let mut prev = ' ';
    let cjk = norm
        .chars()
        .filter(|&c| {
            let measure = prev.is_ascii_digit() && MEASURE_WORDS.contains(&c);
            prev = c;
            is_cjk(c) && !measure
        })
        .count();
    let words = norm
        .split(|c: char| !(c.is_alphanumeric() || c == '-') || is_cjk(c))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| {
            // "MFA-Rollout", "Teams-Pilot", "IT-Leiter": two words joined, as English writes
            // them apart; "co-management", "on-prem", "e-mail" stay one.
            let parts = w
                .split('-')
                .filter(|p| *p == "it" || p.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
                .count();
            // "Rechtsthema", "Lizenzproblem": a kind and its noun, two words in English.
            let headed = HEADS
                .iter()
                .any(|h| w.len() >= h.len() + 4 && w.ends_with(h));
            if parts >= 2 || headed || w.chars().count() >= COMPOUND {
                2
            } else {
                1
            }
        })
        .sum();
    (words, cjk)
}

#[cfg(test)]
mod tests {
    #[test]
    fn clauses_do_not_stop_inside_a_date_and_a_no_is_found_in_each_language() {
        let got: Vec<&str> = clauses(
            "Kunde ist bereit, aber der Partner hat seit 10.11. nicht reagiert; 客户，伙伴",
        )
        .collect();
        assert_eq!(
            got,
            [
                "Kunde ist bereit",
                " aber der Partner hat seit 10.11. nicht reagiert",
                " 客户",
                "伙伴"
            ]
        );
        for yes in [
            " partner hasn't answered ",
            " partner hat nicht reagiert ",
            " el partner no contesta ",
            " 伙伴没回复 ",
        ] {
            assert!(says_no(yes), "{yes}");
        }
        for no in [
            " partner tried 3 times ",
            " partner et fm ",
            " 伙伴尝试了3次 ",
        ] {
            assert!(!says_no(no), "{no}");
        }
    }

    #[test]
    fn a_templates_unfilled_fields_are_left_out() {
        assert_eq!(
            without_empty_fields("Status: Blocked\nReason: TBD\nNext step: TBD", |_| false),
            "Status: Blocked"
        );
        assert_eq!(
            without_empty_fields(
                "Grund: offen | Status: Blockiert | Nächster Schritt: Workshop am 12.1.",
                |_| false
            ),
            " Status: Blockiert \n Nächster Schritt: Workshop am 12.1."
        );
        // Filled fields, a status of its own and a note of nothing but empty fields stay.
        for note in [
            "Status: Unknown\nReason: no reply since October",
            "Blocked: TBD",
            "Reason: TBD\nNext: TBD",
        ] {
            assert_eq!(without_empty_fields(note, |_| false), note);
        }
        // A status's name before the colon is kept, as the engine's labels tell.
        assert_eq!(
            without_empty_fields("Blocked: TBD; 400 of 900 moved", |name| name == "Blocked"),
            "Blocked: TBD; 400 of 900 moved"
        );
    }

    #[test]
    fn what_a_note_quotes_is_left_out_but_not_its_apostrophes() {
        for (note, left) in [
            (
                "who said 'maybe next year'; 3 follow-ups",
                "who said  ; 3 follow-ups",
            ),
            (
                "CIO: \"for now no\", no reply since",
                "CIO:  , no reply since",
            ),
            (
                "sagte „vielleicht nächstes Jahr“; keine Antwort",
                "sagte  ; keine Antwort",
            ),
            (
                "dijo «quizá el año que viene»; sin respuesta",
                "dijo  ; sin respuesta",
            ),
            ("他说“也许明年”；之后没有回复", "他说 ；之后没有回复"),
            // Apostrophes stay, and so does a quotation mark left open.
            ("customer's IT can't decide", "customer's IT can't decide"),
            ("CIO said \"maybe later", "CIO said \"maybe later"),
        ] {
            assert_eq!(unquoted(note).0, left, "{note}");
        }
        assert_eq!(
            unquoted("who said 'maybe next year'; 3 follow-ups").1,
            "maybe next year "
        );
        assert_eq!(unquoted("CIO said \"maybe later").1, "");
        assert_eq!(
            unquoted("„jetzt nicht“ und „später“").1,
            "jetzt nicht später "
        );
    }

    #[test]
    fn a_running_log_is_read_by_its_newest_entry() {
        for (note, newest) in [
            // Oldest first, month and day, the day settled by a number above 12.
            (
                "10/14: blocked by proxy. 11/20: proxy rules changed, pilot live.",
                "11/20: proxy rules changed, pilot live.",
            ),
            // Newest first, in brackets, day first.
            (
                "[JD 02/12] CISO signed off, enrolment started. [JD 15/10] Blocked pending review.",
                "[JD 02/12] CISO signed off, enrolment started.",
            ),
            // Dotted German dates, month names, quarters, Chinese months.
            (
                "14.10.: blockiert durch Proxy. 20.11.: Pilot live.",
                "20.11.: Pilot live.",
            ),
            (
                "Sept: migrating. Nov: halted - sync errors.",
                "Nov: halted - sync errors.",
            ),
            (
                "Q3 note: 40 % done. Q4 update: 1,500 PCs fail.",
                "Q4 update: 1,500 PCs fail.",
            ),
            (
                "9月：迁移进行中。11月：暂停，同步报错。",
                "11月：暂停，同步报错。",
            ),
            // A year turned between the entries.
            ("Nov: pilot planned. Jan: pilot live.", "Jan: pilot live."),
            // What the status was is left out, dated or not.
            (
                "Update 12/01: customer confirmed no intent. Previous: SU, no contact since Aug.",
                "Update 12/01: customer confirmed no intent.",
            ),
            (
                "Was NI (Notes kept). 11/2026: 600 mailboxes moved.",
                "11/2026: 600 mailboxes moved.",
            ),
            // ISO dates, entries on lines of their own, a dash after the stamp, "|" between
            // entries; Chinese writes the month first (D257).
            (
                "2026-10-06: blocked, certificate expired.\n2026-11-24: migration running.",
                "2026-11-24: migration running.",
            ),
            (
                "03.12. - 6 of 10 TB moved | 05.11. - waiting for the SOW",
                "03.12. - 6 of 10 TB moved",
            ),
            ("12.03 - 已迁移6TB | 11.05 - 在等SOW", "12.03 - 已迁移6TB"),
            // Dates in full digits opening each sentence, with nothing after them (D267).
            (
                "14/10 kickoff hecho. 02/11 HCW ejecutado, primer lote OK. 25/11 migración en pausa – el proxy corta el tráfico MRS.",
                "25/11 migración en pausa – el proxy corta el tráfico MRS.",
            ),
        ] {
            assert_eq!(latest_entry(note).as_deref(), Some(newest), "{note}");
        }
        // Notes that are no log: one stamp, dates inside sentences, shares, "Before …".
        for note in [
            "Update 05/12: proxy fixed, rollout resumed.",
            "Blocked until 15.01.; then 300/500 move by 28.02.",
            "Before deploying, the IT will need to obtain O365 certification.",
            "Was blocked by the proxy",
            "Blocked - proxy | IP - Teams on track",
            "3/5 sites done. 2/5 pending.",
            "10/12 sites live. 11/12 next week.",
        ] {
            assert_eq!(latest_entry(note), None, "{note}");
        }
    }

    #[test]
    fn a_date_or_a_time_is_told_from_a_share() {
        use super::is_date;
        for date in [
            "28.11.",
            "05/12",
            "2024-12-02",
            "10:30",
            "10:45",
            "14th",
            "1.2.24",
        ] {
            assert!(is_date(date), "{date}");
        }
        for share in ["300/500", "1500/2000", "45/60", "2", "v2", "Q1"] {
            assert!(!is_date(share), "{share}");
        }
    }

    #[test]
    fn a_stamp_before_the_note_is_left_out() {
        use super::without_stamp;
        assert_eq!(without_stamp("[JM 02/12] no answer"), "no answer");
        assert_eq!(
            without_stamp("2024-12-02: Blocked, firewall"),
            "Blocked, firewall"
        );
        assert_eq!(without_stamp("Update 05/12: 700 of 1,000"), "700 of 1,000");
        assert_eq!(without_stamp("JM 03/12 - home drives"), "home drives");
        assert_eq!(without_stamp("更新 12/05：迁移进行中"), "迁移进行中");
        assert_eq!(without_stamp("12/04 update: Blocked"), "Blocked");
        // A share, a count or a heading of the status is the note's own.
        assert_eq!(without_stamp("300/500 - done"), "300/500 - done");
        assert_eq!(without_stamp("1500/2000 - done"), "1500/2000 - done");
        assert_eq!(without_stamp("3 mails, no reply"), "3 mails, no reply");
        assert_eq!(without_stamp("Status: Blocked."), "Status: Blocked.");
        assert_eq!(without_stamp("[JM]"), "[JM]");
        assert_eq!(without_stamp("[28.11. JM] No intent"), "No intent");
        // A tag that says more than when and who is the note's own.
        assert_eq!(without_stamp("[Blocked] proxy"), "[Blocked] proxy");
        assert_eq!(without_stamp("[New] 250 seats"), "[New] 250 seats");
    }

    use super::*;

    #[test]
    fn a_long_compound_gives_its_end_to_the_word_model() {
        let f = features("postfachmigration läuft", &HashSet::new());
        assert!(f.contains(&"postfa".to_string()), "{f:?}");
        assert!(f.contains(&"~ration".to_string()), "{f:?}");
        assert!(f.contains(&"läuft".to_string()), "{f:?}");
        assert!(!f.iter().any(|x| x == "~läuft"), "{f:?}");
        let f = features("迁移中", &HashSet::new());
        assert_eq!(f, ["迁", "移", "迁移", "中", "移中"]);
    }

    #[test]
    fn normalising_keeps_words_and_drops_punctuation() {
        assert_eq!(
            normalize("Blocked: FW/Proxy, see box.com."),
            " blocked fw/proxy see box.com "
        );
        assert_eq!(normalize("ＥＸＯ　迁移！"), " exo 迁移 ");
        assert_eq!(normalize("  "), " ");
        assert_eq!(
            normalize("Mgmt dont see value, cust wont move"),
            " mgmt don't see value cust won't move "
        );
        assert_eq!(normalize("Frontend"), " frontend ");
        assert_eq!(
            normalize("Migración pausada, Prüfung läuft, Straße 5"),
            " migracion pausada prufung lauft strasse 5 "
        );
        assert_eq!(normalize("迁移暂停"), " 迁移暂停 ");
        // A vendor's rank is a word, not a figure.
        assert_eq!(normalize("Uses a 3rd-party AV"), " uses a third-party av ");
    }

    #[test]
    fn a_web_link_is_the_word_link_and_the_sentence_keeps_its_punctuation() {
        assert_eq!(
            without_links("New licences, see https://contoso.sharepoint.com/sites/FT/notes"),
            "New licences, see link"
        );
        assert_eq!(
            without_links("60% done (see HTTPS://x.example/a?b=1)."),
            "60% done (see link)."
        );
        // A link runs to the first character that no link holds.
        assert_eq!(
            without_links("跟踪表见 https://contoso.sharepoint.com/sites/m），其余1月底前完成"),
            "跟踪表见 link），其余1月底前完成"
        );
        assert_eq!(
            without_links("tracker at www.contoso.com; 3 of 9"),
            "tracker at link; 3 of 9"
        );
        // Only where it starts a word.
        assert_eq!(without_links("awww.nice"), "awww.nice");
        assert!(!may_hold_link("Blocked by the proxy."));
        assert_eq!(normalize("see https://a.example/x"), " see link ");
    }

    #[test]
    fn a_part_that_counts_seats_in_another_row_is_left_out() {
        assert_eq!(
            without_other_rows(
                "Split: 2,000 IP (file shares moving to OD, 45% done), 500 blocked (legal hold, see other row)."
            )
            .as_deref(),
            Some("Split: 2,000 IP (file shares moving to OD, 45% done)")
        );
        assert_eq!(
            without_other_rows(
                "These 800 seats are enrolling: 520 done. The 200 kiosk seats sit in a separate NI row."
            )
            .as_deref(),
            Some("These 800 seats are enrolling: 520 done.")
        );
        // Nothing counted in the part, nothing left beside it, or a row that repeats another.
        assert_eq!(without_other_rows("Legal hold, see other row."), None);
        assert_eq!(without_other_rows("500 blocked, see other row."), None);
        assert_eq!(
            without_other_rows("Duplicate of the 2,400 seats in the other row, same customer."),
            None
        );
    }

    #[test]
    fn cues_match_at_word_starts() {
        let n = normalize("la red de la oficina no da para Teams; credit fine");
        assert!(contains(&n, "red", true));
        assert!(!contains(&normalize("reduce credit"), "red", true));
        assert!(contains(&normalize("migrating mailboxes"), "migrat", false));
        assert!(!contains(&normalize("remigrate"), "migrat", false));
        assert!(contains(&normalize("客户无响应。"), "无响应", false));
    }

    #[test]
    fn a_compound_cue_is_found_inside_a_word_and_others_are_not() {
        let mut p = Patterns::default();
        let inner = p.id_in("migration", false, true);
        let plain = p.id("migration", false);
        let m = p.build();
        let hits = m.hits(&normalize("Postfachmigration von Notes läuft"));
        assert!(hits.has(inner));
        assert!(!hits.has(plain));
        let hits = m.hits(&normalize("Migration läuft"));
        assert!(hits.has(inner) && hits.has(plain));
    }
}

/// Words of the engine's own vocabulary, and a way back to them from a word typed with two
/// letters swapped ("secuirty", "nciht"), a letter missing ("bandwith", "Filalen") or a
/// letter too many ("Mehrwehrt"). Only slips inside a word are read: a word's first and
/// last letters change its meaning or its inflection too often ("approve", "approved";
/// "abril", "abrir"), and a letter replaced by another is as often another word.
#[derive(Default)]
pub(crate) struct Speller {
    /// Every word the engine knows: never respelled.
    known: std::collections::HashSet<String>,
    /// The words of its cues and word lists: what a slip is respelled into.
    words: std::collections::HashSet<String>,
    /// A vocabulary word without one of its inner letters, and that word (`None` where
    /// several words share it: no guess is made).
    deletes: std::collections::HashMap<String, Option<String>>,
}

/// Real words one letter from a word of the cues, that a note means as written: other
/// forms of a verb ("implementado", "implementando"; "brauchten", "brauchen"), plurals
/// and names ("Domino", not "dominio").
const REAL_WORDS: &[&str] = &[
    "domino",
    "documents",
    "manages",
    "field",
    "einziger",
    "konnten",
    "brauchten",
    "andern",
    "internes",
    "pedida",
    "decidio",
    "programando",
    "implementado",
    "actualizando",
    "accesos",
    "compara",
];

/// A letter missing or too many is read only where the word meant has this many letters:
/// shorter words lie too close together. Two letters swapped are read from `SWAP_MIN`.
const SPELL_MIN: usize = 7;
const SWAP_MIN: usize = 5;

/// The word without each of its inner letters (not the first, not the last).
fn inner_deletions(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    (1..chars.len().saturating_sub(1)).map(move |at| {
        chars
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, c)| c)
            .collect()
    })
}

fn spellable(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphabetic() && !is_cjk(c))
}

impl Speller {
    /// Learns the words of `text` (normalised as notes are); `target`: words a slip may
    /// be respelled into.
    pub(crate) fn learn(&mut self, text: &str, target: bool) {
        for word in normalize(text).split(|c: char| !c.is_alphanumeric()) {
            if spellable(word) {
                self.known.insert(word.to_string());
                if target {
                    self.words.insert(word.to_string());
                }
            }
        }
    }

    /// Indexes the inner deletions of the words learnt.
    pub(crate) fn build(&mut self) {
        self.known.extend(REAL_WORDS.iter().map(|w| w.to_string()));
        let mut deletes: std::collections::HashMap<String, Option<String>> =
            std::collections::HashMap::new();
        for word in &self.words {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() < SPELL_MIN {
                continue;
            }
            for d in inner_deletions(&chars) {
                deletes
                    .entry(d)
                    .and_modify(|w| {
                        if w.as_deref() != Some(word.as_str()) {
                            *w = None;
                        }
                    })
                    .or_insert_with(|| Some(word.clone()));
            }
        }
        self.deletes = deletes;
    }

    /// The one vocabulary word `word` is a slip of, if there is exactly one.
    fn correct(&self, word: &str) -> Option<&str> {
        if !spellable(word) || self.known.contains(word) {
            return None;
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < SWAP_MIN {
            return None;
        }
        let mut found: Vec<&str> = Vec::new();
        // Two inner neighbours swapped.
        for at in 1..chars.len().saturating_sub(2) {
            let mut swapped = chars.clone();
            swapped.swap(at, at + 1);
            let swapped: String = swapped.into_iter().collect();
            found.extend(self.words.get(&swapped).map(String::as_str));
        }
        // An inner letter missing.
        match self.deletes.get(word) {
            Some(Some(w)) => found.push(w),
            Some(None) => return None,
            None => {}
        }
        // An inner letter too many.
        if chars.len() > SPELL_MIN {
            for d in inner_deletions(&chars) {
                found.extend(self.words.get(&d).map(String::as_str));
            }
        }
        found.sort_unstable();
        found.dedup();
        match found[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The normalised note with its slips corrected; `None` where it has none. A word
    /// written against Chinese characters ("继续用dropbx") is read apart from them.
    pub(crate) fn respell(&self, norm: &str) -> Option<String> {
        let mut changed = false;
        let mut out = String::with_capacity(norm.len());
        for (i, word) in norm.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let mut rest = word;
            while !rest.is_empty() {
                // The next run of Chinese characters, or of anything else.
                let cjk = rest.starts_with(is_cjk);
                let end = rest.find(|c: char| is_cjk(c) != cjk).unwrap_or(rest.len());
                let (run, tail) = rest.split_at(end);
                match self.correct(run).filter(|_| !cjk) {
                    Some(c) => {
                        changed = true;
                        out.push_str(c);
                    }
                    None => out.push_str(run),
                }
                rest = tail;
            }
        }
        changed.then_some(out)
    }
}
