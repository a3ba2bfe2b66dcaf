#!/usr/bin/env node
/**
 * Checks our Danish admin-panel translations against Strapi's own message catalogues.
 *
 * For every package in PACKAGES it loads
 *   - Strapi's English catalogue (en.json.mjs)   -> the list of message ids that must be covered
 *   - Strapi's Danish catalogue (da.json.mjs)    -> may be absent or incomplete
 *   - our file (flat JSON, keys are full runtime ids, i.e. with the plugin prefix)
 * and reports
 *   - missing:    English ids with no Danish text in either Strapi's da or our file   (error)
 *   - mismatches: our entries whose ICU arguments / plural-select keywords / <tags>
 *                 differ from the English message                                      (error)
 *   - warnings:   our keys that are not English ids (typo, wrong prefix, removed upstream),
 *                 and Strapi da entries (not overridden by us) whose placeholders differ
 *                 from English — those are broken upstream and deserve an override.
 *
 * Usage: node scripts/check-admin-translations.mjs [--verbose] [--only=admin,i18n]
 * Exit code 1 if anything is missing or mismatched (or a source cannot be read).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// ---------------------------------------------------------------------------
// Packages to check. To add one, append an entry:
//   name:   label used in the report
//   prefix: what Strapi puts in front of the package's message ids at runtime
//           (admin core: none; plugins: `${pluginId}.` via prefixPluginTranslations)
//   strapi: folder holding Strapi's en.json.mjs / da.json.mjs (relative to the project root)
//   ours:   our Danish file (relative to the project root)
// ---------------------------------------------------------------------------
const PACKAGES = [
  {
    name: 'admin',
    prefix: '',
    strapi: 'node_modules/@strapi/admin/dist/admin/admin/src/translations',
    ours: 'src/admin/translations/da-admin.json',
  },
  {
    name: 'i18n',
    prefix: 'i18n.',
    strapi: 'node_modules/@strapi/i18n/dist/admin/translations',
    ours: 'src/admin/translations/da-i18n.json',
  },
  {
    name: 'content-manager',
    prefix: 'content-manager.',
    strapi: 'node_modules/@strapi/content-manager/dist/admin/translations',
    ours: 'src/admin/translations/da-content-manager.json',
  },
  {
    name: 'upload',
    prefix: 'upload.',
    strapi: 'node_modules/@strapi/upload/dist/admin/translations',
    ours: 'src/admin/translations/da-upload.json',
  },
  {
    name: 'content-releases',
    prefix: 'content-releases.',
    strapi: 'node_modules/@strapi/content-releases/dist/admin/translations',
    ours: 'src/admin/translations/da-content-releases.json',
  },
];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').filter(Boolean)) : null;

// ---------------------------------------------------------------------------
// ICU tokenizer: collects a set of signature tokens for a message
//   {name                 -> "{name"
//   {name, plural, ...}   -> "{name", "name:plural", "name:plural:one", "name:plural:=0", ...
//   <tag> / </tag> / <tag/> -> "<tag>"
// Apostrophe quoting follows ICU / FormatJS: '' is a literal apostrophe, and an
// apostrophe directly before { } < > # | starts a quoted literal up to the next apostrophe.
// ---------------------------------------------------------------------------
const QUOTABLE = new Set(['{', '}', '<', '>', '#', '|']);
const BRANCHING = new Set(['plural', 'select', 'selectordinal']);

/** @param {string} message */
function signature(message) {
  const tokens = new Set();
  const s = String(message);
  let i = 0;

  const fail = (/** @type {string} */ why) => {
    throw new Error(`${why} at offset ${i}`);
  };

  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };

  // Parses literal text / arguments / tags until an unmatched '}' (returned index) or the end.
  const parseMessage = (/** @type {boolean} */ nested) => {
    while (i < s.length) {
      const c = s[i];
      if (c === "'") {
        if (s[i + 1] === "'") {
          i += 2;
        } else if (QUOTABLE.has(s[i + 1])) {
          const end = s.indexOf("'", i + 1);
          i = end === -1 ? s.length : end + 1;
        } else {
          i++;
        }
      } else if (c === '{') {
        i++;
        parseArgument();
      } else if (c === '}') {
        if (!nested) fail('unbalanced "}"');
        return;
      } else if (c === '<') {
        const m = /^<\/?([A-Za-z][\w.-]*)\s*\/?>/.exec(s.slice(i));
        if (m) {
          tokens.add(`<${m[1]}>`);
          i += m[0].length;
        } else {
          i++;
        }
      } else {
        i++;
      }
    }
    if (nested) fail('unterminated "{"');
  };

  const readUntil = (/** @type {string[]} */ stops) => {
    const start = i;
    while (i < s.length && !stops.includes(s[i])) i++;
    if (i >= s.length) fail('unterminated argument');
    return s.slice(start, i).trim();
  };

  const parseArgument = () => {
    const name = readUntil([',', '}']);
    if (!name) fail('empty argument name');
    tokens.add(`{${name}`);
    if (s[i] === '}') {
      i++;
      return;
    }
    i++; // ','
    const type = readUntil([',', '}']);
    tokens.add(`${name}:${type}`);
    if (s[i] === '}') {
      i++;
      return;
    }
    i++; // ','
    if (BRANCHING.has(type)) {
      for (;;) {
        skipSpace();
        if (i >= s.length) fail('unterminated plural/select');
        if (s[i] === '}') {
          i++;
          return;
        }
        const start = i;
        while (i < s.length && !/[\s{}]/.test(s[i])) i++;
        const selector = s.slice(start, i);
        if (!selector) fail('missing selector');
        if (selector.startsWith('offset:')) continue;
        skipSpace();
        if (s[i] !== '{') fail(`expected "{" after selector "${selector}"`);
        tokens.add(`${name}:${type}:${selector}`);
        i++;
        parseMessage(true);
        i++; // closing '}' of the branch
      }
    } else {
      // number/date/time style: skip to the matching '}'
      let depth = 1;
      while (i < s.length && depth > 0) {
        if (s[i] === '{') depth++;
        else if (s[i] === '}') depth--;
        i++;
      }
      if (depth > 0) fail('unterminated argument style');
    }
  };

  parseMessage(false);
  return tokens;
}

