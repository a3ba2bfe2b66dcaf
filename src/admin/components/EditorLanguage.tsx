import * as React from 'react';
import { useAuth, useFetchClient } from '@strapi/admin/strapi-admin';
import { useIntl } from 'react-intl';

/**
 * Tells the server which language the editor reads the admin in, so that the project's messages
 * (publish checks, embargo, schedules: src/content-rules/editor-messages.ts) come in it too. The
 * server takes the admin user's `preferedLanguage`; Strapi stores it only when it is changed on
 * the profile page, not when it is picked on the login page or left at the default. Rendered in
 * the edit view (where those messages appear); it shows nothing.
 */
/** What this page load has told the server already (the signed-in user's data is not refetched after it). */
let told: string | null = null;

export function EditorLanguage(): null {
  const { locale } = useIntl();
  const stored = useAuth('EditorLanguage', (auth) => (auth.user as { preferedLanguage?: string | null } | undefined)?.preferedLanguage);
  const userId = useAuth('EditorLanguage', (auth) => (auth.user as { id?: number | string } | undefined)?.id);
  const { put } = useFetchClient();
  React.useEffect(() => {
    const telling = `${userId}:${locale}`;
    if (userId === undefined || stored === locale || told === telling) return;
    told = telling;
    put('/admin/users/me', { preferedLanguage: locale }).catch(() => {
      told = null;
    });
  }, [locale, userId, stored, put]);
  return null;
}
