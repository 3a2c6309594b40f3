//! Huawei Cloud AK/SK signing, SDK-HMAC-SHA256:
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n
//!                    CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
//! StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(SK, StringToSign))
//! ```
//!
//! The canonical URI escapes each decoded path segment and always ends
//! with `/`; the query sorts pairs by name, then value, escaping both. The
//! payload hash is `X-Sdk-Content-Sha256` when present (`UNSIGNED-PAYLOAD`
//! for bodies that are not JSON).

use time::OffsetDateTime;

use super::{
    hmac_sha256_hex, rfc3986_escape, sha256_hex, signature_matches, ReceivedAuthorization,
    SignatureError, SignedParts,
};

pub const SDK_HMAC_ALGORITHM: &str = "SDK-HMAC-SHA256";

/// `X-Sdk-Date`: `20060102T150405Z`.
const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkHmacSignature {
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl SdkHmacSignature {
    /// The `X-Sdk-Date` value for `at`.
    pub fn date(at: OffsetDateTime) -> String {
        at.to_offset(time::UtcOffset::UTC)
            .format(DATE_FORMAT)
            .unwrap_or_default()
    }

    /// The headers the client signs: `host`, `content-type` and `x-*`
    /// (the date, project, security token and content hash). Names with
    /// `_` are never signed, as in the vendor's SDKs.
    pub fn headers_to_sign(parts: &SignedParts) -> Vec<String> {
        let mut names: Vec<String> = parts
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .filter(|n| !n.contains('_'))
            .filter(|n| n == "host" || n == "content-type" || n.starts_with("x-"))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Signs `parts`, whose headers already carry `X-Sdk-Date` and the rest.
    pub fn sign(parts: &SignedParts, sk: &str) -> Result<Self, SignatureError> {
        let signed_headers = Self::headers_to_sign(parts);
        let string_to_sign = string_to_sign(parts, &signed_headers)?;
        Ok(SdkHmacSignature {
            signature: hmac_sha256_hex(sk.as_bytes(), &string_to_sign),
            signed_headers,
        })
    }

    pub fn authorization(&self, ak: &str) -> String {
        format!(
            "{SDK_HMAC_ALGORITHM} Access={ak}, SignedHeaders={}, Signature={}",
            self.signed_headers.join(";"),
            self.signature
        )
    }

    /// Verifies a received request; returns the AK that signed it.
    pub fn verify(
        parts: &SignedParts,
        secret_of: impl Fn(&str) -> Option<String>,
        now: OffsetDateTime,
        window: time::Duration,
    ) -> Result<String, SignatureError> {
        // The API gateway answers every failure of AK/SK authentication with
        // APIGW.0301 (incorrect IAM authentication information).
        let refuse = |m: String| SignatureError::new("APIGW.0301", m);
        let received = ReceivedAuthorization::parse(parts, SDK_HMAC_ALGORITHM, "Access", refuse)?;
        received.require_signed(&["x-sdk-date"], refuse)?;
        let date = parts.header("x-sdk-date").unwrap_or_default();
        let sent = time::PrimitiveDateTime::parse(&date, DATE_FORMAT)
            .map_err(|_| refuse(format!("X-Sdk-Date {date:?} is not YYYYMMDDTHHMMSSZ")))?
            .assume_utc();
        if (now - sent).abs() > window {
            return Err(refuse(format!(
                "X-Sdk-Date {date} is more than {} minutes from the server's clock",
                window.whole_minutes()
            )));
        }
        let secret = secret_of(&received.key)
            .ok_or_else(|| refuse("the access key does not exist".into()))?;
        let string_to_sign = string_to_sign(parts, &received.signed_headers)?;
        if !signature_matches(secret.as_bytes(), &string_to_sign, &received.signature) {
            return Err(refuse("the request signature does not match".into()));
        }
        Ok(received.key)
    }
}

fn string_to_sign(
    parts: &SignedParts,
    signed_headers: &[String],
) -> Result<String, SignatureError> {
    let date = parts
        .header("x-sdk-date")
        .ok_or_else(|| SignatureError::new("APIGW.0301", "the X-Sdk-Date header is missing"))?;
    let canonical = canonical_request(parts, signed_headers)?;
    Ok(format!(
        "{SDK_HMAC_ALGORITHM}\n{date}\n{}",
        sha256_hex(canonical.as_bytes())
    ))
}

/// The canonical request, as the signature covers it.
pub fn canonical_request(
    parts: &SignedParts,
    signed_headers: &[String],
) -> Result<String, SignatureError> {
    let mut uri: String = parts
        .path
        .split('/')
        .map(|segment| {
            let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            rfc3986_escape(&decoded)
        })
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    // Sorted before escaping, as the SDKs sort the raw pairs.
    let mut query: Vec<&(String, String)> = parts.query.iter().collect();
    query.sort();
    let query: Vec<String> = query
        .into_iter()
        .map(|(k, v)| format!("{}={}", rfc3986_escape(k), rfc3986_escape(v)))
        .collect();
    let headers = parts.canonical_headers(signed_headers).map_err(|name| {
        SignatureError::new("APIGW.0301", format!("the signed header {name} is missing"))
    })?;
    let payload = if parts.body.is_empty() {
        sha256_hex(b"")
    } else {
        parts
            .header("x-sdk-content-sha256")
            .unwrap_or_else(|| sha256_hex(parts.body))
    };
    Ok(format!(
        "{}\n{uri}\n{}\n{headers}\n{}\n{payload}",
        parts.method.to_ascii_uppercase(),
        query.join("&"),
        signed_headers.join(";"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> SignedParts<'static> {
        SignedParts {
            method: "POST",
            path: "/v2/p1/desktop/delete-sub-resources",
            query: vec![
                ("b".into(), "2".into()),
                ("a".into(), "x y".into()),
                ("a".into(), "1".into()),
            ],
            headers: vec![
                (
                    "Host".into(),
                    "workspace.cn-north-4.myhuaweicloud.com".into(),
                ),
                ("Content-Type".into(), "application/json".into()),
                ("X-Sdk-Date".into(), "20261201T100000Z".into()),
                ("X-Project-Id".into(), "p1".into()),
                ("User-Agent".into(), "test".into()),
                ("x_custom".into(), "never signed".into()),
            ],
            body: b"{\"desktop_ids\":[\"d\"]}",
        }
    }

    #[test]
    fn the_canonical_uri_ends_with_a_slash_and_the_query_sorts_by_value() {
        let p = parts();
        let signed = SdkHmacSignature::headers_to_sign(&p);
        assert_eq!(
            signed.join(";"),
            "content-type;host;x-project-id;x-sdk-date"
        );
        let canonical = canonical_request(&p, &signed).unwrap();
        let lines: Vec<&str> = canonical.lines().collect();
        assert_eq!(lines[1], "/v2/p1/desktop/delete-sub-resources/");
        assert_eq!(lines[2], "a=1&a=x%20y&b=2");
    }

    #[test]
    fn a_signature_verifies_and_a_stale_or_wrong_one_does_not() {
        let mut p = parts();
        let signature = SdkHmacSignature::sign(&p, "sk").unwrap();
        p.headers
            .push(("Authorization".into(), signature.authorization("AK")));
        let now = time::macros::datetime!(2026-12-01 10:14:00 UTC);
        let window = time::Duration::minutes(15);
        let secret = |ak: &str| (ak == "AK").then(|| "sk".to_string());
        assert_eq!(
            SdkHmacSignature::verify(&p, secret, now, window).unwrap(),
            "AK"
        );
        let wrong = |_: &str| Some("nope".to_string());
        assert_eq!(
            SdkHmacSignature::verify(&p, wrong, now, window)
                .unwrap_err()
                .code,
            "APIGW.0301"
        );
        let stale = time::macros::datetime!(2026-12-01 09:40:00 UTC);
        assert!(SdkHmacSignature::verify(&p, secret, stale, window).is_err());
    }
}
