// A small JS stand-in for the wasm core's contract (get/version/takeChanged/setNotify), for
// unit tests of the store shell's own logic: queueing, aliases, caching, re-entrancy.
// The real behaviour is proven against the real wasm in *.wasm.test.* files.
import type { WasmCore } from '../wasm.js';

type Msg = { id: string; status: string; content: string; sources: unknown[] };

export class FakeCore implements WasmCore {
  static created: FakeCore[] = [];
  readonly calls: string[] = [];
  private values = new Map<string, unknown>();
  private versions = new Map<string, number>();
  private changed = new Set<string>();
  private notify: (urgent: boolean) => void = () => {};
  private ids = 0;
  getCalls = 0;

  constructor(options: { url?: string }) {
    if (options.url !== undefined && !/^wss?:\/\//.test(options.url)) {
      throw new Error('url must start with ws:// or wss://');
    }
    FakeCore.created.push(this);
    this.put('connection', { status: 'idle', outbox: 0 });
    this.changed.clear();
  }

  private put(key: string, value: unknown) {
    this.values.set(key, value);
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
    this.changed.add(key);
  }

  private message(id: string): Msg {
    const existing = this.values.get(`messages/${id}`) as Msg | undefined;
    if (existing) return existing;
    const created = { id, status: 'streaming', content: '', sources: [] };
    this.put('messages', [...((this.values.get('messages') as string[]) ?? []), id]);
    return created;
  }

  private putMessage(m: Msg) {
    this.put(`messages/${m.id}`, m);
    for (const slice of ['status', 'content', 'sources'] as const) {
      if (this.values.get(`messages/${m.id}/${slice}`) !== m[slice]) this.put(`messages/${m.id}/${slice}`, m[slice]);
    }
  }

  connect() {
    this.calls.push('connect');
  }
  close() {
    this.calls.push('close');
  }
  send(actionType: string, _payload: unknown, ack: boolean): string {
    const id = `c${++this.ids}`;
    this.calls.push(`send:${actionType}:${id}`);
    if (ack) this.put(`acks/${id}`, { status: 'pending' });
    this.notify(true);
    return id;
  }
  ingest(text: string) {
    this.calls.push(`ingest:${text}`);
    let urgent = false;
    const frames = JSON.parse(text) as Array<{ action_type: string; messageId?: string; ref?: string; payload?: any }>;
    for (const f of Array.isArray(frames) ? frames : [frames]) {
      if (f.action_type === 'ack') {
        this.put(`acks/${f.ref}`, { status: f.payload.status });
        urgent = true;
      } else if (f.messageId) {
        const m = { ...this.message(f.messageId) };
        if (f.action_type === 'message.start') urgent = true;
        if (f.action_type === 'content.delta') m.content += f.payload.text;
        if (f.action_type === 'message.done') {
          m.status = 'done';
          urgent = true;
        }
        this.putMessage(m);
      }
    }
    this.notify(urgent);
  }
  ingestBytes(bytes: Uint8Array) {
    this.ingest(new TextDecoder().decode(bytes));
  }
  get(key: string): unknown {
    this.getCalls++;
    const value = this.values.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }
  version(key: string): number {
    return this.versions.get(key) ?? 0;
  }
  takeChanged(): string[] {
    const keys = [...this.changed];
    this.changed.clear();
    return keys;
  }
  setNotify(callback: (urgent: boolean) => void) {
    this.notify = callback;
  }
  free() {
    this.calls.push('free');
  }
}

/** The glue shape `wasm.ts` loads, around FakeCore. */
export const fakeGlue = {
  default: async () => undefined,
  initSync: () => undefined,
  WireStoreCore: FakeCore,
};
