//! Access tokens as Microsoft Graph checks them, for `--issuer-key`: an RS256 JWT
//! signed by the identity provider's key, for Graph's audience, not expired, with
//! the permission the operation needs in `scp`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use intune_device_status::Access;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::sha2::Sha256;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use serde_json::Value;

/// Graph's audiences: its URL and its application id.
const AUDIENCES: [&str; 3] = [
    "https://graph.microsoft.com",
    "https://graph.microsoft.com/",
    "00000003-0000-0000-c000-000000000000",
];

/// The delegated permission that reads (`ReadWrite` also reads), as the client
/// asks for it.
pub const READ: &str = Access::Read.permission();
/// The delegated permission that writes.
pub const WRITE: &str = Access::Write.permission();

/// An identity provider whose tokens the emulator accepts.
#[derive(Clone, Debug)]
pub struct Issuer {
    key: VerifyingKey<Sha256>,
}

/// Why a token is refused: 401 (not a valid token) or 403 (valid, lacking the
/// permission), with Graph's message.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Invalid(&'static str),
    Forbidden,
}

fn part(text: &str) -> Result<Vec<u8>, Refusal> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| Refusal::Invalid("Access token is malformed."))
}

impl Issuer {
    /// From the provider's public key (PEM, `BEGIN PUBLIC KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        let key = RsaPublicKey::from_public_key_pem(pem)
            .map_err(|e| format!("--issuer-key: not an RSA public key in PEM ({e})"))?;
        Ok(Self {
            key: VerifyingKey::new(key),
        })
    }

    /// Checks `token` for an operation that `writes` (or only reads), at Unix time
    /// `now`.
    pub fn check(&self, token: &str, writes: bool, now: u64) -> Result<(), Refusal> {
        let malformed = Refusal::Invalid("Access token is malformed.");
        let Some((signed, signature)) = token.rsplit_once('.') else {
            return Err(malformed);
        };
        let Some((header, payload)) = signed.split_once('.').filter(|(_, p)| !p.contains('.'))
        else {
            return Err(malformed);
        };
        let header: Value = serde_json::from_slice(&part(header)?)
            .map_err(|_| Refusal::Invalid("Access token is malformed."))?;
        if header["alg"] != "RS256" {
            return Err(Refusal::Invalid("Access token is not signed with RS256."));
        }
        let signature = Signature::try_from(part(signature)?.as_slice())
            .map_err(|_| Refusal::Invalid("Access token signature is malformed."))?;
        self.key
            .verify(signed.as_bytes(), &signature)
            .map_err(|_| Refusal::Invalid("Access token signature validation failed."))?;
        let claims: Value = serde_json::from_slice(&part(payload)?)
            .map_err(|_| Refusal::Invalid("Access token is malformed."))?;
        let audience_ok = match &claims["aud"] {
            Value::String(aud) => AUDIENCES.contains(&aud.as_str()),
            Value::Array(list) => list
                .iter()
                .any(|a| a.as_str().is_some_and(|a| AUDIENCES.contains(&a))),
            _ => false,
        };
        if !audience_ok {
            return Err(Refusal::Invalid("Invalid audience."));
        }
        match claims["exp"].as_u64() {
            Some(exp) if exp > now => {}
            _ => {
                return Err(Refusal::Invalid(
                    "Lifetime validation failed, the token is expired.",
                ))
            }
        }
        let scopes: Vec<&str> = claims["scp"].as_str().unwrap_or("").split(' ').collect();
        let allowed = scopes.contains(&WRITE) || (!writes && scopes.contains(&READ));
        if allowed {
            Ok(())
        } else {
            Err(Refusal::Forbidden)
        }
    }
}
