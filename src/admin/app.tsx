import type { ComponentType } from 'react';
import type { StrapiApp } from '@strapi/strapi/admin';
import { DateTimeField } from './components/DateTimeField';
import { EditorLanguage } from './components/EditorLanguage';
import { EnumerationField } from './components/EnumerationField';
import { compactListColumns } from './components/ListColumns';
import { SlugFromTitle } from './components/SlugFromTitle';
import { TextDirection } from './components/TextDirection';
import { EmbargoLinksPanel } from './components/embargo-links/EmbargoLinksPanel';
import { TranslationsPanel } from './components/translations/TranslationsPanel';
import { NeedsTranslationFilter } from './components/translations/NeedsTranslationFilter';
import { Clock, Earth } from '@strapi/icons';
import { adminTranslations } from './translations';
import { WEBHOOK_PERMISSIONS } from './pages/webhook-messages';

/** Where Strapi's admin keeps the interface language and the guided tour's state (its own keys). */
const LANGUAGE_KEY = 'strapi-admin-language';
const GUIDED_TOUR_KEY = 'STRAPI_GUIDED_TOUR';

/**
 * The admin panel for Danish communications staff: Danish by default, English selectable (login
 * page, profile), with Danish and English labels for every field, no guided tour, date-time
 * fields that keep their minutes in Danish, right-to-left editing of Arabic, Persian and Urdu
 * versions, slugs that follow the title while it is typed, and list views that keep the status
 * in view.
 */
export default {
  config: {
    locales: ['da'],
    translations: adminTranslations(),
    tutorials: false,
    notifications: { releases: false },
  },
  register(app: StrapiApp) {
    // Danish unless this browser has chosen a language before (Strapi's default is English).
    if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'da');
    // The guided tour ("Create your schema") is for developers building a schema: the schema here
    // is code. Off unless someone turned it on again (Profile → guided tour).
    if (!window.localStorage.getItem(GUIDED_TOUR_KEY)) window.localStorage.setItem(GUIDED_TOUR_KEY, JSON.stringify({ enabled: false }));
    // Every date-time field of the Content Manager (the edit view passes the field's props).
    app.addFields({ type: 'datetime', Component: DateTimeField as unknown as ComponentType });
    app.addFields({ type: 'enumeration', Component: EnumerationField as unknown as ComponentType });
    // Home page: contacts whose review date has passed or comes soon (src/content-rules/contacts.ts).
    app.widgets.register({
      id: 'contacts-to-review',
      icon: Clock,
      title: { id: 'partnerships-cms.contact-review.title', defaultMessage: 'Contacts to review' },
      link: { label: { id: 'partnerships-cms.contact-review.link', defaultMessage: 'All contacts' }, href: '/content-manager/collection-types/api::contact.contact?sort=reviewDate:ASC' },
      component: () => import('./components/ContactsToReview').then((widget) => widget.ContactsToReview),
      permissions: [{ action: 'plugin::content-manager.explorer.read', subject: 'api::contact.contact' }],
    });
    // Home page: documents whose translation is missing or outdated, by type and language (plugins/translation-workflow).
    app.widgets.register({
      id: 'translation-coverage',
      icon: Earth,
      title: { id: 'partnerships-cms.translations.coverageTitle', defaultMessage: 'Translations' },
      component: () => import('./components/translations/TranslationCoverage').then((widget) => widget.TranslationCoverage),
    });
    // Settings → Webhook deliveries: the change-events plugin's delivery log (plugins/change-events).
    app.addSettingsLink('global', {
      id: 'webhook-deliveries',
      to: 'webhook-deliveries',
      intlLabel: { id: 'partnerships-cms.webhooks.link', defaultMessage: 'Webhook deliveries' },
      permissions: WEBHOOK_PERMISSIONS,
      Component: () => import('./pages/WebhookDeliveries').then((page) => ({ default: page.ProtectedWebhookDeliveries })),
    });
  },
  bootstrap(app: StrapiApp) {
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', compactListColumns);
    const contentManager = app.getPlugin('content-manager');
    contentManager.injectComponent('editView', 'right-links', { name: 'text-direction', Component: TextDirection });
    contentManager.injectComponent('editView', 'right-links', { name: 'editor-language', Component: EditorLanguage });
    contentManager.injectComponent('editView', 'right-links', { name: 'slug-from-title', Component: SlugFromTitle });
    // Press releases: journalist links to read one before its embargo ends (plugins/embargo-links).
    // Every localized type: the state of each language version, machine translation (plugins/translation-workflow).
    (contentManager.apis as { addEditViewSidePanel(panels: unknown[]): void }).addEditViewSidePanel([EmbargoLinksPanel, TranslationsPanel]);
    contentManager.injectComponent('listView', 'actions', { name: 'needs-translation', Component: NeedsTranslationFilter });
  },
};
