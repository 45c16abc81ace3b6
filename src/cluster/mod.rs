//! Theme suggestions: groups notes by meaning and shared words, names each group in its notes'
//! own words, explains it, and turns what the facilitator accepts into undoable, journaled
//! [`Change`]s.
//!
//! **Two paths, by size.** A wall (up to [`WALL_MAX`] notes): each note's [`transformer`] vector
//! (read ahead on a background thread, [`meaning`]) joined with TF-IDF over words, word pairs
//! and lexicon concepts ([`features`]); the exact cosine of every pair into an average-linkage
//! [`tree`], cut at the knee of within-theme tightness, with k-means when one theme would
//! swallow the wall. A corpus (more notes, `fast`, or a build without the transformer): the
//! static model ([`embed`]) with the corpus steps of [`features`] (each shared word stands for
//! the notes that use it; smoothing over 5 neighbours) and spherical [`kmeans`], memory linear
//! in the notes: no N × N matrix. The research behind the choices is summarised in the
//! README's "Themes".
//!
//! **Names and explanations.** [`names`] takes a short phrase its notes share (or the opening
//! words of its most typical note); [`labels`] gives the terms an [`Explanation`] cites; the
//! closest pair with no word in common is quoted. Sensitive notes are grouped like any other
//! but never give a word to a name or an explanation.
//!
//! **Suggestions, not force.** [`suggest`] never changes the session. Themes made by a person,
//! themes a person has placed a note in or voted on, and notes placed by a person are kept as
//! they are; free notes close to a kept theme are offered to it; the rest are grouped into new
//! themes, for one step, within each step, or all together. [`to_changes`] turns the
//! facilitator's choice into `Change`s that record that they came from a suggestion
//! ([`Origin::Suggested`]).
//!
//! **Deterministic.** Fixed seeds, no dependence on hash-map order or thread timing: a note's
//! vector is the same whichever thread read it, and the same notes and options give the same
//! themes.

pub mod embed;
pub mod features;
pub mod kmeans;
pub mod labels;
pub mod lexicon;
pub mod meaning;
pub mod metrics;
pub mod names;
pub mod similar;
pub mod synthetic;
pub mod text;
#[cfg(feature = "transformer")]
pub mod transformer;
pub mod tree;
pub mod wordpiece;

use crate::model::{Change, NoteId, Origin, Session, Theme, ThemeId};
pub use features::Mix;
pub use kmeans::{Choice, Plan};
pub use labels::ThemeTerm;
pub use lexicon::{Concept, Lexicon, LexiconError};
pub use similar::similar_notes;
use std::collections::{HashMap, HashSet};

/// How many themes to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeCount {
    /// Chosen from the notes (the knee of the tightness curve, with a guard against one giant
    /// theme).
    #[default]
    Auto,
    Fixed(usize),
}

impl std::str::FromStr for ThemeCount {
    type Err = String;
    fn from_str(s: &str) -> Result<ThemeCount, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("auto") {
            return Ok(ThemeCount::Auto);
        }
        match s.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(ThemeCount::Fixed(n)),
            _ => Err(format!(
                "`{s}` is not a number of themes; give a whole number from 1, or `auto`"
            )),
        }
    }
}

/// Most notes grouped as a wall (the transformer's vectors, the tree); above this, as a corpus
/// (the static model's vectors, k-means), whose cost grows linearly with the notes.
pub const WALL_MAX: usize = 3000;

