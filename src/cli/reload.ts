/**
 * Dropping edited source modules from node's require cache, so the next `require` loads them afresh
 * (`synth --watch`, on its own thread and on its warm render workers).
 */

/** Removes the changed modules and every loaded module that imports one of them, directly or not. */
export function dropFromRequireCache(changed: readonly string[]): void {
  for (const file of dependents(changed)) delete require.cache[file];
}

/** The changed modules and every loaded module that imports one of them, directly or not. */
export function dependents(changed: readonly string[]): Set<string> {
  const importers = new Map<string, string[]>();
  for (const m of Object.values(require.cache)) {
    if (!m) continue;
    for (const child of m.children) {
      const list = importers.get(child.id) ?? [];
      list.push(m.id);
      importers.set(child.id, list);
    }
  }
  const out = new Set<string>();
  const queue = [...changed];
  while (queue.length) {
    const file = queue.pop()!;
    if (out.has(file)) continue;
    out.add(file);
    // The process's entry module stays: it only dispatched to the command, which is reloaded.
    for (const parent of importers.get(file) ?? []) if (parent !== '.' && require.cache[parent] !== require.main) queue.push(parent);
  }
  return out;
}
