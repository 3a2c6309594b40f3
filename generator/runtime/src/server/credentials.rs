//! Checking the credentials a request carries: listed values (for tokens
//! and keys), or request signatures verified against a key store, with the
//! vendors' date window and nonce rules and error codes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::request::Parts;
use axum::http::StatusCode;

use super::{Rejection, RequestContext};
use crate::signing::{
    Acs3Signature, AlibabaCredentials, HuaweiCredentials, SdkHmacSignature, SignatureError,
    SignedParts, ACS3_ALGORITHM, SDK_HMAC_ALGORITHM,
};

/// Which credentials a server accepts: any (the default, for a mock),
/// only the values given, and/or signatures that verify.
#[derive(Clone, Debug, Default)]
pub struct AcceptedCredentials {
    values: Option<Arc<Vec<String>>>,
    verifier: Option<Arc<SignatureVerifier>>,
}

impl AcceptedCredentials {
    pub fn any() -> Self {
        Self::default()
    }

    /// Only these values, wherever the spec puts the credential (header,
    /// query or cookie), so a test can prove an operation refuses others.
    pub fn only(values: Vec<String>) -> Self {
        AcceptedCredentials {
            values: Some(Arc::new(values)),
            verifier: None,
        }
    }

    /// Signatures (ACS3-HMAC-SHA256, SDK-HMAC-SHA256) must verify; a token
    /// is accepted only if it is among `values` as well.
    pub fn verifying(mut self, verifier: SignatureVerifier) -> Self {
        self.values.get_or_insert_with(Default::default);
        self.verifier = Some(Arc::new(verifier));
        self
    }

    /// Checks `request`. `locations` are where the operation's credentials
    /// travel; `signatures` the algorithms its spec names.
    pub fn check(
        &self,
        request: &RequestContext,
        locations: &[(&str, &str)],
        signatures: &[&str],
    ) -> Result<(), Rejection> {
        if let Some(verifier) = &self.verifier {
            let authorization = request
                .parts
                .headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if let Some(algorithm) = signatures
                .iter()
                .find(|a| authorization.starts_with(&format!("{a} ")))
            {
                return verifier.verify(algorithm, request);
            }
        }
        let Some(values) = &self.values else {
            return Ok(());
        };
        if presented(&request.parts, locations).any(|value| values.contains(&value)) {
            return Ok(());
        }
        Err(match signatures.first() {
            // 401 rather than the gateway's 400: no signature was checked,
            // only the value compared with the listed ones.
            Some(&ACS3_ALGORITHM) => Rejection::new(
                StatusCode::UNAUTHORIZED,
                "IncompleteSignature",
                "the request carries no valid ACS3-HMAC-SHA256 signature",
            ),
            Some(&SDK_HMAC_ALGORITHM) => Rejection::new(
                StatusCode::UNAUTHORIZED,
                "APIGW.0301",
                "Incorrect IAM authentication information",
            ),
            _ => Rejection::new(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "the credentials are not valid",
            ),
        })
    }
}

/// The credential values a request presents at `locations`.
fn presented<'a>(
    parts: &'a Parts,
    locations: &'a [(&'a str, &'a str)],
) -> impl Iterator<Item = String> + 'a {
    locations.iter().flat_map(move |(location, name)| {
        let found: Vec<String> = match *location {
            "header" => parts
                .headers
                .get_all(*name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_string)
                .collect(),
            "query" => SignedParts::decode_query(parts.uri.query())
                .into_iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v)
                .collect(),
            "cookie" => parts
                .headers
                .get_all(axum::http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| cookie::Cookie::split_parse_encoded(v.to_string()))
                .filter_map(Result::ok)
                .filter(|c| c.name() == *name)
                .map(|c| c.value().to_string())
                .collect(),
            _ => Vec::new(),
        };
        found
    })
}

/// Verifies request signatures against a key store (access key to
/// secret): the date must be within the window (15 minutes by default,
/// as both vendors require) and an Alibaba nonce may not be used twice.
pub struct SignatureVerifier {
    keys: HashMap<String, String>,
    window: time::Duration,
    /// Nonces seen within the window, with when they expire.
    nonces: Mutex<HashMap<String, time::OffsetDateTime>>,
}

