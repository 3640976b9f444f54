//! Bearer tokens, one set of rules for every driver: which token can be sent
//! ([`check_token`]), and that nothing read back carries it ([`redact`]). The
//! Rust client calls these; `js/support.js` applies the same rules in JavaScript
//! (`tests/package/shared.test.mjs` holds the two equal).

use crate::error::{Error, ErrorKind};

/// Whether `token`, as `source` gave it (`"the token function"`, for messages), can
/// go into `Authorization: Bearer <token>`: RFC 6750's b64token is visible ASCII.
/// Anything else is refused before sending with an `auth` error that names the
/// problem and never repeats the token: a runtime that cannot put it in a header
/// would otherwise fail with a message quoting the whole header.
pub fn check_token(token: &str, source: &str) -> Result<(), Error> {
    let problem = if token.is_empty() {
        "an empty token".to_owned()
    } else if token
        .as_bytes()
        .get(..7)
        .is_some_and(|start| start.eq_ignore_ascii_case(b"bearer "))
    {
        "a token that starts with \"Bearer \"; give the token alone (the client writes \
         the Authorization scheme)"
            .to_owned()
    } else {
        match token.chars().find(|c| !c.is_ascii_graphic()) {
            None => return Ok(()),
            Some(c) => format!(
                "a token with {}, which a bearer token cannot carry",
                describe(c)
            ),
        }
    };
    Err(Error::request(
        ErrorKind::Auth,
        format!("{source} gave {problem}; nothing was sent"),
    ))
}

/// Tokens shorter than this are left in what is read back: a real access token is
/// hundreds of characters, and replacing a short one (a test's `"t"`) would
/// rewrite ordinary text and break the JSON around it.
pub const REDACT_MIN: usize = 16;

/// `text` read from an attempt (a body, a header, the runtime's message) with each
/// copy of `token` replaced by `[token]`: whatever a server or a runtime echoes,
/// no error or warning the client makes carries the token.
pub fn redact(text: String, token: &str) -> String {
    if token.len() < REDACT_MIN || !text.contains(token) {
        return text;
    }
    text.replace(token, "[token]")
}

/// A character a token cannot have, named without the token around it.
fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\r' | '\n' => "a line break".to_owned(),
        '\0' => "a NUL character".to_owned(),
        c if c.is_control() => format!("a control character (U+{:04X})", u32::from(c)),
        c => format!("a non-ASCII character (U+{:04X})", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same table as `tests/package/shared.test.mjs`'s for JavaScript.
    #[test]
    fn unusable_tokens_are_named_by_their_problem_never_quoted() {
        let secret = "eyJhbGciOi.SECRET";
        let bearer = "a token that starts with \"Bearer \"; give the token alone (the client \
                      writes the Authorization scheme)";
        let cases = [
            (String::new(), "an empty token"),
            (format!("Bearer {secret}"), bearer),
            (format!("bearer {secret}"), bearer),
            (
                format!("{secret}\r\nX-Evil: 1"),
                "a token with a line break, which a bearer token cannot carry",
            ),
            (
                format!("{secret}\0"),
                "a token with a NUL character, which a bearer token cannot carry",
            ),
            (
                format!("{secret} x"),
                "a token with a space, which a bearer token cannot carry",
            ),
            (
                format!("{secret}\t"),
                "a token with a control character (U+0009), which a bearer token cannot carry",
            ),
            (
                format!("{secret}\u{85}"),
                "a token with a control character (U+0085), which a bearer token cannot carry",
            ),
            (
                format!("{secret}é"),
                "a token with a non-ASCII character (U+00E9), which a bearer token cannot carry",
            ),
            (
                format!("{secret}😀"),
                "a token with a non-ASCII character (U+1F600), which a bearer token cannot carry",
            ),
        ];
        for (token, problem) in cases {
            let error = check_token(&token, "the token function").unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Auth);
            let message = error.to_string();
            assert_eq!(
                message,
                format!("the token function gave {problem}; nothing was sent")
            );
            assert!(!message.contains("SECRET"), "{message}");
        }
        assert!(check_token(secret, "the token function").is_ok());
        assert!(check_token("Bearer", "the token function").is_ok());
    }

    #[test]
    fn echoed_tokens_are_redacted() {
        let token = "eyJ0eXAi.payload.sig";
        let echoed = format!("Bearer {token} was refused; {token} expired");
        let redacted = "Bearer [token] was refused; [token] expired";
        assert_eq!(redact(echoed, token), redacted);
        assert_eq!(redact("nothing here".into(), token), "nothing here");
        // A short test token is not a secret, and replacing it would rewrite text.
        assert_eq!(redact("a test".into(), "t"), "a test");
    }
}
