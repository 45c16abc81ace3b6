//! Frameworks: the agenda of steps (principles, themes, voting…) a workshop walks through.
//!
//! Parsing is pure; finding user frameworks on disk is the store's job (`store::frameworks`).

use serde::{Deserialize, Serialize};

/// A workshop agenda: an ordered list of steps, plus the audiences recommendations address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Short stable name, used on the command line (`--framework six-principles`).
    pub id: String,
    /// Human name shown on screen and in exports.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Where the framework comes from, so a file read years later explains itself.
    #[serde(default)]
    pub source: String,
    pub steps: Vec<Step>,
    /// Who recommendations can be addressed to.
    #[serde(default = "default_audiences")]
    pub audiences: Vec<String>,
}

/// One stage of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable key that notes refer to (`step: "trauma-awareness"`).
    pub id: String,
    pub title: String,
    pub kind: StepKind,
    /// The question put to the room, shown on the projector.
    #[serde(default)]
    pub prompt: String,
    /// Notes for the facilitator only; hidden unless toggled on.
    #[serde(default)]
    pub guidance: String,
    /// Suggested time for the step, in minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// What kind of stage a step is; principles are where tables write notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StepKind {
    Welcome,
    Principle,
    Discussion,
    Themes,
    Voting,
    Recommendations,
    Close,
    /// "Since last time": a follow-up workshop reviews what the one before it promised. Last,
    /// so that the kinds before it keep their order.
    FollowUp,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Welcome => "welcome",
            StepKind::FollowUp => "since last time",
            StepKind::Principle => "principle",
            StepKind::Discussion => "discussion",
            StepKind::Themes => "themes",
            StepKind::Voting => "voting",
            StepKind::Recommendations => "recommendations",
            StepKind::Close => "close",
        }
    }
}

pub fn default_audiences() -> Vec<String> {
    [
        "Employers",
        "Local policy makers",
        "Community organisations",
        "All partners",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// The frameworks compiled into the binary: (id, RON text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "six-principles",
        include_str!("../assets/frameworks/six-principles.ron"),
    ),
    (
        "widening-access",
        include_str!("../assets/frameworks/widening-access.ron"),
    ),
];

/// The id of the framework used when none is named.
pub const DEFAULT_ID: &str = "six-principles";

/// Why a framework could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

impl Framework {
    /// Parses a framework file's bytes, which must be UTF-8; `origin` names the file in errors.
    pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Framework, FrameworkError> {
        let text = crate::utf8::decode(bytes).map_err(|e| FrameworkError::Syntax {
            origin: origin.to_string(),
            line: e.line,
            column: e.column,
            message: format!("the file is not valid UTF-8 (byte {})", e.offset),
        })?;
        Framework::parse(text, origin)
    }

