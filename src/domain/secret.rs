//! Random secrets and their hashes: API keys (`crk_…`) and webhook signing secrets (`whsec_…`).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::digest::Digest;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The start of every API key, so that a leaked key is recognisable (secret scanners, logs).
pub const KEY_PREFIX: &str = "crk_";
/// How much of a key is kept in clear to find its row and show it in lists.
pub const LOOKUP_LEN: usize = 12;

/// 256 random bits from the operating system.
fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    // The OS generator failing means the machine cannot make secrets at all; nothing sensible
    // can continue.
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    bytes
}

/// A new API key: `crk_` and 256 random bits, URL-safe base64.
pub fn new_api_key() -> String {
    format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(random_bytes()))
}

/// The part of a key stored in clear.
pub fn lookup_part(key: &str) -> &str {
    key.get(..LOOKUP_LEN).unwrap_or(key)
}

/// What is stored of an API key: its SHA-256, hex. Keys carry 256 random bits, so a fast hash
/// is enough; a slow password hash would only add latency to every request.
pub fn hash_api_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Compares a presented key with a stored hash in time independent of where they differ.
/// Both are hex SHA-256 of the same length, so only their content is compared.
pub fn key_matches(key: &str, stored_hash: &str) -> bool {
    let presented = hash_api_key(key);
    presented.len() == stored_hash.len() && bool::from(presented.as_bytes().ct_eq(stored_hash.as_bytes()))
}

/// A share link's token: 256 random bits, URL-safe base64 (43 characters), stored only as
/// [`hash_api_key`] hashes it and looked up by that hash.
pub fn new_share_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes())
}

/// A webhook signing secret as the Standard Webhooks specification writes it: `whsec_` and the
/// base64 of the key bytes.
pub fn new_webhook_secret() -> String {
    format!("whsec_{}", STANDARD.encode(random_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_verify_only_themselves() {
        let a = new_api_key();
        let b = new_api_key();
        assert_ne!(a, b);
        assert!(a.starts_with(KEY_PREFIX));
        assert_eq!(a.len(), KEY_PREFIX.len() + 43, "{a}");
        let stored = hash_api_key(&a);
        assert!(key_matches(&a, &stored));
        assert!(!key_matches(&b, &stored));
        assert!(!stored.contains(&a[KEY_PREFIX.len()..]));
    }

    #[test]
    fn webhook_secrets_decode_to_32_bytes() {
        let secret = new_webhook_secret();
        let encoded = secret.strip_prefix("whsec_").expect("prefix");
        assert_eq!(STANDARD.decode(encoded).expect("base64").len(), 32);
    }
}
