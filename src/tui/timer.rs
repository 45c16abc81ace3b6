//! A countdown timer driven by the time the caller passes in, so tests need no clock.

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

#[cfg(test)]
mod tests {
    use super::*;

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
