//! A countdown timer driven by the time the caller passes in, so tests need no clock.

use crate::model::{Change, TimerState};
use std::time::Duration;

/// Counts down from `duration` (or up, as a stopwatch, when there is none); after zero it
/// keeps counting the overrun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timer {
    duration: Option<Duration>,
    /// Time run before the current start.
    banked: Duration,
    /// When it was last started (monotonic app time), if running.
    since: Option<Duration>,
}

/// What a timer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Time left.
    Left(Duration),
    /// Time past zero.
    Over(Duration),
    /// Time elapsed (no duration set).
    Elapsed(Duration),
}

impl Reading {
    /// "12:34", "+01:23" (overrun) or "12:34" elapsed; hours appear only when needed.
    pub fn text(self) -> String {
        let (sign, d) = match self {
            Reading::Left(d) => ("", d),
            Reading::Over(d) => ("+", d),
            Reading::Elapsed(d) => ("", d),
        };
        // Round a countdown up, so 00:00 shows only at zero.
        let secs = match self {
            Reading::Left(d) => d.as_secs() + u64::from(d.subsec_nanos() > 0),
            _ => d.as_secs(),
        };
        let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
        if h > 0 {
            format!("{sign}{h}:{m:02}:{s:02}")
        } else {
            format!("{sign}{m:02}:{s:02}")
        }
    }

    pub fn is_over(self) -> bool {
        matches!(self, Reading::Over(_))
    }
}

impl Timer {
    pub fn new(duration: Option<Duration>) -> Timer {
        Timer {
            duration,
            banked: Duration::ZERO,
            since: None,
        }
    }

    /// The timer as the session keeps it: `now` is the app's monotonic time, `wall` the clock.
    pub fn to_state(&self, step: &str, now: Duration, wall: jiff::Timestamp) -> TimerState {
        TimerState {
            step: step.to_string(),
            duration_ms: self.duration.map(|d| d.as_millis() as u64),
            run_ms: self.elapsed(now).as_millis() as u64,
            running_since: self.is_running().then_some(wall),
        }
    }

    /// A timer as the session kept it: a running one has gone on running (by the clock)
    /// while the session was closed.
    pub fn from_state(state: &TimerState, now: Duration, wall: jiff::Timestamp) -> Timer {
        let mut banked = Duration::from_millis(state.run_ms);
        if let Some(since) = state.running_since {
            let closed = wall.duration_since(since);
            banked += Duration::try_from(closed).unwrap_or(Duration::ZERO);
        }
        Timer {
            duration: state.duration_ms.map(Duration::from_millis),
            banked,
            since: state.running_since.map(|_| now),
        }
    }

    pub fn from_minutes(minutes: Option<u32>) -> Timer {
        Timer::new(minutes.map(|m| Duration::from_secs(u64::from(m) * 60)))
    }

    pub fn duration(&self) -> Option<Duration> {
        self.duration
    }

    pub fn is_running(&self) -> bool {
        self.since.is_some()
    }

    pub fn elapsed(&self, now: Duration) -> Duration {
        self.banked + self.since.map_or(Duration::ZERO, |s| now.saturating_sub(s))
    }

    pub fn reading(&self, now: Duration) -> Reading {
        let elapsed = self.elapsed(now);
        match self.duration {
            None => Reading::Elapsed(elapsed),
            Some(d) if elapsed <= d => Reading::Left(d - elapsed),
            Some(d) => Reading::Over(elapsed - d),
        }
    }

    /// True once a countdown has reached zero.
    pub fn finished(&self, now: Duration) -> bool {
        self.duration.is_some_and(|d| self.elapsed(now) >= d)
    }

    pub fn start(&mut self, now: Duration) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }

    pub fn pause(&mut self, now: Duration) {
        self.banked = self.elapsed(now);
        self.since = None;
    }

    pub fn toggle(&mut self, now: Duration) {
        if self.is_running() {
            self.pause(now);
        } else {
            self.start(now);
        }
    }

    /// Back to the full duration, stopped.
    pub fn reset(&mut self) {
        self.banked = Duration::ZERO;
        self.since = None;
    }

    /// Adds time to the countdown (or starts one of a minute on a stopwatch).
    pub fn add(&mut self, extra: Duration) {
        self.duration = Some(self.duration.unwrap_or(Duration::ZERO) + extra);
    }

    /// Takes time off the countdown, never below zero.
    pub fn sub(&mut self, less: Duration) {
        if let Some(d) = self.duration {
            self.duration = Some(d.saturating_sub(less));
        }
    }

    /// A new duration, keeping whether it runs; the count starts again.
    pub fn set(&mut self, duration: Duration, now: Duration) {
        let running = self.is_running();
        *self = Timer::new(Some(duration));
        if running {
            self.start(now);
        }
    }
}

/// The timer's keys, the prompt that sets it, and the signal at zero: the shell's, for every view.
impl<S: crate::store::SessionStore> super::app::App<S> {
    /// Timer keys; gives back any other action.
    pub(super) fn update_timer(&mut self, action: super::Action) -> Option<super::Action> {
        use super::Action;
        match action {
            Action::TimerStartPause => {
                self.timer.toggle(self.now);
                self.info(if self.timer.is_running() {
                    "timer running: Space pauses it"
                } else {
                    "timer paused: Space starts it again"
                });
            }
            Action::TimerReset => {
                self.timer = Timer::from_minutes(self.current_step_minutes());
                self.signalled = false;
                self.info("timer reset to the step's duration");
            }
            Action::TimerAddMinute => {
                self.timer.add(Duration::from_secs(60));
                if !self.timer.finished(self.now) {
                    self.signalled = false;
                }
            }
            Action::TimerSubMinute => self.timer.sub(Duration::from_secs(60)),
            Action::TimerSet => {
                let t = super::capture::new_textarea("minutes, e.g. 10 or 2:30");
                self.overlay = Some(super::app::Overlay::Prompt(Box::new(t)));
            }
            Action::ToggleBell => {
                self.bell_toggled();
                return None;
            }
            other => return Some(other),
        }
        self.keep_timer();
        None
    }

