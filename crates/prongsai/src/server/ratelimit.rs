//! Rate limiting without keeping addresses: each client's token bucket is keyed by a keyed hash
//! (SipHash with a random key made at start-up and never written anywhere) of its network: the
//! IPv4 address, or the /64 prefix of an IPv6 address (one subscriber line gets a whole /64, so
//! limiting single IPv6 addresses would give each client 2^64 fresh limits). The table lives in
//! memory only, the address itself is never stored or logged, and after a restart the old keys
//! mean nothing. When the table is full the least recently seen client is forgotten (never all
//! of them at once). An optional global bucket caps all clients together.
//!
//! [`AuthFailures`] uses the same buckets for wrong admin tokens: every way of presenting the
//! token (login form, Bearer on the API, Bearer on `/admin/*`) spends from one bucket per client.
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::Instant;

use lru::LruCache;

use super::config::RateLimitConfig;

/// Clients tracked at most; beyond this the least recently seen is forgotten.
pub const MAX_CLIENTS: usize = 100_000;

/// The network a client is limited as: an IPv4 address (also when written as an IPv4-mapped
/// IPv6 address) or an IPv6 /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientNet {
    V4([u8; 4]),
    V6Prefix64([u8; 8]),
}

impl ClientNet {
    pub fn of(ip: IpAddr) -> ClientNet {
        match ip {
            IpAddr::V4(v4) => ClientNet::V4(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientNet::V4(v4.octets()),
                None => {
                    let o = v6.octets();
                    let mut prefix = [0u8; 8];
                    prefix.copy_from_slice(&o[..8]);
                    ClientNet::V6Prefix64(prefix)
                }
            },
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn refill(&mut self, now: Instant, rate_per_sec: f64, capacity: f64) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate_per_sec).min(capacity);
        self.last = now;
    }

    /// Seconds until one token is there.
    fn wait(&self, rate_per_sec: f64) -> u64 {
        ((1.0 - self.tokens) / rate_per_sec).ceil().max(1.0) as u64
    }

    /// Takes one token; `Err(seconds to wait)` when empty.
    fn take(&mut self, now: Instant, rate_per_sec: f64, capacity: f64) -> Result<(), u64> {
        self.refill(now, rate_per_sec, capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(self.wait(rate_per_sec))
        }
    }
}

/// One token bucket per client network, least recently seen forgotten first.
struct ClientBuckets {
    salt: RandomState,
    rate_per_sec: f64,
    capacity: f64,
    table: Mutex<LruCache<u64, Bucket>>,
}

