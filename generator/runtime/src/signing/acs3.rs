//! Alibaba Cloud signature V3, ACS3-HMAC-SHA256:
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n
//!                    CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//! ```
//!
//! The canonical query sorts the pairs by name and RFC 3986-escapes the
//! values (`a,b` is `a%2Cb`); the URI is the path as sent. The client signs
//! `host`, `content-type` and every `x-acs-*` header; a verifier takes the
//! list from `SignedHeaders`, as the gateway does.

use time::OffsetDateTime;

use super::{
    hmac_sha256_hex, rfc3986_escape, sha256_hex, signature_matches, ReceivedAuthorization,
    SignatureError, SignedParts,
};

pub const ACS3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// `x-acs-date`: `2024-04-18T02:37:27Z`.
const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// A computed signature and what it covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acs3Signature {
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl Acs3Signature {
    /// The `x-acs-date` value for `at`.
    pub fn date(at: OffsetDateTime) -> String {
        at.to_offset(time::UtcOffset::UTC)
            .format(DATE_FORMAT)
            .unwrap_or_default()
    }

    /// The headers the client signs: `host`, `content-type` and `x-acs-*`.
    pub fn headers_to_sign(parts: &SignedParts) -> Vec<String> {
        let mut names: Vec<String> = parts
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .filter(|n| n == "host" || n == "content-type" || n.starts_with("x-acs-"))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Signs `parts`, whose headers already carry everything to sign.
    pub fn sign(parts: &SignedParts, secret: &str) -> Result<Self, SignatureError> {
        let signed_headers = Self::headers_to_sign(parts);
        let string_to_sign = string_to_sign(parts, &signed_headers)?;
        Ok(Acs3Signature {
            signature: hmac_sha256_hex(secret.as_bytes(), &string_to_sign),
            signed_headers,
        })
    }

    /// The `Authorization` header value.
    pub fn authorization(&self, access_key_id: &str) -> String {
        format!(
            "{ACS3_ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={}",
            self.signed_headers.join(";"),
            self.signature
        )
    }

    /// Verifies a received request: the `Authorization` header, the
    /// signature under the secret `secret_of` gives for its access key, and
    /// an `x-acs-date` within `window` of `now`. Returns the access key id
    /// and the nonce, for the caller's replay check.
    pub fn verify(
        parts: &SignedParts,
        secret_of: impl Fn(&str) -> Option<String>,
        now: OffsetDateTime,
        window: time::Duration,
    ) -> Result<(String, String), SignatureError> {
        let incomplete = |m: String| SignatureError::new("IncompleteSignature", m);
        let received =
            ReceivedAuthorization::parse(parts, ACS3_ALGORITHM, "Credential", incomplete)?;
        received.require_signed(
            &[
                "host",
                "x-acs-date",
                "x-acs-signature-nonce",
                "x-acs-content-sha256",
            ],
            incomplete,
        )?;
        let date = parts.header("x-acs-date").unwrap_or_default();
        let sent = time::PrimitiveDateTime::parse(&date, DATE_FORMAT)
            .map_err(|_| {
                SignatureError::new(
                    "InvalidTimeStamp.Format",
                    format!("x-acs-date {date:?} is not yyyy-MM-ddTHH:mm:ssZ"),
                )
            })?
            .assume_utc();
        if (now - sent).abs() > window {
            return Err(SignatureError::new(
                "InvalidTimeStamp.Expired",
                format!(
                    "x-acs-date {date} is more than {} minutes from the server's clock",
                    window.whole_minutes()
                ),
            ));
        }
        if parts.header("x-acs-content-sha256").as_deref() != Some(&sha256_hex(parts.body)) {
            return Err(SignatureError::new(
                "SignatureDoesNotMatch",
                "x-acs-content-sha256 does not match the body",
            ));
        }
        let secret = secret_of(&received.key).ok_or_else(|| {
            SignatureError::new(
                "InvalidAccessKeyId.NotFound",
                "the AccessKey ID does not exist",
            )
        })?;
        let string_to_sign = string_to_sign(parts, &received.signed_headers)?;
        if !signature_matches(secret.as_bytes(), &string_to_sign, &received.signature) {
            return Err(SignatureError::new(
                "SignatureDoesNotMatch",
                "the request signature does not conform to Alibaba Cloud standards",
            ));
        }
        let nonce = parts.header("x-acs-signature-nonce").unwrap_or_default();
        Ok((received.key, nonce))
    }
}

fn string_to_sign(
    parts: &SignedParts,
    signed_headers: &[String],
) -> Result<String, SignatureError> {
    let canonical = canonical_request(parts, signed_headers)?;
    Ok(format!(
        "{ACS3_ALGORITHM}\n{}",
        sha256_hex(canonical.as_bytes())
    ))
}

/// The canonical request, as the signature covers it.
pub fn canonical_request(
    parts: &SignedParts,
    signed_headers: &[String],
) -> Result<String, SignatureError> {
    let uri = if parts.path.is_empty() {
        "/"
    } else {
        parts.path
    };
    // Names stay as they are (the SDKs escape only values); sorted raw.
    let mut query: Vec<&(String, String)> = parts.query.iter().collect();
    query.sort();
    let query: Vec<String> = query
        .into_iter()
        .map(|(k, v)| format!("{k}={}", rfc3986_escape(v)))
        .collect();
    let headers = parts.canonical_headers(signed_headers).map_err(|name| {
        SignatureError::new(
            "IncompleteSignature",
            format!("the signed header {name} is missing"),
        )
    })?;
    let payload = parts
        .header("x-acs-content-sha256")
        .unwrap_or_else(|| sha256_hex(parts.body));
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

    fn parts(body: &'static [u8]) -> SignedParts<'static> {
        SignedParts {
            method: "DELETE",
            path: "/api/v1/workspaces/ws-1/resources",
            query: vec![
                ("ResourceIds".into(), "a,b".into()),
                ("GroupName".into(), "g".into()),
            ],
            headers: vec![
                ("host".into(), "aiworkspace.cn-hangzhou.aliyuncs.com".into()),
                ("x-acs-action".into(), "DeleteWorkspaceResource".into()),
                ("x-acs-version".into(), "2021-02-04".into()),
                ("x-acs-date".into(), "2026-12-01T10:00:00Z".into()),
                ("x-acs-signature-nonce".into(), "n-1".into()),
                ("x-acs-content-sha256".into(), sha256_hex(body)),
                ("accept".into(), "application/json".into()),
            ],
            body,
        }
    }

    #[test]
    fn the_canonical_request_escapes_values_and_sorts() {
        let p = parts(b"");
        let signed = Acs3Signature::headers_to_sign(&p);
        assert_eq!(
            signed.join(";"),
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
        let canonical = canonical_request(&p, &signed).unwrap();
        let lines: Vec<&str> = canonical.lines().collect();
        assert_eq!(lines[0], "DELETE");
        assert_eq!(lines[2], "GroupName=g&ResourceIds=a%2Cb");
        assert_eq!(lines[3], "host:aiworkspace.cn-hangzhou.aliyuncs.com");
    }

    #[test]
    fn a_signature_verifies_and_a_wrong_one_does_not() {
        let mut p = parts(b"{}");
        let signature = Acs3Signature::sign(&p, "secret").unwrap();
        p.headers
            .push(("Authorization".into(), signature.authorization("AK")));
        let now = time::macros::datetime!(2026-12-01 10:05:00 UTC);
        let window = time::Duration::minutes(15);
        let secret = |ak: &str| (ak == "AK").then(|| "secret".to_string());
        assert_eq!(
            Acs3Signature::verify(&p, secret, now, window).unwrap(),
            ("AK".to_string(), "n-1".to_string())
        );
        let wrong = |_: &str| Some("other".to_string());
        assert_eq!(
            Acs3Signature::verify(&p, wrong, now, window)
                .unwrap_err()
                .code,
            "SignatureDoesNotMatch"
        );
        let late = time::macros::datetime!(2026-12-01 10:16:00 UTC);
        assert_eq!(
            Acs3Signature::verify(&p, secret, late, window)
                .unwrap_err()
                .code,
            "InvalidTimeStamp.Expired"
        );
        let mut tampered = p.clone();
        tampered.query[1].1 = "other".into();
        assert_eq!(
            Acs3Signature::verify(&tampered, secret, now, window)
                .unwrap_err()
                .code,
            "SignatureDoesNotMatch"
        );
    }
}
