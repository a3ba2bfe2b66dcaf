/**
 * The demo content: the press release "Biblioteker og integrationsråd samarbejder om bedre
 * integration" and what it tells, in Danish (as written) and English (translated). Nothing here
 * goes beyond the release: no people, numbers, dates or quotes it does not give.
 *
 * Documents refer to each other by their Danish slug; the seed resolves the slugs to documentIds.
 */

type Paragraph = { type: 'paragraph'; children: Array<{ type: 'text'; text: string; bold?: boolean }> };
type ListBlock = { type: 'list'; format: 'unordered'; children: Array<{ type: 'list-item'; children: Paragraph['children'] }> };
export type Blocks = Array<Paragraph | ListBlock>;

export type Translated<T> = { da: T; en: T };

const p = (text: string): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', text }] });
const list = (items: Array<[string, string]>): ListBlock => ({
  type: 'list',
  format: 'unordered',
  children: items.map(([title, text]) => ({
    type: 'list-item',
    children: [
      { type: 'text', text: title, bold: true },
      { type: 'text', text: ` – ${text}` },
    ],
  })),
});

export const INTEGRATION_COUNCIL_MUNICIPALITIES = ['751', '461']; // Aarhus, Odense

export type FocusAreaSeed = { slug: Translated<string>; title: Translated<string>; description: Translated<string>; sortOrder: number };

export const focusAreas: FocusAreaSeed[] = [
  {
    slug: { da: 'bibliotekerne-som-laeringscentre', en: 'libraries-as-learning-centres' },
    title: { da: 'Bibliotekerne som læringscentre', en: 'Libraries as learning centres' },
    description: {
      da: 'Målrettede tilbud til børn og unge, drenge, piger, kvinder og mænd som har brug for tilbud som lektiehjælp, hjælp til jobsøgning og mødesteder med relevant folkeoplysning og samfundsdebat.',
      en: 'Targeted services for children and young people, boys, girls, women and men who need help such as homework help, help with job seeking, and meeting places with relevant public education and public debate.',
    },
    sortOrder: 1,
  },
  {
    slug: { da: 'bibliotekerne-som-demokratiske-vaeksthuse', en: 'libraries-as-democratic-greenhouses' },
    title: { da: 'Bibliotekerne som demokratiske væksthuse', en: 'Libraries as democratic greenhouses' },
    description: {
      da: 'Fremme af demokrati, folkeoplysning og medborgerskab, hvor borgerne opnår viden og færdigheder, som er vigtige for deltagelse i samfundets fællesskaber og demokratiske processer.',
      en: "Promoting democracy, public education and citizenship, where citizens gain the knowledge and skills that matter for taking part in society's communities and democratic processes.",
    },
    sortOrder: 2,
  },
  {
    slug: { da: 'bibliotekerne-som-kulturmoedesteder', en: 'libraries-as-places-where-cultures-meet' },
    title: { da: 'Bibliotekerne som kulturmødesteder', en: 'Libraries as places where cultures meet' },
    description: {
      da: 'Kulturmødesteder med udveksling og dialog på tværs af religion, tradition og kulturelle normer – steder hvor integration foregår og opleves i praksis.',
      en: 'Meeting places for cultures, with exchange and dialogue across religion, tradition and cultural norms – places where integration happens and is experienced in practice.',
    },
    sortOrder: 3,
  },
];

export type OrganisationKind = 'library' | 'integration_council' | 'national_body' | 'municipality' | 'association' | 'other';
export type OrganisationSeed = {
  slug: string;
  name: string;
  kind: OrganisationKind;
  website?: string;
  municipalityCode?: string;
  description: Translated<string>;
};

