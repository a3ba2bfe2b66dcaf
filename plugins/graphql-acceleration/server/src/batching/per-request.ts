/**
 * A store of values kept for one GraphQL request (its context object), created on first use and
 * gone with the request: DataLoaders and other per-request memos, never shared across requests.
 */
export function perRequest<T>(): (context: object, key: string, create: () => T) => T {
  const byContext = new WeakMap<object, Map<string, T>>();
  return (context, key, create) => {
    let values = byContext.get(context);
    if (!values) byContext.set(context, (values = new Map()));
    if (!values.has(key)) values.set(key, create());
    return values.get(key)!;
  };
}