impl std::fmt::Debug for SignatureVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The access key ids only: never a secret.
        let mut ids: Vec<&String> = self.keys.keys().collect();
        ids.sort();
        f.debug_struct("SignatureVerifier")
            .field("access_keys", &ids)
            .field("window", &self.window)
            .finish()
    }
}

/// At most this many nonces are remembered; past it the oldest go first.
const MAX_NONCES: usize = 100_000;

impl Default for SignatureVerifier {
    fn default() -> Self {
        SignatureVerifier {
            keys: HashMap::new(),
            window: time::Duration::minutes(15),
            nonces: Mutex::new(HashMap::new()),
        }
    }
}

impl SignatureVerifier {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_key(mut self, access_key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.keys.insert(access_key.into(), secret.into());
        self
    }

    pub fn with_window(mut self, window: std::time::Duration) -> Self {
        self.window = time::Duration::try_from(window).unwrap_or(time::Duration::MAX);
        self
    }

    /// The key pairs in the vendors' environment variables (Alibaba's and
    /// Huawei's, each when set); `None` when neither is.
    pub fn from_env() -> Option<Self> {
        let mut verifier = Self::new();
        if let Ok(alibaba) = AlibabaCredentials::from_env() {
            verifier = verifier.with_key(
                alibaba.access_key_id,
                alibaba.access_key_secret.expose().to_string(),
            );
        }
        if let Ok(huawei) = HuaweiCredentials::from_env() {
            verifier = verifier.with_key(huawei.ak, huawei.sk.expose().to_string());
        }
        (!verifier.keys.is_empty()).then_some(verifier)
    }

    fn verify(&self, algorithm: &str, request: &RequestContext) -> Result<(), Rejection> {
        let parts = SignedParts {
            method: request.parts.method.as_str(),
            path: request.parts.uri.path(),
            query: SignedParts::decode_query(request.parts.uri.query()),
            headers: request
                .parts
                .headers
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
                .collect(),
            body: &request.body,
        };
        let now = time::OffsetDateTime::now_utc();
        let secret_of = |key: &str| self.keys.get(key).cloned();
        let result = match algorithm {
            ACS3_ALGORITHM => Acs3Signature::verify(&parts, secret_of, now, self.window)
                .and_then(|(_, nonce)| self.first_use(&nonce, now)),
            _ => SdkHmacSignature::verify(&parts, secret_of, now, self.window).map(|_| ()),
        };
        result.map_err(|err| {
            let status = match err.code {
                "APIGW.0301" => StatusCode::UNAUTHORIZED,
                "InvalidAccessKeyId.NotFound" => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            };
            Rejection::new(status, err.code, err.message)
        })
    }

    /// Records `nonce`, refusing one seen within the window.
    fn first_use(&self, nonce: &str, now: time::OffsetDateTime) -> Result<(), SignatureError> {
        let mut nonces = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        nonces.retain(|_, expires| *expires > now);
        if nonces.contains_key(nonce) {
            return Err(SignatureError {
                code: "SignatureNonceUsed",
                message: format!("the nonce {nonce} has been used"),
            });
        }
        if nonces.len() >= MAX_NONCES {
            if let Some(oldest) = nonces
                .iter()
                .min_by_key(|(_, e)| **e)
                .map(|(n, _)| n.clone())
            {
                nonces.remove(&oldest);
            }
        }
        nonces.insert(nonce.to_string(), now + self.window);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = axum::http::Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn listed_values_are_found_in_every_location() {
        let accepted = AcceptedCredentials::only(vec!["k 1".into()]);
        let context = |parts| RequestContext {
            operation: "op",
            parts,
            body: Default::default(),
        };
        for (parts, locations) in [
            (parts("/?api_key=k%201", &[]), [("query", "api_key")]),
            (
                parts("/", &[("cookie", "a=b; session=k%201")]),
                [("cookie", "session")],
            ),
            (parts("/", &[("x-key", "k 1")]), [("header", "x-key")]),
        ] {
            assert!(accepted.check(&context(parts), &locations, &[]).is_ok());
        }
        let wrong = context(parts("/?api_key=other", &[]));
        let refused = accepted
            .check(&wrong, &[("query", "api_key")], &[])
            .unwrap_err();
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    }
}
