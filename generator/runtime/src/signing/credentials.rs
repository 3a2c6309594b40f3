//! Credentials, given explicitly or read from the vendors' standard
//! environment variables. Secrets are held in [`Secret`], whose `Debug`
//! and `Display` never show the value.

use std::fmt;
use std::sync::Arc;

/// A secret value (an access key secret, a security token). It prints as
/// `Secret(***)`; the value is reached only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret itself, for signing. Never log what this returns.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

/// A credential the environment does not provide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingCredential {
    /// The variables that were looked for, each unset or empty.
    pub variables: Vec<&'static str>,
}

impl fmt::Display for MissingCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "missing credentials: set {} in the environment, or pass them explicitly",
            self.variables.join(" and ")
        )
    }
}

impl std::error::Error for MissingCredential {}

/// Reads `names` through `lookup`; every unset or empty one is reported.
fn required<const N: usize>(
    lookup: &impl Fn(&str) -> Option<String>,
    names: [&'static str; N],
) -> Result<[String; N], MissingCredential> {
    let values = names.map(|name| lookup(name).filter(|v| !v.is_empty()));
    let missing: Vec<&'static str> = names
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(MissingCredential { variables: missing });
    }
    Ok(values.map(|v| v.unwrap_or_default()))
}

fn optional(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name).filter(|v| !v.is_empty())
}

fn environment(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// An Alibaba Cloud AccessKey pair, with a security token for STS
/// credentials.
#[derive(Clone, Debug)]
pub struct AlibabaCredentials {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Option<Secret>,
}

impl AlibabaCredentials {
    pub const ACCESS_KEY_ID: &'static str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    pub const ACCESS_KEY_SECRET: &'static str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    pub const SECURITY_TOKEN: &'static str = "ALIBABA_CLOUD_SECURITY_TOKEN";

    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        AlibabaCredentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// STS credentials: the temporary key pair and its token.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// From `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
    /// and, when set, `ALIBABA_CLOUD_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, MissingCredential> {
        Self::from_lookup(environment)
    }

    /// As [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, MissingCredential> {
        let [id, secret] = required(&lookup, [Self::ACCESS_KEY_ID, Self::ACCESS_KEY_SECRET])?;
        Ok(AlibabaCredentials {
            access_key_id: id,
            access_key_secret: Secret::new(secret),
            security_token: optional(&lookup, Self::SECURITY_TOKEN).map(Secret::new),
        })
    }
}

/// A Huawei Cloud AK/SK pair for regional services, with the project it
/// acts in and a security token for temporary credentials.
#[derive(Clone, Debug)]
pub struct HuaweiCredentials {
    pub ak: String,
    pub sk: Secret,
    pub security_token: Option<Secret>,
    pub project_id: Option<String>,
}

impl HuaweiCredentials {
    pub const AK: &'static str = "HUAWEICLOUD_SDK_AK";
    pub const SK: &'static str = "HUAWEICLOUD_SDK_SK";
    pub const SECURITY_TOKEN: &'static str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    pub const PROJECT_ID: &'static str = "HUAWEICLOUD_SDK_PROJECT_ID";

    pub fn new(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        HuaweiCredentials {
            ak: ak.into(),
            sk: sk.into(),
            security_token: None,
            project_id: None,
        }
    }

    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Temporary AK/SK: the token that goes with them.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// From `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, and when set,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID`.
    pub fn from_env() -> Result<Self, MissingCredential> {
        Self::from_lookup(environment)
    }

    /// As [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, MissingCredential> {
        let [ak, sk] = required(&lookup, [Self::AK, Self::SK])?;
        Ok(HuaweiCredentials {
            ak,
            sk: Secret::new(sk),
            security_token: optional(&lookup, Self::SECURITY_TOKEN).map(Secret::new),
            project_id: optional(&lookup, Self::PROJECT_ID),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn secrets_never_print() {
        let alibaba = AlibabaCredentials::new("LTAIexample", "alibaba-secret-value")
            .with_security_token("sts-token-value");
        let huawei = HuaweiCredentials::new("AK", "huawei-secret-value")
            .with_security_token("huawei-token-value");
        for shown in [
            format!("{alibaba:?}"),
            format!("{huawei:?}"),
            format!("{}", alibaba.access_key_secret),
            format!("{:#?}", huawei.sk),
        ] {
            for secret in [
                "alibaba-secret-value",
                "sts-token-value",
                "huawei-secret-value",
                "huawei-token-value",
            ] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
        assert!(format!("{alibaba:?}").contains("LTAIexample"));
    }

    #[test]
    fn a_missing_credential_names_the_variables() {
        let err = AlibabaCredentials::from_lookup(env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")]))
            .unwrap_err();
        assert_eq!(err.variables, ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]);
        let err = HuaweiCredentials::from_lookup(env(&[("HUAWEICLOUD_SDK_AK", "")])).unwrap_err();
        assert_eq!(err.variables, ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"]);
        assert!(err
            .to_string()
            .contains("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"));
    }

    #[test]
    fn optional_variables_are_read_when_set() {
        let huawei = HuaweiCredentials::from_lookup(env(&[
            ("HUAWEICLOUD_SDK_AK", "ak"),
            ("HUAWEICLOUD_SDK_SK", "sk"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
        ]))
        .unwrap();
        assert_eq!(huawei.project_id.as_deref(), Some("p1"));
        assert!(huawei.security_token.is_none());
        let alibaba = AlibabaCredentials::from_lookup(env(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "t"),
        ]))
        .unwrap();
        assert_eq!(alibaba.security_token.unwrap().expose(), "t");
    }
}
