//! Lineage: every promise made across linked workshops, followed from where it was made through
//! each follow-up that recorded it.
//!
//! A promise is a recommendation, a commitment or a response ("You said / We did"). Its
//! global id is given where it is made and kept by every follow-up that carries it
//! ([`crate::model::FollowUp`]), so gathering sessions by that id gives each promise's
//! history: made in March, in progress in June, done in October. Sessions may come in any
//! order and any may be missing: a follow-up's own copy of an item stands in for a session
//! not given.

use crate::model::{CarriedItem, ItemKind, ItemStatus, Session, promises_of};
use jiff::civil::Date;
use std::collections::HashMap;
use uuid::Uuid;

/// The promises of a set of sessions, each with its history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lineage {
    /// In the order they were made (by workshop date, then as each session lists them).
    pub threads: Vec<Thread>,
}

/// One promise and what each workshop recorded of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// What it is, as first seen: where it was made when that session was given, else the
    /// earliest follow-up's copy.
    pub item: CarriedItem,
    /// The session it was made in was among those given.
    pub origin_given: bool,
    /// Oldest first: where it was made (when given), then each follow-up that carried it.
    pub stages: Vec<Stage>,
}

/// What one session recorded of a promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub session: Uuid,
    pub title: String,
    pub date: Date,
    pub status: ItemStatus,
    /// What was done, as that session recorded it (a response's own words where it was made).
    pub done: String,
    /// Made here (not carried in).
    pub made_here: bool,
    /// Past its due date at that workshop and not closed.
    pub overdue: bool,
}

impl Thread {
    /// Where it stands: the latest stage's status.
    pub fn status(&self) -> ItemStatus {
        self.stages.last().map_or(self.item.status, |s| s.status)
    }

    /// The last workshop that recorded it.
    pub fn last_seen(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Past its due date on `on`, and not closed.
    pub fn is_overdue(&self, on: Date) -> bool {
        !self.status().is_closed() && self.item.due.is_some_and(|d| d < on)
    }

    /// What was done, oldest first, with the date it was recorded: every stage's words that
    /// say something.
    pub fn done(&self) -> Vec<(Date, &str)> {
        self.stages
            .iter()
            .filter(|s| !s.done.trim().is_empty())
            .map(|s| (s.date, s.done.as_str()))
            .collect()
    }
}

impl Lineage {
    /// Gathers the promises of `sessions` by global id.
    pub fn build<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Lineage {
        let mut sessions: Vec<&Session> = sessions.into_iter().collect();
        sessions.sort_by_key(|s| (s.date, s.created));
        let mut at: HashMap<Uuid, usize> = HashMap::new();
        let mut threads: Vec<Thread> = Vec::new();
        for s in &sessions {
            for item in promises_of(s, true) {
                let stage = Stage {
                    session: s.uuid,
                    title: s.title.clone(),
                    date: s.date,
                    status: item.status,
                    done: item.reply.clone(),
                    made_here: true,
                    overdue: false,
                };
                match at.get(&item.id) {
                    // A copy of a session given twice: the first is kept.
                    Some(&i) if threads[i].origin_given => {}
                    // Its follow-ups came first (an earlier date on the origin than the
                    // follow-up's copy says is impossible, but dates can be edited).
                    Some(&i) => {
                        let t = &mut threads[i];
                        t.item = item;
                        t.origin_given = true;
                        t.stages.insert(0, stage);
                    }
                    None => {
                        at.insert(item.id, threads.len());
                        threads.push(Thread {
                            item,
                            origin_given: true,
                            stages: vec![stage],
                        });
                    }
                }
            }
            let Some(f) = &s.follow_up else { continue };
            for item in &f.items {
                let stage = Stage {
                    session: s.uuid,
                    title: s.title.clone(),
                    date: s.date,
                    status: item.status,
                    done: item.done.clone(),
                    made_here: false,
                    overdue: item.is_overdue(s.date),
                };
                match at.get(&item.id) {
                    Some(&i) => {
                        let t = &mut threads[i];
                        if !t.stages.iter().any(|x| x.session == s.uuid) {
                            t.stages.push(stage);
                        }
                    }
                    None => {
                        // The session it was made in was not given: the follow-up's copy, with
                        // the history it carries, stands in for the workshops before.
                        at.insert(item.id, threads.len());
                        let mut stages: Vec<Stage> = item
                            .history
                            .iter()
                            .map(|h| Stage {
                                session: h.session,
                                title: String::new(),
                                date: h.date,
                                status: h.status,
                                done: h.done.clone(),
                                made_here: false,
                                overdue: false,
                            })
                            .collect();
                        stages.push(stage);
                        threads.push(Thread {
                            item: item.clone(),
                            origin_given: false,
                            stages,
                        });
                    }
                }
            }
        }
        // Sessions given in date order; a stage from a carried history can come before one of
        // a session given, so order each thread's stages by date.
        for t in &mut threads {
            t.stages.sort_by_key(|s| (s.date, !s.made_here));
        }
        threads.sort_by_key(|t| t.item.made_on);
        Lineage { threads }
    }

    /// Promises not yet closed, oldest first.
    pub fn open(&self) -> impl Iterator<Item = &Thread> {
        self.threads.iter().filter(|t| !t.status().is_closed())
    }

    pub fn thread(&self, id: Uuid) -> Option<&Thread> {
        self.threads.iter().find(|t| t.item.id == id)
    }

