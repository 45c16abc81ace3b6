//! Generated workshop-like notes for benchmarks and demonstrations (never real participants'
//! words): varied sentences from a vocabulary of phrases about barriers to work.

use super::kmeans::Rng;

const TOPICS: &[&[&str]] = &[
    &[
        "the school run",
        "nursery fees",
        "childcare costs",
        "after-school clubs",
        "caring for my kids",
        "school holidays",
        "a childminder",
        "wraparound care",
    ],
    &[
        "the last bus",
        "bus fares",
        "no train station",
        "two buses each way",
        "a lift share",
        "the industrial estate",
        "travel costs",
        "rural roads",
    ],
    &[
        "the real living wage",
        "low pay",
        "wages that don't cover rent",
        "the OLW",
        "pay rises",
        "the cost of living",
        "minimum wage jobs",
        "in-work poverty",
    ],
    &[
        "long application forms",
        "job interviews",
        "jargon in adverts",
        "online applications",
        "a working interview",
        "salary on the advert",
        "degree requirements",
        "a guaranteed interview",
    ],
    &[
        "anxiety",
        "stress at work",
        "mental health first aid",
        "wellbeing days",
        "burnout",
        "a quiet room",
        "depression",
        "feeling overwhelmed",
    ],
    &[
        "reasonable adjustments",
        "no lift",
        "Access to Work grants",
        "wheelchair access",
        "screen readers",
        "accessible toilets",
        "disabled staff",
        "hidden conditions",
    ],
    &[
        "apprenticeships",
        "the levy",
        "paid training",
        "short courses",
        "a recognised qualification",
        "upskilling",
        "apprentice pay",
        "learning at work",
    ],
    &[
        "a criminal record",
        "ban the box",
        "prison leavers",
        "DBS checks",
        "old convictions",
        "probation officers",
        "a second chance",
        "disclosure rules",
    ],
    &[
        "universal credit",
        "the work coach",
        "benefit sanctions",
        "the jobcentre",
        "the taper rate",
        "losing benefits",
        "PIP assessments",
        "extra hours",
    ],
    &[
        "flexible hours",
        "part-time roles",
        "job shares",
        "working from home",
        "shift patterns",
        "compressed hours",
        "rotas a week ahead",
        "zero hours contracts",
    ],
];

const OPENERS: &[&str] = &[
    "Problems with",
    "We need help with",
    "Employers should think about",
    "Too little support for",
    "Worried about",
    "Idea: fix",
    "Barrier:",
    "Good practice on",
    "Nobody talks about",
    "Council could fund",
];

const JOINS: &[&str] = &[
    "and",
    "because of",
    "as well as",
    "made worse by",
    "linked to",
    "plus",
];

const ENDINGS: &[&str] = &[
    "",
    "",
    "for young people",
    "for older workers",
    "in small firms",
    "for lone parents",
    "in rural areas",
    "for people with lived experience",
    "at the council",
    "in care work",
];

/// `n` notes from `seed`; the same arguments give the same notes. Also returns each note's
/// topic, for checking that generated themes are recovered.
pub fn notes(n: usize, seed: u64) -> (Vec<String>, Vec<usize>) {
    let mut rng = Rng::new(seed);
    let mut texts = Vec::with_capacity(n);
    let mut topics = Vec::with_capacity(n);
    let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len())];
    for _ in 0..n {
        let t = rng.below(TOPICS.len());
        let mut s = format!("{} {}", pick(&mut rng, OPENERS), pick(&mut rng, TOPICS[t]));
        if rng.next_f64() < 0.6 {
            s.push_str(&format!(
                " {} {}",
                pick(&mut rng, JOINS),
                pick(&mut rng, TOPICS[t])
            ));
        }
        if rng.next_f64() < 0.15 {
            let other = rng.below(TOPICS.len());
            s.push_str(&format!(", also {}", pick(&mut rng, TOPICS[other])));
        }
        let end = pick(&mut rng, ENDINGS);
        if !end.is_empty() {
            s.push(' ');
            s.push_str(end);
        }
        texts.push(s);
        topics.push(t);
    }
    (texts, topics)
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_notes_are_repeatable_and_varied() {
        let (a, ta) = super::notes(200, 7);
        let (b, _) = super::notes(200, 7);
        assert_eq!(a, b);
        let distinct: std::collections::HashSet<&String> = a.iter().collect();
        assert!(distinct.len() > 150);
        assert!(ta.iter().all(|&t| t < super::TOPICS.len()));
    }
}
