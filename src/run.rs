//! The `run` key: where an agent's run stands (AG-UI `RUN_STARTED` … `RUN_FINISHED` /
//! `RUN_ERROR`, and its steps), with the same version and notification rules as any key.
//!
//! ```json
//! {"status":"running","threadId":"t1","runId":"r1","step":"plan","result":null,
//!  "outcome":null,"usage":null,"error":null}
//! ```

use crate::json::{write_str, ObjectWriter, ToJson, Value};
use crate::message::MessageError;

/// Where a run is.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunStatus {
    /// No run yet.
    #[default]
    Idle,
    /// Started, not finished.
    Running,
    /// Finished.
    Finished,
    /// Finished asking the user (interrupts: see the messages' `elicitation`).
    Interrupted,
    /// Cancelled.
    Cancelled,
    /// Failed.
    Error,
}

impl RunStatus {
    /// The JSON name (`"running"`).
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Idle => "idle",
            RunStatus::Running => "running",
            RunStatus::Finished => "finished",
            RunStatus::Interrupted => "interrupted",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Error => "error",
        }
    }
}

/// The value of the `run` key.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "RunSnapshot", rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunView {
    /// Where the run is.
    pub status: RunStatus,
    /// The thread (conversation) it belongs to.
    pub thread_id: Option<String>,
    /// The run.
    pub run_id: Option<String>,
    /// The step running now (`STEP_STARTED` without its `STEP_FINISHED` yet).
    pub step: Option<String>,
    /// What the run answered.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub result: Option<Value>,
    /// How it finished (`{type: "success" | "interrupt" | "cancelled", …}`).
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub outcome: Option<Value>,
    /// Token usage, as the protocol gave it.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub usage: Option<Value>,
    /// Why it failed.
    pub error: Option<MessageError>,
}

impl ToJson for RunStatus {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for RunView {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("status", &self.status)
            .field("threadId", &self.thread_id)
            .field("runId", &self.run_id)
            .field("step", &self.step)
            .field("result", &self.result)
            .field("outcome", &self.outcome)
            .field("usage", &self.usage)
            .field("error", &self.error);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_string;

    #[test]
    fn an_idle_run_writes_every_field() {
        assert_eq!(
            to_string(&RunView::default()),
            r#"{"status":"idle","threadId":null,"runId":null,"step":null,"result":null,"outcome":null,"usage":null,"error":null}"#
        );
    }
}
