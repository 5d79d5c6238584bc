/**
 * A nocked `GET /{waba-id}/message_templates` (cloud-api.md §9.1) answering from the fixture templates,
 * filtered by the `name` / `language` / `status` query like Meta does, and counting its calls.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { GRAPH, WABA } from './connection.js';
import { v } from './graph-api.js';

export interface FixtureTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: string;
  components: Array<Record<string, unknown>>;
}

export const TEMPLATES = JSON.parse(readFileSync(new URL('../fixtures/contract/templates.json', import.meta.url), 'utf8')) as FixtureTemplate[];

export const TEMPLATES_PATH = v(`/${WABA}/message_templates`);

export function fixture(name: string): FixtureTemplate {
  const found = TEMPLATES.find((t) => t.name === name);
  if (!found) throw new Error(`no fixture template ${name}`);
  return found;
}

/** Serves the fixtures; `queries` records each call's query string. */
export function templatesApi(list: FixtureTemplate[] = TEMPLATES): { queries: Array<Record<string, string>>; scope: nock.Scope } {
  const queries: Array<Record<string, string>> = [];
  const scope = nock(GRAPH)
    .get(TEMPLATES_PATH)
    .query(true)
    .times(10)
    .reply((uri) => {
      const query = Object.fromEntries(new URL(uri, GRAPH).searchParams);
      queries.push(query);
      const data = list.filter((t) => (!query.name || t.name === query.name) && (!query.language || t.language === query.language) && (!query.status || t.status === query.status));
      return [200, { data, paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } } }];
    });
  return { queries, scope };
}