export const organisations: OrganisationSeed[] = [
  {
    slug: 'raadet-for-etniske-minoriteter',
    name: 'Rådet for Etniske Minoriteter',
    kind: 'national_body',
    website: 'http://www.rem.dk',
    description: {
      da: 'Har sammen med Styrelsen for Bibliotek og Medier underskrevet en samarbejdsaftale, som skal fremme partnerskaber mellem biblioteker og de kommunale integrationsråd. På www.rem.dk findes danmarkskortet over kommunernes integrationsråd.',
      en: "Together with the Danish Agency for Libraries and Media, it has signed a cooperation agreement to promote partnerships between libraries and the municipal integration councils. The map of the municipalities' integration councils is at www.rem.dk.",
    },
  },
  {
    slug: 'styrelsen-for-bibliotek-og-medier',
    name: 'Styrelsen for Bibliotek og Medier',
    kind: 'national_body',
    website: 'http://www.bibliotekogmedier.dk',
    description: {
      da: 'Har sammen med Rådet for Etniske Minoriteter underskrevet en samarbejdsaftale, som skal fremme partnerskaber mellem biblioteker og de kommunale integrationsråd.',
      en: 'Together with the Council for Ethnic Minorities, it has signed a cooperation agreement to promote partnerships between libraries and the municipal integration councils.',
    },
  },
  {
    slug: 'gellerup-bibliotek',
    name: 'Gellerup Bibliotek',
    kind: 'library',
    municipalityCode: '751',
    description: {
      da: 'Folkebibliotek i Gellerup ved Århus. Medlemmer af Århus integrationsråd har været involveret i udviklingen af bibliotekets nye hjemmeside.',
      en: "Public library in Gellerup near Aarhus. Members of the Aarhus integration council were involved in developing the library's new website.",
    },
  },
  {
    slug: 'aarhus-integrationsraad',
    name: 'Århus Integrationsråd',
    kind: 'integration_council',
    municipalityCode: '751',
    description: {
      da: 'Kommunalt integrationsråd, som rådgiver lokalpolitikerne om udlændinge, indvandrere og integration. Medlemmer af rådet har været involveret i udviklingen af Gellerup Biblioteks nye hjemmeside.',
      en: "Municipal integration council that advises local politicians on foreigners, immigrants and integration. Members of the council were involved in developing Gellerup Library's new website.",
    },
  },
  {
    slug: 'vollsmose-bibliotek',
    name: 'Vollsmose Bibliotek',
    kind: 'library',
    municipalityCode: '461',
    description: {
      da: 'Folkebibliotek i Vollsmose ved Odense, hvor der er etableret et nyt læringscenter med Odense integrationsråd som sparringspartner.',
      en: 'Public library in Vollsmose near Odense, where a new learning centre was established with the Odense integration council as sparring partner.',
    },
  },
  {
    slug: 'odense-integrationsraad',
    name: 'Odense Integrationsråd',
    kind: 'integration_council',
    municipalityCode: '461',
    description: {
      da: 'Kommunalt integrationsråd, som rådgiver lokalpolitikerne om udlændinge, indvandrere og integration. Rådet har fungeret som sparringspartner ved etableringen af et nyt læringscenter på Vollsmose Bibliotek.',
      en: 'Municipal integration council that advises local politicians on foreigners, immigrants and integration. The council acted as sparring partner when a new learning centre was established at Vollsmose Library.',
    },
  },
];

/**
 * A contact, shown publicly in every locale with the lawful basis named; the seed gives the
 * review date `reviewMonths` after the day it runs.
 */
export type ContactSeed = {
  email: string;
  name: string;
  organisationSlug: string;
  phone: string;
  jobTitle: Translated<string | null>;
  lawfulBasis: 'consent' | 'contract' | 'legal_obligation' | 'public_task' | 'legitimate_interests';
  reviewMonths: number;
};

export const contacts: ContactSeed[] = [
  {
    email: 'ifr@bs.dk',
    name: 'Inger Frydendahl',
    organisationSlug: 'styrelsen-for-bibliotek-og-medier',
    phone: '33 73 33 26',
    jobTitle: { da: null, en: null }, // the release gives no job title
    // A state agency's press contact, named in its own press release.
    lawfulBasis: 'public_task',
    reviewMonths: 12,
  },
];

type Activity = { title: string; description: string; kind: 'other' };
const hostsCouncilEvents: Translated<Activity> = {
  da: {
    title: 'Integrationsrådets arrangementer på biblioteket',
    description: 'Biblioteket lægger hus til flere af integrationsrådets arrangementer.',
    kind: 'other',
  },
  en: {
    title: "The integration council's events at the library",
    description: "The library hosts several of the integration council's events.",
    kind: 'other',
  },
};
const consultsCouncil: Translated<Activity> = {
  da: {
    title: 'Integrationsrådet høres om udviklingsprojekter',
    description: 'Det er blevet en vane at høre integrationsrådet i forbindelse med bibliotekets udviklingsprojekter.',
    kind: 'other',
  },
  en: {
    title: 'The integration council is consulted on development projects',
    description: "It has become a habit to consult the integration council on the library's development projects.",
    kind: 'other',
  },
};