/// Settings of a clustering run.
#[derive(Debug, Clone)]
pub struct Options {
    pub themes: ThemeCount,
    pub lexicon: Lexicon,
    /// How a corpus's vectors are made (the static model), and a wall's with `fast`.
    pub mix: Mix,
    /// How a wall's vectors are made (the transformer, when the build has it).
    pub wall_mix: Mix,
    /// The corpus path for walls too (the static model and k-means): nothing to wait for.
    pub fast: bool,
    pub plan: Plan,
    /// Most themes `Auto` will propose.
    pub max_auto_themes: usize,
    /// `Auto` avoids partitions whose largest theme holds more than this share of the notes;
    /// with a number of themes given, a wall's tree is left for k-means above it.
    pub max_theme_share: f32,
    /// The same for `Auto` on a wall: people's walls have many small themes (in the
    /// development sets the largest holds 9–21 % of the notes), and a tree cut with one theme
    /// above this share has a blob that swallowed several.
    pub max_wall_share: f32,
    /// Only notes written under this step are grouped, and the themes belong to it.
    pub step: Option<String>,
    /// With no `step`: the notes of each step are grouped apart, each theme belonging to its
    /// step (themes within each principle), rather than all notes together.
    pub each_step: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            themes: ThemeCount::Auto,
            lexicon: Lexicon::builtin(),
            mix: Mix::default(),
            wall_mix: Mix::transformer(),
            fast: false,
            plan: Plan::default(),
            max_auto_themes: 40,
            max_theme_share: 0.5,
            max_wall_share: 0.25,
            step: None,
            each_step: false,
        }
    }
}

impl Options {
    /// How the vectors of `n` notes are made: the wall's mix (the transformer) up to
    /// [`WALL_MAX`] notes, unless `fast` or the build has no transformer; the corpus's else.
    pub fn mix_for(&self, n: usize) -> Mix {
        if !self.fast && n <= WALL_MAX && self.wall_mix.uses_transformer() {
            self.wall_mix
        } else {
            self.mix
        }
    }
}

/// What a run is doing, for a progress bar on another thread or on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading and embedding notes.
    Reading { done: usize, total: usize },
    /// Trying numbers of themes.
    Choosing { tried: usize, of: usize },
    /// Grouping into the chosen number of themes.
    Grouping { themes: usize },
    /// Naming and explaining the themes.
    Labelling,
}

/// One note's place in a proposed group.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Index of the note in the input.
    pub index: usize,
    /// Cosine similarity to the group's centre (joint vector), −1 … 1; higher is closer.
    pub similarity: f32,
    /// The group's characteristic terms this note contains.
    pub shared: Vec<String>,
}

/// Two notes of a group that are close in meaning without sharing terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbours {
    pub a: usize,
    pub b: usize,
    /// Cosine of their embeddings.
    pub similarity: f32,
    /// The beginnings of both notes, for the explanation (never of a sensitive note).
    pub quotes: (String, String),
}

/// Why a group's notes are together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explanation {
    /// How many notes the group has.
    pub notes: usize,
    /// Words and word pairs several notes share, most distinctive first.
    pub shared_terms: Vec<ThemeTerm>,
    /// Lexicon concepts the notes mention.
    pub concepts: Vec<ThemeTerm>,
    /// Notes close in meaning with no term in common: the semantic signal at work.
    pub neighbours: Vec<Neighbours>,
    /// Mean similarity of the notes to the centre.
    pub cohesion: f32,
}

impl Explanation {
    /// Why these notes belong together, in plain words, for a screen or a file: "They share
    /// the words childcare (4 of 6 notes) and school run (2 of 6); “The last bus…” and “No
    /// way home…” say much the same without a word in common".
    pub fn summary(&self) -> String {
        let n = self.notes;
        let list = |terms: &[ThemeTerm]| {
            let items: Vec<String> = terms
                .iter()
                .take(3)
                .map(|t| format!("{} ({} of {n})", t.text, t.notes))
                .collect();
            match items.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            }
        };
        let mut parts = Vec::new();
        match self.shared_terms.len() {
            0 => {}
            1 => parts.push(format!("they share the word {}", list(&self.shared_terms))),
            _ => parts.push(format!("they share the words {}", list(&self.shared_terms))),
        }
        if !self.concepts.is_empty() {
            parts.push(format!("they speak of {}", list(&self.concepts)));
        }
        if let Some(p) = self.neighbours.first() {
            parts.push(format!(
                "“{}” and “{}” say much the same without a word in common",
                p.quotes.0, p.quotes.1
            ));
        }
        if parts.is_empty() {
            parts.push(if n <= 1 {
                "a note unlike the others".to_string()
            } else {
                "loosely alike: no word or idea is shared by two of them".to_string()
            });
        }
        names::capitalise(&parts.join("; "))
    }
}