/** @param {string} en @param {string} da */
function compareSignatures(en, da) {
  let a;
  let b;
  try {
    a = signature(en);
  } catch (e) {
    return { error: `English message does not parse: ${/** @type {Error} */ (e).message}` };
  }
  try {
    b = signature(da);
  } catch (e) {
    return { error: `Danish message does not parse: ${/** @type {Error} */ (e).message}` };
  }
  const onlyEn = [...a].filter((t) => !b.has(t));
  const onlyDa = [...b].filter((t) => !a.has(t));
  if (onlyEn.length === 0 && onlyDa.length === 0) return null;
  return { onlyEn, onlyDa };
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------
/**
 * @param {string} file
 * @returns {Promise<{ data: Record<string, string> | null, error?: string }>}
 */
async function loadCatalogue(file) {
  if (!existsSync(file)) return { data: null, error: `not found: ${file}` };
  try {
    const mod = await import(pathToFileURL(file).href);
    return { data: mod.default ?? {} };
  } catch (e) {
    return { data: null, error: `cannot load ${file}: ${/** @type {Error} */ (e).message}` };
  }
}

/**
 * @param {string} file
 * @returns {{ data: Record<string, string> | null, error?: string }}
 */
function loadJson(file) {
  if (!existsSync(file)) return { data: null, error: `not found: ${file}` };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      return { data: null, error: `${file} is not a flat JSON object` };
    }
    return { data };
  } catch (e) {
    return { data: null, error: `cannot parse ${file}: ${/** @type {Error} */ (e).message}` };
  }
}

// A value counts as Danish text if it is non-blank, or blank where the English is blank too (e.g. " ").
const hasText = (/** @type {unknown} */ v, /** @type {unknown} */ en) => typeof v === 'string' && (v.trim() !== '' || (typeof en === 'string' && en.trim() === ''));
const rel = (/** @type {string} */ p) => p.replace(`${ROOT}/`, '');

// ---------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------
const rows = [];
let failed = false;

