//! A stand-in for [wasm-streams](https://crates.io/crates/wasm-streams) 0.5 with only the API that
//! `server_fn` 0.8 names: `ReadableStream::{from_raw, from_stream, into_raw, into_stream}` (and
//! the stream `into_stream` returns).
//!
//! Leptos 0.8 always builds `server_fn` with its "browser" feature, and that links wasm-streams,
//! whose `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `…ByteSource`, `…Sink`) are exports:
//! kept in every Leptos wasm, and in its JS glue, whether server functions are used or not. The
//! widget calls no server function, so nothing here ever runs. Streaming server functions would
//! not work with it (never a panic: a streamed request is refused, a response stream fails at once).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;
use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript `ReadableStream`, held but never read here.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JavaScript stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream { raw }
    }

    /// Streaming request bodies are not built in: a stream already cancelled, which a request
    /// refuses at once (a `Request` made with it throws).
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let raw = web_sys::ReadableStream::new()
            .unwrap_or_else(|_| js_sys::Object::new().unchecked_into());
        // the promise only says when the cancellation is done
        let _ = raw.cancel();
        ReadableStream { raw }
    }

    /// The JavaScript stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Reading streamed responses is not built in: a stream that fails at once.
    pub fn into_stream(self) -> IntoStream {
        IntoStream { done: false }
    }
}

/// What [`ReadableStream::into_stream`] returns: one error, then the end.
pub struct IntoStream {
    done: bool,
}

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        self.done = true;
        Poll::Ready(Some(Err(JsValue::from_str(
            "streams are not built into this widget (vendor/wasm-streams)",
        ))))
    }
}