/// A proposed group of input texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    /// Distinctive terms, best first.
    pub terms: Vec<ThemeTerm>,
    /// Closest to the centre first.
    pub members: Vec<Member>,
    /// The note closest to the centre.
    pub representative: usize,
    pub why: Explanation,
}

/// Groups of a list of texts.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Largest first.
    pub groups: Vec<Group>,
    /// Group of each text (index into `groups`).
    pub assignment: Vec<usize>,
    /// Each text's similarity to its group's centre.
    pub similarity: Vec<f32>,
    /// How k was chosen, when it was.
    pub choice: Option<Choice>,
}

/// Most themes `Auto` proposes for a corpus (beyond [`WALL_MAX`] notes): choosing among more
/// would break the time budget of 100,000 notes in 10 s.
pub const CORPUS_MAX_THEMES: usize = 20;

/// Notes whose phrases are counted to judge how particular a phrase is to a theme (a fixed
/// sample above this), and notes of a theme, closest to its centre first, its name is taken
/// from: naming costs the same for a corpus as for a wall.
const NAMING_SAMPLE: usize = 5000;
const NAMING_NOTES: usize = 200;

/// The number of themes `Auto` may try for `n` notes: for a wall up to half as many themes as
/// notes (many small themes), for a corpus a third, at most [`CORPUS_MAX_THEMES`].
fn auto_range(n: usize, max_auto: usize, wall: bool) -> (usize, usize) {
    let cap = if wall {
        max_auto
    } else {
        max_auto.min(CORPUS_MAX_THEMES)
    };
    let max = (if wall { n / 2 } else { n / 3 }).clamp(1, cap.max(2));
    (2.min(max), max)
}

