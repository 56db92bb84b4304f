//! The second factor: time-based one-time codes (RFC 6238 with SHA-1, 6 digits and 30-second
//! steps, what every authenticator app reads from an `otpauth://` link).
//!
//! A code is accepted only in its own 30-second step, and only once: the store records the
//! last step used and refuses any step not later than it, whichever server answers.

use entrack_store::accounts::SecretHash;
use jiff::Timestamp;
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per code.
pub const STEP: i64 = 30;

/// 160 random bits, the size RFC 4226 recommends.
pub fn new_secret() -> Vec<u8> {
    let mut b = vec![0u8; 20];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b
}

/// The time step `at` falls in.
pub fn step_of(at: Timestamp) -> i64 {
    at.as_second().div_euclid(STEP)
}

/// The code of `step`; `None` for a secret shorter than 128 bits.
pub fn code_at(secret: &[u8], step: i64) -> Option<String> {
    let totp = TOTP::new(Algorithm::SHA1, 6, 0, STEP as u64, secret.to_vec()).ok()?;
    Some(totp.generate(u64::try_from(step).ok()?.checked_mul(STEP as u64)?))
}

/// Whether `code` (spaces allowed, as apps show it in groups) is the code of `step`.
pub fn matches(secret: &[u8], step: i64, code: &str) -> bool {
    let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    match code_at(secret, step) {
        Some(want) => crate::auth::constant_eq(typed.as_bytes(), want.as_bytes()),
        None => false,
    }
}

/// The secret as authenticator apps take it by hand (base32, no padding).
pub fn encoded(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The secret back from its base32 form (`None` when it is not base32).
pub fn decode(encoded: &str) -> Option<Vec<u8>> {
    Secret::Encoded(encoded.trim().to_uppercase())
        .to_bytes()
        .ok()
}

/// The `otpauth://` link an app reads (usually from a QR code).
pub fn link(issuer: &str, account: &str, secret: &[u8]) -> String {
    let (i, a) = (escape(issuer), escape(account));
    format!(
        "otpauth://totp/{i}:{a}?secret={}&issuer={i}&algorithm=SHA1&digits=6&period={STEP}",
        encoded(secret)
    )
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn escape(s: &str) -> String {
    use std::fmt::Write;
    s.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
}

/// A short public name of a session: the start of its hash (never the cookie's secret).
pub fn session_id(hash: &SecretHash) -> String {
    hash[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_those_of_rfc_6238() {
        // RFC 6238 appendix B, SHA-1: the 8-digit codes end in these 6 digits.
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, t / STEP).unwrap(), code, "t = {t}");
            assert!(matches(
                secret,
                t / STEP,
                &format!("{} {}", &code[..3], &code[3..])
            ));
            assert!(!matches(secret, t / STEP + 1, code));
        }
    }

    #[test]
    fn links_escape_names_and_carry_the_secret_in_base32() {
        let l = link("entrack", "ana maría", b"12345678901234567890");
        assert_eq!(
            l,
            "otpauth://totp/entrack:ana%20mar%C3%ADa?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=entrack&algorithm=SHA1&digits=6&period=30"
        );
        assert!(code_at(b"short", 1).is_none());
    }
}
