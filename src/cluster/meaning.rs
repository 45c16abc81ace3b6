//! Sentence vectors from the transformer, kept by text: a background thread reads notes as
//! they arrive ([`warm`]), so that the vectors are there when themes are asked for; a run
//! embeds whatever is still missing itself ([`vectors`]). Without the `transformer` feature
//! there are no such vectors and the static model serves everything.

#[cfg(feature = "transformer")]
mod imp {
    use crate::cluster::transformer;
    use std::collections::{HashMap, HashSet};
    use std::sync::mpsc::{Sender, channel};
    use std::sync::{Arc, Mutex, OnceLock};

    pub const DIMS: usize = transformer::DIMS;

    #[derive(Default)]
    struct Cache {
        vectors: HashMap<String, Arc<[f32]>>,
        /// Sent to the background thread and not yet read.
        queued: HashSet<String>,
    }

    fn cache() -> &'static Mutex<Cache> {
        static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
        CACHE.get_or_init(Mutex::default)
    }

    fn lock() -> std::sync::MutexGuard<'static, Cache> {
        // A panic elsewhere cannot leave the map half-written: inserts are single calls.
        cache().lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn cached(input: &str) -> Option<Arc<[f32]>> {
        lock().vectors.get(input).cloned()
    }

    pub fn embed(input: &str) -> Arc<[f32]> {
        if let Some(v) = cached(input) {
            return v;
        }
        let v: Arc<[f32]> = transformer::model().embed(input).into();
        let mut c = lock();
        c.queued.remove(input);
        c.vectors.entry(input.to_string()).or_insert(v).clone()
    }

    fn sender() -> &'static Mutex<Sender<String>> {
        static SENDER: OnceLock<Mutex<Sender<String>>> = OnceLock::new();
        SENDER.get_or_init(|| {
            let (tx, rx) = channel::<String>();
            std::thread::Builder::new()
                .name("convene-meaning".into())
                .spawn(move || {
                    for input in rx {
                        embed(&input);
                    }
                })
                .expect("start the background thread that reads notes");
            Mutex::new(tx)
        })
    }

    pub fn warm(inputs: Vec<String>) {
        let fresh: Vec<String> = {
            let mut c = lock();
            let Cache { vectors, queued } = &mut *c;
            inputs
                .into_iter()
                .filter(|t| !vectors.contains_key(t) && queued.insert(t.clone()))
                .collect()
        };
        if fresh.is_empty() {
            return;
        }
        let tx = sender().lock().unwrap_or_else(|e| e.into_inner());
        for t in fresh {
            let _ = tx.send(t);
        }
    }
}

#[cfg(not(feature = "transformer"))]
mod imp {
    use std::sync::Arc;

    pub const DIMS: usize = 0;

    pub fn cached(_: &str) -> Option<Arc<[f32]>> {
        None
    }

    pub fn embed(_: &str) -> Arc<[f32]> {
        unreachable!("no transformer in this build: `available()` is false")
    }

    pub fn warm(_: Vec<String>) {}
}

/// Sends notes to the background thread as they arrive: each text once, whatever way it came
/// (typed, pasted, imported, from a phone). Cheap to call after every change.
#[derive(Default)]
pub struct Warmer {
    seen: std::collections::HashSet<String>,
    analyzer: Option<super::text::Analyzer>,
}

impl Warmer {
    /// Queues the texts not seen before (under the built-in lexicon, as the screens use).
    pub fn notes<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) {
        if !available() {
            return;
        }
        let fresh: Vec<&str> = texts
            .into_iter()
            .filter(|t| !self.seen.contains(*t))
            .collect();
        if fresh.is_empty() {
            return;
        }
        let analyzer = self
            .analyzer
            .get_or_insert_with(|| super::text::Analyzer::new(&super::Lexicon::builtin()));
        let inputs = fresh
            .iter()
            .map(|t| super::features::model_input(t, &analyzer.analyse(t), analyzer))
            .collect();
        self.seen.extend(fresh.into_iter().map(str::to_string));
        warm(inputs);
    }
}

/// Dimensions of a sentence vector (0 without the transformer).
pub const DIMS: usize = imp::DIMS;

/// Whether this build has the transformer.
pub const fn available() -> bool {
    cfg!(feature = "transformer")
}

/// Asks the background thread to read these model inputs (see
/// [`model_input`](super::features::model_input)); those already read or waiting
/// are skipped. Returns at once.
pub fn warm(inputs: Vec<String>) {
    imp::warm(inputs);
}

/// The vectors of `inputs`, `n × DIMS` in order: read from the cache, the missing ones embedded
/// here (and kept). `progress(done)` is called after each; `None` when `stop` says so (checked
/// between notes) or without the transformer.
pub fn vectors(
    inputs: &[String],
    progress: &mut dyn FnMut(usize),
    stop: &dyn Fn() -> bool,
) -> Option<Vec<f32>> {
    if !available() {
        return None;
    }
    // Missing vectors are read from the last note backwards: the background thread reads
    // from the first, so the two meet in the middle instead of reading the same notes.
    let mut found: Vec<Option<std::sync::Arc<[f32]>>> =
        inputs.iter().map(|t| imp::cached(t)).collect();
    let mut done = found.iter().filter(|v| v.is_some()).count();
    progress(done);
    let mut last = std::time::Instant::now();
    for (input, slot) in inputs.iter().zip(found.iter_mut()).rev() {
        if slot.is_some() {
            continue;
        }
        if stop() {
            return None;
        }
        *slot = Some(imp::embed(input));
        done += 1;
        if last.elapsed().as_millis() >= 50 || done == inputs.len() {
            last = std::time::Instant::now();
            progress(done);
        }
    }
    let mut out = Vec::with_capacity(inputs.len() * DIMS);
    for v in found.into_iter().flatten() {
        out.extend_from_slice(&v);
    }
    Some(out)
}

#[cfg(all(test, feature = "transformer"))]
mod tests {
    use super::*;

    #[test]
    fn the_background_thread_and_a_run_give_the_same_vectors() {
        let texts = [
            "meaning test: the minibus to the estate stops at five",
            "meaning test: nobody at the jobcentre knew about the grant",
            "meaning test: a quiet room before the interview",
        ];
        let inputs: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        let mut warmer = Warmer::default();
        warmer.notes(texts[..2].iter().copied());
        let started = std::time::Instant::now();
        while inputs[..2].iter().any(|t| imp::cached(t).is_none()) {
            assert!(
                started.elapsed().as_secs() < 60,
                "the background thread read nothing"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        // The third is read by the run itself; every vector is the transformer's, in order.
        let mut seen = Vec::new();
        let v = vectors(&inputs, &mut |d| seen.push(d), &|| false).unwrap();
        assert_eq!(v.len(), 3 * DIMS);
        for (i, t) in texts.iter().enumerate() {
            let direct = crate::cluster::transformer::model().embed(t);
            assert_eq!(&v[i * DIMS..(i + 1) * DIMS], direct.as_slice());
        }
        assert_eq!(seen.first(), Some(&2), "two were ready: {seen:?}");
        assert_eq!(seen.last(), Some(&3));
        // Asked to stop before reading a missing note: no answer.
        let fresh = vec!["meaning test: never read".to_string()];
        assert!(vectors(&fresh, &mut |_| {}, &|| true).is_none());
    }
}