/// Groups `texts` (the notes of a session or the rows of a spreadsheet).
pub fn cluster_texts(
    texts: &[&str],
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Clustering {
    let analyzer = text::Analyzer::new(&options.lexicon);
    let total = texts.len();
    let f = features::Features::build(texts, &analyzer, options.mix_for(total), &mut |done| {
        progress(Progress::Reading { done, total })
    });
    group(&f, texts, None, options, progress, &|| false).expect("never asked to stop")
}

/// Groups the notes `idx` of `f` (all when `None`); indices in the result are note indices.
/// A wall (the transformer's vectors, up to [`WALL_MAX`] notes): the average-linkage tree,
/// unless one theme would swallow most notes; then, and for a corpus, k-means.
fn group(
    f: &features::Features,
    texts: &[&str],
    idx: Option<&[usize]>,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
    stop: &dyn Fn() -> bool,
) -> Option<Clustering> {
    let n = idx.map_or(f.n, <[usize]>::len);
    if n == 0 {
        return Some(Clustering {
            groups: Vec::new(),
            assignment: vec![usize::MAX; f.n],
            similarity: vec![0.0; f.n],
            choice: None,
        });
    }
    if stop() {
        return None;
    }
    let all: Vec<usize> = idx.map_or_else(|| (0..f.n).collect(), <[usize]>::to_vec);
    let wall = f.transformer && n <= WALL_MAX;
    let from_tree = if wall {
        if options.themes == ThemeCount::Auto {
            progress(Progress::Choosing { tried: 0, of: 1 });
        }
        let t = tree::build(f, &all, stop)?;
        let picked = match options.themes {
            ThemeCount::Fixed(k) => {
                let k = k.clamp(1, n);
                (k == 1 || t.largest_share(k) <= options.max_theme_share).then_some((k, None))
            }
            ThemeCount::Auto => t
                .choose(
                    auto_range(n, options.max_auto_themes, true),
                    options.max_wall_share,
                )
                .map(|c| (c.k, Some(c))),
        };
        picked.map(|(k, choice)| {
            progress(Progress::Grouping { themes: k });
            (tree::fit_of(f, &all, t.cut(k)), choice)
        })
    } else {
        None
    };
    let (fit, choice) = match from_tree {
        Some(found) => found,
        None => {
            let (k, choice) = match options.themes {
                ThemeCount::Fixed(k) => (k.clamp(1, n), None),
                ThemeCount::Auto => {
                    let c = kmeans::choose_k(
                        f,
                        idx,
                        auto_range(n, options.max_auto_themes, wall),
                        options.max_theme_share,
                        &options.plan,
                        &mut |tried, of| progress(Progress::Choosing { tried, of }),
                    );
                    (c.k, Some(c))
                }
            };
            if stop() {
                return None;
            }
            progress(Progress::Grouping { themes: k });
            (kmeans::fit(f, idx, k, &options.plan), choice)
        }
    };
    if stop() {
        return None;
    }
    progress(Progress::Labelling);
    let note = |p: usize| all[p];

    // Groups by size, largest first; ties by their first note.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); fit.k];
    for (p, &g) in fit.assign.iter().enumerate() {
        members[g as usize].push(p);
    }
    let mut order: Vec<usize> = (0..fit.k).filter(|&g| !members[g].is_empty()).collect();
    order.sort_by_key(|&g| (std::cmp::Reverse(members[g].len()), members[g][0]));
    let note_groups: Vec<Vec<usize>> = order
        .iter()
        .map(|&g| members[g].iter().map(|&p| note(p)).collect())
        .collect();
    let terms = labels::distinctive_terms(f, &note_groups);
    let every = f.n.div_ceil(NAMING_SAMPLE).max(1);
    let counts = names::Counts::of(
        (0..f.n)
            .step_by(every)
            .filter(|&i| !f.hidden[i])
            .map(|i| texts.get(i).copied().unwrap_or("")),
    );

    let term_index: HashMap<&str, usize> = f
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.label.as_str(), i))
        .collect();
    let mut assignment = vec![usize::MAX; f.n];
    let mut similarity = vec![0.0; f.n];
    let mut groups = Vec::with_capacity(order.len());
    // Names taken by larger themes: two themes never share one.
    let mut taken = HashSet::new();
    for (rank, &g) in order.iter().enumerate() {
        let mut list: Vec<(usize, f32)> =
            members[g].iter().map(|&p| (note(p), fit.sims[p])).collect();
        list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(i, s) in &list {
            assignment[i] = rank;
            similarity[i] = s;
        }
        groups.push(describe(
            f,
            texts,
            &counts,
            &term_index,
            &terms[rank],
            &list,
            &mut taken,
        ));
    }
    Some(Clustering {
        groups,
        assignment,
        similarity,
        choice,
    })
}

