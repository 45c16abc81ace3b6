//! Theme names in the room's own words: short phrases taken from a theme's notes, ranked by how
//! many of its notes use them (the notes nearest its centre counting most) and how particular
//! they are to it, with a second phrase only when it covers other notes.

use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

/// A phrase of a note: its words' keys (lower case, plural "s" dropped) and how it was written.
#[derive(Debug, Clone, PartialEq)]
struct Phrase {
    key: String,
    surface: String,
    words: usize,
}

/// Most words in a phrase.
const MAX_WORDS: usize = 3;

/// The candidate phrases of one note, each once: runs of one to three words inside a clause,
/// starting and ending with a word that can carry a name (no function word, no everyday verb
/// anywhere, no adverb at an edge); three words only around a function word ("access to
/// work", "cost of childcare").
fn phrases(text: &str) -> Vec<Phrase> {
    let text: String = unicode_normalization::UnicodeNormalization::nfkc(text).collect();
    let mut out: Vec<Phrase> = Vec::new();
    for clause in text.split(is_clause_break) {
        let words: Vec<&str> = clause.unicode_words().collect();
        for start in 0..words.len() {
            for len in 1..=MAX_WORDS.min(words.len() - start) {
                let run = &words[start..start + len];
                let lower: Vec<String> = run.iter().map(|w| w.to_lowercase()).collect();
                if !can_edge(&lower[0]) || !can_edge(&lower[len - 1]) {
                    continue;
                }
                if lower.iter().any(|w| is_verb(w))
                    || len == 1 && BROAD.contains(&lower[0].as_str())
                {
                    continue;
                }
                if len == 3 && !is_function_word(&lower[1])
                    || len == 2 && is_function_word(&lower[1])
                {
                    continue;
                }
                let key = lower
                    .iter()
                    .map(|w| key_of(w))
                    .collect::<Vec<_>>()
                    .join(" ");
                if out.iter().any(|p| p.key == key) {
                    continue;
                }
                let surface = run
                    .iter()
                    .zip(&lower)
                    .map(|(w, l)| {
                        if is_acronym(w) {
                            w.to_string()
                        } else {
                            l.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(Phrase {
                    key,
                    surface,
                    words: len,
                });
            }
        }
    }
    out
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '“'
            | '”'
            | '–'
            | '—'
            | '/'
            | '\n'
            | '\r'
            | '…'
            | '•'
    )
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().all(|c| !c.is_lowercase())
}

/// A word that may open or close a name.
fn can_edge(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().any(char::is_alphabetic)
        && !is_function_word(word)
        && !is_vague(word)
        && !is_adverb(word)
}

/// A function word of English, Welsh (the stop words themes use), or of other languages
/// workshops write in (Polish, Irish, Scots, Urdu written in Latin letters), or a contraction
/// ("we'll", "they’ve").
fn is_function_word(word: &str) -> bool {
    let word = word.replace('’', "'");
    let stop = |w: &str| super::text::is_stop_word(w) || OTHER_FUNCTION_WORDS.contains(&w);
    stop(&word)
        || ["'ll", "'ve", "'d", "'re", "'m", "n't"]
            .iter()
            .any(|end| word.ends_with(end))
        || word.strip_suffix("'s").is_some_and(stop)
}

/// Whether two notes share a word that carries meaning, plural and singular counting as one
/// ("bus" and "buses"), as names count them.
pub fn share_a_word(a: &str, b: &str) -> bool {
    let keys = |t: &str| -> std::collections::HashSet<String> {
        let t: String = unicode_normalization::UnicodeNormalization::nfkc(t).collect();
        t.unicode_words()
            .map(str::to_lowercase)
            .filter(|w| can_edge(w))
            .map(|w| key_of(&w))
            .collect()
    };
    !keys(a).is_disjoint(&keys(b))
}

/// Whether a term (a word or a few) is worth citing in an explanation or a name: not a
/// function word, an everyday verb or a vague word.
pub fn worth_citing(term: &str) -> bool {
    let words = term.split_whitespace().count();
    phrases(term).iter().any(|p| p.words == words)
}

/// Function words of other languages seen on walls, for names only.
#[rustfmt::skip]
const OTHER_FUNCTION_WORDS: &[&str] = &[
    // Polish
    "nie", "się", "jest", "że", "jak", "ale", "tak", "czy", "mam", "tu", "tutaj", "nic", "co",
    "po", "od", "za", "przez", "dla", "na", "w", "z", "ze", "do", "mi", "mnie", "ja", "ten",
    "ta", "jestem", "są", "bo", "już", "też", "tylko",
    // Irish
    "agus", "le", "go", "tá", "níl", "ag", "sa", "ach", "mar",
    // Scots
    "tae", "wi", "fae", "ye", "ah", "wis", "oot", "aboot",
    // Urdu and Hindi in Latin letters
    "hai", "hain", "ka", "ki", "ke", "ko", "se", "mein", "nahi", "nahin", "aur", "bhi", "yeh",
    "woh", "ho", "tha", "thi", "kya", "hum", "mujhe",
];

/// An adverb ending in "-ly" ("seriously", "genuinely"), which makes a poor edge of a name.
fn is_adverb(word: &str) -> bool {
    word.chars().count() > 4
        && word.ends_with("ly")
        && ![
            "family", "supply", "assembly", "july", "italy", "ally", "rally",
        ]
        .contains(&word)
}

/// Plural and possessive endings dropped, so "late bus" and "late buses" are one phrase.
fn key_of(word: &str) -> String {
    let w = word.trim_end_matches("'s").trim_end_matches("’s");
    let long = |stem: &str| stem.chars().count() >= 3;
    if let Some(stem) = w.strip_suffix("ies").filter(|s| long(s)) {
        return format!("{stem}y");
    }
    if w == "buses" {
        return "bus".into();
    }
    if let Some(stem) = w
        .strip_suffix("es")
        .filter(|s| long(s) && ["ss", "x", "z", "ch", "sh"].iter().any(|e| s.ends_with(e)))
    {
        return stem.to_string();
    }
    if let Some(stem) = w.strip_suffix('s').filter(|s| long(s) && !s.ends_with('s')) {
        return stem.to_string();
    }
    w.to_string()
}

/// Everyday words too vague to name a theme on their own (they still count for grouping).
#[rustfmt::skip]
const VAGUE: &[&str] = &[
    "people", "person", "thing", "things", "lot", "lots", "way", "ways", "really", "just",
    "even", "still", "much", "many", "one", "two", "three", "every", "everyone", "anyone",
    "someone", "nobody", "something", "new", "good", "bad", "big", "time", "times", "year",
    "years", "day", "days", "week", "weeks", "table", "note", "notes", "here", "now", "back",
    "well", "better", "never", "always", "often", "sometimes", "more", "less", "able", "sure",
    "whole", "kind", "sort", "bit", "part", "us", "we", "they", "them", "it", "yes", "no",
    "other", "others", "same", "different", "enough", "right", "wrong", "real", "actually",
    "maybe", "perhaps", "already", "etc", "ok", "okay", "first", "last", "today", "tomorrow",
    "yesterday", "number", "numbers", "month", "months", "hrs", "min", "mins", "pls", "please", "thanks",
    "thank", "lads", "chahiye", "next", "far", "honestly", "lot",
];

/// Words too broad to name a theme alone in this field, though fine inside a phrase ("access to
/// work", "job coach").
#[rustfmt::skip]
const BROAD: &[&str] = &[
    "work", "job", "jobs", "employment", "employer", "employers", "staff", "support", "help",
    "group", "groups",
];

/// Everyday verbs that make a bad name alone or at the head of one ("Decide", "Commit",
/// "need childcare").
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "decide", "decides", "decided", "commit", "commits", "committed", "ensure", "ensures",
    "provide", "provides", "provided", "make", "makes", "made", "get", "gets", "got", "getting",
    "give", "gives", "gave", "given", "take", "takes", "took", "taken", "need", "needs",
    "needed", "want", "wants", "wanted", "know", "knows", "knew", "think", "thinks", "thought",
    "feel", "feels", "felt", "say", "says", "said", "tell", "tells", "told", "ask", "asks",
    "asked", "go", "goes", "going", "went", "gone", "come", "comes", "came", "keep", "keeps",
    "kept", "let", "lets", "put", "puts", "see", "sees", "saw", "seen", "try", "tries",
    "tried", "use", "uses", "used", "find", "finds", "found", "start", "starts", "started",
    "stop", "stops", "stopped", "allow", "allows", "allowed", "include", "includes", "consider",
    "create", "creates", "improve", "improves", "increase", "reduce", "involve", "involves",
    "listen", "understand", "believe", "become", "becomes", "seem", "seems", "bring", "brings",
    "happen", "happens", "mean", "means", "meant", "look", "looks", "looked", "show", "shows",
    "shown", "called", "must", "should", "would", "could", "can", "will", "may", "might",
    "shall", "does", "did", "do", "done", "is", "are", "was", "were", "be", "been", "being",
    "has", "have", "had", "having", "worked", "helped", "stay", "stays", "wait", "waits",
    "speak", "speaks", "hear", "hears", "heard", "lose", "loses", "lost", "end", "ends",
    "ended", "shut", "shuts", "fill", "fills", "pick", "picks", "picked", "ignore", "ignored",
    "funded", "act", "folds", "fold", "pay", "paid", "won't", "don't", "can't",
];

fn is_vague(word: &str) -> bool {
    VAGUE.contains(&word)
}

fn is_verb(word: &str) -> bool {
    VERBS.contains(&word)
}

/// A lexicon concept some of a theme's notes mention (in any of its spellings): a candidate
/// name when one of them writes it by its name ("childcare" for notes on nurseries, the school
/// run and childcare).
pub struct ConceptInTheme<'a> {
    pub name: &'a str,
    /// The notes (positions in the theme's list) that mention it.
    pub holders: Vec<usize>,
    /// How many notes of the whole set mention it.
    pub df: usize,
}

