//! What follows one attempt of a stream: read again, or end, and how.
//!
//! A stream ends `complete` once it said so (`data: [DONE]`, or every message it filled
//! reached a final status), or when its body ended cleanly and nobody can ask for more. A
//! 204 is complete too (nothing to stream; the WHATWG standard stops `EventSource` on it).
//! Otherwise, if the stream can be asked for again (a GET of SSE, which carries its
//! position in `Last-Event-ID`, or a caller's `options.resume`), the next attempt waits the
//! server's `retry:` or else the backoff, and the store dedupes what the server repeats.
//! 401 and 403 never retry (new credentials are the caller's business), nor does another
//! 4xx but 408 and 429, nor a body of the wrong content type. After `maxRetries` attempts in
//! a row that applied nothing, the stream ends `error` with reason `retries`.

use crate::connection::backoff::Backoff;
use crate::json::{ObjectWriter, ToJson};

/// Attempts in a row that applied nothing before a stream gives up, unless the options say.
pub const DEFAULT_MAX_RETRIES: u32 = 10;

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The body ended: `broken` by a network error, `partial` inside an event.
    Ended {
        /// The read failed (the connection dropped).
        broken: bool,
        /// The body ended inside an event.
        partial: bool,
    },
    /// The response had this HTTP status and no usable body.
    Status(u16),
    /// The response's body is not a stream of the expected format.
    ContentType,
    /// No response at all (the request failed).
    Network,
}

/// Why a stream ended with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// An HTTP error status.
    Http,
    /// The wrong `Content-Type`.
    ContentType,
    /// The request or the read failed.
    Network,
    /// The body ended inside an event.
    Cut,
    /// `maxRetries` attempts in a row applied nothing.
    Retries,
}

impl Reason {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Http => "http",
            Reason::ContentType => "contentType",
            Reason::Network => "network",
            Reason::Cut => "cut",
            Reason::Retries => "retries",
        }
    }
}

/// How a stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndStatus {
    /// It said it was complete, or its body ended cleanly.
    Complete,
    /// `abort()` stopped it.
    Aborted,
    /// It failed; see [`Reason`].
    Error(Reason),
}

/// The value `done` resolves with.
///
/// ```json
/// {"status":"error","reason":"http","httpStatus":500,"attempts":1,"events":0}
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct End {
    /// How it ended.
    pub status: EndStatus,
    /// The last HTTP error status, for `reason: http`.
    pub http_status: Option<u16>,
    /// Requests made.
    pub attempts: u32,
    /// Frames applied.
    pub events: u64,
    /// The resume position when it ended.
    pub last_event_id: Option<String>,
}

impl ToJson for End {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        let (status, reason) = match self.status {
            EndStatus::Complete => ("complete", None),
            EndStatus::Aborted => ("aborted", None),
            EndStatus::Error(r) => ("error", Some(r.as_str())),
        };
        o.field("status", &status)
            .field_some("reason", &reason)
            .field_some("httpStatus", &self.http_status.map(u64::from))
            .field("attempts", &u64::from(self.attempts))
            .field("events", &self.events)
            .field_some("lastEventId", &self.last_event_id);
        o.end();
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Ask again after this many ms.
    Retry {
        /// The wait.
        delay_ms: u64,
    },
    /// Stop.
    End(EndStatus),
}

/// The reconnect state of one stream.
#[derive(Debug, Clone)]
pub struct Reconnect {
    backoff: Backoff,
    max_retries: u32,
    /// Attempts in a row that applied nothing.
    failures: u32,
    /// Requests made so far (the first one counts).
    pub attempts: u32,
    /// The last HTTP error status seen.
    pub http_status: Option<u16>,
}

impl Reconnect {
    /// A policy waiting `backoff` between attempts, giving up after `max_retries` in a row.
    pub fn new(backoff: Backoff, max_retries: u32) -> Self {
        Reconnect {
            backoff,
            max_retries,
            failures: 0,
            attempts: 1,
            http_status: None,
        }
    }

