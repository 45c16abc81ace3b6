//! Background work of the themes view (suggested themes, similar notes) as effects: the app
//! asks for a job with [`Effect::StartJob`](crate::tui::app::Effect::StartJob) and stops one
//! with `CancelJob`; whoever runs effects (the run loop's [`Workers`], or [`run_job`] inline in
//! tests) answers with [`Action::JobProgress`] and [`Action::JobDone`]. Each job has a
//! generation: answers for any other generation than the one waited for are ignored.

use crate::cluster::{self, Options, Progress, Suggestions};
use crate::model::{NoteId, Session};
use crate::tui::action::Action;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// How many similar notes "show similar notes" lists.
pub const SIMILAR_NOTES: usize = 12;

/// Which notes a suggestion groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The notes of the step the session is at; the themes belong to it.
    Step,
    /// Every step's notes, each step grouped apart: themes within each principle.
    EachStep,
}

/// What a worker is computing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Suggest(Scope),
    Similar(NoteId),
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    Suggested(Suggestions),
    Similar(Vec<(NoteId, f32)>),
    /// Told to stop before it had an answer.
    Stopped,
    /// The worker stopped without an answer (it panicked).
    Failed,
}

/// The job being waited for, as the themes view knows it: no thread, no channel, only what to
/// show (the worker's progress arrives as actions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub kind: JobKind,
    /// Which notes, in words: "the 12 notes of Person-centred".
    pub about: String,
    /// Tells this job's answers from those of jobs started (and stopped) before it.
    pub generation: u64,
    /// The session's revision when the job started.
    pub revision: u64,
    pub notes: usize,
    pub progress: Option<Progress>,
}

impl Job {
    /// A job stopped at `progress` (to show the progress screen in tests and benchmarks).
    pub fn waiting(kind: JobKind, revision: u64, notes: usize, progress: Progress) -> Job {
        Job {
            kind,
            about: format!("{notes} notes"),
            generation: 0,
            revision,
            notes,
            progress: Some(progress),
        }
    }

    /// How far along the run is, 0 to 1 (reading is the first half, choosing most of the rest).
    pub fn fraction(&self) -> f64 {
        match self.progress {
            None => 0.0,
            Some(Progress::Reading { done, total }) => 0.5 * done as f64 / total.max(1) as f64,
            Some(Progress::Choosing { tried, of }) => 0.5 + 0.35 * tried as f64 / of.max(1) as f64,
            Some(Progress::Grouping { .. }) => 0.88,
            Some(Progress::Labelling) => 0.96,
        }
    }

    /// What the run is doing, in words.
    pub fn stage(&self) -> String {
        match (self.kind, self.progress) {
            (JobKind::Similar(id), _) => format!("finding notes similar to {id}"),
            (_, None) => format!("starting on {} notes", self.notes),
            (_, Some(Progress::Reading { done, total })) => {
                format!("reading the meaning of notes {done}/{total}")
            }
            (_, Some(Progress::Choosing { tried, of })) => {
                format!("choosing how many themes ({tried}/{of})")
            }
            (_, Some(Progress::Grouping { themes })) => format!("grouping into {themes} themes"),
            (_, Some(Progress::Labelling)) => "naming and explaining the themes".into(),
        }
    }
}

/// Does the work of a job where it is called; `stop` is asked now and then (a suggestion
/// gives up with [`JobOutcome::Stopped`] when it says so).
pub fn run_job(
    kind: JobKind,
    session: &Session,
    progress: &mut dyn FnMut(Progress),
    stop: &dyn Fn() -> bool,
) -> JobOutcome {
    let options = Options::default();
    match kind {
        JobKind::Suggest(scope) => {
            let options = match scope {
                Scope::Step => Options {
                    step: Some(session.current_step().id.clone()),
                    ..options
                },
                Scope::EachStep => Options {
                    each_step: true,
                    ..options
                },
            };
            cluster::suggest_until(session, &options, progress, stop)
                .map_or(JobOutcome::Stopped, JobOutcome::Suggested)
        }
        JobKind::Similar(note) => {
            if stop() {
                return JobOutcome::Stopped;
            }
            JobOutcome::Similar(cluster::similar_notes(
                session,
                note,
                SIMILAR_NOTES,
                &options,
            ))
        }
    }
}

/// Sends [`JobOutcome::Failed`] if the worker ends without having sent its answer.
struct Answer {
    sender: Sender<Action>,
    generation: u64,
    sent: bool,
}

impl Answer {
    fn send(mut self, outcome: JobOutcome) {
        self.sent = true;
        let _ = self.sender.send(Action::JobDone {
            generation: self.generation,
            outcome: Box::new(outcome),
        });
    }
}