/// Name, members and explanation of one group (`list`: notes closest to the centre first).
fn describe(
    f: &features::Features,
    texts: &[&str],
    counts: &names::Counts,
    term_index: &HashMap<&str, usize>,
    terms: &[ThemeTerm],
    list: &[(usize, f32)],
    taken: &mut HashSet<String>,
) -> Group {
    let text = |i: usize| texts.get(i).copied().unwrap_or("");
    let top: Vec<&ThemeTerm> = terms.iter().take(6).collect();
    let members: Vec<Member> = list
        .iter()
        .map(|&(i, similarity)| {
            let shared = top
                .iter()
                .filter(|t| {
                    term_index
                        .get(t.text.as_str())
                        .is_some_and(|&ti| f.note_terms[i].iter().any(|&(nt, _)| nt as usize == ti))
                })
                .map(|t| t.text.clone())
                .collect();
            Member {
                index: i,
                similarity,
                shared,
            }
        })
        .collect();
    // The closest note whose words may be shown; a theme of sensitive notes only gets a plain name.
    let shown = list.iter().find(|&&(i, _)| !f.hidden[i]).map(|&(i, _)| i);
    let representative = shown.unwrap_or(list[0].0);
    let visible: Vec<names::NoteInTheme> = list
        .iter()
        .filter(|&&(i, _)| !f.hidden[i])
        .take(NAMING_NOTES)
        .map(|&(i, similarity)| names::NoteInTheme {
            text: text(i),
            similarity,
        })
        .collect();
    let shown_notes: Vec<usize> = list
        .iter()
        .filter(|&&(i, _)| !f.hidden[i])
        .take(NAMING_NOTES)
        .map(|&(i, _)| i)
        .collect();
    let concepts: Vec<names::ConceptInTheme> = terms
        .iter()
        .filter(|t| t.concept)
        .filter_map(|t| {
            let term = &f.terms[*term_index.get(t.text.as_str())?];
            let text::TermKey::Concept(c) = term.key else {
                return None;
            };
            Some(names::ConceptInTheme {
                name: &t.text,
                holders: (0..shown_notes.len())
                    .filter(|&p| f.note_concepts[shown_notes[p]].contains(&c))
                    .collect(),
                df: term.df as usize,
            })
        })
        .collect();
    let label = names::name(&visible, &concepts, counts, taken).unwrap_or_else(|| match shown {
        Some(i) => names::opening_words(text(i)),
        None => "Sensitive notes".into(),
    });
    taken.insert(label.to_lowercase());
    // Only what two notes or more share, and words worth citing.
    let shared_terms: Vec<ThemeTerm> = terms
        .iter()
        .filter(|t| !t.concept && t.notes >= 2 && names::worth_citing(&t.text))
        .take(5)
        .cloned()
        .collect();
    let concepts: Vec<ThemeTerm> = terms
        .iter()
        .filter(|t| t.concept && t.notes >= 2)
        .take(5)
        .cloned()
        .collect();
    // Pairs near the centre that share no term but are close in meaning.
    let near: Vec<usize> = list
        .iter()
        .filter(|&&(i, _)| !f.hidden[i])
        .take(40)
        .map(|&(i, _)| i)
        .collect();
    let mut neighbours = Vec::new();
    for (x, &a) in near.iter().enumerate() {
        let ta: HashSet<u32> = f.note_terms[a].iter().map(|&(t, _)| t).collect();
        for &b in &near[x + 1..] {
            if f.note_terms[b].iter().any(|(t, _)| ta.contains(t))
                || names::share_a_word(text(a), text(b))
            {
                continue;
            }
            let s = f.semantic(a, b);
            if s >= 0.35 {
                neighbours.push(Neighbours {
                    a,
                    b,
                    similarity: s,
                    quotes: (
                        names::opening(text(a), 9, 48),
                        names::opening(text(b), 9, 48),
                    ),
                });
            }
        }
    }
    neighbours.sort_by(|p, q| {
        q.similarity
            .total_cmp(&p.similarity)
            .then((p.a, p.b).cmp(&(q.a, q.b)))
    });
    neighbours.truncate(3);
    let cohesion = list.iter().map(|&(_, s)| s).sum::<f32>() / list.len() as f32;
    Group {
        label,
        terms: terms.to_vec(),
        members,
        representative,
        why: Explanation {
            notes: list.len(),
            shared_terms,
            concepts,
            neighbours,
            cohesion,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// A theme proposed for a session.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedTheme {
    pub label: String,
    pub terms: Vec<ThemeTerm>,
    /// Closest to the centre first.
    pub notes: Vec<NoteFit>,
    pub representative: NoteId,
    pub why: Explanation,
    /// The step all its notes share, if they share one.
    pub step: Option<String>,
}

/// A note in a proposed theme: how close it is and which of the theme's terms it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteFit {
    pub note: NoteId,
    pub similarity: f32,
    pub shared: Vec<String>,
}

/// A free note that is close to a theme the session already keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub note: NoteId,
    pub theme: ThemeId,
    pub similarity: f32,
}

/// What a run proposes for a session. Nothing is changed until [`to_changes`] is committed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Suggestions {
    /// New themes, largest first.
    pub themes: Vec<SuggestedTheme>,
    /// Free notes offered to the nearest theme the session keeps.
    pub offers: Vec<Offer>,
    /// Earlier suggested themes nobody has shaped, replaced when all is accepted.
    pub replaces: Vec<ThemeId>,
    /// Themes left exactly as they are (made, shaped or voted on by people).
    pub kept: Vec<ThemeId>,
    /// How the number of themes was chosen, when it was.
    pub choice: Option<Choice>,
}