/// What the namer knows of one note of a theme.
pub struct NoteInTheme<'a> {
    pub text: &'a str,
    /// Cosine to the theme's centre.
    pub similarity: f32,
}

/// How often each phrase occurs in a set of notes (each note counted once).
#[derive(Default)]
pub struct Counts {
    notes: usize,
    df: HashMap<String, u32>,
}

impl Counts {
    /// Counts the phrases of `texts` (the notes shown; sensitive notes are left out by the
    /// caller).
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Counts {
        let mut c = Counts::default();
        for t in texts {
            c.notes += 1;
            for p in phrases(t) {
                *c.df.entry(p.key).or_default() += 1;
            }
        }
        c
    }
}

/// A name for a theme from its notes (closest to the centre first), not one of the names
/// `taken` (lower case) by larger themes; `None` when no two of its notes share a phrase (the
/// caller then uses the opening words of the most typical note).
pub fn name(
    notes: &[NoteInTheme],
    concepts: &[ConceptInTheme],
    all: &Counts,
    taken: &std::collections::HashSet<String>,
) -> Option<String> {
    if notes.is_empty() {
        return None;
    }
    // Phrase → (notes holding it, closeness-weighted coverage, spellings).
    struct Seen {
        holders: Vec<usize>,
        weight: f32,
        words: usize,
        spellings: HashMap<String, u32>,
    }
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut total = 0f32;
    for (i, note) in notes.iter().enumerate() {
        let w = note.similarity.max(0.05);
        total += w;
        for p in phrases(note.text) {
            let entry = seen.entry(p.key.clone()).or_insert_with(|| {
                order.push(p.key.clone());
                Seen {
                    holders: Vec::new(),
                    weight: 0.0,
                    words: p.words,
                    spellings: HashMap::new(),
                }
            });
            entry.holders.push(i);
            entry.weight += w;
            *entry.spellings.entry(p.surface).or_default() += 1;
        }
    }
    // A concept counts for every note that mentions it, if a note writes its name.
    let mut df_of: HashMap<String, u32> = HashMap::new();
    for c in concepts {
        let key = phrases(c.name)
            .into_iter()
            .find(|p| p.words == c.name.split_whitespace().count());
        let Some(key) = key else { continue };
        let Some(written) = seen.get_mut(&key.key) else {
            continue;
        };
        for &h in &c.holders {
            if !written.holders.contains(&h) {
                written.holders.push(h);
                written.weight += notes[h].similarity.max(0.05);
            }
        }
        df_of.insert(key.key, c.df as u32);
    }
    let min_notes = 2;
    let n = all.notes.max(notes.len()) as f32;
    let score = |key: &str, s: &Seen| {
        let df = df_of
            .get(key)
            .or(all.df.get(key))
            .copied()
            .unwrap_or(0)
            .max(s.holders.len() as u32) as f32;
        let idf = (1.0 + n / df).ln();
        let length = match s.words {
            1 => 1.0,
            2 => 1.5,
            _ => 1.4,
        };
        s.weight / total * idf * length
    };
    let mut ranked: Vec<(f32, &String)> = order
        .iter()
        .filter(|k| seen[*k].holders.len() >= min_notes)
        .map(|k| (score(k, &seen[k]), k))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let spell = |key: &str| {
        seen[key]
            .spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    };
    let best = ranked.first()?.0;
    // The best phrase whose name no larger theme has taken.
    ranked.iter().find_map(|&(_, candidate)| {
        let mut first = candidate;
        // A single word gives way to a phrase holding it that half its notes use ("last bus"
        // for "bus"): more particular, and still the theme's.
        if seen[first].words == 1 {
            let holders = seen[first].holders.len();
            if let Some((_, longer)) = ranked.iter().find(|(_, k)| {
                seen[*k].words > 1
                    && k.split(' ').any(|w| w == first.as_str())
                    && seen[*k].holders.len() * 2 >= holders
            }) {
                first = longer;
            }
        }
        let first_seen = &seen[first];
        let first_words: Vec<&str> = first.split(' ').collect();
        // A second phrase: shares no word with the first and covers notes it does not, only
        // when the first leaves most notes out and this one speaks for a good share.
        let needed = (notes.len() / 4).max(2);
        let first_covers = first_seen.holders.len() * 2 >= notes.len();
        let second = ranked
            .iter()
            .filter(|(_, k)| *k != first && !first_covers)
            .find_map(|(s, k)| {
                let other = &seen[*k];
                let new = other
                    .holders
                    .iter()
                    .filter(|h| !first_seen.holders.contains(h))
                    .count();
                let disjoint = k.split(' ').all(|w| !first_words.contains(&w));
                (disjoint
                    && new >= needed
                    && *s >= 0.5 * best
                    && other.words + first_seen.words <= 4)
                    .then_some(*k)
            });
        let mut name = spell(first);
        if let Some(k) = second {
            name.push_str(", ");
            name.push_str(&spell(k));
        }
        let name = capitalise(&name);
        (!taken.contains(&name.to_lowercase())).then_some(name)
    })
}

