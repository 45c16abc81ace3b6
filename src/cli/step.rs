//! Choosing a step on the command line: `--step N|ID` (the agenda's numbering) or
//! `--principle N` (the principles' own numbering, as the summary uses).

use super::Failure;
use crate::framework::{Framework, Step};

/// The step `--step` or `--principle` names (clap lets at most one through), `None` when
/// neither was given. A step or principle the framework does not have is bad input.
pub(super) fn chosen<'f>(
    framework: &'f Framework,
    step: Option<&str>,
    principle: Option<usize>,
) -> Result<Option<&'f Step>, Failure> {
    match (step, principle) {
        (_, Some(n)) => framework
            .resolve_principle(n)
            .map(Some)
            .map_err(Failure::usage),
        (Some(name), None) => framework
            .resolve_step(name)
            .map(Some)
            .ok_or_else(|| Failure::usage(no_such_step(framework, name))),
        (None, None) => Ok(None),
    }
}

/// Why `name` names no step, and what would.
pub(super) fn no_such_step(framework: &Framework, name: &str) -> String {
    format!(
        "there is no step `{name}`; give a number from 1 to {} or a step id",
        framework.steps.len()
    )
}

/// "principle 1 (step 2) “Person-centred”", or "step 1 “Welcome”".
pub(super) fn titled(framework: &Framework, step: &Step) -> String {
    let label = framework
        .step_label(&step.id)
        .unwrap_or_else(|| "step".into());
    format!("{label} “{}”", crate::terminal_text::one_line(&step.title))
}