    /// Commitments only (the partnership's own pledges), in the order made.
    pub fn commitments(&self) -> impl Iterator<Item = &Thread> {
        self.threads
            .iter()
            .filter(|t| t.item.kind == ItemKind::Commitment)
    }
}

/// A follow-up whose previous session is not among those given, or is there at another
/// revision: (the follow-up, what it says of the previous one, the revision found if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub follow_up: Uuid,
    pub follow_up_title: String,
    pub previous: crate::model::PreviousSession,
    /// The revision of the previous session among those given; `None` when it is not given.
    pub found_revision: Option<u64>,
}

impl BrokenLink {
    pub fn describe(&self) -> String {
        let p = &self.previous;
        match self.found_revision {
            None => format!(
                "“{}” follows “{}” ({}, {}), which is not among the sessions read: its items \
                 are shown from the follow-up's own copy",
                self.follow_up_title, p.title, p.date, p.file
            ),
            Some(now) => format!(
                "“{}” follows “{}” ({}), which has changed since (revision {} then, {now} now)",
                self.follow_up_title, p.title, p.date, p.revision
            ),
        }
    }
}

/// Every follow-up among `sessions` whose previous session is missing from them or changed.
pub fn broken_links<'a>(
    sessions: impl IntoIterator<Item = &'a Session> + Clone,
) -> Vec<BrokenLink> {
    let by_id: HashMap<Uuid, u64> = sessions
        .clone()
        .into_iter()
        .map(|s| (s.uuid, s.revision))
        .collect();
    sessions
        .into_iter()
        .filter_map(|s| {
            let f = s.follow_up.as_ref()?;
            let found = by_id.get(&f.previous.uuid).copied();
            (found != Some(f.previous.revision)).then(|| BrokenLink {
                follow_up: s.uuid,
                follow_up_title: s.title.clone(),
                previous: f.previous.clone(),
                found_revision: found,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, Commitment, Recommendation, RecommendationId, Timeframe};

    fn chain() -> (Session, Session, Session) {
        let mut march = Session::new(
            "March",
            jiff::civil::date(2026, 3, 14),
            Framework::default_framework(),
            "2026-03-14T09:00:00Z".parse().unwrap(),
        );
        march
            .apply(Change::AddRecommendation(Recommendation {
                id: RecommendationId(1),
                text: "Pay fares".into(),
                audience: "Employers".into(),
                owner: String::new(),
                timeframe: Some(Timeframe::ThreeMonths),
                themes: Vec::new(),
                steps: Vec::new(),
                commitments: vec![Commitment {
                    who: "Council".into(),
                    what: "Bus passes".into(),
                }],
            }))
            .unwrap();
        let mut june = Session::follow_up(
            &march,
            "march.ron",
            "June",
            jiff::civil::date(2026, 6, 20),
            Framework::default_framework(),
            "2026-06-20T09:00:00Z".parse().unwrap(),
        );
        let c = june.follow_up.as_ref().unwrap().items[1].id;
        june.apply(Change::UpdateItem {
            id: c,
            status: ItemStatus::InProgress,
            done: "Ordered".into(),
        })
        .unwrap();
        let mut october = Session::follow_up(
            &june,
            "june.ron",
            "October",
            jiff::civil::date(2026, 10, 10),
            Framework::default_framework(),
            "2026-10-10T09:00:00Z".parse().unwrap(),
        );
        october
            .apply(Change::UpdateItem {
                id: c,
                status: ItemStatus::Done,
                done: "200 passes given".into(),
            })
            .unwrap();
        (march, june, october)
    }

    #[test]
    fn a_commitment_is_followed_through_the_chain() {
        let (march, june, october) = chain();
        // Any order.
        let l = Lineage::build([&october, &march, &june]);
        let c: Vec<&Thread> = l.commitments().collect();
        assert_eq!(c.len(), 1);
        let stages: Vec<(&str, ItemStatus)> = c[0]
            .stages
            .iter()
            .map(|s| (s.title.as_str(), s.status))
            .collect();
        assert_eq!(
            stages,
            [
                ("March", ItemStatus::Open),
                ("June", ItemStatus::InProgress),
                ("October", ItemStatus::Done)
            ]
        );
        assert_eq!(c[0].done().len(), 2);
        // The recommendation was carried to June and not closed, so October carried it too.
        let open: Vec<ItemKind> = l.open().map(|t| t.item.kind).collect();
        assert_eq!(open, [ItemKind::Recommendation]);
        assert!(broken_links([&march, &june, &october]).is_empty());
    }

    #[test]
    fn without_the_first_sessions_the_follow_up_copy_stands_in() {
        let (_, june, october) = chain();
        let l = Lineage::build([&october]);
        let c: Vec<&Thread> = l.commitments().collect();
        assert!(!c[0].origin_given);
        // June's record travelled in October's copy.
        assert_eq!(c[0].stages.len(), 2);
        assert_eq!(c[0].stages[0].done, "Ordered");
        assert_eq!(c[0].status(), ItemStatus::Done);
        let broken = broken_links([&october]);
        assert_eq!(broken.len(), 1);
        assert!(broken[0].describe().contains("not among"));
        // June changed after October was made from it.
        let mut june2 = june.clone();
        june2.revision += 1;
        let broken = broken_links([&june2, &october]);
        let of_october = broken.iter().find(|b| b.follow_up == october.uuid).unwrap();
        assert_eq!(of_october.found_revision, Some(june.revision + 1));
        assert!(of_october.describe().contains("changed since"));
    }
}
