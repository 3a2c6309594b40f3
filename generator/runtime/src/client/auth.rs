//! Credentials on the final request, in the way the operation's security
//! schemes ask for: an Alibaba ACS3 signature, a Huawei AK/SK signature,
//! or a token or key where the spec says it travels.

use time::OffsetDateTime;

use crate::signing::{
    sha256_hex, Acs3Signature, AlibabaCredentials, HuaweiCredentials, SdkHmacSignature, Secret,
    SignedParts,
};

use super::Error;

/// Where an `apiKey` scheme's key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One security scheme of an operation, as the generator read it from the
/// spec (`securitySchemes` and their `x-signature-algorithm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Alibaba Cloud signature V3 for `action` of API `version`.
    Acs3 {
        action: &'static str,
        version: &'static str,
    },
    /// Huawei Cloud AK/SK signing.
    SdkHmac,
    /// A key or token in a header, query parameter or cookie.
    ApiKey {
        location: KeyLocation,
        name: &'static str,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
}

/// The credentials a client sends with.
#[derive(Clone, Debug)]
pub enum Credentials {
    Alibaba(AlibabaCredentials),
    Huawei(HuaweiCredentials),
    /// A token or key for an `apiKey` or bearer scheme, such as a Huawei
    /// IAM token (`X-Auth-Token`).
    Token(Secret),
}

impl From<AlibabaCredentials> for Credentials {
    fn from(value: AlibabaCredentials) -> Self {
        Credentials::Alibaba(value)
    }
}

impl From<HuaweiCredentials> for Credentials {
    fn from(value: HuaweiCredentials) -> Self {
        Credentials::Huawei(value)
    }
}

impl Credentials {
    /// A token or key for an `apiKey` or bearer scheme.
    pub fn token(value: impl Into<Secret>) -> Self {
        Credentials::Token(value.into())
    }

    fn serves(&self, scheme: &Scheme) -> bool {
        matches!(
            (self, scheme),
            (Credentials::Alibaba(_), Scheme::Acs3 { .. })
                | (Credentials::Huawei(_), Scheme::SdkHmac)
                | (
                    Credentials::Token(_),
                    Scheme::ApiKey { .. } | Scheme::Bearer
                )
        )
    }

    /// The project these credentials act in, when they name one.
    pub fn project_id(&self) -> Option<&str> {
        match self {
            Credentials::Huawei(c) => c.project_id.as_deref(),
            _ => None,
        }
    }
}

/// Applies `credentials` to `request` for the first security alternative
/// they can serve. An operation none of whose alternatives they serve is
/// an error naming the schemes; one without security is sent as it is.
pub(crate) fn authenticate(
    request: &mut reqwest::Request,
    security: &[&[Scheme]],
    credentials: &Credentials,
    now: OffsetDateTime,
) -> Result<(), Error> {
    if security.is_empty() || security.iter().any(|alt| alt.is_empty()) {
        return Ok(());
    }
    let Some(alternative) = security
        .iter()
        .find(|alt| alt.iter().all(|s| credentials.serves(s)))
    else {
        return Err(Error::Credentials(format!(
            "the operation accepts {security:?}; the client's credentials serve none of them"
        )));
    };
    for scheme in alternative.iter() {
        match (scheme, credentials) {
            (Scheme::Acs3 { action, version }, Credentials::Alibaba(c)) => {
                sign_acs3(request, c, action, version, now)?
            }
            (Scheme::SdkHmac, Credentials::Huawei(c)) => sign_sdk_hmac(request, c, now)?,
            (Scheme::ApiKey { location, name }, Credentials::Token(token)) => {
                put_key(request, *location, name, token)?
            }
            (Scheme::Bearer, Credentials::Token(token)) => insert(
                request,
                "authorization",
                &format!("Bearer {}", token.expose()),
            )?,
            _ => unreachable!("the alternative was chosen because the credentials serve it"),
        }
    }
    Ok(())
}

fn insert(request: &mut reqwest::Request, name: &'static str, value: &str) -> Result<(), Error> {
    let value = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| Error::invalid(format!("header {name}: not a valid header value")))?;
    request.headers_mut().insert(name, value);
    Ok(())
}

/// The request as its signature sees it.
fn signed_parts(request: &reqwest::Request) -> SignedParts<'_> {
    SignedParts {
        method: request.method().as_str(),
        path: request.url().path(),
        query: SignedParts::decode_query(request.url().query()),
        headers: request
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect(),
        body: request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default(),
    }
}

fn sign_acs3(
    request: &mut reqwest::Request,
    credentials: &AlibabaCredentials,
    action: &str,
    version: &str,
    now: OffsetDateTime,
) -> Result<(), Error> {
    let body_hash = sha256_hex(
        request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default(),
    );
    insert(request, "x-acs-action", action)?;
    insert(request, "x-acs-version", version)?;
    insert(request, "x-acs-date", &Acs3Signature::date(now))?;
    insert(
        request,
        "x-acs-signature-nonce",
        &uuid::Uuid::new_v4().simple().to_string(),
    )?;
    insert(request, "x-acs-content-sha256", &body_hash)?;
    if let Some(token) = &credentials.security_token {
        insert(request, "x-acs-accesskey-id", &credentials.access_key_id)?;
        insert(request, "x-acs-security-token", token.expose())?;
    }
    let signature = Acs3Signature::sign(
        &signed_parts(request),
        credentials.access_key_secret.expose(),
    )
    .map_err(|err| Error::invalid(err.message))?;
    insert(
        request,
        "authorization",
        &signature.authorization(&credentials.access_key_id),
    )
}

fn sign_sdk_hmac(
    request: &mut reqwest::Request,
    credentials: &HuaweiCredentials,
    now: OffsetDateTime,
) -> Result<(), Error> {
    insert(request, "x-sdk-date", &SdkHmacSignature::date(now))?;
    if let Some(project) = &credentials.project_id {
        insert(request, "x-project-id", project)?;
    }
    if let Some(token) = &credentials.security_token {
        insert(request, "x-security-token", token.expose())?;
    }
    // As the SDKs do: bodies that are not JSON are not hashed.
    let content_type = request
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.is_empty()
        && !content_type.starts_with("application/json")
        && !content_type.starts_with("application/bson")
    {
        insert(request, "x-sdk-content-sha256", "UNSIGNED-PAYLOAD")?;
    }
    let signature = SdkHmacSignature::sign(&signed_parts(request), credentials.sk.expose())
        .map_err(|err| Error::invalid(err.message))?;
    insert(
        request,
        "authorization",
        &signature.authorization(&credentials.ak),
    )
}

fn put_key(
    request: &mut reqwest::Request,
    location: KeyLocation,
    name: &'static str,
    token: &Secret,
) -> Result<(), Error> {
    match location {
        KeyLocation::Header => {
            let value = reqwest::header::HeaderValue::from_str(token.expose())
                .map_err(|_| Error::invalid("the token is not a valid header value"))?;
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(format!("{name:?} is not a valid header name")))?;
            request.headers_mut().insert(name, value);
        }
        KeyLocation::Query => {
            request
                .url_mut()
                .query_pairs_mut()
                .append_pair(name, token.expose());
        }
        KeyLocation::Cookie => {
            let pair = format!("{name}={}", crate::params::encode_component(token.expose()));
            let cookie = match request.headers().get(reqwest::header::COOKIE) {
                Some(existing) => format!("{}; {pair}", existing.to_str().unwrap_or_default()),
                None => pair,
            };
            insert(request, "cookie", &cookie)?;
        }
    }
    Ok(())
}