export type PartnershipSeed = {
  slug: Translated<string>;
  title: Translated<string>;
  summary: Translated<string>;
  description: Translated<Blocks>;
  level: 'national' | 'municipal' | 'local';
  partnershipStatus: 'planned' | 'active' | 'concluded';
  partnerSlugs: string[];
  municipalityCode?: string;
  focusAreaSlugs: string[];
  contactEmails: string[];
  activities: Translated<Activity[]>;
};

export const partnerships: PartnershipSeed[] = [
  {
    slug: {
      da: 'samarbejdsaftale-mellem-raadet-for-etniske-minoriteter-og-styrelsen-for-bibliotek-og-medier',
      en: 'cooperation-agreement-between-the-council-for-ethnic-minorities-and-the-agency-for-libraries-and-media',
    },
    title: {
      da: 'Samarbejdsaftale mellem Rådet for Etniske Minoriteter og Styrelsen for Bibliotek og Medier',
      en: 'Cooperation agreement between the Council for Ethnic Minorities and the Danish Agency for Libraries and Media',
    },
    summary: {
      da: 'En national samarbejdsaftale, som skal fremme partnerskaber mellem biblioteker og de kommunale integrationsråd.',
      en: 'A national cooperation agreement to promote partnerships between libraries and the municipal integration councils.',
    },
    description: {
      da: [
        p('Rådet for Etniske Minoriteter og Styrelsen for Bibliotek og Medier har underskrevet en samarbejdsaftale, som skal fremme partnerskaber mellem biblioteker og de kommunale integrationsråd.'),
        p(
          'Hver anden indbygger med etnisk minoritetsbaggrund kommer på biblioteket mindst en gang om måneden, og derfor er det oplagt at bruge bibliotekerne endnu mere i integrationsarbejdet, end det sker i dag.'
        ),
        p(
          'Parterne peger især på tre områder, hvor det er nærliggende at biblioteker og integrationsråd går sammen: bibliotekerne som læringscentre, som demokratiske væksthuse og som kulturmødesteder.'
        ),
      ],
      en: [
        p(
          'The Council for Ethnic Minorities and the Danish Agency for Libraries and Media have signed a cooperation agreement to promote partnerships between libraries and the municipal integration councils.'
        ),
        p('Every second resident with an ethnic minority background visits the library at least once a month, so it is natural to use the libraries even more in integration work than happens today.'),
        p(
          'The parties point in particular to three areas where it is natural for libraries and integration councils to join forces: libraries as learning centres, as democratic greenhouses and as places where cultures meet.'
        ),
      ],
    },
    level: 'national',
    partnershipStatus: 'active',
    partnerSlugs: ['raadet-for-etniske-minoriteter', 'styrelsen-for-bibliotek-og-medier'],
    focusAreaSlugs: ['bibliotekerne-som-laeringscentre', 'bibliotekerne-som-demokratiske-vaeksthuse', 'bibliotekerne-som-kulturmoedesteder'],
    contactEmails: ['ifr@bs.dk'],
    activities: { da: [], en: [] },
  },
  {
    slug: { da: 'gellerup-bibliotek-og-aarhus-integrationsraad', en: 'gellerup-library-and-the-aarhus-integration-council' },
    title: { da: 'Gellerup Bibliotek og Århus Integrationsråd', en: 'Gellerup Library and the Aarhus Integration Council' },
    summary: {
      da: 'I Gellerup ved Århus arbejder biblioteket og integrationsrådet godt sammen.',
      en: 'In Gellerup near Aarhus, the library and the integration council work well together.',
    },
    description: {
      da: [
        p('Gellerup ved Århus er et af de steder, hvor biblioteker og integrationsråd arbejder godt sammen, og hvor idéen til den nationale samarbejdsaftale blandt andet kommer fra.'),
        p('Medlemmer af Århus integrationsråd har været involveret omkring udviklingen af en ny hjemmeside for Gellerup Bibliotek.'),
      ],
      en: [
        p('Gellerup near Aarhus is one of the places where libraries and integration councils work well together, and where the idea for the national cooperation agreement partly comes from.'),
        p('Members of the Aarhus integration council were involved in developing a new website for Gellerup Library.'),
      ],
    },
    level: 'local',
    partnershipStatus: 'active',
    partnerSlugs: ['gellerup-bibliotek', 'aarhus-integrationsraad'],
    municipalityCode: '751',
    focusAreaSlugs: [],
    contactEmails: [],
    activities: { da: [consultsCouncil.da, hostsCouncilEvents.da], en: [consultsCouncil.en, hostsCouncilEvents.en] },
  },
  {
    slug: { da: 'vollsmose-bibliotek-og-odense-integrationsraad', en: 'vollsmose-library-and-the-odense-integration-council' },
    title: { da: 'Vollsmose Bibliotek og Odense Integrationsråd', en: 'Vollsmose Library and the Odense Integration Council' },
    summary: {
      da: 'I Vollsmose ved Odense arbejder biblioteket og integrationsrådet godt sammen.',
      en: 'In Vollsmose near Odense, the library and the integration council work well together.',
    },
    description: {
      da: [
        p('Vollsmose ved Odense er et af de steder, hvor biblioteker og integrationsråd arbejder godt sammen, og hvor idéen til den nationale samarbejdsaftale blandt andet kommer fra.'),
        p('Odense integrationsråd har fungeret som sparringspartner i forbindelse med etableringen af et nyt læringscenter på Vollsmose Bibliotek.'),
      ],
      en: [
        p('Vollsmose near Odense is one of the places where libraries and integration councils work well together, and where the idea for the national cooperation agreement partly comes from.'),
        p('The Odense integration council acted as sparring partner when a new learning centre was established at Vollsmose Library.'),
      ],
    },
    level: 'local',
    partnershipStatus: 'active',
    partnerSlugs: ['vollsmose-bibliotek', 'odense-integrationsraad'],
    municipalityCode: '461',
    focusAreaSlugs: ['bibliotekerne-som-laeringscentre'],
    contactEmails: [],
    activities: { da: [consultsCouncil.da, hostsCouncilEvents.da], en: [consultsCouncil.en, hostsCouncilEvents.en] },
  },
];

