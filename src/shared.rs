//! Cards of one job share list requests. A list page is fetched once per URL (API base, account, job, page) and handed
//! to every card that asks for it while the request is in flight or just after it finished; cards
//! poll on a shared clock grid (see `card::controller`) so that they ask together. Each card still
//! reads its own execution out of the page and keeps its own errors and actions.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use runner_core::{ApiError, ExecutionPage, PAGE_SIZE};

use crate::platform::now_ms;
use crate::transport::{request, Call, InFlight, Reply};

/// How long a finished (successful) list response is handed to cards that ask a little late.
pub const SHARE_WINDOW_MS: i64 = 750;

/// Every waiting card gets a clone of this: the page itself is shared, not copied.
type PageResult = Result<Reply<Rc<ExecutionPage>>, ApiError>;

struct Entry {
    started_at: i64,
    finished_at: Rc<Cell<Option<i64>>>,
    future: Shared<LocalBoxFuture<'static, PageResult>>,
    /// Cards currently waiting for this request; the last one to leave aborts it.
    waiters: Rc<Cell<u32>>,
    in_flight: InFlight,
    /// The token this request carries (memory only, like every copy of it).
    token: Rc<str>,
}

thread_local! {
    /// The list requests of this page, by URL (a handful at most: one per job and page in use).
    static PAGES: RefCell<Vec<(String, Entry)>> = const { RefCell::new(Vec::new()) };
}

/// GETs one list page, sharing it with the other cards of the page. `fresh_after`: only reuse a
/// request that started at or after this instant (a card that just stopped its execution must not
/// be handed a page fetched before the stop). `own_token`: only reuse a request made with `token`
/// (a card whose token was refused, its sign-in form showing, must not be signed in by a page
/// another card's token read).
pub async fn list_page(
    url: String,
    token: &str,
    page: u32,
    fresh_after: i64,
    own_token: bool,
    card: &InFlight,
) -> PageResult {
    // an unmounted card's search does not go on to the next page (nor wait for another card's)
    if card.closed() {
        return Err(ApiError::Network {
            detail: "unmounted".into(),
        });
    }
    // Keyed by URL alone (API base, account, job, page): the cards of one page share one user.
    // An answer that is about the token (401, 403) is not taken from another card's request.
    let key = url.clone();
    let now = now_ms();
    let (future, waiters, in_flight, same_token) = PAGES.with(|pages| {
        let mut pages = pages.borrow_mut();
        // a clock set back makes an age negative: such an entry is not kept either
        pages.retain(|(_, e)| {
            e.finished_at
                .get()
                .is_none_or(|t| (0..SHARE_WINDOW_MS).contains(&now.saturating_sub(t)))
        });
        let position = pages
            .iter()
            .position(|(k, e)| *k == key && (!own_token || *e.token == *token));
        // a request nobody waits for any more, unfinished, was aborted by the last card leaving
        let reusable = position.is_some_and(|i| {
            let entry = &pages[i].1;
            // started after `fresh_after` (and not "later" than now: the clock was set back)
            (fresh_after..=now).contains(&entry.started_at)
                && (entry.waiters.get() > 0 || entry.finished_at.get().is_some())
        });
        if !reusable {
            let in_flight = InFlight::default();
            let finished_at = Rc::new(Cell::new(None));
            let (done, owned_url, owned_token, slot) = (
                finished_at.clone(),
                url.clone(),
                token.to_string(),
                in_flight.clone(),
            );
            let future = async move {
                let result = fetch(&owned_url, &owned_token, page, &slot).await;
                // only a success is handed to late-comers; an error is for the cards that waited
                done.set(Some(if result.is_ok() { now_ms() } else { i64::MIN }));
                result
            }
            .boxed_local()
            .shared();
            let entry = Entry {
                started_at: now,
                finished_at,
                future,
                waiters: Rc::default(),
                in_flight,
                token: Rc::from(token),
            };
            match position {
                Some(i) => pages[i].1 = entry,
                None => pages.push((key.clone(), entry)),
            }
        }
        let entry = pages
            .iter()
            .find(|(k, e)| *k == key && (!own_token || *e.token == *token))
            .map(|(_, e)| {
                let same_token = *e.token == *token;
                (
                    e.future.clone(),
                    e.waiters.clone(),
                    e.in_flight.clone(),
                    same_token,
                )
            });
        entry.ok_or(ApiError::Network {
            detail: "request registry".into(),
        })
    })?;
    waiters.set(waiters.get() + 1);
    card.hold_shared(waiters.clone(), in_flight);
    let result = future.await;
    card.release_shared();
    match result {
        // another card's token was refused, not necessarily ours: ask with ours
        Err(ApiError::Unauthorized | ApiError::Forbidden) if !same_token => {
            fetch(&url, token, page, card).await
        }
        result => result,
    }
}

/// Forgets the list requests no card waits for any more (finished or abandoned): called as a card
/// goes, so that neither a page nor the token it was asked with outlives the cards of the page.
pub fn forget_idle() {
    PAGES.with(|pages| pages.borrow_mut().retain(|(_, e)| e.waiters.get() > 0));
}

/// One GET of a list page with `token`.
async fn fetch(url: &str, token: &str, page: u32, slot: &InFlight) -> PageResult {
    let call = Call {
        method: "GET",
        url,
        token: Some(token),
        json_body: None,
    };
    request(call, slot, |bytes| {
        ExecutionPage::from_slice(bytes, page, PAGE_SIZE).map(Rc::new)
    })
    .await
}