/// A name from one note's opening words: for a theme of one note, or whose notes share no
/// phrase.
pub fn opening_words(text: &str) -> String {
    capitalise(&opening(text, 5, 40))
}

/// The beginning of a note: its first sentence, at most `words` words and about `chars`
/// characters, quotation marks left out; where it was cut, no function word before the "…".
pub fn opening(text: &str, words: usize, chars: usize) -> String {
    const QUOTES: &[char] = &['\'', '"', '‘', '’', '“', '”'];
    let sentence = text
        .split(['.', '!', '?', ';', ':', '\n'])
        .map(str::trim)
        .find(|c| c.unicode_words().next().is_some())
        .unwrap_or("");
    let mut kept: Vec<&str> = Vec::new();
    let mut cut = false;
    let mut length = 0;
    for word in sentence
        .split_whitespace()
        .map(|w| w.trim_matches(QUOTES))
        .filter(|w| !w.is_empty())
    {
        if kept.len() == words || length + word.chars().count() > chars {
            cut = true;
            break;
        }
        length += word.chars().count() + 1;
        kept.push(word);
    }
    if cut {
        while kept.len() > 1
            && kept.last().is_some_and(|w| {
                let w = w.trim_end_matches([',', '-']).to_lowercase();
                is_function_word(&w) || w.is_empty()
            })
        {
            kept.pop();
        }
    }
    let mut out = kept.join(" ");
    if cut {
        out = out.trim_end_matches([',', '-']).to_string();
        out.push('…');
    }
    if out.is_empty() || out == "…" {
        out = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if out.chars().count() > chars {
            out = out.chars().take(chars).collect::<String>() + "…";
        }
    }
    out
}

