import { CASE_STORY, CONTACT, FOCUS_AREA, MUNICIPALITY, ORGANISATION, PARTNERSHIP, PRESS_RELEASE } from './content-types';
/**
 * What editors call each content type, component and field, in Danish (the admin's default
 * language) and English. The admin shows these (src/admin/app.ts turns them into its
 * translations; src/bootstrap/admin-views.ts sets the Danish ones as the views' labels), and
 * every message an editor gets from the server names a field by its label in the editor's
 * language. Plain data, no imports: the admin bundle imports it too.
 */
export type EditorLanguage = 'da' | 'en';
export type Label = Record<EditorLanguage, string>;
export type TypeLabels = { singular: Label; plural: Label; fields: Record<string, Label> };

const l = (da: string, en: string): Label => ({ da, en });

const TITLE = l('Titel', 'Title');
const SLUG = l('Adresse (slug)', 'Slug');
const SUMMARY = l('Resumé', 'Summary');
const BODY = l('Brødtekst', 'Body');
const DESCRIPTION = l('Beskrivelse', 'Description');
const MUNICIPALITY_LABEL = l('Kommune', 'Municipality');
const ORGANISATIONS = l('Organisationer', 'Organisations');
const FOCUS_AREAS = l('Fokusområder', 'Focus areas');
const CONTACTS = l('Kontakter', 'Contacts');
const CASE_STORIES = l('Historier', 'Case stories');
const PARTNERSHIPS = l('Partnerskaber', 'Partnerships');
const SEO = l('Søgemaskiner og deling', 'SEO and sharing');
const PUBLISH_AT = l('Udgiv automatisk', 'Publish at');
const UNPUBLISH_AT = l('Afpublicér automatisk', 'Unpublish at');
const NAME = l('Navn', 'Name');

/** Fields Strapi adds to every type, as they appear in list views. */
export const SYSTEM_FIELDS: Record<string, Label> = {
  id: l('Id', 'Id'),
  documentId: l('Dokument-id', 'Document id'),
  createdAt: l('Oprettet', 'Created'),
  updatedAt: l('Senest ændret', 'Last edited'),
  publishedAt: l('Udgivet', 'Published'),
  createdBy: l('Oprettet af', 'Created by'),
  updatedBy: l('Ændret af', 'Edited by'),
  locale: l('Sprog', 'Language'),
};