for (const pkg of PACKAGES) {
  if (only && !only.has(pkg.name)) continue;
  const dir = resolve(ROOT, pkg.strapi);
  const oursPath = resolve(ROOT, pkg.ours);
  const problems = [];
  const warnings = [];

  const en = await loadCatalogue(resolve(dir, 'en.json.mjs'));
  if (!en.data) {
    console.log(`\n[${pkg.name}] ERROR ${en.error}`);
    rows.push({ name: pkg.name, en: '-', strapiDa: '-', ours: '-', missing: '-', mismatches: '-', warnings: '-', note: 'English source not found' });
    failed = true;
    continue;
  }
  const da = await loadCatalogue(resolve(dir, 'da.json.mjs'));
  const strapiDa = da.data ?? {};
  if (!da.data) warnings.push(`Strapi has no Danish catalogue (${rel(resolve(dir, 'da.json.mjs'))}); everything must come from our file`);

  const oursLoaded = loadJson(oursPath);
  const ours = oursLoaded.data ?? {};
  let note = '';
  if (!oursLoaded.data) {
    note = `our file missing/unreadable`;
    problems.push(`our file: ${(oursLoaded.error ?? '').replace(ROOT + '/', '')}`);
  }

  const enData = en.data;
  const enIds = Object.keys(enData);
  const enByRuntimeId = new Map(enIds.map((k) => [pkg.prefix + k, enData[k]]));

  let coveredByStrapi = 0;
  let coveredByOurs = 0;
  const missing = [];
  const mismatches = [];
  const strapiBroken = [];

  for (const id of enIds) {
    const runtimeId = pkg.prefix + id;
    const inOurs = hasText(ours[runtimeId], en.data[id]);
    const inStrapi = hasText(strapiDa[id], en.data[id]);
    if (inStrapi) coveredByStrapi++;
    if (inOurs) coveredByOurs++;
    if (!inOurs && !inStrapi) missing.push(runtimeId);
    if (inStrapi && !inOurs) {
      const diff = compareSignatures(en.data[id], strapiDa[id]);
      if (diff) strapiBroken.push({ id: runtimeId, diff });
    }
  }

  for (const [key, value] of Object.entries(ours)) {
    if (!enByRuntimeId.has(key)) {
      const hint = pkg.prefix && enByRuntimeId.has(pkg.prefix + key) ? ` (missing prefix "${pkg.prefix}"?)` : '';
      warnings.push(`our key is not an English id: ${key}${hint}`);
      continue;
    }
    if (typeof value !== 'string') {
      mismatches.push({ id: key, diff: { error: 'value is not a string' } });
      continue;
    }
    if (!hasText(value, enByRuntimeId.get(key))) continue; // counted as missing above if Strapi's da lacks it too
    const diff = compareSignatures(enByRuntimeId.get(key) ?? '', value);
    if (diff) mismatches.push({ id: key, diff });
  }

  for (const b of strapiBroken) {
    warnings.push(`Strapi da placeholders differ from English (consider overriding): ${b.id} ${formatDiff(b.diff)}`);
  }

  if (missing.length || mismatches.length || problems.length) failed = true;

  console.log(`\n[${pkg.name}] en: ${rel(dir)}/en.json.mjs  ours: ${pkg.ours}`);
  for (const p of problems) console.log(`  ERROR ${p}`);
  if (missing.length) {
    console.log(`  Missing Danish text (${missing.length}):`);
    for (const id of missing) console.log(`    - ${id}${verbose ? `  en: ${JSON.stringify(enByRuntimeId.get(id))}` : ''}`);
  }
  if (mismatches.length) {
    console.log(`  Placeholder/tag mismatches in our file (${mismatches.length}):`);
    for (const m of mismatches) {
      console.log(`    - ${m.id} ${formatDiff(m.diff)}`);
      if (verbose) {
        console.log(`        en: ${JSON.stringify(enByRuntimeId.get(m.id))}`);
        console.log(`        da: ${JSON.stringify(ours[m.id])}`);
      }
    }
  }
  if (warnings.length) {
    console.log(`  Warnings (${warnings.length}):`);
    for (const w of warnings) console.log(`    ! ${w}`);
  }
  if (!missing.length && !mismatches.length && !problems.length) console.log('  OK');

  rows.push({
    name: pkg.name,
    en: enIds.length,
    strapiDa: coveredByStrapi,
    ours: coveredByOurs,
    missing: missing.length,
    mismatches: mismatches.length,
    warnings: warnings.length,
    note,
  });
}

/** @param {{ error: string } | { onlyEn: string[], onlyDa: string[] }} diff */
function formatDiff(diff) {
  if ('error' in diff) return `[${diff.error}]`;
  const parts = [];
  if (diff.onlyEn.length) parts.push(`only in en: ${diff.onlyEn.join(' ')}`);
  if (diff.onlyDa.length) parts.push(`only in da: ${diff.onlyDa.join(' ')}`);
  return `[${parts.join('; ')}]`;
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------
const header = ['package', 'en ids', 'Strapi da', 'ours', 'missing', 'mismatches', 'warnings', ''];
const table = [header, ...rows.map((r) => [r.name, r.en, r.strapiDa, r.ours, r.missing, r.mismatches, r.warnings, r.note])].map((r) => r.map(String));
const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
console.log('\nSummary (Strapi da / ours = en ids with non-empty Danish text there; both may cover the same id)');
for (const [n, r] of table.entries()) {
  console.log(
    r
      .map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd()
  );
  if (n === 0)
    console.log(
      widths
        .map((w) => '-'.repeat(w))
        .join('  ')
        .trimEnd()
    );
}
if (rows.length === 0) console.log('(no packages selected)');
console.log(failed ? '\nFAILED' : '\nOK');
process.exit(failed ? 1 : 0);
