// Checked by `tsc --noEmit` (not run by vitest): the message the core keeps (its ts-rs type,
// js/generated/Message.ts) is a message the wire schema allows (js/generated/protocol-v1.ts,
// generated from schema/protocol-v1.json), so the two Rust descriptions of the message shape
// cannot drift apart without CI noticing.
import type { Message as StoreMessage } from '../generated/Message.js';
import type { Message as WireMessage, ServerEnvelope } from '../generated/protocol-v1.js';

export const storeMessageIsAWireMessage = (message: StoreMessage): WireMessage => message;

export const itTravelsAsASnapshot = (message: StoreMessage, seq: number): ServerEnvelope => ({
  action_type: 'message.snapshot',
  messageId: message.id,
  seq,
  payload: message,
});