const habitDa = p(
  'På begge biblioteker er det blevet en vane at høre integrationsrådene i forbindelse med diverse udviklingsprojekter, ligesom man også lægger hus til flere af integrationsrådenes arrangementer.'
);
const habitEn = p(
  "At both libraries it has become a habit to consult the integration councils on various development projects, and the libraries also host several of the integration councils' events."
);

export type CaseStorySeed = {
  slug: Translated<string>;
  title: Translated<string>;
  summary: Translated<string>;
  body: Translated<Blocks>;
  lessonsLearned: Translated<Blocks>;
  place: string;
  municipalityCode: string;
  partnershipSlug: string;
  organisationSlugs: string[];
  focusAreaSlugs: string[];
};

export const caseStories: CaseStorySeed[] = [
  {
    slug: {
      da: 'gellerup-integrationsraadet-var-med-til-at-udvikle-bibliotekets-nye-hjemmeside',
      en: 'gellerup-the-integration-council-helped-develop-the-librarys-new-website',
    },
    title: {
      da: 'Gellerup: Integrationsrådet var med til at udvikle bibliotekets nye hjemmeside',
      en: "Gellerup: the integration council helped develop the library's new website",
    },
    summary: {
      da: 'På Gellerup Bibliotek har medlemmer af Århus integrationsråd været involveret omkring udviklingen af en ny hjemmeside.',
      en: 'At Gellerup Library, members of the Aarhus integration council were involved in developing a new website.',
    },
    body: {
      da: [
        p(
          'Idéen til samarbejdsaftalen mellem Rådet for Etniske Minoriteter og Styrelsen for Bibliotek og Medier kommer blandt andet fra Gellerup ved Århus, hvor bibliotek og integrationsråd arbejder godt sammen.'
        ),
        p('På Gellerup Bibliotek har medlemmer af Århus integrationsråd været involveret omkring udviklingen af en ny hjemmeside.'),
      ],
      en: [
        p(
          'The idea for the cooperation agreement between the Council for Ethnic Minorities and the Danish Agency for Libraries and Media partly comes from Gellerup near Aarhus, where the library and the integration council work well together.'
        ),
        p('At Gellerup Library, members of the Aarhus integration council were involved in developing a new website.'),
      ],
    },
    lessonsLearned: { da: [habitDa], en: [habitEn] },
    place: 'Gellerup',
    municipalityCode: '751',
    partnershipSlug: 'gellerup-bibliotek-og-aarhus-integrationsraad',
    organisationSlugs: ['gellerup-bibliotek', 'aarhus-integrationsraad'],
    focusAreaSlugs: [],
  },
  {
    slug: {
      da: 'vollsmose-integrationsraadet-var-sparringspartner-for-det-nye-laeringscenter',
      en: 'vollsmose-the-integration-council-was-sparring-partner-for-the-new-learning-centre',
    },
    title: {
      da: 'Vollsmose: Integrationsrådet var sparringspartner for det nye læringscenter',
      en: 'Vollsmose: the integration council was sparring partner for the new learning centre',
    },
    summary: {
      da: 'Odense integrationsråd har fungeret som sparringspartner i forbindelse med etableringen af et nyt læringscenter på Vollsmose Bibliotek.',
      en: 'The Odense integration council acted as sparring partner when a new learning centre was established at Vollsmose Library.',
    },
    body: {
      da: [
        p(
          'Idéen til samarbejdsaftalen mellem Rådet for Etniske Minoriteter og Styrelsen for Bibliotek og Medier kommer blandt andet fra Vollsmose ved Odense, hvor bibliotek og integrationsråd arbejder godt sammen.'
        ),
        p('Odense integrationsråd har fungeret som sparringspartner i forbindelse med etableringen af et nyt læringscenter på Vollsmose Bibliotek.'),
      ],
      en: [
        p(
          'The idea for the cooperation agreement between the Council for Ethnic Minorities and the Danish Agency for Libraries and Media partly comes from Vollsmose near Odense, where the library and the integration council work well together.'
        ),
        p('The Odense integration council acted as sparring partner when a new learning centre was established at Vollsmose Library.'),
      ],
    },
    lessonsLearned: { da: [habitDa], en: [habitEn] },
    place: 'Vollsmose',
    municipalityCode: '461',
    partnershipSlug: 'vollsmose-bibliotek-og-odense-integrationsraad',
    organisationSlugs: ['vollsmose-bibliotek', 'odense-integrationsraad'],
    focusAreaSlugs: ['bibliotekerne-som-laeringscentre'],
  },
];

