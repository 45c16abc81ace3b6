//! Rate limits for the room's server: a token bucket per device and a far larger one per
//! network address, so a whole room behind one address (a hotspot's NAT) still gets through at
//! the rates people type, while one device or one flood cannot crowd out the rest.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Notes, take-backs and dots a device may send at once, and then per second.
pub const DEVICE_BURST: f64 = 30.0;
pub const DEVICE_RATE: f64 = 2.0;
/// Requests of every sort (pages, live updates, notes) from one address at once, and then per
/// second: enough for 200 devices behind one address each sending and following the step.
pub const ADDRESS_BURST: f64 = 6000.0;
pub const ADDRESS_RATE: f64 = 600.0;
/// Buckets kept before full ones are forgotten.
const KEEP: usize = 20_000;

/// Whether a request may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Go,
    /// Wait this many seconds (for `Retry-After`).
    Wait(u64),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug, Default)]
pub struct Limiter {
    devices: Mutex<HashMap<String, Bucket>>,
    addresses: Mutex<HashMap<IpAddr, Bucket>>,
}

impl Limiter {
    pub fn check_client(&self, client: &str) -> Verdict {
        take(&self.devices, client.to_string(), DEVICE_BURST, DEVICE_RATE)
    }

    pub fn check_address(&self, ip: IpAddr) -> Verdict {
        take(&self.addresses, ip, ADDRESS_BURST, ADDRESS_RATE)
    }
}

fn take<K: std::hash::Hash + Eq>(
    buckets: &Mutex<HashMap<K, Bucket>>,
    key: K,
    burst: f64,
    rate: f64,
) -> Verdict {
    let now = Instant::now();
    let Ok(mut buckets) = buckets.lock() else {
        return Verdict::Go;
    };
    if buckets.len() > KEEP {
        buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
    }
    let bucket = buckets.entry(key).or_insert(Bucket {
        tokens: burst,
        at: now,
    });
    bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate).min(burst);
    bucket.at = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        Verdict::Go
    } else {
        Verdict::Wait(((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_held_back_after_its_burst_and_others_are_not() {
        let limiter = Limiter::default();
        for _ in 0..DEVICE_BURST as usize {
            assert_eq!(limiter.check_client("device-one"), Verdict::Go);
        }
        assert!(matches!(
            limiter.check_client("device-one"),
            Verdict::Wait(1)
        ));
        assert_eq!(limiter.check_client("device-two"), Verdict::Go);
    }
}
