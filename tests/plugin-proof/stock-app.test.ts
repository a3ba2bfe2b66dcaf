import fs from 'fs';
import path from 'path';
import { createStockApp, installTarball, packPlugin, PLUGIN_DIR, PLUGIN_PACKAGE, pluginResolvedFrom, seedStockApp, startStockApp, type RunningStockApp, type StockApp } from '../helpers/stock-app';

const ARTICLES = `query Articles($pageSize: Int) {
  articles(pagination: { pageSize: $pageSize }) { title author { name } }
}`;
type Article = { title: string; author: { name: string } | null };
type Measured = { count: number; statements: string[]; articles: Article[] };

const PAGE_SIZES = [5, 40] as const;
const AUTHORS = 5;
const ARTICLE_COUNT = 60;

/** One anonymous `articles` query of `pageSize`, and the SQL statements Strapi ran for it. */
async function measure(server: RunningStockApp, pageSize: number): Promise<Measured> {
  const { count, statements, result } = await server.recordStatements(() => server.graphql<{ articles: Article[] }>(ARTICLES, { pageSize }));
  if (result.status !== 200 || result.errors?.length || !result.data) {
    throw new Error(`articles(pageSize: ${pageSize}) failed: HTTP ${result.status} ${JSON.stringify(result.errors ?? result.data)}`);
  }
  if (process.env.PRINT_STATEMENTS) console.log(`pageSize ${pageSize}: ${count} statements\n${statements.join('\n')}`);
  const { articles } = result.data;
  expect(articles).toHaveLength(pageSize);
  for (const article of articles) expect(article.author?.name).toMatch(/^(Author \d+|Renamed author)$/);
  return { count, statements, articles };
}

/** A warm-up request first (the first request of a process may load things once), then each page size. */
async function measureAll(server: RunningStockApp): Promise<Record<number, Measured>> {
  await measure(server, 1);
  const measured: Record<number, Measured> = {};
  for (const pageSize of PAGE_SIZES) measured[pageSize] = await measure(server, pageSize);
  return measured;
}

/**
 * strapi-plugin-graphql-acceleration, packed with `npm pack` and installed from the tarball into a
 * stock Strapi 5 app that holds no code of this project (tests/fixtures/stock-app). Both tests
 * share one app and its SQLite database; each starts its own `strapi start`.
 *
 * PLUGIN_PROOF_DIR=<dir> packs the plugin from another directory; PRINT_STATEMENTS=1 prints the SQL.
 */