    /// Journals the step timer (started, paused or set), so reopening the session keeps it.
    pub(super) fn keep_timer(&mut self) {
        if self.read_only() {
            return;
        }
        let Some(step) = self
            .session()
            .and_then(|s| s.framework.steps.get(self.step))
            .map(|s| s.id.clone())
        else {
            return;
        };
        let state = self.timer.to_state(&step, self.now, self.wall);
        self.commit(Change::SetTimer(state));
    }

    fn bell_toggled(&mut self) {
        self.bell = !self.bell;
        self.config.bell = self.bell;
        self.effects
            .push(super::app::Effect::SaveConfig(self.config.clone()));
        self.info(if self.bell {
            "the bell will ring at zero"
        } else {
            "the bell is off"
        });
    }

    /// Keys while typing the timer's minutes.
    pub(super) fn update_timer_prompt(
        &mut self,
        mut text: Box<ratatui_textarea::TextArea<'static>>,
        action: super::Action,
    ) {
        use super::Action;
        use super::app::Overlay;
        match action {
            Action::Yes => {
                let typed = super::capture::text_of(&text);
                match parse_minutes(&typed) {
                    Some(d) => {
                        self.timer.set(d, self.now);
                        self.signalled = false;
                        self.keep_timer();
                        self.info(format!("timer set to {}", Reading::Left(d).text()));
                    }
                    None => {
                        self.warn(format!(
                            "“{}” is not a number of minutes (try 5, 2.5 or 4:30)",
                            crate::terminal_text::one_line(&typed)
                        ));
                        self.overlay = Some(Overlay::Prompt(text));
                    }
                }
            }
            Action::No | Action::CloseOverlay => {}
            Action::Type(key) => {
                text.input(key);
                self.overlay = Some(Overlay::Prompt(text));
            }
            _ => self.overlay = Some(Overlay::Prompt(text)),
        }
    }

    /// Rings the bell once when the timer reaches zero (if the bell is on).
    pub(super) fn check_signal(&mut self) {
        if self.timer.finished(self.now) && self.timer.is_running() && !self.signalled {
            self.signalled = true;
            if self.bell {
                self.effects.push(super::app::Effect::Bell);
            }
        }
    }

    /// True when the timer is at or past zero (for the visible signal).
    pub fn time_is_up(&self) -> bool {
        self.timer.finished(self.now)
    }
}

/// Minutes typed by the facilitator: "10", "2.5", "4:30".
pub fn parse_minutes(text: &str) -> Option<Duration> {
    let t = text.trim();
    if let Some((m, s)) = t.split_once(':') {
        let m: u64 = m.trim().parse().ok()?;
        let s: u64 = s.trim().parse().ok()?;
        if s >= 60 {
            return None;
        }
        return Some(Duration::from_secs(m * 60 + s));
    }
    let m: f64 = t.replace(',', ".").parse().ok()?;
    if !(0.0..=24.0 * 60.0).contains(&m) || m == 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(m * 60.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_parse_in_the_forms_people_type() {
        assert_eq!(parse_minutes("10"), Some(Duration::from_secs(600)));
        assert_eq!(parse_minutes(" 2.5 "), Some(Duration::from_secs(150)));
        assert_eq!(parse_minutes("2,5"), Some(Duration::from_secs(150)));
        assert_eq!(parse_minutes("4:30"), Some(Duration::from_secs(270)));
        assert_eq!(parse_minutes("4:75"), None);
        assert_eq!(parse_minutes("ten"), None);
        assert_eq!(parse_minutes("0"), None);
    }

    const fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn counts_down_pauses_and_counts_the_overrun() {
        let mut t = Timer::from_minutes(Some(1));
        assert_eq!(t.reading(s(100)).text(), "01:00");
        t.start(s(100));
        assert_eq!(t.reading(s(110)).text(), "00:50");
        t.pause(s(110));
        assert_eq!(t.reading(s(500)).text(), "00:50");
        t.start(s(500));
        assert!(!t.finished(s(549)));
        assert!(t.finished(s(550)));
        assert_eq!(t.reading(s(550)).text(), "00:00");
        assert_eq!(t.reading(s(633)).text(), "+01:23");
        assert!(t.reading(s(633)).is_over());
    }

    #[test]
    fn add_a_minute_reset_and_set() {
        let mut t = Timer::from_minutes(Some(1));
        t.start(s(0));
        t.add(s(60));
        assert_eq!(t.reading(s(30)).text(), "01:30");
        t.sub(s(600));
        assert_eq!(t.reading(s(30)).text(), "+00:30");
        t.reset();
        assert!(!t.is_running());
        t.set(s(300), s(40));
        assert_eq!(t.reading(s(40)).text(), "05:00");
        let mut w = Timer::from_minutes(None);
        w.start(s(0));
        assert_eq!(w.reading(s(3725)).text(), "1:02:05");
    }

    #[test]
    fn countdown_rounds_up_so_zero_means_zero() {
        let mut t = Timer::new(Some(s(10)));
        t.start(Duration::ZERO);
        assert_eq!(t.reading(Duration::from_millis(9_100)).text(), "00:01");
    }
}
