//! The step view's own keys: moving through the agenda and the facilitator's guidance. The
//! view's cards are the board's (see [`super::board`]); its timer is the shell's.

pub mod content;
pub mod view;

use super::action::Action;
use super::app::App;
use super::timer::Timer;
use crate::framework::Framework;
use crate::model::Change;
use crate::store::SessionStore;

/// How a step is named where both numbers could appear: "principle 1 (step 2)" for a
/// principle, "step 1" for any other step (the framework's one rule, by position).
pub fn step_label(framework: &Framework, index: usize) -> String {
    framework
        .steps
        .get(index)
        .and_then(|s| framework.step_label(&s.id))
        .unwrap_or_else(|| format!("step {}", index + 1))
}

impl<S: SessionStore> App<S> {
    /// Keys of the step view (and the board's agenda keys); gives back those it does not take.
    pub(super) fn update_step(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::NextStep => self.go_to_step(self.step + 1),
            Action::PrevStep => {
                if self.step == 0 {
                    self.info("this is the first step");
                } else {
                    self.go_to_step(self.step - 1)
                }
            }
            Action::GoToStep(n) => self.go_to_step(n),
            Action::ToggleGuidance => {
                self.show_guidance = !self.show_guidance;
                self.info(if self.show_guidance {
                    "guidance shown: f hides it before projecting"
                } else {
                    "guidance hidden"
                });
            }
            other => return self.update_timer(other),
        }
        None
    }

    pub(super) fn current_step_minutes(&self) -> Option<u32> {
        self.session()
            .and_then(|s| s.framework.steps.get(self.step))
            .and_then(|s| s.minutes)
    }

    pub(super) fn go_to_step(&mut self, n: usize) {
        let Some(session) = self.session() else {
            return;
        };
        let Some(step) = session.framework.steps.get(n) else {
            self.info("that was the last step");
            return;
        };
        let change = Change::GoToStep {
            step: step.id.clone(),
            at: self.wall,
        };
        self.step = n;
        self.timer = Timer::from_minutes(self.current_step_minutes());
        self.signalled = false;
        self.selected = None;
        self.board.top = 0;
        if !self.read_only() {
            self.commit(change);
        }
        self.after_change();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::StepKind;

    #[test]
    fn principles_are_counted_apart_from_steps() {
        let f = Framework::default_framework();
        let first = f
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Principle)
            .expect("a principle");
        assert_eq!(
            step_label(&f, first),
            format!("principle 1 (step {})", first + 1)
        );
        assert_eq!(step_label(&f, 0), "step 1");
    }
}
