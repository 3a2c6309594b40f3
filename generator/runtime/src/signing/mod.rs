//! Request signing as the vendors define it: Alibaba Cloud's signature V3
//! (ACS3-HMAC-SHA256) and Huawei Cloud's AK/SK signing (SDK-HMAC-SHA256).
//!
//! Both are computed over a [`SignedParts`] view of the final request (the
//! method, the path as sent, the decoded query pairs, the headers and the
//! exact body bytes), so the client signs what it sends and the server
//! verifies what it received with the same code. The primitives come from
//! `hmac`, `sha2` and `hex`; nothing cryptographic is written here.

mod acs3;
mod credentials;
mod sdk_hmac;

pub use acs3::{Acs3Signature, ACS3_ALGORITHM};
pub use credentials::{AlibabaCredentials, HuaweiCredentials, MissingCredential, Secret};
pub use sdk_hmac::{SdkHmacSignature, SDK_HMAC_ALGORITHM};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// What a signature covers, taken from a request as it goes on the wire.
#[derive(Clone, Debug, Default)]
pub struct SignedParts<'a> {
    pub method: &'a str,
    /// The path as sent: percent-encoded, without the query.
    pub path: &'a str,
    /// The query as `(name, value)` pairs, percent-decoded, in any order.
    pub query: Vec<(String, String)>,
    /// Header names (any case) and values; a name may repeat.
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl<'a> SignedParts<'a> {
    /// The parts of a raw query string (`a=1&b=x%2Cy`).
    pub fn decode_query(query: Option<&str>) -> Vec<(String, String)> {
        query
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The trimmed values of header `name`, joined by `,` as both vendors'
    /// canonical forms do for repeated headers.
    fn header(&self, name: &str) -> Option<String> {
        let mut values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        Some(values.join(","))
    }

    /// `name:value\n` for each of `signed` (lowercase, sorted), or the
    /// first signed header the request does not carry.
    fn canonical_headers(&self, signed: &[String]) -> Result<String, String> {
        let mut out = String::new();
        for name in signed {
            let value = self.header(name).ok_or_else(|| name.clone())?;
            out.push_str(name);
            out.push(':');
            out.push_str(&value);
            out.push('\n');
        }
        Ok(out)
    }
}

/// RFC 3986 escaping as both vendors' SDKs do it: everything but
/// `A-Z a-z 0-9 - _ . ~` is percent-encoded, so `,` is `%2C` and a space
/// `%20`.
pub fn rfc3986_escape(text: &str) -> String {
    const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac_sha256_hex(key: &[u8], message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Compares a received hex signature with the expected one in constant time.
fn signature_matches(key: &[u8], message: &str, received_hex: &str) -> bool {
    let Ok(received) = hex::decode(received_hex) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    mac.verify_slice(&received).is_ok()
}

/// Why a received signature was refused. `code` is the vendor's error code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureError {
    pub code: &'static str,
    pub message: String,
}

impl SignatureError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        SignatureError {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for SignatureError {}

/// What a received `Authorization` header says: who signed, which
/// headers the signature covers, and the signature.
pub(crate) struct ReceivedAuthorization {
    pub key: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl ReceivedAuthorization {
    /// Parses `ALGORITHM KeyName=..., SignedHeaders=a;b, Signature=hex`
    /// (the parameters separated by `,` with optional spaces, as both
    /// vendors write them). `refuse` words the error in the vendor's code.
    pub(crate) fn parse(
        parts: &SignedParts,
        algorithm: &str,
        key_name: &str,
        refuse: impl Fn(String) -> SignatureError,
    ) -> Result<Self, SignatureError> {
        let header = parts
            .header("authorization")
            .ok_or_else(|| refuse("the Authorization header is missing".into()))?;
        let params = header
            .strip_prefix(algorithm)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or_else(|| refuse(format!("the Authorization header is not {algorithm}")))?;
        let params: Vec<(&str, &str)> = params
            .split(',')
            .filter_map(|pair| pair.trim().split_once('='))
            .collect();
        let get = |key: &str| params.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let (Some(key), Some(signed), Some(signature)) =
            (get(key_name), get("SignedHeaders"), get("Signature"))
        else {
            return Err(refuse(format!(
                "the Authorization header needs {key_name}, SignedHeaders and Signature"
            )));
        };
        Ok(ReceivedAuthorization {
            key: key.to_string(),
            signed_headers: signed
                .split(';')
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect(),
            signature: signature.to_string(),
        })
    }

    /// Refuses a signature that leaves out one of `required`.
    pub(crate) fn require_signed(
        &self,
        required: &[&str],
        refuse: impl Fn(String) -> SignatureError,
    ) -> Result<(), SignatureError> {
        match required
            .iter()
            .find(|name| !self.signed_headers.iter().any(|n| n == *name))
        {
            Some(name) => Err(refuse(format!("the header {name} is not signed"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_the_vendors() {
        assert_eq!(rfc3986_escape("a,b c*~+/"), "a%2Cb%20c%2A~%2B%2F");
        assert_eq!(rfc3986_escape("工"), "%E5%B7%A5");
    }

    #[test]
    fn the_empty_body_hash_is_the_known_constant() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn repeated_headers_join_sorted() {
        let parts = SignedParts {
            headers: vec![("X-A".into(), " 2 ".into()), ("x-a".into(), "1".into())],
            ..Default::default()
        };
        assert_eq!(parts.header("x-a").as_deref(), Some("1,2"));
    }
}
