/**
 * The plugin's configuration (`config/plugins` of the app, key `graphql-acceleration`). Every
 * switch defaults to on; batching off gives plugin-graphql's stock loading, for comparison and
 * diagnosis.
 */
export type AccelerationConfig = {
  /**
   * Relations, components and media of GraphQL answers loaded in batches (one SQL statement per
   * field and level, whatever the page size), rows read with the columns the selection needs.
   */
  batching: boolean;
  /** Fields resolved without plugin-graphql's per-field auth and policy wrapper where it decides nothing, and without Apollo's per-field hooks. Needs batching. */
  leanResolvers: boolean;
  /**
   * The content types whose GraphQL fields are accelerated: UIDs, or `api::*` for every content
   * type of the app's APIs (the default). Components are always included.
   */
  contentTypes: string[];
};

const KEYS: ReadonlyArray<keyof AccelerationConfig> = ['batching', 'leanResolvers', 'contentTypes'];

export default {
  default: (): AccelerationConfig => ({ batching: true, leanResolvers: true, contentTypes: ['api::*'] }),
  validator(config: unknown): void {
    const given = config as Record<string, unknown>;
    const unknownKeys = Object.keys(given).filter((key) => !KEYS.includes(key as keyof AccelerationConfig));
    if (unknownKeys.length > 0) throw new Error(`unknown option ${unknownKeys.join(', ')}; the options are ${KEYS.join(', ')}`);
    for (const key of ['batching', 'leanResolvers'] as const) {
      if (typeof given[key] !== 'boolean') throw new Error(`${key} must be true or false, not ${JSON.stringify(given[key])}`);
    }
    const types = given.contentTypes;
    if (!Array.isArray(types) || types.some((uid) => typeof uid !== 'string' || !/^(api::\*|[a-z]+::[\w-]+\.[\w-]+)$/.test(uid))) {
      throw new Error(`contentTypes must be a list of content-type UIDs (api::article.article) or 'api::*', not ${JSON.stringify(types)}`);
    }
    if (given.leanResolvers === true && given.batching === false) {
      throw new Error('leanResolvers needs batching (its root queries record the arguments the batched relations read); turn both off or batching on');
    }
  },
};
