//! Bearer tokens: issued by login (or the admin API), checked on every `/jobs` call.

use std::collections::HashMap;

use axum::http::{header, HeaderMap};

use crate::error::ApiError;

/// What a token grants until when.
#[derive(Debug, Clone)]
pub struct Grant {
    pub account: String,
    pub expires_at: u64,
}

/// Issued tokens. Token values are never logged.
#[derive(Debug, Default)]
pub struct Tokens {
    grants: HashMap<String, Grant>,
}

impl Tokens {
    pub fn insert(&mut self, token: String, account: &str, expires_at: u64) {
        self.grants.insert(
            token,
            Grant {
                account: account.to_string(),
                expires_at,
            },
        );
    }

    /// Expires every issued token as of `now`.
    pub fn expire_all(&mut self, now: u64) {
        for grant in self.grants.values_mut() {
            grant.expires_at = grant.expires_at.min(now);
        }
    }

    /// 401 for a missing, unknown or expired token; 403 for a token of another account.
    pub fn authorize(&self, headers: &HeaderMap, account: &str, now: u64) -> Result<(), ApiError> {
        let token =
            bearer_token(headers).ok_or_else(|| ApiError::unauthorized("Missing bearer token."))?;
        let grant = self
            .grants
            .get(token)
            .ok_or_else(|| ApiError::unauthorized("The bearer token is not valid."))?;
        if grant.expires_at <= now {
            return Err(ApiError::unauthorized("The bearer token has expired."));
        }
        if grant.account != account {
            return Err(ApiError::forbidden(format!(
                "Your account ({}) has no access to account {account}.",
                grant.account
            )));
        }
        Ok(())
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
