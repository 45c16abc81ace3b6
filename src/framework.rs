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
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Welcome => "welcome",
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
