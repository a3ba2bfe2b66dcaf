import type { Core } from '@strapi/strapi';
import type { EmbargoLinksConfig } from '../config';
import { looksLikeToken, newToken, tokenHash } from '../tokens';

const LINKS = 'embargo_links';
const ACCESSES = 'embargo_link_accesses';
const DAY = 24 * 60 * 60 * 1000;

export type LinkStatus = 'active' | 'expired' | 'revoked';
export type AccessOutcome = 'read' | 'expired' | 'revoked' | 'gone';

/** A link as the admin shows it (never its token). */
export type Link = {
  id: number;
  documentId: string;
  locale: string;
  journalistName: string;
  journalistEmail: string;
  outlet: string | null;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  status: LinkStatus;
  accesses: number;
  lastAccessAt: string | null;
};

export type Access = { id: number; accessedAt: string; outcome: AccessOutcome; userAgent: string | null };

type Row = {
  id: number;
  token_hash: string;
  content_type: string;
  document_id: string;
  locale: string;
  journalist_name: string;
  journalist_email: string;
  outlet: string | null;
  created_at: number | string;
  created_by: string | null;
  expires_at: number | string;
  revoked_at: number | string | null;
  revoked_by: string | null;
  accesses?: number | string | null;
  last_access_at?: number | string | null;
};

/** Why a field was refused, for a form to say in its own language. */
export type FieldErrorCode = 'required' | 'invalid' | 'tooLong' | 'passed' | 'tooFar' | 'notFound' | 'noReleaseDate' | 'released';
/** A field's problem, for the admin form: `path` names the input, `code` the reason (`maxDays` with tooFar). */
export type FieldError = { path: string[]; message: string; code: FieldErrorCode; maxDays?: number };

/** Refused input: the message and every field's problem. */
export class LinkInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

export type NewLink = { documentId?: unknown; locale?: unknown; journalistName?: unknown; journalistEmail?: unknown; outlet?: unknown; expiresAt?: unknown };
export type AdminUser = { id?: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null };

