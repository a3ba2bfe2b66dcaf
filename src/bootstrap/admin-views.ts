import type { Core } from '@strapi/strapi';
import { fieldLabel } from '../content-labels';
import { CASE_STORY, CONTACT, FOCUS_AREA, MUNICIPALITY, ORGANISATION, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

/**
 * The Content Manager's views, set as code at every start: list columns, the order and grouping
 * of the edit view, and a help text (in Danish, for the communications staff) on every field.
 * Fields not named here keep Strapi's defaults and come last, so nothing is ever hidden.
 */
type View = { list: string[]; edit: string[]; help: Record<string, string> };

const SEO_AND_SCHEDULE = {
  seo: 'Titel, beskrivelse og billede når siden deles eller vises i søgemaskiner.',
  publishAt: 'Udgiv automatisk på dette tidspunkt (kun redaktører). Gem kladden; planlæggeren udgiver inden for et minut.',
  unpublishAt: 'Afpublicér automatisk på dette tidspunkt (kun redaktører). Skal ligge efter "Udgiv automatisk" og i fremtiden.',
};
const SLUG = 'Adressen i web-adressen. Laves af titlen, når feltet er tomt eller kun har typens navn (æ, ø, å bliver ae, oe, aa), og ændres ikke senere, medmindre du selv retter den.';

export const VIEWS: Record<string, View> = {
  [CASE_STORY]: {
    list: ['title', 'municipality', 'place', 'updatedAt'],
    edit: [
      'title',
      'slug',
      'summary',
      'heroImage',
      'body',
      'place',
      'municipality',
      'partnership',
      'organisations',
      'focusAreas',
      'quotes',
      'outcomes',
      'lessonsLearned',
      'gallery',
      'contacts',
      'publishAt',
      'unpublishAt',
      'seo',
    ],
    help: {
      title: 'Historiens overskrift, som læserne ser den (højst 200 tegn).',
      slug: SLUG,
      summary: 'Et kort resumé til lister og deling (højst 300 tegn).',
      body: 'Selve historien.',
      place: 'Sted eller bydel, fx "Gellerup".',
      municipality: 'Kommunen historien foregår i; vises på Danmarkskortet.',
      partnership: 'Partnerskabet historien handler om.',
      organisations: 'Biblioteker, integrationsråd og andre, der er med i historien.',
      focusAreas: 'Fokusområder, som læserne kan filtrere på.',
      heroImage: 'Hovedbilledet. Billedet skal have en alternativ tekst i mediebiblioteket, før historien kan udgives.',
      gallery: 'Flere billeder; hvert billede skal have en alternativ tekst.',
      quotes: 'Citater fra deltagere, med navn og rolle.',
      outcomes: 'Resultater i tal, fx "120 deltagere".',
      lessonsLearned: 'Erfaringer andre kan bruge.',
      contacts: 'Kontaktpersoner for historien.',
      ...SEO_AND_SCHEDULE,
    },
  },
  [PRESS_RELEASE]: {
    list: ['title', 'releaseDate', 'updatedAt'],
    edit: ['title', 'slug', 'lead', 'releaseDate', 'body', 'contacts', 'relatedLinks', 'organisations', 'partnerships', 'caseStories', 'attachments', 'mediaKit', 'publishAt', 'unpublishAt', 'seo'],
    help: {
      title: 'Pressemeddelelsens overskrift.',
      slug: SLUG,
      lead: 'Indledningen (manchetten), højst 600 tegn.',
      body: 'Pressemeddelelsens tekst.',
      releaseDate: 'Embargo: pressemeddelelsen kan ikke udgives før dette tidspunkt. Planlæg den med "Udgiv automatisk", eller flyt datoen.',
      contacts: 'Pressekontakter. Mindst én med e-mail eller telefon, før pressemeddelelsen kan udgives.',
      relatedLinks: 'Links til mere viden (http eller https).',
      organisations: 'Organisationer pressemeddelelsen nævner.',
      partnerships: 'Partnerskaber pressemeddelelsen handler om.',
      caseStories: 'Historier pressemeddelelsen henviser til.',
      attachments: 'Bilag og billeder; billeder skal have en alternativ tekst.',
      mediaKit: 'Billeder, logoer og faktaark journalister må bruge. Et billede skal have alternativ tekst, kreditering og licens, før pressemeddelelsen kan udgives.',
      ...SEO_AND_SCHEDULE,
    },
  },
  [PARTNERSHIP]: {
    list: ['title', 'municipality', 'partnershipStatus', 'updatedAt'],
    edit: [
      'title',
      'slug',
      'summary',
      'level',
      'partnershipStatus',
      'startDate',
      'endDate',
      'municipality',
      'partners',
      'focusAreas',
      'description',
      'activities',
      'contacts',
      'caseStories',
      'agreementDocument',
      'publishAt',
      'unpublishAt',
      'seo',
    ],
    help: {
      title: 'Partnerskabets navn.',
      slug: SLUG,
      summary: 'Et kort resumé til lister (højst 300 tegn).',
      description: 'Hvad partnerskabet går ud på.',
      level: 'Nationalt, kommunalt eller lokalt partnerskab.',
      partnershipStatus: 'Planlagt, aktivt eller afsluttet.',
      startDate: 'Hvornår partnerskabet begyndte.',
      endDate: 'Hvornår det sluttede eller slutter; ikke før startdatoen.',
      partners: 'Organisationerne i partnerskabet.',
      municipality: 'Kommunen, for kommunale og lokale partnerskaber.',
      focusAreas: 'Fokusområder for partnerskabet.',
      activities: 'Aktiviteter, fx lektiehjælp eller sprogcafé.',
      contacts: 'Kontaktpersoner.',
      caseStories: 'Historier fra partnerskabet.',
      agreementDocument: 'Samarbejdsaftalen som fil.',
      ...SEO_AND_SCHEDULE,
    },
  },
  [ORGANISATION]: {
    list: ['name', 'kind', 'municipality', 'updatedAt'],
    edit: ['name', 'slug', 'kind', 'municipality', 'website', 'logo', 'description', 'partnerships'],
    help: {
      name: 'Organisationens navn.',
      slug: SLUG,
      kind: 'Bibliotek, integrationsråd, national aktør, kommune, forening eller andet.',
      description: 'En kort beskrivelse.',
      website: 'Hjemmeside (https://…).',
      municipality: 'Kommunen organisationen hører til.',
      logo: 'Logo; skal have en alternativ tekst.',
      partnerships: 'Partnerskaber organisationen er med i.',
    },
  },
  [FOCUS_AREA]: {
    list: ['title', 'sortOrder', 'updatedAt'],
    edit: ['title', 'slug', 'sortOrder', 'description'],
    help: {
      title: 'Fokusområdets navn, fx "Bibliotekerne som læringscentre".',
      slug: SLUG,
      description: 'Hvad fokusområdet dækker.',
      sortOrder: 'Rækkefølge i lister (lavest først).',
    },
  },
  [CONTACT]: {
    list: ['name', 'organisation', 'email', 'showPublicly', 'reviewDate'],
    edit: ['name', 'jobTitle', 'organisation', 'email', 'phone', 'showPublicly', 'lawfulBasis', 'reviewDate'],
    help: {
      name: 'Kontaktpersonens navn.',
      jobTitle: 'Stilling, fx "Presseansvarlig" (på hvert sprog).',
      organisation: 'Organisationen personen repræsenterer.',
      phone: 'Telefonnummer; danske numre gemmes som +45 12 34 56 78.',
      email: 'E-mailadresse.',
      showPublicly:
        'Vis personen i det offentlige API, feeds og på sitet på dette sprog. Kræver et behandlingsgrundlag og en dato for gennemgang, der ikke er passeret. Slået fra, er personen skjult overalt, også på udgivne pressemeddelelser.',
      lawfulBasis: 'Hvorfor vi må behandle oplysningerne (databeskyttelsesforordningens art. 6). For en medarbejder, der er pressekontakt, typisk offentlig myndighedsudøvelse.',
      reviewDate:
        'Hvornår oplysningerne senest skal gennemgås. Dagen efter skjules personen automatisk fra offentligheden og vises på forsiden under "Kontaktpersoner til gennemgang". Sæt en ny dato og slå "Vis offentligt" til igen, når de er gennemgået.',
    },
  },
  [MUNICIPALITY]: {
    list: ['name', 'code', 'region', 'hasIntegrationCouncil'],
    edit: ['name', 'code', 'region', 'hasIntegrationCouncil', 'integrationCouncilUrl', 'latitude', 'longitude', 'organisations', 'partnerships', 'caseStories'],
    help: {
      name: 'Kommunens navn.',
      code: 'Kommunekoden (tre cifre), fx 751 for Aarhus.',
      region: 'Regionen kommunen ligger i.',
      hasIntegrationCouncil: 'Om kommunen har et integrationsråd; farver kommunen på Danmarkskortet.',
      integrationCouncilUrl: 'Integrationsrådets hjemmeside.',
      latitude: 'Breddegrad for rådhuset (kortets markør).',
      longitude: 'Længdegrad for rådhuset (kortets markør).',
      organisations: 'Organisationer i kommunen.',
      partnerships: 'Partnerskaber i kommunen.',
      caseStories: 'Historier fra kommunen.',
    },
  },
  'shared.seo': {
    list: [],
    edit: ['metaTitle', 'metaDescription', 'shareImage', 'noIndex'],
    help: {
      metaTitle: 'Titel i søgeresultater og ved deling (højst 60 tegn).',
      metaDescription: 'Beskrivelse i søgeresultater (højst 160 tegn).',
      shareImage: 'Billede ved deling på sociale medier; skal have en alternativ tekst.',
      noIndex: 'Bed søgemaskiner om ikke at vise siden.',
    },
  },
  'shared.quote': {
    list: [],
    edit: ['text', 'author', 'role'],
    help: { text: 'Citatet.', author: 'Hvem der siger det.', role: 'Personens rolle, fx "Frivillig lektiehjælper".' },
  },
  'shared.key-figure': {
    list: [],
    edit: ['value', 'label', 'source'],
    help: { value: 'Tallet, fx "120".', label: 'Hvad tallet tæller, fx "deltagere om ugen".', source: 'Hvor tallet kommer fra.' },
  },
  'shared.link': {
    list: [],
    edit: ['label', 'url'],
    help: { label: 'Linkets tekst.', url: 'Adressen (http:// eller https://).' },
  },
  'press.media-item': {
    list: [],
    edit: ['file', 'kind', 'title', 'credit', 'licence'],
    help: {
      file: 'Billedet, logoet eller dokumentet. Et billede skal have en alternativ tekst i mediebiblioteket.',
      kind: 'Slags fil.',
      title: 'En kort titel, fx "Læringscentret i Vollsmose".',
      credit: 'Hvem der skal krediteres, fx "Foto: Jens Hansen". Skal udfyldes for billeder.',
      licence: 'Hvordan medierne må bruge filen. Skal udfyldes for billeder.',
    },
  },
  'partnership.activity': {
    list: [],
    edit: ['title', 'kind', 'description'],
    help: { title: 'Aktivitetens navn.', kind: 'Slags aktivitet.', description: 'Hvad der sker, hvornår og for hvem.' },
  },
};

type Layout = Array<Array<{ name: string; size: number }>>;
type Configuration = { settings: Record<string, unknown>; metadatas: Record<string, { edit?: Record<string, unknown>; list?: Record<string, unknown> }>; layouts: { list: string[]; edit: Layout } };

/** `order` first, then the fields of `current` not named, packed into rows of at most 12 columns. */
export function arrangeEdit(current: Layout, order: string[]): Layout {
  const sizes = new Map(current.flat().map((field) => [field.name, field.size]));
  const names = [...order.filter((name) => sizes.has(name)), ...[...sizes.keys()].filter((name) => !order.includes(name))];
  const rows: Layout = [];
  let row: Layout[number] = [];
  let width = 0;
  for (const name of names) {
    const size = sizes.get(name)!;
    if (width + size > 12 && row.length > 0) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push({ name, size });
    width += size;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

export async function ensureAdminViews(strapi: Core.Strapi): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  for (const [uid, view] of Object.entries(VIEWS)) {
    const isComponent = !uid.startsWith('api::');
    const service = contentManager.service(isComponent ? 'components' : 'content-types') as {
      findConfiguration(model: unknown): Promise<Configuration>;
      updateConfiguration(model: unknown, configuration: Omit<Configuration, 'uid'>): Promise<unknown>;
    };
    const model = isComponent ? strapi.components[uid as keyof typeof strapi.components] : strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    if (!model) continue;
    const current = await service.findConfiguration(model);
    const metadatas = { ...current.metadatas };
    // Danish labels where Strapi shows a view's own label; the admin translates them by message id
    // into the editor's language (src/admin/translations.ts) wherever it looks one up.
    for (const [field, metadata] of Object.entries(metadatas)) {
      const label = fieldLabel(uid, field, 'da');
      if (label === field) continue;
      metadatas[field] = { ...metadata, edit: { ...metadata.edit, label }, list: { ...metadata.list, label } };
    }
    for (const [field, help] of Object.entries(view.help)) {
      if (!metadatas[field]) continue;
      metadatas[field] = { ...metadatas[field], edit: { ...metadatas[field].edit, description: help } };
    }
    const list = view.list.length > 0 ? view.list.filter((name) => metadatas[name]) : current.layouts.list;
    await service.updateConfiguration(model, { settings: current.settings, metadatas, layouts: { ...current.layouts, list, edit: arrangeEdit(current.layouts.edit, view.edit) } });
  }
}
