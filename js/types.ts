// The value types of every key a UI can subscribe to, and the key -> value mapping.
// The value types live in ./generated (from the Rust types); this file is the only place that
// imports them, so regenerating that folder changes nothing else.
import type { AckState } from './generated/AckState.js';
import type { ConnectionSnapshot } from './generated/ConnectionSnapshot.js';
import type { Elicitation } from './generated/Elicitation.js';
import type { ErrorEntry } from './generated/ErrorEntry.js';
import type { FrameRecord } from './generated/FrameRecord.js';
import type { LogEntry } from './generated/LogEntry.js';
import type { Message } from './generated/Message.js';
import type { MessageError } from './generated/MessageError.js';
import type { MessagePart } from './generated/MessagePart.js';
import type { MessageStatus } from './generated/MessageStatus.js';
import type { RunSnapshot } from './generated/RunSnapshot.js';
import type { Stats } from './generated/Stats.js';
import type { ToolCall } from './generated/ToolCall.js';
import type { TypingEntry } from './generated/TypingEntry.js';

export type { AckStatus } from './generated/AckStatus.js';
export type { ConnectionStatus } from './generated/ConnectionStatus.js';
export type { ErrorKind } from './generated/ErrorKind.js';
export type { FrameDirection } from './generated/FrameDirection.js';
export type { MessagePartType } from './generated/MessagePartType.js';
export type { RunStatus } from './generated/RunStatus.js';
export type { ShareRole } from './generated/ShareRole.js';
export type { ShareView } from './generated/ShareView.js';
export type { ToolStatus } from './generated/ToolStatus.js';
/**
 * One source the answer draws on: any JSON object; `id` (else `url`) is its identity, so a
 * later source with the same one replaces it. Derived from the generated `Message`.
 *
 * @example
 * ```ts
 * const s: Source = { id: 's1', url: 'https://example.com', title: 'Example' };
 * ```
 */
export type Source = Message['sources'][number];

export type {
  AckState,
  ConnectionSnapshot,
  Elicitation,
  ErrorEntry,
  FrameRecord,
  LogEntry,
  Message,
  MessageError,
  MessagePart,
  MessageStatus,
  RunSnapshot,
  Stats,
  ToolCall,
  TypingEntry,
};

/**
 * The built-in slices of a message and their values, as the key `messages/<id>/<slice>` holds
 * them (taken from the generated `Message`, so they cannot drift). Any other slice name is a
 * custom slice (`state.set` / `state.patch`) holding any JSON.
 *
 * @example
 * ```ts
 * type Text = MessageSlices['content']; // string
 * ```
 */
export type MessageSlices = Pick<
  Message,
  | 'content'
  | 'reasoning'
  | 'sources'
  | 'citations'
  | 'followUpQuestions'
  | 'logs'
  | 'tools'
  | 'elicitation'
  | 'status'
  | 'error'
  | 'role'
  | 'meta'
  | 'parts'
>;

/**
 * The name of a built-in slice.
 *
 * @example
 * ```ts
 * const shown: SliceName[] = ['content', 'sources', 'followUpQuestions'];
 * ```
 */
export type SliceName = keyof MessageSlices;

/**
 * The value of slice `S`: the built-in type, or `unknown` for a custom slice.
 *
 * @example
 * ```ts
 * type Q = SliceValue<'followUpQuestions'>; // string[]
 * type Chart = SliceValue<'chart'>;         // unknown (a custom slice)
 * ```
 */
export type SliceValue<S extends string> = S extends SliceName ? MessageSlices[S] : unknown;

/**
 * Every key a UI can subscribe to (see PROTOCOL.md, "Keys").
 *
 * @example
 * ```ts
 * const keys: Key[] = ['connection', 'messages', 'messages/m1', 'messages/m1/content', 'acks/c-3'];
 * ```
 * `stats` holds counters of what the store saw, `frames` the recorded frames in and out
 * (for dev tools), `state` an agent's shared state (AG-UI `STATE_SNAPSHOT` / `STATE_DELTA`)
 * and `run` where its run stands.
 * ```ts
 * const { duplicates } = store.getSnapshot('stats') ?? { duplicates: 0 };
 * ```
 */
export type Key =
  | 'connection'
  | 'messages'
  | 'typing'
  | 'errors'
  | 'stats'
  | 'frames'
  | 'state'
  | 'run'
  | `messages/${string}`
  | `acks/${string}`;

/**
 * The value type of key `K`. For typing, message ids are assumed to contain no `/` (the
 * store itself accepts them).
 *
 * @example
 * ```ts
 * type C = KeyValue<'connection'>;          // ConnectionSnapshot
 * type M = KeyValue<'messages/m1'>;         // Message
 * type T = KeyValue<'messages/m1/content'>; // string
 * type A = KeyValue<`acks/${string}`>;      // AckState
 * ```
 */
export type KeyValue<K extends string> = K extends 'connection'
  ? ConnectionSnapshot
  : K extends 'messages'
    ? string[]
    : K extends 'typing'
      ? TypingEntry[]
      : K extends 'errors'
        ? ErrorEntry[]
        : K extends 'stats'
          ? Stats
          : K extends 'frames'
            ? FrameRecord[]
            : K extends 'run'
              ? RunSnapshot
              : K extends 'state'
                ? unknown
                : K extends `acks/${string}`
                  ? AckState
                  : K extends `messages/${string}/${infer S}`
                    ? SliceValue<S>
                    : K extends `messages/${string}`
                      ? Message
                      : unknown;

/**
 * The smallest store the React hooks need: per-key subscription and a snapshot that keeps its
 * identity until the key changes. `createWireStore()` returns one; a test can pass a fake.
 *
 * @example
 * ```ts
 * const fake: KeySource = {
 *   subscribe: (_key, _listener) => () => {},
 *   getSnapshot: (key) => (key === 'messages' ? ids : undefined),
 * };
 * ```
 */
export interface KeySource {
  /** Calls `listener` after each flush in which `key` changed; returns the unsubscribe. */
  subscribe(key: string, listener: () => void): () => void;
  /** The key's current value; the same reference until it changes. */
  getSnapshot(key: string): unknown;
  /** The value used while rendering on the server and hydrating (usually `undefined`). */
  getServerSnapshot?(key: string): unknown;
}
