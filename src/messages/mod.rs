//! The one place that turns problems and errors into Chinese text for clerks.

pub mod labels;

use crate::error::Error;

pub fn error_text(error: &Error) -> String {
    format!("{error:?}")
}
