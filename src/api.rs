//! The Runner operations the card uses, on top of [`crate::transport::request`].

use std::rc::Rc;

use runner_core::{
    login_url, search_order, ApiError, DecodeError, Execution, ExecutionPage, JobRef, PAGE_SIZE,
};

use crate::shared;
use crate::transport::{request, Call, InFlight, Reply};

/// An execution found in the list, and the page it was on.
pub struct Found {
    pub execution: Execution,
    pub page: u32,
    pub server_date: Option<String>,
}

/// How a search for the execution over the list pages ended.
pub enum Searched {
    Found(Found),
    /// Stopped before the end (nobody could see the card): the page to go on from.
    Paused(u32),
}

/// A Runner client bound to one job.
#[derive(Clone)]
pub struct RunnerApi {
    pub job: JobRef,
    pub auth_base: String,
    pub in_flight: InFlight,
}

impl RunnerApi {
    /// Finds `execution_id` in the executions list: the remembered page first, then page 0, 1, …
    /// `fresh_after`: list responses from requests started before this instant are not reused;
    /// `own_token`: nor responses to another card's token (see [`shared::list_page`]).
    /// `go_on` is asked before each further page: when it says no (the tab was hidden, the card
    /// left the page) the search stops there and answers the page it would have asked next,
    /// `Searched::Paused(n)`; given as `resume`, the next search asks the first page again (fresh
    /// data for the likely page), then goes on from page `n`, not from page 0 again.
    #[allow(clippy::too_many_arguments)]
    pub async fn find_execution(
        &self,
        token: &str,
        execution_id: &str,
        remembered: Option<u32>,
        resume: Option<u32>,
        fresh_after: i64,
        own_token: bool,
        go_on: &dyn Fn() -> bool,
    ) -> Result<Searched, ApiError> {
        let first = remembered.unwrap_or(0);
        let page = self.list_page(token, first, fresh_after, own_token).await?;
        if let Some(found) = take(&page, execution_id, first) {
            return found.map(Searched::Found);
        }
        let mut more = page.value.has_next() || first > 0;
        let mut previous = page.value;
        let from = resume.unwrap_or(0);
        for number in
            search_order(Some(first), previous.page_count()).filter(|n| *n != first && *n >= from)
        {
            if !more {
                break;
            }
            if !go_on() {
                return Ok(Searched::Paused(number));
            }
            let page = self
                .list_page(token, number, fresh_after, own_token)
                .await?;
            if let Some(found) = take(&page, execution_id, number) {
                return found.map(Searched::Found);
            }
            // a server that ignores `page` answers them all alike: no use asking for more
            more = page.value.has_next() && !previous.repeated_by(&page.value);
            previous = page.value;
        }
        Err(ApiError::NotFound)
    }

    async fn list_page(
        &self,
        token: &str,
        page: u32,
        fresh_after: i64,
        own_token: bool,
    ) -> Result<Reply<Rc<ExecutionPage>>, ApiError> {
        let url = self.job.executions_url(page, PAGE_SIZE);
        shared::list_page(url, token, page, fresh_after, own_token, &self.in_flight).await
    }

    /// `POST …/executions/{id}/stop` with `{"expiryDuration": n}`.
    pub async fn stop(
        &self,
        token: &str,
        execution_id: &str,
        expiry_secs: u32,
    ) -> Result<Reply<Execution>, ApiError> {
        self.signal(self.job.stop_url(execution_id), token, Some(expiry_secs))
            .await
    }

    /// `POST …/executions/{id}/kill` with `{"expiryDuration": n}`.
    pub async fn kill(
        &self,
        token: &str,
        execution_id: &str,
        expiry_secs: u32,
    ) -> Result<Reply<Execution>, ApiError> {
        self.signal(self.job.kill_url(execution_id), token, Some(expiry_secs))
            .await
    }

    /// `POST …/executions/{id}/restart` with `{}`.
    pub async fn restart(
        &self,
        token: &str,
        execution_id: &str,
    ) -> Result<Reply<Execution>, ApiError> {
        self.signal(self.job.restart_url(execution_id), token, None)
            .await
    }

    async fn signal(
        &self,
        url: String,
        token: &str,
        expiry_secs: Option<u32>,
    ) -> Result<Reply<Execution>, ApiError> {
        let body = match expiry_secs {
            Some(n) => format!("{{\"expiryDuration\":{n}}}"),
            None => "{}".to_string(),
        };
        let call = Call {
            method: "POST",
            url: &url,
            token: Some(token),
            json_body: Some(body),
        };
        request(call, &self.in_flight, Execution::from_slice).await
    }

    /// Signs in with the Login API; returns the bearer token (kept in memory by the caller only).
    pub async fn login(&self, username: &str, password: &str) -> Result<String, ApiError> {
        let url = login_url(&self.auth_base);
        let mut body = String::from("{\"username\":");
        runner_core::json::write_string(&mut body, username);
        body.push_str(",\"password\":");
        runner_core::json::write_string(&mut body, password);
        body.push('}');
        let call = Call {
            method: "POST",
            url: &url,
            token: None,
            json_body: Some(body),
        };
        let reply = request(call, &self.in_flight, decode_token).await?;
        Ok(reply.value)
    }
}

fn take(
    page: &Reply<Rc<ExecutionPage>>,
    execution_id: &str,
    number: u32,
) -> Option<Result<Found, ApiError>> {
    let entry = page.value.find(execution_id)?;
    Some(match entry.execution() {
        Ok(execution) => Ok(Found {
            execution,
            page: number,
            server_date: page.server_date.clone(),
        }),
        Err(error) => Err(ApiError::Decode(error)),
    })
}

fn decode_token(bytes: &[u8]) -> Result<String, DecodeError> {
    let value = runner_core::json::from_slice(bytes).map_err(|e| DecodeError {
        path: "$".into(),
        reason: format!("not valid JSON: {e}"),
    })?;
    match value.get("bearerToken").and_then(|t| t.as_str()) {
        Some(token) if !token.trim().is_empty() => Ok(token.trim().to_string()),
        _ => Err(DecodeError {
            path: "$.bearerToken".into(),
            reason: "missing".into(),
        }),
    }
}