export const TYPE_LABELS: Record<string, TypeLabels> = {
  [CASE_STORY]: {
    singular: l('Historie', 'Case story'),
    plural: l('Historier', 'Case stories'),
    fields: {
      title: TITLE,
      slug: SLUG,
      summary: SUMMARY,
      body: l('Historien', 'Story'),
      place: l('Sted', 'Place'),
      municipality: MUNICIPALITY_LABEL,
      partnership: l('Partnerskab', 'Partnership'),
      organisations: ORGANISATIONS,
      focusAreas: FOCUS_AREAS,
      heroImage: l('Hovedbillede', 'Main image'),
      gallery: l('Billeder', 'Gallery'),
      quotes: l('Citater', 'Quotes'),
      outcomes: l('Resultater', 'Outcomes'),
      lessonsLearned: l('Erfaringer', 'Lessons learned'),
      contacts: CONTACTS,
      seo: SEO,
      publishAt: PUBLISH_AT,
      unpublishAt: UNPUBLISH_AT,
    },
  },
  [PRESS_RELEASE]: {
    singular: l('Pressemeddelelse', 'Press release'),
    plural: l('Pressemeddelelser', 'Press releases'),
    fields: {
      title: l('Overskrift', 'Headline'),
      slug: SLUG,
      lead: l('Manchet', 'Lead'),
      body: BODY,
      releaseDate: l('Embargo til', 'Embargoed until'),
      contacts: l('Pressekontakter', 'Press contacts'),
      relatedLinks: l('Links', 'Related links'),
      organisations: ORGANISATIONS,
      partnerships: PARTNERSHIPS,
      caseStories: CASE_STORIES,
      attachments: l('Bilag', 'Attachments'),
      mediaKit: l('Pressemateriale', 'Media kit'),
      seo: SEO,
      publishAt: PUBLISH_AT,
      unpublishAt: UNPUBLISH_AT,
    },
  },
  [PARTNERSHIP]: {
    singular: l('Partnerskab', 'Partnership'),
    plural: l('Partnerskaber', 'Partnerships'),
    fields: {
      title: l('Navn', 'Name'),
      slug: SLUG,
      summary: SUMMARY,
      description: DESCRIPTION,
      level: l('Niveau', 'Level'),
      partnershipStatus: l('Fase', 'Stage'),
      startDate: l('Startdato', 'Start date'),
      endDate: l('Slutdato', 'End date'),
      partners: l('Partnere', 'Partners'),
      municipality: MUNICIPALITY_LABEL,
      focusAreas: FOCUS_AREAS,
      activities: l('Aktiviteter', 'Activities'),
      contacts: CONTACTS,
      caseStories: CASE_STORIES,
      agreementDocument: l('Samarbejdsaftale', 'Agreement'),
      seo: SEO,
      publishAt: PUBLISH_AT,
      unpublishAt: UNPUBLISH_AT,
    },
  },
  [ORGANISATION]: {
    singular: l('Organisation', 'Organisation'),
    plural: l('Organisationer', 'Organisations'),
    fields: {
      name: NAME,
      slug: SLUG,
      kind: l('Slags', 'Kind'),
      description: DESCRIPTION,
      website: l('Hjemmeside', 'Website'),
      municipality: MUNICIPALITY_LABEL,
      logo: l('Logo', 'Logo'),
      partnerships: PARTNERSHIPS,
    },
  },
  [FOCUS_AREA]: {
    singular: l('Fokusområde', 'Focus area'),
    plural: l('Fokusområder', 'Focus areas'),
    fields: { title: TITLE, slug: SLUG, description: DESCRIPTION, sortOrder: l('Rækkefølge', 'Sort order') },
  },
  [CONTACT]: {
    singular: l('Kontakt', 'Contact'),
    plural: l('Kontakter', 'Contacts'),
    fields: {
      name: NAME,
      jobTitle: l('Stilling', 'Job title'),
      organisation: l('Organisation', 'Organisation'),
      phone: l('Telefon', 'Phone'),
      email: l('E-mail', 'Email'),
      showPublicly: l('Vis offentligt', 'Show publicly'),
      lawfulBasis: l('Behandlingsgrundlag', 'Lawful basis'),
      reviewDate: l('Gennemgås senest', 'Review by'),
    },
  },
  [MUNICIPALITY]: {
    singular: l('Kommune', 'Municipality'),
    plural: l('Kommuner', 'Municipalities'),
    fields: {
      name: NAME,
      code: l('Kommunekode', 'Code'),
      region: l('Region', 'Region'),
      hasIntegrationCouncil: l('Har integrationsråd', 'Has an integration council'),
      integrationCouncilUrl: l('Integrationsrådets hjemmeside', 'Integration council website'),
      latitude: l('Breddegrad', 'Latitude'),
      longitude: l('Længdegrad', 'Longitude'),
      organisations: ORGANISATIONS,
      partnerships: PARTNERSHIPS,
      caseStories: CASE_STORIES,
    },
  },
  'shared.seo': {
    singular: l('Søgemaskiner og deling', 'SEO'),
    plural: l('Søgemaskiner og deling', 'SEO'),
    fields: {
      metaTitle: l('Titel til søgemaskiner', 'Meta title'),
      metaDescription: l('Beskrivelse til søgemaskiner', 'Meta description'),
      shareImage: l('Delingsbillede', 'Share image'),
      noIndex: l('Skjul for søgemaskiner', 'Hide from search engines'),
    },
  },
  'shared.quote': {
    singular: l('Citat', 'Quote'),
    plural: l('Citater', 'Quotes'),
    fields: { text: l('Citat', 'Quote'), author: l('Afsender', 'Author'), role: l('Rolle', 'Role') },
  },
  'shared.key-figure': {
    singular: l('Nøgletal', 'Key figure'),
    plural: l('Nøgletal', 'Key figures'),
    fields: { value: l('Tal', 'Value'), label: l('Hvad tallet tæller', 'Label'), source: l('Kilde', 'Source') },
  },
  'shared.link': {
    singular: l('Link', 'Link'),
    plural: l('Links', 'Links'),
    fields: { label: l('Tekst', 'Label'), url: l('Adresse', 'URL') },
  },
  'press.media-item': {
    singular: l('Presse-fil', 'Media item'),
    plural: l('Pressemateriale', 'Media kit'),
    fields: { file: l('Fil', 'File'), kind: l('Slags', 'Kind'), title: l('Titel', 'Title'), credit: l('Kreditering', 'Credit'), licence: l('Licens', 'Licence') },
  },
  'partnership.activity': {
    singular: l('Aktivitet', 'Activity'),
    plural: l('Aktiviteter', 'Activities'),
    fields: { title: l('Navn', 'Name'), kind: l('Slags', 'Kind'), description: DESCRIPTION },
  },
};