describe('strapi-plugin-graphql-acceleration in a stock Strapi 5 app', () => {
  let app: StockApp | undefined;
  let server: RunningStockApp | undefined;
  let baseline: Record<number, Measured> | undefined;
  let installedPlugin = false;

  beforeAll(async () => {
    app = createStockApp();
    const seeded = await seedStockApp(app, { authors: AUTHORS, articles: ARTICLE_COUNT });
    expect(seeded).toEqual({ authors: AUTHORS, published: ARTICLE_COUNT });
  }, 120000);

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  afterAll(() => {
    app?.remove();
  });

  test('stock Strapi: SQL statements grow with the page size', async () => {
    server = await startStockApp(app!, { accelerate: false });
    baseline = await measureAll(server);
    const [small, large] = PAGE_SIZES.map((pageSize) => baseline![pageSize].count);
    console.log(`stock Strapi: ${small} SQL statements for pageSize ${PAGE_SIZES[0]}, ${large} for pageSize ${PAGE_SIZES[1]}`);
    // One statement (at least) per article for its author: 35 more articles, at least 30 more statements.
    expect(large).toBeGreaterThanOrEqual(small + 30);
  });

  test('with the plugin: statements constant in page size', async () => {
    if (!fs.existsSync(path.join(PLUGIN_DIR, 'package.json'))) {
      throw new Error(`the plugin is not there yet: ${path.join(PLUGIN_DIR, 'package.json')} does not exist, so there is nothing to pack.`);
    }
    if (!baseline) throw new Error('the baseline test did not measure the stock app, so there is nothing to compare with');
    const tarball = await packPlugin(PLUGIN_DIR, app!.root);
    const installed = await installTarball(app!.appDir, tarball);
    console.log(`${PLUGIN_PACKAGE}@${installed.version} from ${path.basename(tarball)}: ${installed.files.length} files (${installed.files.join(', ')})`);
    // Strapi's plugin loader must find the tarball's copy, not a copy elsewhere (the plugin's sources).
    expect(await pluginResolvedFrom(app!)).toBe(installed.dir);
    installedPlugin = true;

    server = await startStockApp(app!, { accelerate: true });
    const accelerated = await measureAll(server);
    const [small, large] = PAGE_SIZES.map((pageSize) => accelerated[pageSize].count);
    console.log(
      `with ${PLUGIN_PACKAGE}: ${small} SQL statements for pageSize ${PAGE_SIZES[0]}, ${large} for pageSize ${PAGE_SIZES[1]}` +
        ` (stock: ${baseline[PAGE_SIZES[0]].count} and ${baseline[PAGE_SIZES[1]].count})`
    );
    if (large !== small) {
      console.log(`statements for pageSize ${PAGE_SIZES[1]}:\n${accelerated[PAGE_SIZES[1]].statements.join('\n')}`);
    }
    expect(large).toBe(small);
    for (const pageSize of PAGE_SIZES) expect(accelerated[pageSize].articles).toEqual(baseline[pageSize].articles);
  });

  test('with the plugin: repeats are answered from the response cache without SQL, and a write through the API is read at once', async () => {
    if (!installedPlugin) throw new Error('the plugin was not installed from its tarball (the test before failed)');
    server = await startStockApp(app!, { accelerate: true });
    // Last titles first: a renamed article ("Renamed …") heads the page.
    const LAST_ARTICLES = '{ articles(pagination: { pageSize: 5 }, sort: "title:desc") { title author { name } } }';
    const read = () => server!.recordStatements(() => server!.graphql<{ articles: Article[] }>(LAST_ARTICLES));

    const first = await read();
    expect(first.result.headers.get('x-cache')).toBe('MISS');
    expect(first.count).toBeGreaterThan(0);
    const repeat = await read();
    expect(repeat.result.headers.get('x-cache')).toBe('HIT');
    expect(repeat.count).toBe(0);
    expect(repeat.result.data).toEqual(first.result.data);
    expect(repeat.result.headers.get('etag')).toMatch(/^W\/"/);

    // An editor's integration renames the first article and its author through the GraphQL API.
    const token = await server.apiToken();
    const [article] = (
      await server.graphql<{ articles: Array<{ documentId: string; author: { documentId: string } }> }>('{ articles(pagination: { pageSize: 1 }) { documentId author { documentId } } }')
    ).data!.articles;
    const renamed = await server.graphql('mutation($id: ID!) { updateArticle(documentId: $id, status: PUBLISHED, data: { title: "Renamed article" }) { title } }', { id: article.documentId }, token);
    expect(renamed.errors).toBeUndefined();
    expect(renamed.headers.get('x-cache')).toBe('BYPASS');

    expect(renamed.data).toEqual({ updateArticle: { title: 'Renamed article' } });
    const afterArticle = await read();
    expect(afterArticle.result.headers.get('x-cache')).toBe('MISS');
    expect(afterArticle.result.data!.articles[0].title).toBe('Renamed article');
    expect((await read()).result.headers.get('x-cache')).toBe('HIT');

    // A write of the related type reaches the answers that read it through a relation.
    const author = await server.graphql('mutation($id: ID!) { updateAuthor(documentId: $id, data: { name: "Renamed author" }) { name } }', { id: article.author.documentId }, token);
    expect(author.errors).toBeUndefined();
    const afterAuthor = await read();
    expect(afterAuthor.result.headers.get('x-cache')).toBe('MISS');
    expect(afterAuthor.result.data!.articles[0].author).toEqual({ name: 'Renamed author' });
    console.log(`response cache: miss ${first.count} statements, hit ${repeat.count}; renamed article and author read at once`);
  });
});