    /// Decides what follows `attempt`. `finished`: the stream said it is complete;
    /// `progressed`: this attempt applied a frame; `resumable`: the stream can be asked for
    /// again; `retry_ms`: the server's `retry:`.
    pub fn next(
        &mut self,
        attempt: &Attempt,
        finished: bool,
        progressed: bool,
        resumable: bool,
        retry_ms: Option<u64>,
    ) -> Next {
        if finished {
            return Next::End(EndStatus::Complete);
        }
        if progressed {
            self.failures = 0;
        }
        let failed = match *attempt {
            Attempt::Status(204) => return Next::End(EndStatus::Complete),
            Attempt::Status(status) => {
                self.http_status = Some(status);
                let retryable = status >= 500 || status == 408 || status == 429;
                if !retryable {
                    return Next::End(EndStatus::Error(Reason::Http));
                }
                Reason::Http
            }
            Attempt::ContentType => return Next::End(EndStatus::Error(Reason::ContentType)),
            Attempt::Network => Reason::Network,
            Attempt::Ended { broken, partial } => {
                if !resumable && !broken && !partial {
                    return Next::End(EndStatus::Complete);
                }
                if broken {
                    Reason::Network
                } else {
                    Reason::Cut
                }
            }
        };
        if !resumable {
            return Next::End(EndStatus::Error(failed));
        }
        self.failures += 1;
        if self.failures > self.max_retries {
            return Next::End(EndStatus::Error(Reason::Retries));
        }
        self.attempts += 1;
        let delay_ms = retry_ms.unwrap_or_else(|| self.backoff.delay(self.failures));
        Next::Retry { delay_ms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(max: u32) -> Reconnect {
        Reconnect::new(Backoff::new(100, 1000, 0.0, 1), max)
    }

    const CUT: Attempt = Attempt::Ended {
        broken: true,
        partial: true,
    };
    const CLEAN: Attempt = Attempt::Ended {
        broken: false,
        partial: false,
    };

    #[test]
    fn a_stream_that_said_it_is_complete_ends_complete_however_its_body_ended() {
        for attempt in [CUT, CLEAN, Attempt::Status(500), Attempt::Network] {
            assert_eq!(
                policy(3).next(&attempt, true, false, true, None),
                Next::End(EndStatus::Complete)
            );
        }
    }

    #[test]
    fn a_clean_end_is_complete_unless_the_stream_can_be_asked_for_more() {
        let mut p = policy(3);
        assert_eq!(
            p.next(&CLEAN, false, true, false, None),
            Next::End(EndStatus::Complete)
        );
        assert_eq!(
            p.next(&CLEAN, false, true, true, None),
            Next::Retry { delay_ms: 100 }
        );
    }

    #[test]
    fn a_cut_retries_after_the_servers_retry_else_the_backoff_and_gives_up() {
        let mut p = policy(2);
        assert_eq!(
            p.next(&CUT, false, true, true, None),
            Next::Retry { delay_ms: 100 }
        );
        assert_eq!(
            p.next(&CUT, false, false, true, None),
            Next::Retry { delay_ms: 200 }
        );
        assert_eq!(
            p.next(&CUT, false, false, true, None),
            Next::End(EndStatus::Error(Reason::Retries))
        );
        let mut p = policy(2);
        assert_eq!(
            p.next(&CUT, false, false, true, Some(7)),
            Next::Retry { delay_ms: 7 }
        );
        assert_eq!(p.attempts, 2);
    }

    #[test]
    fn progress_resets_the_count_of_failures() {
        let mut p = policy(1);
        for _ in 0..5 {
            assert!(matches!(
                p.next(&CUT, false, true, true, None),
                Next::Retry { .. }
            ));
        }
    }

    #[test]
    fn auth_and_client_errors_never_retry_but_5xx_408_and_429_do() {
        for status in [400, 401, 403, 404, 410, 422] {
            let mut p = policy(3);
            assert_eq!(
                p.next(&Attempt::Status(status), false, false, true, None),
                Next::End(EndStatus::Error(Reason::Http)),
                "{status}"
            );
            assert_eq!(p.http_status, Some(status));
        }
        for status in [408, 429, 500, 502, 503] {
            assert!(matches!(
                policy(3).next(&Attempt::Status(status), false, false, true, None),
                Next::Retry { .. }
            ));
        }
        assert_eq!(
            policy(3).next(&Attempt::Status(500), false, false, false, None),
            Next::End(EndStatus::Error(Reason::Http))
        );
    }

    #[test]
    fn no_content_is_complete_and_a_wrong_content_type_is_final() {
        assert_eq!(
            policy(3).next(&Attempt::Status(204), false, false, true, None),
            Next::End(EndStatus::Complete)
        );
        assert_eq!(
            policy(3).next(&Attempt::ContentType, false, false, true, None),
            Next::End(EndStatus::Error(Reason::ContentType))
        );
    }

    #[test]
    fn a_broken_stream_nobody_can_resume_is_an_error() {
        let mut p = policy(3);
        assert_eq!(
            p.next(&CUT, false, true, false, None),
            Next::End(EndStatus::Error(Reason::Network))
        );
        let partial = Attempt::Ended {
            broken: false,
            partial: true,
        };
        assert_eq!(
            p.next(&partial, false, true, false, None),
            Next::End(EndStatus::Error(Reason::Cut))
        );
    }

    #[test]
    fn the_end_writes_its_json() {
        let end = End {
            status: EndStatus::Error(Reason::Http),
            http_status: Some(500),
            attempts: 1,
            events: 0,
            last_event_id: None,
        };
        assert_eq!(
            crate::json::to_string(&end),
            r#"{"status":"error","reason":"http","httpStatus":500,"attempts":1,"events":0}"#
        );
    }
}
