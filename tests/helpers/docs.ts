import fs from 'fs';
import path from 'path';
import { ROOT } from './strapi';

/** The ```graphql blocks of a Markdown file of the project, as [operation name, query] pairs. */
export function graphqlExamples(file: string): Array<[string, string]> {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => [/query (\w+)/.exec(match[1])?.[1] ?? 'anonymous', match[1]]);
}
