//! When a call is tried again, and how long it waits first.
//!
//! Retried: connection failures (the request never reached the server),
//! 429, 502, 503 and 504, and the vendors' throttling signals (an Alibaba
//! `Throttling*` error code, `x-acs-retry-after`, `Retry-After`). By
//! default a request that may have reached the server is retried only when
//! its method is idempotent, or when the server said it throttled the
//! request (it did not act on it). Waits grow exponentially with full
//! jitter, a server's `Retry-After` is honoured, and no wait passes the
//! overall deadline.

use std::time::Duration;

/// How a client retries. `RetryPolicy::default()` makes up to 3 attempts
/// within 60 seconds.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The wait before the second attempt, doubled for each one after.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// No attempt starts, and no wait ends, later than this after the call began.
    pub deadline: Duration,
    /// Retry non-idempotent requests (POST, PATCH) that reached the server
    /// too. Off by default: a retried POST may create a thing twice.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before attempt `attempt + 1`: exponential, with full jitter.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The request never reached the server.
    NotSent,
    /// The server refused it without acting on it (throttling).
    Throttled,
    /// The server may have acted on it, and failed or timed out.
    MaybeActed,
    /// Final: a success or an error that another attempt will not change.
    Final,
}

impl Outcome {
    pub(crate) fn of_status(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
    ) -> Self {
        if status == 429 || headers.contains_key("x-acs-retry-after") || is_throttling_code(body) {
            Outcome::Throttled
        } else if matches!(status, 502..=504) {
            Outcome::MaybeActed
        } else {
            Outcome::Final
        }
    }

    pub(crate) fn may_retry(self, policy: &RetryPolicy, idempotent: bool) -> bool {
        match self {
            Outcome::NotSent | Outcome::Throttled => true,
            Outcome::MaybeActed => idempotent || policy.retry_non_idempotent,
            Outcome::Final => false,
        }
    }
}

/// Alibaba's throttling errors: `Throttling`, `Throttling.User`, ...
fn is_throttling_code(body: &[u8]) -> bool {
    if body.len() > 64 * 1024 || !body.starts_with(b"{") {
        return false;
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    ["Code", "code"].iter().any(|key| {
        value
            .get(key)
            .and_then(|c| c.as_str())
            .is_some_and(|c| c.starts_with("Throttling"))
    })
}

/// How long the server asks to wait: `x-acs-retry-after` (milliseconds),
/// or `Retry-After` in seconds or as an HTTP date.
pub(crate) fn server_delay(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = text("x-acs-retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_millis(ms));
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value, format)
        .ok()?
        .assume_utc();
    let wait = at - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> reqwest::header::HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn statuses_and_throttling_signals_are_classified() {
        let none = headers(&[]);
        assert_eq!(Outcome::of_status(503, &none, b""), Outcome::MaybeActed);
        assert_eq!(Outcome::of_status(429, &none, b""), Outcome::Throttled);
        assert_eq!(
            Outcome::of_status(400, &none, br#"{"Code":"Throttling.User"}"#),
            Outcome::Throttled
        );
        assert_eq!(
            Outcome::of_status(400, &none, br#"{"Code":"InvalidParameter"}"#),
            Outcome::Final
        );
        assert_eq!(
            Outcome::of_status(200, &headers(&[("x-acs-retry-after", "5")]), b""),
            Outcome::Throttled
        );
        let policy = RetryPolicy::default();
        assert!(!Outcome::MaybeActed.may_retry(&policy, false));
        assert!(Outcome::MaybeActed.may_retry(&policy, true));
        assert!(Outcome::NotSent.may_retry(&policy, false));
    }

    #[test]
    fn server_delays_are_read_in_every_form() {
        assert_eq!(
            server_delay(&headers(&[("retry-after", "2")])),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            server_delay(&headers(&[("x-acs-retry-after", "150")])),
            Some(Duration::from_millis(150))
        );
        assert_eq!(
            server_delay(&headers(&[(
                "retry-after",
                "Wed, 21 Oct 2015 07:28:00 GMT"
            )])),
            Some(Duration::ZERO)
        );
        assert_eq!(server_delay(&headers(&[("retry-after", "soon")])), None);
    }

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let policy = RetryPolicy::default();
        for attempt in 1..20 {
            assert!(policy.backoff(attempt) <= policy.max_backoff);
        }
        assert!(policy.backoff(1) <= policy.initial_backoff);
    }
}
