/**
 * OCDS merging (compiled release): later releases override earlier values field by field; arrays of
 * objects with `id` are merged by id, other arrays are replaced; null removes a field.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeValue(prev: Json | undefined, next: Json): Json {
  if (Array.isArray(next) && next.every((x) => isObject(x) && 'id' in x)) {
    const out: { [k: string]: Json }[] = Array.isArray(prev)
      ? (prev.filter(isObject) as { [k: string]: Json }[]).map((x) => ({ ...x }))
      : [];
    for (const item of next as { [k: string]: Json }[]) {
      const i = out.findIndex((x) => x.id === item.id);
      if (i >= 0) out[i] = mergeObject(out[i]!, item);
      else out.push(mergeObject({}, item));
    }
    return out;
  }
  if (isObject(next)) return mergeObject(isObject(prev) ? prev : {}, next);
  return next;
}

export function mergeObject(prev: { [k: string]: Json }, next: { [k: string]: Json }): { [k: string]: Json } {
  const out: { [k: string]: Json } = { ...prev };
  for (const [k, v] of Object.entries(next)) {
    if (v === null) delete out[k];
    else out[k] = mergeValue(out[k], v);
  }
  return out;
}

/** The compiled release of releases sorted by date: merged in order, with tag ["compiled"] and its own id. */
export function compile(releases: readonly { [k: string]: Json }[]): { [k: string]: Json } {
  const sorted = [...releases].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  let compiled: { [k: string]: Json } = {};
  for (const r of sorted) {
    const { tag: _tag, id: _id, ...rest } = r;
    compiled = mergeObject(compiled, rest);
  }
  const last = sorted.at(-1);
  return { ...compiled, id: `${String(last?.ocid ?? '')}-compiled-${String(last?.date ?? '')}`, tag: ['compiled'] };
}

export type { Json };
