import { envInteger } from '../utils/env-switch';
import { cmsUrl } from './syndication';
import { PUBLIC_CONTACT } from '../content-rules/contacts';
import { PRESS_RELEASE } from '../content-types';

/**
 * The embargo-links plugin's settings (plugins/embargo-links): journalist links to a press release
 * under embargo, at PUBLIC_URL/embargo/{token}, expiring after EMBARGO_LINK_DAYS by default and at
 * most EMBARGO_LINK_MAX_DAYS.
 */
export function embargoLinkSettings(env: NodeJS.ProcessEnv) {
  const maxDays = envInteger('EMBARGO_LINK_MAX_DAYS', 30, 1, env);
  if (maxDays > 365) throw new Error(`EMBARGO_LINK_MAX_DAYS="${env.EMBARGO_LINK_MAX_DAYS}" must be 365 or less`);
  const defaultDays = envInteger('EMBARGO_LINK_DAYS', Math.min(7, maxDays), 1, env);
  if (defaultDays > maxDays) throw new Error(`EMBARGO_LINK_DAYS="${env.EMBARGO_LINK_DAYS}" must not be more than EMBARGO_LINK_MAX_DAYS (${maxDays})`);
  return {
    contentType: PRESS_RELEASE,
    fields: {
      title: 'title',
      summary: 'lead',
      body: 'body',
      releaseDate: 'releaseDate',
      // Only the contacts shown publicly: a journalist is told whom to call, nothing more.
      contacts: { relation: 'contacts', name: 'name', role: 'jobTitle', email: 'email', phone: 'phone', filters: { ...PUBLIC_CONTACT } },
      mediaKit: { component: 'mediaKit', file: 'file', title: 'title', credit: 'credit' },
    },
    publicUrl: cmsUrl(env),
    defaultDays,
    maxDays,
  };
}
