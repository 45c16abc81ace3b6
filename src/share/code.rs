//! Join codes: random, new each time sharing starts, easy to read out and type on a phone.

/// Digits and capitals that cannot be mistaken for one another (no 0/O, 1/I/L, U): 30.
const READABLE: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code: 30⁷ ≈ 2 × 10¹⁰ codes, 34 bits of chance.
pub const LENGTH: usize = 7;

/// A new random code from the operating system's random source, each character equally
/// likely (bytes past the last whole multiple of 30 are drawn again).
pub fn new_code() -> String {
    let limit = 256 - 256 % READABLE.len();
    let mut code = String::with_capacity(LENGTH);
    while code.len() < LENGTH {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        for b in bytes {
            if (b as usize) < limit && code.len() < LENGTH {
                code.push(READABLE[b as usize % READABLE.len()] as char);
            }
        }
    }
    code
}

/// A random id for a device's page (the no-JavaScript form carries it), 128 bits in hex.
pub fn new_client_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `given` is the code, compared without leaking how much of it matched, and
/// forgiving case and the spaces people type.
pub fn matches(code: &str, given: &str) -> bool {
    let given: Vec<u8> = given
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'-')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let code = code.as_bytes();
    if given.len() != code.len() {
        return false;
    }
    code.iter()
        .zip(&given)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_and_readable() {
        let a = new_code();
        let b = new_code();
        assert_eq!(a.len(), LENGTH);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert!(!a.contains(['0', 'O', '1', 'I', 'L', 'U']));
    }

    #[test]
    fn a_code_matches_in_any_case_and_spacing() {
        assert!(matches("AB2CD3E", "ab2 cd3e"));
        assert!(matches("AB2CD3E", "AB2-CD3E"));
        assert!(!matches("AB2CD3E", "AB2CD3F"));
        assert!(!matches("AB2CD3E", "AB2CD3"));
    }
}
