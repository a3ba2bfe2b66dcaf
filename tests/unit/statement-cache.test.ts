import Database from 'better-sqlite3';
import { cacheStatements } from '../../src/database/statement-cache';

/** A real SQLite connection with the hook applied, as knex's pool applies it. */
function connection() {
  const db = new Database(':memory:');
  const prepare = jest.spyOn(db, 'prepare');
  let ready: Database.Database | null = null;
  cacheStatements(db as never, (error, hooked) => {
    expect(error).toBeNull();
    ready = hooked as unknown as Database.Database;
  });
  return { db: ready! as Database.Database, prepared: () => prepare.mock.calls.length };
}

describe('prepared statements kept per SQLite connection', () => {
  test('the same SQL is prepared once and gives the same results with other bindings', () => {
    const { db, prepared } = connection();
    db.prepare('create table t (id integer primary key, name text)').run();
    const insert = 'insert into t (name) values (?)';
    for (const name of ['a', 'b', 'c']) db.prepare(insert).run(name);
    const select = 'select name from t where id > ? order by id';
    expect(db.prepare(select).all(0)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(db.prepare(select).all(2)).toEqual([{ name: 'c' }]);
    expect(prepared()).toBe(3); // create, insert, select
  });

  test('a kept statement sees a schema change (SQLite re-plans it)', () => {
    const { db } = connection();
    db.prepare('create table t (id integer primary key, name text)').run();
    db.prepare('insert into t (name) values (?)').run('a');
    const all = 'select * from t';
    expect(db.prepare(all).all()).toEqual([{ id: 1, name: 'a' }]);
    db.prepare('alter table t add column place text').run();
    db.prepare('update t set place = ?').run('Aarhus');
    expect(db.prepare(all).all()).toEqual([{ id: 1, name: 'a', place: 'Aarhus' }]);
  });

  test('at most 500 statements are kept: the least recently used is prepared again', () => {
    const { db, prepared } = connection();
    const first = 'select 0 as n';
    db.prepare(first).get();
    for (let i = 1; i <= 499; i += 1) db.prepare(`select ${i} as n`).get();
    db.prepare(first).get(); // used again: now the most recent
    db.prepare('select 500 as n').get(); // the 501st: evicts `select 1`
    const before = prepared();
    db.prepare(first).get();
    expect(prepared()).toBe(before);
    expect(db.prepare('select 1 as n').get()).toEqual({ n: 1 });
    expect(prepared()).toBe(before + 1);
  });
});
