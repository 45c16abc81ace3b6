//! "Since last time", a follow-up's step: last workshop's promises, one selected, its status
//! cycled, what was done about it written, the room's notes pointed at it — state, keys and
//! update. [`view`] draws it in the step view and [`tally`] counts it (the wall too).

pub mod view;

use crate::framework::StepKind;
use crate::model::{CarriedItem, Change, ItemStatus};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::item_form;
use jiff::civil::Date;

/// The "Since last time" step's own state: which carried item is selected (a position in the
/// follow-up's items).
#[derive(Debug, Default)]
pub struct Since {
    pub cursor: usize,
}

/// "✓ 3 done · ◐ 2 in progress · ○ 1 open · ⚠ 1 overdue": the items by status on `on`, each
/// status with its symbol and word (statuses no item is at are left out), then how many are
/// overdue (open or in progress past their due date).
pub fn tally(items: &[CarriedItem], on: Date) -> String {
    let order = [
        ItemStatus::Done,
        ItemStatus::InProgress,
        ItemStatus::Open,
        ItemStatus::Dropped,
    ];
    let mut parts: Vec<String> = order
        .into_iter()
        .filter_map(|status| {
            let n = items.iter().filter(|i| i.status == status).count();
            (n > 0).then(|| format!("{} {n} {}", status.symbol(), status.label()))
        })
        .collect();
    let overdue = items.iter().filter(|i| i.is_overdue(on)).count();
    if overdue > 0 {
        parts.push(format!("⚠ {overdue} overdue"));
    }
    if parts.is_empty() {
        "nothing carried".into()
    } else {
        parts.join(" · ")
    }
}

/// An item's status as the screen says it: its symbol and its word.
pub fn status_mark(status: ItemStatus) -> String {
    format!("{} {}", status.symbol(), status.label())
}

/// "⚠ overdue since 2026-06-14" for an item past its due date on `on` and not closed.
pub fn overdue_mark(item: &CarriedItem, on: Date) -> Option<String> {
    item.is_overdue(on)
        .then(|| item.due.map(|d| format!("⚠ overdue since {d}")))
        .flatten()
}

impl<S: SessionStore> App<S> {
    /// True when the step shown is a follow-up's "Since last time" step.
    pub fn at_follow_up_step(&self) -> bool {
        self.session()
            .and_then(|s| s.framework.steps.get(self.step))
            .is_some_and(|s| s.kind == StepKind::FollowUp)
    }

    /// The carried item selected at the "Since last time" step (if the session has any).
    pub fn selected_item(&self) -> Option<&CarriedItem> {
        let items = &self.session()?.follow_up.as_ref()?.items;
        items.get(self.since.cursor.min(items.len().saturating_sub(1)))
    }

    fn carried_count(&self) -> usize {
        self.session()
            .and_then(|s| s.follow_up.as_ref())
            .map_or(0, |f| f.items.len())
    }

    /// Keys of the "Since last time" step; gives back those it does not take (the step
    /// view's agenda, tables, timer and note input).
    pub(crate) fn update_follow_up(&mut self, action: Action) -> Option<Action> {
        let count = self.carried_count();
        let last = count.saturating_sub(1);
        let page = 5;
        let cursor = &mut self.since.cursor;
        match action {
            Action::Up | Action::ScrollUp => *cursor = cursor.saturating_sub(1).min(last),
            Action::Down | Action::ScrollDown => *cursor = (*cursor + 1).min(last),
            Action::PageUp => *cursor = cursor.saturating_sub(page).min(last),
            Action::PageDown => *cursor = (*cursor + page).min(last),
            Action::CycleItemStatus => self.cycle_item_status(),
            Action::Edit | Action::OpenCard => self.edit_item(),
            Action::OpenInput if count == 0 => {
                // Notes at this step are still welcome, about nothing in particular.
                return Some(action);
            }
            other => return Some(other),
        }
        None
    }

    /// The selected item's next status, committed at once (u undoes).
    fn cycle_item_status(&mut self) {
        let Some(item) = self.selected_item().cloned() else {
            self.info(no_items_message());
            return;
        };
        if self.refuse_read_only() {
            return;
        }
        let status = item.status.next();
        let number = self.since.cursor + 1;
        let change = Change::UpdateItem {
            id: item.id,
            status,
            done: item.done.clone(),
        };
        if self.commit(change).done() {
            self.info(format!(
                "item {number}: {} — c again for the next status, u undoes",
                status_mark(status)
            ));
        }
    }

    /// Opens the form for what was done about the selected item (and its status).
    fn edit_item(&mut self) {
        let Some(item) = self.selected_item().cloned() else {
            self.info(no_items_message());
            return;
        };
        if self.refuse_read_only() {
            return;
        }
        self.outcomes.form = Some(item_form(&item));
    }

    /// Keeps the selected item within the list after a change.
    pub(crate) fn keep_item_in_range(&mut self) {
        let count = self.carried_count();
        self.since.cursor = self.since.cursor.min(count.saturating_sub(1));
    }
}

/// What the status line says once when a follow-up is opened from `path` and the session it
/// follows is not there unchanged beside it (moved, replaced, changed since); nothing when
/// the link holds or the session follows none. Reads the folder: called where files are
/// opened, never while drawing.
pub fn link_notice(path: &std::path::Path, session: &crate::model::Session) -> Option<String> {
    let link = crate::store::link::previous(path, session)?;
    let previous = &session.follow_up.as_ref()?.previous;
    (!link.is_intact())
        .then(|| crate::terminal_text::one_line(&link.describe(previous)).into_owned())
}

/// What the keys say when there is nothing to act on.
pub fn no_items_message() -> &'static str {
    "nothing carried from an earlier workshop: this step has no items"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemKind;

    fn item(status: ItemStatus, due: Option<Date>) -> CarriedItem {
        CarriedItem {
            id: uuid::Uuid::new_v4(),
            kind: ItemKind::Recommendation,
            parent: None,
            made_in: uuid::Uuid::nil(),
            made_title: "March".into(),
            made_on: jiff::civil::date(2026, 3, 14),
            text: "x".into(),
            reply: String::new(),
            audience: String::new(),
            owner: String::new(),
            timeframe: None,
            due,
            principles: Vec::new(),
            themes: Vec::new(),
            sensitive: false,
            status_before: ItemStatus::Open,
            status,
            done: String::new(),
            history: Vec::new(),
        }
    }

    #[test]
    fn the_tally_counts_by_status_with_symbols_and_overdue() {
        let on = jiff::civil::date(2026, 9, 1);
        let past = Some(jiff::civil::date(2026, 6, 14));
        let items = vec![
            item(ItemStatus::Done, past),
            item(ItemStatus::Done, None),
            item(ItemStatus::InProgress, None),
            item(ItemStatus::Open, past),
            item(ItemStatus::Open, None),
        ];
        assert_eq!(
            tally(&items, on),
            "✓ 2 done · ◐ 1 in progress · ○ 2 open · ⚠ 1 overdue"
        );
        let late = vec![item(ItemStatus::InProgress, past)];
        assert_eq!(tally(&late, on), "◐ 1 in progress · ⚠ 1 overdue");
        assert_eq!(tally(&[], on), "nothing carried");
        assert_eq!(
            overdue_mark(&items[3], on).as_deref(),
            Some("⚠ overdue since 2026-06-14")
        );
        assert_eq!(overdue_mark(&items[0], on), None, "done is never overdue");
    }
}