/// What the facilitator accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// Every new theme and offer, replacing earlier unshaped suggestions.
    All,
    /// One new theme (index into [`Suggestions::themes`]) and its notes.
    Theme(usize),
    /// Only the offers of free notes to kept themes.
    Offers,
}

/// Themes a later run must leave alone: made by a person, holding a note a person placed,
/// voted on, or answered by a response or recommendation.
pub fn kept_themes(session: &Session) -> HashSet<ThemeId> {
    let mut kept: HashSet<ThemeId> = session
        .themes
        .iter()
        .filter(|t| t.origin == Origin::Person)
        .map(|t| t.id)
        .collect();
    for n in &session.notes {
        if let (Some(t), Some(Origin::Person)) = (n.theme, n.placed_by) {
            kept.insert(t);
        }
    }
    kept.extend(session.votes.iter().filter(|v| v.dots > 0).map(|v| v.theme));
    for r in &session.recommendations {
        kept.extend(r.themes.iter().copied());
    }
    for r in &session.responses {
        if let crate::model::ResponseTarget::Theme(t) = r.target {
            kept.insert(t);
        }
    }
    kept
}

/// True when a run may place this note: not placed by a person, not in a kept theme.
fn is_free(note: &crate::model::Note, kept: &HashSet<ThemeId>) -> bool {
    note.placed_by != Some(Origin::Person) && note.theme.is_none_or(|t| !kept.contains(&t))
}