const iso = (ms: number | string | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const who = (user: AdminUser | undefined) => (user ? [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email || null : null);
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
// One address, as a mail client accepts it: no spaces, one @, a dot in the domain.
const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;

export function statusOf(row: Pick<Row, 'revoked_at' | 'expires_at'>, now = Date.now()): LinkStatus {
  if (row.revoked_at !== null && row.revoked_at !== undefined) return 'revoked';
  return Number(row.expires_at) <= now ? 'expired' : 'active';
}

const view = (row: Row, now = Date.now()): Link => ({
  id: Number(row.id),
  documentId: row.document_id,
  locale: row.locale,
  journalistName: row.journalist_name,
  journalistEmail: row.journalist_email,
  outlet: row.outlet,
  createdAt: iso(row.created_at)!,
  createdBy: row.created_by,
  expiresAt: iso(row.expires_at)!,
  revokedAt: iso(row.revoked_at),
  revokedBy: row.revoked_by,
  status: statusOf(row, now),
  accesses: Number(row.accesses ?? 0),
  lastAccessAt: iso(row.last_access_at),
});

/**
 * Journalist links: made by editors for one locale version of one document under embargo, each
 * for a named journalist, expiring, revocable. The token is shown once; the database keeps its
 * hash. Every opening reads the link's row, so a revocation holds at once on every instance.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const config = () => strapi.config.get('plugin::embargo-links') as EmbargoLinksConfig;

  /** Links with their access counts (one statement). */
  const withCounts = () => knex()(`${LINKS} as l`).leftJoin(`${ACCESSES} as a`, 'a.link_id', 'l.id').select('l.*').count({ accesses: 'a.id' }).max({ last_access_at: 'a.accessed_at' }).groupBy('l.id');

  /** The draft of the document in the locale, with its release time, or null. */
  async function releaseOf(documentId: string, locale: string): Promise<{ releaseAt: number | null } | null> {
    const { contentType, fields } = config();
    const document = await strapi.documents(contentType as never).findOne({ documentId, locale, status: 'draft', fields: [fields.releaseDate] } as never);
    if (!document) return null;
    const value = (document as Record<string, unknown>)[fields.releaseDate];
    return { releaseAt: value ? new Date(String(value)).getTime() : null };
  }

  return {
    /** The links of a document (every locale, or one), newest first. */
    async list({ documentId, locale }: { documentId: string; locale?: string }): Promise<Link[]> {
      const query = withCounts().where({ 'l.content_type': config().contentType, 'l.document_id': documentId });
      if (locale) query.andWhere('l.locale', locale);
      const rows = (await query.orderBy('l.id', 'desc')) as Row[];
      return rows.map((row) => view(row));
    },

    async findOne(id: number): Promise<Link | null> {
      const row = (await withCounts().where('l.id', id).first()) as Row | undefined;
      return row ? view(row) : null;
    },

    /**
     * Makes a link. Refused, naming each field: a document or locale version that does not
     * exist, one without a release time or whose release time has passed (it is public: its own
     * address is the link), a journalist without a name or a valid email address, an expiry in
     * the past or beyond `maxDays`.
     */
    async create(input: NewLink, user?: AdminUser): Promise<{ link: Link; url: string }> {
      const { defaultDays, maxDays, contentType, publicUrl } = config();
      const now = Date.now();
      const errors: FieldError[] = [];
      const documentId = text(input.documentId);
      const locale = text(input.locale);
      const journalistName = text(input.journalistName);
      const journalistEmail = text(input.journalistEmail);
      const outlet = text(input.outlet) || null;
      if (!documentId || documentId.length > 64) errors.push({ path: ['documentId'], message: 'documentId must name a document', code: 'required' });
      if (!locale || locale.length > 32) errors.push({ path: ['locale'], message: 'locale must name a locale', code: 'required' });
      if (!journalistName) errors.push({ path: ['journalistName'], message: "The journalist's name is required", code: 'required' });
      else if (journalistName.length > 200) errors.push({ path: ['journalistName'], message: "The journalist's name is longer than 200 characters", code: 'tooLong' });
      if (!EMAIL.test(journalistEmail) || journalistEmail.length > 254) errors.push({ path: ['journalistEmail'], message: "The journalist's email address is not valid", code: 'invalid' });
      if (outlet && outlet.length > 200) errors.push({ path: ['outlet'], message: 'The outlet is longer than 200 characters', code: 'tooLong' });
      let expiresAt = now + defaultDays * DAY;
      if (input.expiresAt !== undefined && input.expiresAt !== null && input.expiresAt !== '') {
        const parsed = typeof input.expiresAt === 'string' ? Date.parse(input.expiresAt) : NaN;
        if (Number.isNaN(parsed)) errors.push({ path: ['expiresAt'], message: 'The expiry must be a date and time (ISO 8601)', code: 'invalid' });
        else if (parsed <= now) errors.push({ path: ['expiresAt'], message: 'The expiry has already passed', code: 'passed' });
        else if (parsed > now + maxDays * DAY) errors.push({ path: ['expiresAt'], message: `The expiry can be at most ${maxDays} days ahead`, code: 'tooFar', maxDays });
        else expiresAt = parsed;
      }
      if (errors.length === 0) {
        const release = await releaseOf(documentId, locale);
        if (!release) errors.push({ path: ['documentId'], message: `There is no such document in the locale ${locale}`, code: 'notFound' });
        else if (release.releaseAt === null) errors.push({ path: ['releaseDate'], message: 'Set a release time first: the link shows the embargo until then', code: 'noReleaseDate' });
        else if (release.releaseAt <= now) errors.push({ path: ['releaseDate'], message: 'The release time has passed: the release is public, share its own address', code: 'released' });
      }
      if (errors.length > 0) throw new LinkInputError(errors);
      const token = newToken();
      const [inserted] = await knex()(LINKS)
        .insert({
          token_hash: tokenHash(token),
          content_type: contentType,
          document_id: documentId,
          locale,
          journalist_name: journalistName,
          journalist_email: journalistEmail,
          outlet,
          created_at: now,
          created_by_id: user?.id ?? null,
          created_by: who(user),
          expires_at: expiresAt,
        })
        .returning('id');
      const id = typeof inserted === 'object' ? Number((inserted as { id: number }).id) : Number(inserted);
      const link = (await this.findOne(id))!;
      strapi.log.info(`[embargo-links] link ${id} made for ${documentId} (${locale}) by ${who(user) ?? 'unknown'}, expires ${link.expiresAt}`);
      return { link, url: `${publicUrl.replace(/\/+$/, '')}/embargo/${token}` };
    },

    /** Revokes a link at once (a second revocation changes nothing). Null: no such link. */
    async revoke(id: number, user?: AdminUser): Promise<Link | null> {
      const changed = await knex()(LINKS)
        .where({ id })
        .whereNull('revoked_at')
        .update({ revoked_at: Date.now(), revoked_by: who(user) });
      const link = await this.findOne(id);
      if (link && changed) strapi.log.info(`[embargo-links] link ${id} revoked by ${who(user) ?? 'unknown'}`);
      return link;
    },

    /** A link's access log, newest first. */
    async accesses(id: number, limit = 200): Promise<Access[]> {
      const rows = await knex()(ACCESSES).where({ link_id: id }).orderBy('id', 'desc').limit(limit);
      return rows.map((row: { id: number; accessed_at: number | string; outcome: AccessOutcome; user_agent: string | null }) => ({
        id: Number(row.id),
        accessedAt: iso(row.accessed_at)!,
        outcome: row.outcome,
        userAgent: row.user_agent,
      }));
    },

    /**
     * Opens a link: the link's row is read on every call (no cache), the access logged with
     * its outcome. Null: no such token (not logged: there is no link to log it under).
     */
    async open(token: unknown, userAgent?: string): Promise<{ link: Link; outcome: AccessOutcome; releaseAt: number | null } | null> {
      if (!looksLikeToken(token)) return null;
      const row = (await knex()(LINKS)
        .where({ token_hash: tokenHash(token) })
        .first()) as Row | undefined;
      if (!row) return null;
      const now = Date.now();
      const status = statusOf(row, now);
      let outcome: AccessOutcome = status === 'active' ? 'read' : status;
      let releaseAt: number | null = null;
      if (outcome === 'read') {
        const release = row.content_type === config().contentType ? await releaseOf(row.document_id, row.locale) : null;
        if (!release) outcome = 'gone';
        else releaseAt = release.releaseAt;
      }
      await knex()(ACCESSES).insert({ link_id: row.id, accessed_at: now, outcome, user_agent: userAgent ? userAgent.slice(0, 300) : null });
      return { link: view(row, now), outcome, releaseAt };
    },

    /** Whether the plugin's tables exist (the app's migration ran). */
    async tablesExist(): Promise<boolean> {
      return (await knex().schema.hasTable(LINKS)) && (await knex().schema.hasTable(ACCESSES));
    },
  };
};
