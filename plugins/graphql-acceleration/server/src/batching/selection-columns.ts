/**
 * The columns a GraphQL selection of one content type reads: what the batched relations and the
 * root queries of the lean resolvers select instead of every column (`t0.*`).
 */

type SelectionSet = { selections: ReadonlyArray<Selection> };
type Selection = { kind: string; name?: { value: string }; selectionSet?: SelectionSet };
export type SelectionInfo = {
  fieldNodes?: ReadonlyArray<{ selectionSet?: SelectionSet }>;
  fragments?: Record<string, { selectionSet: SelectionSet }>;
};
type Attributes = Record<string, { type?: string }>;

/**
 * Columns a row always carries: the batch loaders of nested fields key on `id`. `id` and
 * `documentId` are columns of every content type though its schema's attributes do not list them.
 */
const IDENTITY = ['id', 'documentId'];
/** Attributes that are not columns of the row: loaded by id, from other tables. */
const ROW_KINDS = new Set(['relation', 'component', 'media', 'dynamiczone']);

/**
 * The attributes of a model that the selection of `info` reads: its scalar fields, plus the
 * identity columns and `always`. Null (every column) when the selection asks for
 * anything that is not an attribute of the model (a field an app added, such as
 * `availableLocales`, may read any column) or a fragment it cannot follow. Kept per selection in
 * `memo`: every parent of one field in one operation shares it.
 */
export function selectionColumns(memo: WeakMap<object, string[] | null>, info: SelectionInfo, attributes: Attributes, always: readonly string[] = []): string[] | null {
  const nodes = info.fieldNodes;
  if (!nodes) return null;
  const known = memo.get(nodes);
  if (known !== undefined) return known;
  const columns = new Set([...IDENTITY, ...always]);
  let everything = false;
  const visit = (set: SelectionSet | undefined, depth: number) => {
    for (const selection of set?.selections ?? []) {
      if (everything) return;
      if (selection.kind === 'Field') {
        const name = selection.name!.value;
        if (name === '__typename' || IDENTITY.includes(name)) continue;
        const attribute = attributes[name];
        if (!attribute) everything = true;
        else if (!ROW_KINDS.has(attribute.type ?? '')) columns.add(name);
      } else if (selection.kind === 'InlineFragment') {
        visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === 'FragmentSpread') {
        const fragment = info.fragments?.[selection.name!.value];
        if (!fragment || depth > 20) everything = true;
        else visit(fragment.selectionSet, depth + 1);
      } else {
        everything = true;
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet, 0);
  const result = everything ? null : [...columns].sort();
  memo.set(nodes, result);
  return result;
}