    /// Parses a framework from RON text; `origin` names the file in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<Framework, FrameworkError> {
        let framework: Framework = ron::from_str(text).map_err(|e| FrameworkError::Syntax {
            origin: origin.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        framework
            .validate()
            .map_err(|message| FrameworkError::Invalid {
                origin: origin.to_string(),
                message,
            })?;
        Ok(framework)
    }

    /// Checks the framework is usable: at least one step, unique non-empty step ids.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("the framework has an empty id".into());
        }
        if self.steps.is_empty() {
            return Err(format!("framework `{}` has no steps", self.id));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            if step.id.trim().is_empty() {
                return Err(format!("step {} has an empty id", i + 1));
            }
            if !seen.insert(step.id.as_str()) {
                return Err(format!("step id `{}` is used twice", step.id));
            }
        }
        Ok(())
    }

    /// A built-in framework by id.
    pub fn builtin(id: &str) -> Option<Framework> {
        BUILTIN
            .iter()
            .find(|(name, _)| *name == id)
            .map(|(name, text)| {
                Framework::parse(text, &format!("built-in framework {name}"))
                    .expect("built-in frameworks are checked by tests")
            })
    }

    /// The embedded default: the six principles of inclusive employment.
    pub fn default_framework() -> Framework {
        Framework::builtin(DEFAULT_ID).expect("the default framework is built in")
    }

    /// Position (0-based) of a step by id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Resolves a step named on the command line: a 1-based number or a step id.
    pub fn resolve_step(&self, name: &str) -> Option<&Step> {
        match name.trim().parse::<usize>() {
            Ok(n) if n >= 1 => self.steps.get(n - 1),
            Ok(_) => None,
            Err(_) => self.step(name.trim()),
        }
    }

    /// The principle steps, in order (principle 1 is the first of these).
    pub fn principles(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.kind == StepKind::Principle)
    }

    /// A step's number in the agenda, from 1: what `--step N` means.
    pub fn step_number(&self, id: &str) -> Option<usize> {
        self.step_index(id).map(|i| i + 1)
    }

    /// A principle step's number among the principles, from 1 (the n-th step of kind
    /// [`StepKind::Principle`]); `None` for any other step. In the six principles, step 2 is
    /// principle 1.
    pub fn principle_number(&self, id: &str) -> Option<usize> {
        self.principles().position(|s| s.id == id).map(|i| i + 1)
    }

    /// How a step is named by number for people: "principle 1 (step 2)" for a principle,
    /// "step 1" for any other step; `None` for an id the framework does not have.
    pub fn step_label(&self, id: &str) -> Option<String> {
        let n = self.step_number(id)?;
        Some(match self.principle_number(id) {
            Some(p) => format!("principle {p} (step {n})"),
            None => format!("step {n}"),
        })
    }

    /// The principle numbered `n` (from 1), or a sentence saying there is none and which
    /// principles there are: "there is no principle 7; this framework has 6 principles
    /// (steps 2–7)".
    pub fn resolve_principle(&self, n: usize) -> Result<&Step, String> {
        if let Some(step) = n.checked_sub(1).and_then(|i| self.principles().nth(i)) {
            return Ok(step);
        }
        let numbered = if n == 0 {
            "principles are numbered from 1".to_string()
        } else {
            format!("there is no principle {n}")
        };
        Err(format!("{numbered}; {}", self.principles_described()))
    }

    /// "this framework has 6 principles (steps 2–7)", or "… has no principles".
    fn principles_described(&self) -> String {
        let numbers: Vec<usize> = self
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == StepKind::Principle)
            .map(|(i, _)| i + 1)
            .collect();
        // Runs of consecutive step numbers: [2, 3, 4, 6] is "2–4, 6".
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &n in &numbers {
            match runs.last_mut() {
                Some((_, end)) if *end + 1 == n => *end = n,
                _ => runs.push((n, n)),
            }
        }
        let runs: Vec<String> = runs
            .iter()
            .map(|&(a, b)| match b - a {
                0 => a.to_string(),
                1 => format!("{a}, {b}"),
                _ => format!("{a}–{b}"),
            })
            .collect();
        match numbers.len() {
            0 => "this framework has no principles".into(),
            1 => format!("this framework has 1 principle (step {})", runs[0]),
            n => format!(
                "this framework has {n} principles (steps {})",
                runs.join(", ")
            ),
        }
    }

    /// The first step where notes are usually written, else the first step.
    pub fn first_step(&self) -> &Step {
        &self.steps[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_frameworks_parse_and_validate() {
        for (id, text) in BUILTIN {
            let f = Framework::parse(text, id).unwrap();
            assert_eq!(f.id, *id);
            assert!(f.steps.iter().all(|s| !s.title.is_empty()));
        }
    }

    #[test]
    fn default_has_six_principles() {
        let f = Framework::default_framework();
        let principles: Vec<_> = f.principles().collect();
        assert_eq!(principles.len(), 6);
        assert!(
            principles
                .iter()
                .all(|p| !p.prompt.is_empty() && !p.guidance.is_empty())
        );
    }

    #[test]
    fn widening_access_has_three_areas() {
        let f = Framework::builtin("widening-access").unwrap();
        assert_eq!(f.principles().count(), 3);
    }

    #[test]
    fn resolve_step_by_number_or_id() {
        let f = Framework::default_framework();
        assert_eq!(f.resolve_step("1").unwrap().id, f.steps[0].id);
        assert_eq!(f.resolve_step(&f.steps[2].id).unwrap().id, f.steps[2].id);
        assert!(f.resolve_step("0").is_none());
        assert!(f.resolve_step("99").is_none());
        assert!(f.resolve_step("nope").is_none());
    }

    #[test]
    fn principle_numbers_count_only_principles() {
        let f = Framework::default_framework();
        assert_eq!(f.steps[0].kind, StepKind::Welcome);
        assert_eq!(f.step_number("person-centred"), Some(2));
        assert_eq!(f.principle_number("person-centred"), Some(1));
        assert_eq!(f.principle_number("trauma-awareness"), Some(6));
        assert_eq!(f.principle_number("welcome"), None);
        assert_eq!(f.principle_number("themes-and-votes"), None);
        assert_eq!(f.principle_number("nope"), None);
        let w = Framework::builtin("widening-access").unwrap();
        assert_eq!(w.principle_number("good-employer"), Some(3));
    }

    #[test]
    fn step_labels_give_both_numbers_for_a_principle() {
        let f = Framework::default_framework();
        assert_eq!(
            f.step_label("person-centred").as_deref(),
            Some("principle 1 (step 2)")
        );
        assert_eq!(
            f.step_label("trauma-awareness").as_deref(),
            Some("principle 6 (step 7)")
        );
        assert_eq!(f.step_label("welcome").as_deref(), Some("step 1"));
        assert_eq!(f.step_label("themes-and-votes").as_deref(), Some("step 8"));
        assert_eq!(f.step_label("nope"), None);
    }

    #[test]
    fn resolve_principle_by_number_or_say_which_there_are() {
        let f = Framework::default_framework();
        assert_eq!(f.resolve_principle(1).unwrap().id, "person-centred");
        assert_eq!(f.resolve_principle(6).unwrap().id, "trauma-awareness");
        assert_eq!(
            f.resolve_principle(7).unwrap_err(),
            "there is no principle 7; this framework has 6 principles (steps 2–7)"
        );
        assert_eq!(
            f.resolve_principle(0).unwrap_err(),
            "principles are numbered from 1; this framework has 6 principles (steps 2–7)"
        );
        // The same number means the same step as the step number it names.
        for n in 1..=6 {
            let step = f.resolve_principle(n).unwrap();
            let label = f.step_label(&step.id).unwrap();
            assert!(
                label.starts_with(&format!("principle {n} (step ")),
                "{label}"
            );
        }
    }

    #[test]
    fn principles_apart_are_listed_as_runs() {
        let mut f = Framework::default_framework();
        f.steps[4].kind = StepKind::Discussion; // step 5: principles at 2–4, 6, 7
        assert_eq!(
            f.resolve_principle(9).unwrap_err(),
            "there is no principle 9; this framework has 5 principles (steps 2–4, 6, 7)"
        );
        assert_eq!(f.resolve_principle(4).unwrap().id, f.steps[5].id);
        f.steps
            .retain(|s| s.kind != StepKind::Principle || s.id == "trauma-awareness");
        assert_eq!(
            f.resolve_principle(2).unwrap_err(),
            "there is no principle 2; this framework has 1 principle (step 3)"
        );
        f.steps.retain(|s| s.kind != StepKind::Principle);
        assert_eq!(
            f.resolve_principle(1).unwrap_err(),
            "there is no principle 1; this framework has no principles"
        );
    }

    #[test]
    fn bad_framework_reports_location() {
        let err = Framework::parse("(id: \"x\", name: 3)", "f.ron").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("f.ron:1:"), "{msg}");
        let err = Framework::parse("(id: \"x\", name: \"n\", steps: [])", "f.ron").unwrap_err();
        assert!(err.to_string().contains("no steps"));
    }

    #[test]
    fn invalid_utf8_is_located_like_in_a_session_file() {
        let err = Framework::parse_bytes(b"(\n  id: \"caf\xE9\",", "f.ron").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.ron:2:11: the file is not valid UTF-8 (byte 12)"
        );
        let text = BUILTIN[0].1;
        assert_eq!(
            Framework::parse_bytes(text.as_bytes(), "f.ron").unwrap(),
            Framework::parse(text, "f.ron").unwrap()
        );
    }
}
