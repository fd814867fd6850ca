// What a per-slice React UI does once per animation frame, without React: it listens to
// `messages` and, for every message listed, to the slices a message row shows. Each flush it
// takes the changed keys through the shim's snapshot cache (as `js/store.ts` does) and
// re-reads each listened key that changed; a newly listed message's slices are read once, as
// a mounting component would. Shared by the page's `ws-…+flush` contenders and the Node
// tools, so both measure the same work.

/** The slices one message row shows, one subscription each. */
export const ROW_SLICES = ['content', 'reasoning', 'sources', 'followUpQuestions', 'status'];

/**
 * A listening UI on `core`. `SnapshotCache` is passed in (the page bundles its own copy).
 * Cores without `takeFlush` (older builds, for A/B runs) report every changed key
 * by name; the UI then skips the ones it does not listen to, as the store does.
 */
export function sliceUi(core, SnapshotCache) {
  const cache = new SnapshotCache();
  const listening = new Set();
  const listened = (key) => listening.has(key);
  let reads = 0;
  let sink;
  const listen = (key) => {
    listening.add(key);
    if (cache.track) cache.track(core, key);
  };
  const read = (key) => {
    reads++;
    return (sink = cache.read(core, key));
  };
  const show = (ids) => {
    if (!Array.isArray(ids)) return;
    for (const id of ids) {
      const first = `messages/${id}/${ROW_SLICES[0]}`;
      if (listening.has(first)) continue;
      for (const slice of ROW_SLICES) {
        const key = `messages/${id}/${slice}`;
        listen(key);
        read(key);
      }
    }
  };
  listen('messages');
  return {
    flush() {
      const changed = cache.takeChanged ? cache.takeChanged(core) : core.takeChanged();
      cache.invalidate(changed, listened, core);
      for (let i = 0; i < changed.length; i++) {
        const key = changed[i];
        if (!listened(key)) continue;
        const value = read(key);
        if (key === 'messages') show(value);
      }
      cache.flushed();
    },
    get reads() {
      return reads;
    },
    get sink() {
      return sink;
    },
  };
}