/// Proposes themes for the session's free notes. Never changes the session.
pub fn suggest(
    session: &Session,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Suggestions {
    suggest_until(session, options, progress, &|| false).expect("never asked to stop")
}

/// [`suggest`] that gives up (`None`) as soon as `stop` says so: it is asked between blocks of
/// notes read and between the stages of the run (a cheap check, for a screen that stops a
/// run nobody waits for any more).
pub fn suggest_until(
    session: &Session,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
    stop: &dyn Fn() -> bool,
) -> Option<Suggestions> {
    let kept = kept_themes(session);
    let in_scope = |n: &crate::model::Note| options.step.as_ref().is_none_or(|s| n.step == *s);
    // Earlier suggestions nobody shaped are replaced when this run covers all their notes; a
    // run for one step leaves alone one that reaches into other steps, and the notes in it.
    let replaceable: HashSet<ThemeId> = session
        .themes
        .iter()
        .filter(|t| !kept.contains(&t.id))
        .filter(|t| {
            options.step.is_none() || t.step == options.step || {
                let mut notes = session.notes.iter().filter(|n| n.theme == Some(t.id));
                t.step.is_none() && notes.clone().next().is_some() && notes.all(in_scope)
            }
        })
        .map(|t| t.id)
        .collect();
    let free = |n: &crate::model::Note| {
        in_scope(n)
            && n.placed_by != Some(Origin::Person)
            && n.theme.is_none_or(|t| replaceable.contains(&t))
    };
    // Only the notes this run needs are read: the free ones, and those of kept themes (to
    // offer free notes to). `needed[p]` is the session index of the run's note `p`.
    let needed: Vec<usize> = (0..session.notes.len())
        .filter(|&i| {
            let n = &session.notes[i];
            free(n) || n.theme.is_some_and(|t| kept.contains(&t))
        })
        .collect();
    let note = |p: usize| &session.notes[needed[p]];
    let texts: Vec<&str> = needed
        .iter()
        .map(|&i| session.notes[i].text.as_str())
        .collect();
    let free_notes: Vec<usize> = (0..needed.len()).filter(|&p| free(note(p))).collect();
    let mut kept_sorted: Vec<ThemeId> = kept.iter().copied().collect();
    kept_sorted.sort();
    let replaces: Vec<ThemeId> = session
        .themes
        .iter()
        .filter(|t| replaceable.contains(&t.id))
        .map(|t| t.id)
        .collect();
    if free_notes.is_empty() {
        return Some(Suggestions {
            replaces,
            kept: kept_sorted,
            ..Suggestions::default()
        });
    }
    let analyzer = text::Analyzer::new(&options.lexicon);
    let total = texts.len();
    let mut f = features::Features::build_until(
        &texts,
        &analyzer,
        options.mix_for(free_notes.len()),
        &mut |done| progress(Progress::Reading { done, total }),
        stop,
    )?;
    f.hidden = (0..needed.len()).map(|p| note(p).sensitive).collect();

    // Offers: free notes as close to a kept theme as that theme's own notes are.
    let mut kept_list: Vec<ThemeId> = session
        .themes
        .iter()
        .map(|t| t.id)
        .filter(|id| kept.contains(id))
        .collect();
    kept_list.sort();
    let theme_of: Vec<Option<ThemeId>> = (0..needed.len()).map(|p| note(p).theme).collect();
    let anchors = theme_centres(&theme_of, &f, &kept_list);
    let mut offers = Vec::new();
    let mut to_group = Vec::new();
    for &p in &free_notes {
        let best = anchors
            .iter()
            .map(|a| (a, f.dot(p, &a.centre)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.id.cmp(&x.0.id)));
        match best {
            Some((a, s)) if s >= a.threshold => offers.push(Offer {
                note: note(p).id,
                theme: a.id,
                similarity: s,
            }),
            _ => to_group.push(p),
        }
    }
    // Themes within each step, or over all the notes in scope at once.
    let parts: Vec<Vec<usize>> = if options.step.is_none() && options.each_step {
        let mut steps: Vec<&str> = Vec::new();
        for &p in &to_group {
            let step = note(p).step.as_str();
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
        steps
            .iter()
            .map(|s| {
                to_group
                    .iter()
                    .copied()
                    .filter(|&p| note(p).step == *s)
                    .collect()
            })
            .collect()
    } else {
        vec![to_group]
    };
    let mut themes = Vec::new();
    let mut choice = None;
    for part in &parts {
        let clustering = group(&f, &texts, Some(part), options, progress, stop)?;
        if parts.len() == 1 {
            choice = clustering.choice;
        }
        themes.extend(clustering.groups.into_iter().map(|g| {
            let steps: HashSet<&str> = g
                .members
                .iter()
                .map(|m| note(m.index).step.as_str())
                .collect();
            let step = options.step.clone().or_else(|| {
                (steps.len() == 1).then(|| steps.into_iter().next().unwrap_or("").to_string())
            });
            SuggestedTheme {
                label: g.label,
                terms: g.terms,
                notes: g
                    .members
                    .into_iter()
                    .map(|m| NoteFit {
                        note: note(m.index).id,
                        similarity: m.similarity,
                        shared: m.shared,
                    })
                    .collect(),
                representative: note(g.representative).id,
                why: g.why,
                step,
            }
        }));
    }
    Some(Suggestions {
        themes,
        offers,
        replaces,
        kept: kept_sorted,
        choice,
    })
}

struct Anchor {
    id: ThemeId,
    centre: Vec<f32>,
    threshold: f32,
}

/// Centres of existing themes, each with how close a note must be to be offered to it;
/// `theme_of[p]` is the theme of the run's note `p`.
fn theme_centres(
    theme_of: &[Option<ThemeId>],
    f: &features::Features,
    themes: &[ThemeId],
) -> Vec<Anchor> {
    let mut out = Vec::new();
    for &id in themes {
        let members: Vec<usize> = (0..theme_of.len())
            .filter(|&p| theme_of[p] == Some(id))
            .collect();
        if members.is_empty() {
            continue;
        }
        let mut centre = vec![0f32; f.width()];
        for &i in &members {
            f.add_to(i, &mut centre);
        }
        // Each member's closeness to the theme without itself (as a new note would be): with
        // s = Σ x and unit x_i, cos(x_i, s − x_i) = (s·x_i − 1) / |s − x_i|.
        let total = features::dot(&centre, &centre);
        let mut sims: Vec<f32> = members
            .iter()
            .map(|&i| {
                let along = f.dot(i, &centre);
                let rest = (total - 2.0 * along + 1.0).max(0.0).sqrt();
                if rest > 1e-6 {
                    (along - 1.0) / rest
                } else {
                    1.0
                }
            })
            .collect();
        embed::normalise(&mut centre);
        sims.sort_by(f32::total_cmp);
        // As close as the median of its own notes; a fixed bar for tiny themes.
        let threshold = if sims.len() >= 3 {
            sims[sims.len() / 2]
        } else {
            0.5
        };
        out.push(Anchor {
            id,
            centre,
            threshold,
        });
    }
    out
}

/// The changes that carry out what the facilitator accepted. Commit them one by one, or as one
/// `Change::Batch` for a single undo step. Themes and placements made by a person are never
/// touched: a note is placed only if it is still free in `session`.
pub fn to_changes(session: &Session, suggestions: &Suggestions, accept: Accept) -> Vec<Change> {
    let kept = kept_themes(session);
    let mut changes = Vec::new();
    let mut next = session.next_ids.theme;
    let note_free = |id: NoteId| session.note(id).is_some_and(|n| is_free(n, &kept));
    let mut add_theme = |changes: &mut Vec<Change>, t: &SuggestedTheme| {
        let id = ThemeId(next);
        next += 1;
        changes.push(Change::AddTheme(Theme {
            id,
            label: t.label.clone(),
            origin: Origin::Suggested,
            step: t.step.clone(),
            description: format!(
                "Suggested from {} notes: {}",
                t.notes.len(),
                t.why.summary()
            ),
        }));
        for fit in &t.notes {
            if note_free(fit.note) {
                changes.push(Change::PlaceNote {
                    note: fit.note,
                    theme: Some(id),
                    by: Some(Origin::Suggested),
                });
            }
        }
    };
    let offers = |changes: &mut Vec<Change>| {
        for o in &suggestions.offers {
            if note_free(o.note) && session.theme(o.theme).is_some() {
                changes.push(Change::PlaceNote {
                    note: o.note,
                    theme: Some(o.theme),
                    by: Some(Origin::Suggested),
                });
            }
        }
    };
    match accept {
        Accept::All => {
            for &id in &suggestions.replaces {
                if session.theme(id).is_some() && !kept.contains(&id) {
                    changes.push(Change::DeleteTheme { id });
                }
            }
            for t in &suggestions.themes {
                add_theme(&mut changes, t);
            }
            offers(&mut changes);
        }
        Accept::Theme(i) => {
            if let Some(t) = suggestions.themes.get(i) {
                add_theme(&mut changes, t);
            }
        }
        Accept::Offers => offers(&mut changes),
    }
    changes
}

/// The existing theme nearest to `note` (by its other notes), with the similarity; `None` when
/// the session has no theme with notes other than this one.
pub fn nearest_theme(session: &Session, note: NoteId, options: &Options) -> Option<(ThemeId, f32)> {
    let target = session.notes.iter().position(|n| n.id == note)?;
    let texts: Vec<&str> = session.notes.iter().map(|n| n.text.as_str()).collect();
    let analyzer = text::Analyzer::new(&options.lexicon);
    let mix = options.mix_for(texts.len());
    let f = features::Features::build(&texts, &analyzer, mix, &mut |_| {});
    let mut best: Option<(ThemeId, f32)> = None;
    for theme in &session.themes {
        let mut centre = vec![0f32; f.width()];
        let mut any = false;
        for (i, n) in session.notes.iter().enumerate() {
            if i != target && n.theme == Some(theme.id) {
                f.add_to(i, &mut centre);
                any = true;
            }
        }
        if !any {
            continue;
        }
        embed::normalise(&mut centre);
        let s = f.dot(target, &centre);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((theme.id, s));
        }
    }
    best
}
