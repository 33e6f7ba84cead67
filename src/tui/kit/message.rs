//! The one message line of every screen: what was done, or what went wrong.

use chrono::{DateTime, Duration, FixedOffset};

/// How long a message stays in the message line.
pub const MESSAGE_SECONDS: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    pub at: DateTime<FixedOffset>,
}

impl Message {
    pub fn say(text: String, at: DateTime<FixedOffset>) -> Message {
        Message {
            text,
            error: false,
            at,
        }
    }

    pub fn warn(text: String, at: DateTime<FixedOffset>) -> Message {
        Message {
            text,
            error: true,
            at,
        }
    }

    /// A message has been read after [`MESSAGE_SECONDS`].
    pub fn expired(&self, now: DateTime<FixedOffset>) -> bool {
        now - self.at > Duration::seconds(MESSAGE_SECONDS)
    }
}
