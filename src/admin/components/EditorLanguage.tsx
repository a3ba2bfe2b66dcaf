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
export function EditorLanguage(): null {
  const { locale } = useIntl();
  const stored = useAuth('EditorLanguage', (auth) => (auth.user as { preferedLanguage?: string | null } | undefined)?.preferedLanguage);
  const signedIn = useAuth('EditorLanguage', (auth) => Boolean(auth.user));
  const { put } = useFetchClient();
  const sent = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (!signedIn || stored === locale || sent.current === locale) return;
    sent.current = locale;
    put('/admin/users/me', { preferedLanguage: locale }).catch(() => {
      sent.current = null;
    });
  }, [locale, signedIn, stored, put]);
  return null;
}
