//! Rate limiting without keeping addresses: each client's token bucket is keyed by a keyed hash
//! (SipHash with a random key made at start-up and never written anywhere) of its IP address.
//! The table lives in memory only, the address itself is never stored or logged, and after a
//! restart the old keys mean nothing. An optional global bucket caps all clients together.
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use super::config::RateLimitConfig;

const MAX_CLIENTS: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    /// Takes one token; `Err(seconds to wait)` when empty.
    fn take(&mut self, now: Instant, rate_per_sec: f64, capacity: f64) -> Result<(), u64> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate_per_sec).min(capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - self.tokens) / rate_per_sec).ceil().max(1.0) as u64)
        }
    }
}

pub struct RateLimiter {
    salt: RandomState,
    per_client: Option<(f64, f64)>,
    global: Option<(f64, f64)>,
    clients: Mutex<HashMap<u64, Bucket>>,
    global_bucket: Mutex<Bucket>,
}

impl RateLimiter {
    pub fn new(config: &RateLimitConfig) -> RateLimiter {
        let per_client = (config.per_minute > 0).then(|| {
            (
                f64::from(config.per_minute) / 60.0,
                f64::from(config.burst.max(1)),
            )
        });
        let global = (config.global_per_second > 0).then(|| {
            (
                f64::from(config.global_per_second),
                f64::from(config.global_per_second.max(1)),
            )
        });
        RateLimiter {
            salt: RandomState::new(),
            per_client,
            global,
            clients: Mutex::new(HashMap::new()),
            global_bucket: Mutex::new(Bucket {
                tokens: global.map(|g| g.1).unwrap_or(0.0),
                last: Instant::now(),
            }),
        }
    }

    /// `Err(retry_after_seconds)` when this client (or everyone) is over the limit.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), u64> {
        let now = Instant::now();
        if let (Some((rate, capacity)), Some(ip)) = (self.per_client, client) {
            let key = self.salt.hash_one(ip);
            let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
            if clients.len() >= MAX_CLIENTS {
                // Forget the buckets that have refilled; they would start full anyway.
                clients.retain(|_, b| {
                    now.saturating_duration_since(b.last).as_secs_f64() * rate + b.tokens < capacity
                });
                if clients.len() >= MAX_CLIENTS {
                    clients.clear();
                }
            }
            let bucket = clients.entry(key).or_insert(Bucket {
                tokens: capacity,
                last: now,
            });
            bucket.take(now, rate, capacity)?;
        }
        if let Some((rate, capacity)) = self.global {
            let mut bucket = self.global_bucket.lock().unwrap_or_else(|p| p.into_inner());
            bucket.take(now, rate, capacity)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refusal_with_retry_after() {
        let limiter = RateLimiter::new(&RateLimitConfig {
            per_minute: 60,
            burst: 3,
            global_per_second: 0,
            trust_forwarded_for: false,
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.check(Some(a)).is_ok());
        }
        assert_eq!(limiter.check(Some(a)), Err(1));
        assert!(
            limiter.check(Some(b)).is_ok(),
            "another client has its own bucket"
        );
    }
}