export type PressReleaseSeed = {
  slug: Translated<string>;
  title: Translated<string>;
  lead: Translated<string>;
  body: Translated<Blocks>;
  relatedLinks: Translated<Array<{ label: string; url: string }>>;
  contactEmails: string[];
  organisationSlugs: string[];
  partnershipSlugs: string[];
  caseStorySlugs: string[];
};

export const pressReleases: PressReleaseSeed[] = [
  {
    slug: {
      da: 'biblioteker-og-integrationsraad-samarbejder-om-bedre-integration',
      en: 'libraries-and-integration-councils-work-together-for-better-integration',
    },
    title: {
      da: 'Biblioteker og integrationsråd samarbejder om bedre integration',
      en: 'Libraries and integration councils work together for better integration',
    },
    lead: {
      da: 'Indvandrere og flygtninge har taget de danske folkebiblioteker til sig. Hver anden indbygger med etnisk minoritetsbaggrund kommer på biblioteket mindst en gang om måneden, og derfor er det oplagt at bruge bibliotekerne endnu mere i integrationsarbejdet, end det sker i dag, mener Rådet for Etniske Minoriteter og Styrelsen for Bibliotek og Medier. De to parter har netop underskrevet en samarbejdsaftale, som skal fremme partnerskaber mellem biblioteker og de kommunale integrationsråd.',
      en: 'Immigrants and refugees have embraced the Danish public libraries. Every second resident with an ethnic minority background visits the library at least once a month, so it is natural to use the libraries even more in integration work than happens today, say the Council for Ethnic Minorities and the Danish Agency for Libraries and Media. The two parties have just signed a cooperation agreement to promote partnerships between libraries and the municipal integration councils.',
    },
    body: {
      da: [
        p(
          'Mere end halvdelen af kommunerne har integrationsråd, som rådgiver lokalpolitikere om udlændinge, indvandrere og integration. Medlemmerne af disse råd har typisk gode netværk til medborgere med etnisk minoritetsbaggrund i deres lokalområder samt stor praktisk viden om, hvordan man bedst inddrager denne gruppe borgere.'
        ),
        p(
          'Rådet for Etniske Minoriteter og Styrelsen for Bibliotek og Medier peger især på tre områder, hvor det er nærliggende at biblioteker og integrationsråd går sammen om at styrke integrationsarbejdet:'
        ),
        list(focusAreas.map((area) => [area.title.da, area.description.da])),
        p(
          'Idéen til samarbejdsaftalen kommer blandt andet fra Gellerup ved Århus og Vollsmose ved Odense, hvor biblioteker og integrationsråd arbejder godt sammen. På Gellerup Bibliotek har medlemmer af Århus integrationsråd været involveret omkring udviklingen af en ny hjemmeside, og Odense integrationsråd har fungeret som sparringspartner i forbindelse med etableringen af et nyt læringscenter på Vollsmose Bibliotek. På begge biblioteker er det blevet en vane at høre integrationsrådene i forbindelse med diverse udviklingsprojekter, ligesom man også lægger hus til flere af integrationsrådenes arrangementer.'
        ),
        p('Læs mere om samarbejdsaftalen på www.bibliotekogmedier.dk og www.rem.dk. Har din kommune et integrationsråd? Se danmarkskortet på www.rem.dk!'),
      ],
      en: [
        p(
          'More than half of the municipalities have an integration council, which advises local politicians on foreigners, immigrants and integration. The members of these councils typically have good networks among fellow citizens with an ethnic minority background in their local areas, and a great deal of practical knowledge about how best to involve this group of citizens.'
        ),
        p(
          'The Council for Ethnic Minorities and the Danish Agency for Libraries and Media point in particular to three areas where it is natural for libraries and integration councils to join forces to strengthen integration work:'
        ),
        list(focusAreas.map((area) => [area.title.en, area.description.en])),
        p(
          "The idea for the cooperation agreement comes partly from Gellerup near Aarhus and Vollsmose near Odense, where libraries and integration councils work well together. At Gellerup Library, members of the Aarhus integration council were involved in developing a new website, and the Odense integration council acted as sparring partner when a new learning centre was established at Vollsmose Library. At both libraries it has become a habit to consult the integration councils on various development projects, and the libraries also host several of the integration councils' events."
        ),
        p('Read more about the cooperation agreement at www.bibliotekogmedier.dk and www.rem.dk. Does your municipality have an integration council? See the map of Denmark at www.rem.dk!'),
      ],
    },
    relatedLinks: {
      da: [
        { label: 'Samarbejdsaftalen hos Styrelsen for Bibliotek og Medier', url: 'http://www.bibliotekogmedier.dk' },
        { label: 'Samarbejdsaftalen hos Rådet for Etniske Minoriteter', url: 'http://www.rem.dk' },
        { label: 'Danmarkskortet over integrationsråd', url: 'http://www.rem.dk' },
      ],
      en: [
        { label: 'The agreement at the Danish Agency for Libraries and Media', url: 'http://www.bibliotekogmedier.dk' },
        { label: 'The agreement at the Council for Ethnic Minorities', url: 'http://www.rem.dk' },
        { label: "Map of Denmark's integration councils", url: 'http://www.rem.dk' },
      ],
    },
    contactEmails: ['ifr@bs.dk'],
    organisationSlugs: ['raadet-for-etniske-minoriteter', 'styrelsen-for-bibliotek-og-medier'],
    partnershipSlugs: [
      'samarbejdsaftale-mellem-raadet-for-etniske-minoriteter-og-styrelsen-for-bibliotek-og-medier',
      'gellerup-bibliotek-og-aarhus-integrationsraad',
      'vollsmose-bibliotek-og-odense-integrationsraad',
    ],
    caseStorySlugs: ['gellerup-integrationsraadet-var-med-til-at-udvikle-bibliotekets-nye-hjemmeside', 'vollsmose-integrationsraadet-var-sparringspartner-for-det-nye-laeringscenter'],
  },
];