impl Drop for Answer {
    fn drop(&mut self) {
        if !self.sent {
            let _ = self.sender.send(Action::JobDone {
                generation: self.generation,
                outcome: Box::new(JobOutcome::Failed),
            });
        }
    }
}

/// The run loop's worker threads: one per job started, each with a flag that stops it (and
/// threads for other work, such as a large export preview).
#[derive(Debug)]
pub struct Workers {
    sender: Sender<Action>,
    receiver: Receiver<Action>,
    running: BTreeMap<u64, Arc<AtomicBool>>,
}

impl Default for Workers {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Workers {
            sender,
            receiver,
            running: BTreeMap::new(),
        }
    }
}

impl Workers {
    /// Runs a job on a new thread; its progress and answer come back from [`Workers::drain`].
    pub fn start(&mut self, generation: u64, kind: JobKind, session: Session) {
        let stop = Arc::new(AtomicBool::new(false));
        self.running.insert(generation, stop.clone());
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            let answer = Answer {
                sender: sender.clone(),
                generation,
                sent: false,
            };
            let mut last = None;
            let mut progress = |p: Progress| {
                if last != Some(p) {
                    last = Some(p);
                    let _ = sender.send(Action::JobProgress {
                        generation,
                        progress: p,
                    });
                }
            };
            let outcome = run_job(kind, &session, &mut progress, &|| {
                stop.load(Ordering::Relaxed)
            });
            answer.send(outcome);
        });
    }

    /// Tells the job of `generation` to stop (it answers [`JobOutcome::Stopped`] soon after).
    pub fn cancel(&mut self, generation: u64) {
        if let Some(stop) = self.running.remove(&generation) {
            stop.store(true, Ordering::Relaxed);
        }
    }

    /// Runs `work` on a new thread; its answer comes back from [`Workers::drain`], or
    /// `if_it_fails` when the thread ends without one (it panicked).
    pub fn run(&self, work: impl FnOnce() -> Action + Send + 'static, if_it_fails: Action) {
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            struct Fallback(Option<(Sender<Action>, Action)>);
            impl Drop for Fallback {
                fn drop(&mut self) {
                    if let Some((sender, action)) = self.0.take() {
                        let _ = sender.send(action);
                    }
                }
            }
            let mut fallback = Fallback(Some((sender.clone(), if_it_fails)));
            let answer = work();
            fallback.0 = None;
            let _ = sender.send(answer);
        });
    }

    /// True while some job started here has not answered.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// What the workers sent since the last call, to give to [`crate::tui::App::update`].
    pub fn drain(&mut self) -> Vec<Action> {
        let actions: Vec<Action> = self.receiver.try_iter().collect();
        for a in &actions {
            if let Action::JobDone { generation, .. } = a {
                self.running.remove(generation);
            }
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, NoteKind, TableId};

    fn session(n: usize) -> Session {
        let mut s = Session::new(
            "Jobs",
            jiff::civil::date(2026, 9, 24),
            Framework::default_framework(),
            "2026-09-24T09:00:00Z".parse().unwrap(),
        );
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
        for i in 0..n {
            let text = format!("Note {i}: the bus from the estate stops before the late shift");
            let note = s.next_note(TableId(1), "welcome", NoteKind::Idea, text, s.created);
            s.apply(Change::AddNote(note)).unwrap();
        }
        s
    }

    #[test]
    fn a_job_told_to_stop_answers_stopped_and_one_left_alone_answers() {
        let s = session(40);
        let stopped = run_job(JobKind::Suggest(Scope::EachStep), &s, &mut |_| {}, &|| true);
        assert_eq!(stopped, JobOutcome::Stopped);
        let done = run_job(JobKind::Suggest(Scope::EachStep), &s, &mut |_| {}, &|| {
            false
        });
        assert!(matches!(done, JobOutcome::Suggested(_)), "{done:?}");
    }

    #[test]
    fn a_worker_thread_that_is_cancelled_stops_and_says_so() {
        let mut workers = Workers::default();
        workers.start(7, JobKind::Suggest(Scope::EachStep), session(3000));
        workers.cancel(7);
        assert!(!workers.busy());
        let started = std::time::Instant::now();
        let outcome = loop {
            assert!(started.elapsed().as_secs() < 300, "no answer");
            let done = workers.drain().into_iter().find_map(|a| match a {
                Action::JobDone {
                    generation,
                    outcome,
                } => Some((generation, *outcome)),
                _ => None,
            });
            if let Some(done) = done {
                break done;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(outcome, (7, JobOutcome::Stopped));
    }
}
