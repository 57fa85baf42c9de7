//! What the outside world answers the model: a partner list loaded or not, a download that
//! failed, a position refused. Plain values the runtime builds from browser answers.

use tiers_lieux_core::partner::{PartnerError, Report};

/// What became of the partner's list (`src`), reported once the widget is on screen.
#[derive(Clone, Debug, PartialEq)]
pub enum ListOutcome {
    /// No `src`: the national data.
    National,
    /// The list at `url` could not be fetched or read at all.
    Failed {
        url: String,
        why: ListFailure,
    },
    Loaded(Report),
}

/// Why a partner list could not be used at all.
#[derive(Clone, Debug, PartialEq)]
pub enum ListFailure {
    /// `src` does not resolve to an http(s) URL.
    NotHttp,
    Fetch(FetchError),
    Unreadable(PartnerError),
}

/// Why a download failed.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The request failed before any answer: offline, DNS, CORS, or a CSP `connect-src`.
    Network(String),
    Http(u16),
    /// No byte arrived for `IDLE_TIMEOUT_MS`.
    TimedOut,
    /// Larger than the partner-list limit (bytes announced or received so far).
    TooLarge(usize),
}

/// A partner list download is abandoned after this long without receiving a byte (a slow but
/// live connection is not cut: a 2 MB list takes about 11 s at 184 KB/s).
pub const IDLE_TIMEOUT_MS: u32 = 15_000;

/// Why "around me" gave no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoFailure {
    /// The page is not served over https.
    Insecure,
    /// The frame's Permissions-Policy does not allow geolocation.
    BlockedByPage,
    /// The browser has no `navigator.geolocation`.
    Unsupported,
    Denied,
    /// Refused inside a frame whose policy the browser does not tell (Firefox, Safari): by the
    /// person, or by the page that frames the widget.
    DeniedInFrame,
    Timeout,
    Unavailable,
}

/// How sharing a link ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Shared {
    /// Copied to the clipboard.
    Copied,
    /// The share sheet opened (whatever the person did there, nothing to say).
    Sheet,
    /// Neither worked: the link is shown to be copied by hand.
    Failed { url: String },
}