impl ClientBuckets {
    fn new(per_minute: u32, burst: u32, max_clients: usize) -> ClientBuckets {
        ClientBuckets {
            salt: RandomState::new(),
            rate_per_sec: f64::from(per_minute) / 60.0,
            capacity: f64::from(burst.max(1)),
            table: Mutex::new(LruCache::new(
                NonZeroUsize::new(max_clients.max(1)).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }

    fn key(&self, ip: IpAddr) -> u64 {
        self.salt.hash_one(ClientNet::of(ip))
    }

    /// Runs `f` on the client's bucket (a full one for a client not seen or forgotten).
    fn with<T>(&self, ip: IpAddr, f: impl FnOnce(&mut Bucket, f64, f64) -> T) -> T {
        let key = self.key(ip);
        let now = Instant::now();
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = table.get_or_insert_mut(key, || Bucket {
            tokens: self.capacity,
            last: now,
        });
        bucket.refill(now, self.rate_per_sec, self.capacity);
        f(bucket, self.rate_per_sec, self.capacity)
    }

    fn take(&self, ip: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        self.with(ip, |b, rate, cap| b.take(now, rate, cap))
    }

    /// `Err(seconds)` when the client's bucket is empty; takes nothing.
    fn peek(&self, ip: IpAddr) -> Result<(), u64> {
        self.with(ip, |b, rate, _| {
            if b.tokens >= 1.0 {
                Ok(())
            } else {
                Err(b.wait(rate))
            }
        })
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.table.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The request rate limit of the API.
pub struct RateLimiter {
    per_client: Option<ClientBuckets>,
    global: Option<(f64, f64)>,
    global_bucket: Mutex<Bucket>,
}

impl RateLimiter {
    pub fn new(config: &RateLimitConfig) -> RateLimiter {
        Self::with_capacity(config, MAX_CLIENTS)
    }

    fn with_capacity(config: &RateLimitConfig, max_clients: usize) -> RateLimiter {
        let per_client = (config.per_minute > 0)
            .then(|| ClientBuckets::new(config.per_minute, config.burst, max_clients));
        let global = (config.global_per_second > 0).then(|| {
            (
                f64::from(config.global_per_second),
                f64::from(config.global_per_second.max(1)),
            )
        });
        RateLimiter {
            per_client,
            global,
            global_bucket: Mutex::new(Bucket {
                tokens: global.map(|g| g.1).unwrap_or(0.0),
                last: Instant::now(),
            }),
        }
    }

    /// `Err(retry_after_seconds)` when this client (or everyone) is over the limit.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), u64> {
        if let (Some(buckets), Some(ip)) = (&self.per_client, client) {
            buckets.take(ip)?;
        }
        if let Some((rate, capacity)) = self.global {
            let mut bucket = self.global_bucket.lock().unwrap_or_else(|p| p.into_inner());
            bucket.take(Instant::now(), rate, capacity)?;
        }
        Ok(())
    }
}

/// Wrong admin tokens per client: a client that has spent its bucket is refused (429) before its
/// token is even compared, whichever way it presents the token.
pub struct AuthFailures {
    buckets: ClientBuckets,
}

impl AuthFailures {
    pub fn new(config: &RateLimitConfig) -> AuthFailures {
        AuthFailures {
            buckets: ClientBuckets::new(
                config.login_failures_per_minute.max(1),
                config.login_failures_burst,
                MAX_CLIENTS,
            ),
        }
    }

    /// `Err(retry_after_seconds)` when the client has failed too often lately. A request without
    /// a known client address (never the case over TCP) counts as one shared client.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), u64> {
        self.buckets
            .peek(client.unwrap_or(IpAddr::from([0, 0, 0, 0])))
    }

    /// Records one wrong token.
    pub fn failed(&self, client: Option<IpAddr>) {
        let _ = self
            .buckets
            .take(client.unwrap_or(IpAddr::from([0, 0, 0, 0])));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(per_minute: u32, burst: u32) -> RateLimitConfig {
        RateLimitConfig {
            per_minute,
            burst,
            ..RateLimitConfig::default()
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn burst_then_refusal_with_retry_after() {
        let limiter = RateLimiter::new(&config(60, 3));
        let a = ip("192.0.2.1");
        for _ in 0..3 {
            assert!(limiter.check(Some(a)).is_ok());
        }
        assert_eq!(limiter.check(Some(a)), Err(1));
        assert!(
            limiter.check(Some(ip("192.0.2.2"))).is_ok(),
            "another client has its own bucket"
        );
    }

    #[test]
    fn ipv6_clients_are_limited_per_64() {
        let limiter = RateLimiter::new(&config(60, 3));
        for i in 0..3 {
            assert!(limiter
                .check(Some(ip(&format!("2001:db8:1:2::{:x}", i + 1))))
                .is_ok());
        }
        assert!(
            limiter.check(Some(ip("2001:db8:1:2:ffff::9"))).is_err(),
            "a fresh address in the same /64 is the same client"
        );
        assert!(
            limiter.check(Some(ip("2001:db8:1:3::1"))).is_ok(),
            "the next /64 is another client"
        );
        assert_eq!(
            ClientNet::of(ip("::ffff:192.0.2.7")),
            ClientNet::of(ip("192.0.2.7")),
            "an IPv4-mapped address is its IPv4 address"
        );
    }

    #[test]
    fn a_full_table_forgets_the_least_recently_seen_client_only() {
        let limiter = RateLimiter::with_capacity(&config(60, 2), 100);
        let busy = ip("198.51.100.1");
        assert!(limiter.check(Some(busy)).is_ok());
        assert!(limiter.check(Some(busy)).is_ok());
        assert!(limiter.check(Some(busy)).is_err());
        // Many fresh clients, the busy one keeps trying in between: it is never forgotten.
        for i in 0..1000u32 {
            let other = IpAddr::from((0x0a00_0000u32 + i).to_be_bytes());
            assert!(limiter.check(Some(other)).is_ok());
            if i % 50 == 0 {
                assert!(
                    limiter.check(Some(busy)).is_err(),
                    "the busy client was reset after {i} others"
                );
            }
        }
        let tracked = limiter.per_client.as_ref().map(ClientBuckets::tracked);
        assert_eq!(tracked, Some(100), "the table stays at its capacity");
    }

    #[test]
    fn auth_failures_block_after_the_burst_and_only_that_client() {
        let failures = AuthFailures::new(&RateLimitConfig {
            login_failures_per_minute: 10,
            login_failures_burst: 5,
            ..RateLimitConfig::default()
        });
        let a = Some(ip("2001:db8::1"));
        for _ in 0..5 {
            assert!(failures.check(a).is_ok());
            failures.failed(a);
        }
        assert!(failures.check(Some(ip("2001:db8::2"))).is_err(), "same /64");
        assert!(failures.check(Some(ip("192.0.2.1"))).is_ok());
    }
}