/**
 * The values of the enumeration fields (organisation kind, partnership level and stage, activity
 * kind, region), as the admin shows them in its selects and list views. Stored values stay the
 * English keys the API serves.
 */
export const ENUM_VALUES: Record<string, Label> = {
  // Regions
  hovedstaden: l('Region Hovedstaden', 'Capital Region'),
  sjaelland: l('Region Sjælland', 'Region Zealand'),
  syddanmark: l('Region Syddanmark', 'Region of Southern Denmark'),
  midtjylland: l('Region Midtjylland', 'Central Denmark Region'),
  nordjylland: l('Region Nordjylland', 'North Denmark Region'),
  // Organisation kinds
  library: l('Bibliotek', 'Library'),
  integration_council: l('Integrationsråd', 'Integration council'),
  national_body: l('National aktør', 'National body'),
  municipality: l('Kommune', 'Municipality'),
  association: l('Forening', 'Association'),
  other: l('Andet', 'Other'),
  // Partnership levels and stages
  national: l('Nationalt', 'National'),
  municipal: l('Kommunalt', 'Municipal'),
  local: l('Lokalt', 'Local'),
  planned: l('Planlagt', 'Planned'),
  active: l('Aktivt', 'Active'),
  concluded: l('Afsluttet', 'Concluded'),
  // Activity kinds
  homework_help: l('Lektiehjælp', 'Homework help'),
  job_seeking_help: l('Jobsøgningshjælp', 'Job seeking help'),
  language_cafe: l('Sprogcafé', 'Language café'),
  debate: l('Debat', 'Debate'),
  cultural_event: l('Kulturarrangement', 'Cultural event'),
  digital_help: l('Digital hjælp', 'Digital help'),
  counselling: l('Rådgivning', 'Counselling'),
  // Media kit: kinds and licences
  photo: l('Foto', 'Photo'),
  logo: l('Logo', 'Logo'),
  fact_sheet: l('Faktaark', 'Fact sheet'),
  document: l('Dokument', 'Document'),
  press_use: l('Fri til omtale af pressemeddelelsen', 'Free for coverage of this release'),
  cc_by_4_0: l('CC BY 4.0', 'CC BY 4.0'),
  cc_by_sa_4_0: l('CC BY-SA 4.0', 'CC BY-SA 4.0'),
  cc0: l('CC0 (fri brug)', 'CC0 (public domain)'),
  // A contact's lawful basis (GDPR article 6(1))
  consent: l('Samtykke (art. 6, stk. 1, a)', 'Consent (art. 6(1)(a))'),
  contract: l('Kontrakt (art. 6, stk. 1, b)', 'Contract (art. 6(1)(b))'),
  legal_obligation: l('Retlig forpligtelse (art. 6, stk. 1, c)', 'Legal obligation (art. 6(1)(c))'),
  public_task: l('Offentlig myndighedsudøvelse (art. 6, stk. 1, e)', 'Public task (art. 6(1)(e))'),
  legitimate_interests: l('Legitim interesse (art. 6, stk. 1, f)', 'Legitimate interests (art. 6(1)(f))'),
};

/** The admin's message id of an enumeration value. */
export const enumMessageId = (value: string) => `partnerships-cms.enum.${value}`;

/** A field's label in `language`; the attribute name when the field has none. */
export function fieldLabel(uid: string, field: string, language: EditorLanguage): string {
  return (TYPE_LABELS[uid]?.fields[field] ?? SYSTEM_FIELDS[field])?.[language] ?? field;
}