/// The first letter in capitals: "late buses" → "Late buses".
pub fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme<'a>(texts: &[&'a str]) -> Vec<NoteInTheme<'a>> {
        texts
            .iter()
            .map(|t| NoteInTheme {
                text: t,
                similarity: 0.8,
            })
            .collect()
    }

    #[test]
    fn names_are_phrases_the_notes_share() {
        let notes = [
            "The last bus leaves before the late shift ends",
            "Late buses would let parents take evening shifts",
            "No late buses from the estate",
            "Decide who pays for transport",
        ];
        let others = [
            "Childcare costs are too high",
            "Managers should commit to training",
        ];
        let all = Counts::of(notes.iter().chain(&others).copied());
        let name = name(&theme(&notes), &[], &all, &Default::default()).unwrap();
        assert!(name.starts_with("Late bus"), "{name}");
        assert!(!name.to_lowercase().contains("decide"), "{name}");
    }

    #[test]
    fn never_a_bare_verb_or_function_word() {
        let notes = [
            "Commit and decide",
            "We must commit, decide",
            "commit decide",
        ];
        let all = Counts::of(notes.iter().copied());
        assert_eq!(name(&theme(&notes), &[], &all, &Default::default()), None);
        let welsh = [
            "Mae'r bws olaf yn gadael yn rhy gynnar",
            "Dim bws i'r gwaith ar ôl chwech",
            "Mae angen bws yn y nos",
        ];
        let all = Counts::of(welsh.iter().copied());
        let name = name(&theme(&welsh), &[], &all, &Default::default()).unwrap();
        assert!(name.to_lowercase().contains("bws"), "{name}");
        for stop in ["yn", "mae'r", "i'r"] {
            assert!(
                !name.to_lowercase().split([' ', ',']).any(|w| w == stop),
                "{name}"
            );
        }
    }

    #[test]
    fn plurals_are_a_shared_word() {
        assert!(share_a_word(
            "The last bus leaves early",
            "No buses home after ten"
        ));
        assert!(!share_a_word(
            "The last bus leaves early",
            "No way home after the night shift"
        ));
    }

    #[test]
    fn a_note_alone_is_named_by_its_opening_words() {
        assert_eq!(
            opening_words("inclusive on the website, not in the canteen"),
            "Inclusive on the website…"
        );
        assert_eq!(
            opening_words("They call you by a number. 'next'."),
            "They call…"
        );
        assert_eq!(
            opening_words("Ask 'what happened to you'"),
            "Ask what happened to you"
        );
        assert_eq!(
            opening_words("Qualifications from abroad not recognised so engineers pack boxes"),
            "Qualifications from abroad…"
        );
        assert_eq!(opening("!!!", 5, 40), "!!!");
        assert_eq!(opening("", 5, 40), "");
    }

    #[test]
    fn acronyms_keep_their_capitals_and_plurals_meet() {
        let notes = [
            "DWP sanctions scare people",
            "Fear of DWP sanctions",
            "dwp sanction letters",
        ];
        let all = Counts::of(notes.iter().copied());
        assert_eq!(
            name(&theme(&notes), &[], &all, &Default::default()).unwrap(),
            "DWP sanctions"
        );
        assert_eq!(key_of("buses"), "bus");
        assert_eq!(key_of("policies"), "policy");
        assert_eq!(key_of("access"), "access");
        assert_eq!(key_of("houses"), "house");
        assert_eq!(key_of("boxes"), "box");
        assert_eq!(key_of("classes"), "class");
    }
}
