// The dialects: the event protocols agent backends already speak (AG-UI, the AI SDK UI message
// stream, OpenAI Responses, Anthropic Messages) and wirestore's own, as route tables the core
// applies in wasm. They are data (written in dialects/*.json, generated into
// ./generated/dialects.ts): a user copies one and adapts it, and `createWireStore({dialect})`
// extends it with the user's own `routes`. Beside each, the reply its protocol expects when the
// user answers a form (an AG-UI interrupt, an AI SDK tool approval).
import { DIALECT_DATA } from './generated/dialects.js';
import type { EnvelopeOptions, RouteSpec } from './options.js';
import type { Elicitation } from './types.js';

/**
 * The name of a built-in dialect.
 *
 * @example
 * ```ts
 * const name: DialectName = 'ai-sdk';
 * ```
 */
export type DialectName = keyof typeof DIALECT_DATA;

/**
 * A dialect: the envelope names and route table of a protocol, as the core applies them.
 * `unrouted: 'ignore'` counts events of unknown types in `stats.unknown` instead of reporting
 * them (these protocols' receivers must tolerate new event types).
 *
 * @example
 * ```ts
 * const mine: Dialect = {
 *   ...dialects['ai-sdk'],
 *   routes: { ...dialects['ai-sdk'].routes, 'data-chart': { op: 'state.set', slice: { value: 'chart' }, value: 'data' } },
 * };
 * ```
 */
export interface Dialect {
  /** The protocol (a built-in name decides the reply `store.reply` builds). */
  name: string;
  envelope?: EnvelopeOptions;
  routes?: Record<string, RouteSpec>;
  unrouted?: 'report' | 'ignore';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * The built-in dialects, as data (frozen: copy one to adapt it).
 *
 * @example
 * ```ts
 * import { createWireStore, dialects } from 'wirestore';
 * const store = createWireStore({ dialect: 'anthropic' });
 * console.log(Object.keys(dialects.anthropic.routes ?? {})); // message_start, content_block_delta[delta.type=text_delta], …
 * ```
 */
export const dialects: Readonly<Record<DialectName, Readonly<Dialect>>> = deepFreeze(
  DIALECT_DATA as unknown as Record<DialectName, Dialect>,
);

/** The names of the built-in dialects. */
const NAMES = Object.keys(DIALECT_DATA) as DialectName[];

/**
 * The dialect data for an option: a built-in name, or a dialect object as it is.
 * Throws, naming the choices, for an unknown name.
 */
export function resolveDialect(dialect: DialectName | Dialect | (string & {})): Dialect {
  if (typeof dialect !== 'string') return dialect;
  if (!(NAMES as string[]).includes(dialect)) {
    throw new Error(
      `wirestore: unknown dialect ${JSON.stringify(dialect)}; use one of ${NAMES.map((n) => `'${n}'`).join(', ')}, or pass a dialect object`,
    );
  }
  return dialects[dialect as DialectName];
}

/**
 * The user's answer to an open form (`messages/<id>/elicitation`).
 *
 * @example
 * ```ts
 * store.reply('msg-1', { approved: true });                  // an AI SDK tool approval
 * store.reply('msg-2', { values: { approved: true } });      // an AG-UI interrupt's payload
 * store.reply('msg-3', { cancel: true });                    // dismissed
 * ```
 */
export interface ElicitationAnswer {
  /** What the user filled in (a form's values, an interrupt's payload). */
  values?: unknown;
  /** An approval's answer (default: not `cancel`). */
  approved?: boolean;
  /** Why, for an approval. */
  reason?: string;
  /** The user dismissed the form. */
  cancel?: boolean;
}

/**
 * What the protocol expects back for an answer, built from the form and the answer:
 * - `agui`: a `RunAgentInput.resume` entry, `{interruptId, status, payload?}`; start the next
 *   run with `resume: [reply]`;
 * - `ai-sdk`: the `tool-approval-response` chunk, `{type, approvalId, approved, reason?}` (the
 *   AI SDK records it on the tool call; send it with the next request's messages);
 * - `wirestore`: the `elicitation.submit` payload, `{elicitationId, values}` (the store sends it).
 *
 * @example
 * ```ts
 * const entry = replyFor('agui', form, { values: { approved: true } });
 * await agent.runAgent({ resume: [entry] });
 * ```
 */
export function replyFor(dialect: string, form: Elicitation, answer: ElicitationAnswer): Record<string, unknown> {
  switch (dialect) {
    case 'agui':
      return {
        interruptId: form.elicitationId,
        status: answer.cancel ? 'cancelled' : 'resolved',
        ...(answer.values === undefined ? {} : { payload: answer.values }),
      };
    case 'ai-sdk':
      return {
        type: 'tool-approval-response',
        approvalId: form.elicitationId,
        approved: answer.approved ?? !answer.cancel,
        ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      };
    case 'wirestore':
      return { elicitationId: form.elicitationId, values: answer.cancel ? null : (answer.values ?? {}) };
    default:
      throw new Error(`wirestore: the ${JSON.stringify(dialect)} dialect has no reply to a form`);
  }
}
