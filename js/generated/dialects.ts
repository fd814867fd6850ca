// Generated from dialects/*.json by tests/dialects.rs (cargo test): edit those files.
// Each dialect is the data createWireStore({dialect}) passes to the core.
export const DIALECT_DATA = {
  "agui": {
    "name": "agui",
    "envelope": { "actionType": "type", "payload": null, "messageId": "messageId" },
    "unrouted": "ignore",
    "routes": {
      "RUN_STARTED": { "op": "run.start", "threadId": "threadId", "runId": "runId" },
      "RUN_FINISHED": { "op": "run.finish", "result?": "result", "outcome?": "outcome", "usage?": "usage" },
      "RUN_FINISHED[outcome.type=interrupt]": {
        "op": "elicitation.start", "elicitationId": "outcome.interrupts.0.id",
        "schema?": "outcome.interrupts.0.responseSchema", "message?": "outcome.interrupts.0.message",
        "toolCallId?": "outcome.interrupts.0.toolCallId", "mode": { "value": "interrupt" },
        "also": [{ "op": "run.finish", "result?": "result", "outcome": "outcome", "usage?": "usage" }]
      },
      "RUN_ERROR": { "op": "run.error", "message": "message", "code?": "code" },
      "STEP_STARTED": { "op": "step.start", "name": "stepName" },
      "STEP_FINISHED": { "op": "step.finish", "name": "stepName" },
      "TEXT_MESSAGE_START": { "op": "message.ensure", "role": ["role", { "value": "assistant" }], "bind": true },
      "TEXT_MESSAGE_CONTENT": { "op": "content.delta", "text": "delta" },
      "TEXT_MESSAGE_END": { "op": "ignore" },
      "TEXT_MESSAGE_CHUNK": {
        "op": "message.ensure", "role": ["role", { "value": "assistant" }], "bind": true,
        "also": [{ "op": "content.delta", "text": "delta" }]
      },
      "TOOL_CALL_START": {
        "op": "message.ensure", "role": { "value": "assistant" },
        "messageId": ["parentMessageId", "toolCallId"],
        "also": [{ "op": "tool.start", "toolCallId": "toolCallId", "name": "toolCallName" }]
      },
      "TOOL_CALL_ARGS": { "op": "tool.delta", "toolCallId": "toolCallId", "argsText": "delta" },
      "TOOL_CALL_END": { "op": "tool.input", "toolCallId": "toolCallId" },
      "TOOL_CALL_CHUNK": {
        "op": "tool.start", "toolCallId": "toolCallId", "name?": "toolCallName",
        "messageId": ["parentMessageId", "toolCallId"],
        "also": [{ "op": "tool.delta", "toolCallId": "toolCallId", "argsText": "delta" }]
      },
      "TOOL_CALL_RESULT": { "op": "tool.end", "toolCallId": "toolCallId", "result": "content" },
      "STATE_SNAPSHOT": { "op": "agent.state", "value": "snapshot" },
      "STATE_DELTA": { "op": "agent.patch", "patch": "delta" },
      "MESSAGES_SNAPSHOT": { "op": "ignore" },
      "ACTIVITY_SNAPSHOT": {
        "op": "message.ensure", "role": { "value": "activity" },
        "also": [
          { "op": "state.set", "slice": { "value": "activity" }, "value": "content" },
          { "op": "meta.patch", "patch": { "activityType": "activityType" } }
        ]
      },
      "ACTIVITY_DELTA": { "op": "state.jsonPatch", "slice": { "value": "activity" }, "patch": "patch" },
      "REASONING_START": { "op": "ignore" },
      "REASONING_MESSAGE_START": { "op": "message.ensure", "role": { "value": "reasoning" } },
      "REASONING_MESSAGE_CONTENT": { "op": "reasoning.delta", "text": "delta" },
      "REASONING_MESSAGE_END": { "op": "ignore" },
      "REASONING_MESSAGE_CHUNK": {
        "op": "message.ensure", "role": { "value": "reasoning" },
        "also": [{ "op": "reasoning.delta", "text": "delta" }]
      },
      "REASONING_END": { "op": "ignore" },
      "REASONING_ENCRYPTED_VALUE": { "op": "ignore" },
      "CUSTOM": { "op": "event", "name": "name", "value?": "value" },
      "RAW": { "op": "event", "name": { "value": "RAW" }, "value?": "event" }
    }
  },
  "ai-sdk": {
    "name": "ai-sdk",
    "envelope": { "actionType": "type", "payload": null, "messageId": null },
    "unrouted": "ignore",
    "routes": {
      "start": {
        "op": "message.ensure", "role": { "value": "assistant" },
        "messageId": ["messageId", { "generated": "msg" }], "bind": true,
        "also": [{ "op": "meta.patch", "patch": "messageMetadata" }]
      },
      "text-start": { "op": "part.start", "kind": { "value": "text" }, "part": "id" },
      "text-delta": { "op": "content.delta", "text": "delta", "part": "id" },
      "text-end": { "op": "citations.add", "citations?": "citations" },
      "reasoning-start": { "op": "part.start", "kind": { "value": "reasoning" }, "part": "id" },
      "reasoning-delta": { "op": "reasoning.delta", "text": "delta", "part": "id" },
      "reasoning-end": { "op": "ignore" },
      "tool-input-start": { "op": "tool.start", "toolCallId": "toolCallId", "name": "toolName", "part": "toolCallId" },
      "tool-input-delta": { "op": "tool.delta", "toolCallId": "toolCallId", "argsText": "inputTextDelta" },
      "tool-input-available": {
        "op": "tool.start", "toolCallId": "toolCallId", "name": "toolName", "part": "toolCallId",
        "also": [{ "op": "tool.input", "toolCallId": "toolCallId", "args": "input" }]
      },
      "tool-input-error": {
        "op": "tool.start", "toolCallId": "toolCallId", "name": "toolName", "part": "toolCallId",
        "also": [
          { "op": "tool.input", "toolCallId": "toolCallId", "args?": "input" },
          { "op": "tool.end", "toolCallId": "toolCallId", "error": "errorText" }
        ]
      },
      "tool-output-available": { "op": "tool.end", "toolCallId": "toolCallId", "result": "output" },
      "tool-output-error": { "op": "tool.end", "toolCallId": "toolCallId", "error": "errorText" },
      "tool-output-denied": { "op": "tool.end", "toolCallId": "toolCallId", "denied": { "value": true } },
      "tool-approval-request": {
        "op": "tool.approval", "toolCallId": "toolCallId", "approvalId": "approvalId",
        "also": [{
          "op": "elicitation.start", "elicitationId": "approvalId", "mode": { "value": "approval" },
          "toolCallId": "toolCallId"
        }]
      },
      "tool-approval-response": {
        "op": "tool.approval", "approvalId": "approvalId", "approved?": "approved", "reason?": "reason",
        "also": [{ "op": "elicitation.end", "elicitationId": "approvalId" }]
      },
      "source-url": {
        "op": "sources.add",
        "source": { "id": "sourceId", "type": { "value": "url" }, "url": "url", "title": "title" }
      },
      "source-document": {
        "op": "sources.add",
        "source": {
          "id": "sourceId", "type": { "value": "document" }, "mediaType": "mediaType",
          "title": "title", "filename": "filename"
        }
      },
      "file": { "op": "data.put", "slice": { "value": "files" }, "data": { "url": "url", "mediaType": "mediaType" } },
      "reasoning-file": { "op": "data.put", "slice": { "value": "files" }, "data": { "url": "url", "mediaType": "mediaType" } },
      "data-*": { "op": "data.put", "slice": "type", "id?": "id", "data?": "data", "transient?": "transient" },
      "custom": { "op": "data.put", "slice": { "value": "custom" }, "data": { "kind": "kind" } },
      "message-metadata": { "op": "meta.patch", "patch": "messageMetadata" },
      "start-step": { "op": "ignore" },
      "finish-step": { "op": "ignore" },
      "finish": {
        "op": "meta.patch", "patch?": { "finishReason": "finishReason" },
        "also": [
          { "op": "meta.patch", "patch": "messageMetadata" },
          { "op": "message.done" }
        ]
      },
      "abort": { "op": "message.cancelled" },
      "error": { "op": "message.error", "message": "errorText" }
    }
  },
  "anthropic": {
    "name": "anthropic",
    "envelope": { "actionType": "type", "payload": null, "messageId": null },
    "unrouted": "ignore",
    "routes": {
      "message_start": {
        "op": "message.ensure", "messageId": "message.id", "role": { "value": "assistant" }, "bind": true,
        "also": [{ "op": "meta.patch", "patch": { "model": "message.model", "usage": "message.usage" } }]
      },
      "content_block_start[content_block.type=text]": { "op": "part.start", "kind": { "value": "text" }, "part": "index" },
      "content_block_start[content_block.type=thinking]": { "op": "part.start", "kind": { "value": "reasoning" }, "part": "index" },
      "content_block_start[content_block.type=tool_use]": {
        "op": "tool.start", "toolCallId": "content_block.id", "name": "content_block.name", "part": "index"
      },
      "content_block_start[content_block.type=server_tool_use]": {
        "op": "tool.start", "toolCallId": "content_block.id", "name": "content_block.name", "part": "index"
      },
      "content_block_start": { "op": "ignore" },
      "content_block_delta[delta.type=text_delta]": { "op": "content.delta", "text": "delta.text", "part": "index" },
      "content_block_delta[delta.type=thinking_delta]": { "op": "reasoning.delta", "text": "delta.thinking", "part": "index" },
      "content_block_delta[delta.type=input_json_delta]": { "op": "tool.delta", "part": "index", "argsText": "delta.partial_json" },
      "content_block_delta[delta.type=citations_delta]": { "op": "citations.add", "citation": "delta.citation" },
      "content_block_delta": { "op": "ignore" },
      "content_block_stop": { "op": "tool.input", "part": "index" },
      "message_delta": {
        "op": "meta.patch",
        "patch": { "stopReason": "delta.stop_reason", "usage": { "output_tokens": "usage.output_tokens" } }
      },
      "message_stop": { "op": "message.done" },
      "ping": { "op": "ignore" },
      "error": { "op": "message.error", "message": "error.message", "code?": "error.type" }
    }
  },
  "openai-responses": {
    "name": "openai-responses",
    "envelope": { "actionType": "type", "payload": null, "messageId": null, "seq": "sequence_number" },
    "unrouted": "ignore",
    "routes": {
      "response.created": {
        "op": "message.ensure", "messageId": "response.id", "role": { "value": "assistant" }, "bind": true,
        "also": [{ "op": "meta.patch", "patch": { "model": "response.model" } }]
      },
      "response.queued": { "op": "ignore" },
      "response.in_progress": { "op": "ignore" },
      "response.output_item.added[item.type=message]": { "op": "part.start", "kind": { "value": "text" }, "part": "item.id" },
      "response.output_item.added[item.type=reasoning]": { "op": "part.start", "kind": { "value": "reasoning" }, "part": "item.id" },
      "response.output_item.added[item.type=function_call]": {
        "op": "tool.start", "toolCallId": "item.call_id", "name": "item.name", "part": "item.id"
      },
      "response.output_item.added": { "op": "ignore" },
      "response.output_item.done": { "op": "ignore" },
      "response.content_part.added": { "op": "ignore" },
      "response.content_part.done": { "op": "ignore" },
      "response.output_text.delta": { "op": "content.delta", "text": "delta", "part": "item_id" },
      "response.output_text.done": { "op": "ignore" },
      "response.output_text.annotation.added[annotation.type=url_citation]": {
        "op": "citations.add", "citation": "annotation",
        "also": [{ "op": "sources.add", "source": { "url": "annotation.url", "title": "annotation.title" } }]
      },
      "response.output_text.annotation.added": { "op": "citations.add", "citation": "annotation" },
      "response.function_call_arguments.delta": { "op": "tool.delta", "part": "item_id", "argsText": "delta" },
      "response.function_call_arguments.done": { "op": "tool.input", "part": "item_id", "argsText": "arguments" },
      "response.reasoning_summary_part.added": { "op": "ignore" },
      "response.reasoning_summary_part.done": { "op": "ignore" },
      "response.reasoning_summary_text.delta": { "op": "reasoning.delta", "text": "delta", "part": "item_id" },
      "response.reasoning_summary_text.done": { "op": "ignore" },
      "response.reasoning_text.delta": { "op": "reasoning.delta", "text": "delta", "part": "item_id" },
      "response.reasoning_text.done": { "op": "ignore" },
      "response.completed": {
        "op": "meta.patch", "patch": { "usage": "response.usage", "status": "response.status" },
        "also": [{ "op": "message.done" }]
      },
      "response.incomplete": {
        "op": "meta.patch",
        "patch": { "usage": "response.usage", "status": "response.status", "incompleteDetails": "response.incomplete_details" },
        "also": [{ "op": "message.done" }]
      },
      "response.failed": {
        "op": "meta.patch", "patch": { "usage": "response.usage", "status": "response.status" },
        "also": [{ "op": "message.error", "message": "response.error.message", "code?": "response.error.code" }]
      },
      "error": { "op": "message.error", "message": "message", "code?": "code" }
    }
  },
  "wirestore": {
    "name": "wirestore",
    "routes": {}
  },
} as const;
