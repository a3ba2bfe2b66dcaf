import { CASE_STORY, PARTNERSHIP, PRESS_RELEASE } from '../content-types';
/**
 * The search plugin's settings (plugins/search): which types `search` finds and what of them it
 * reads, title over summary over body. The enum members (`case_story` …) are part of the GraphQL
 * contract with web teams.
 */
export function searchSettings() {
  return {
    types: [
      {
        contentType: CASE_STORY,
        name: 'case_story',
        title: 'title',
        slug: 'slug',
        summary: ['summary'],
        body: ['body', { component: 'quotes', fields: ['text', 'author'] }, 'lessonsLearned', 'place'],
      },
      {
        contentType: PARTNERSHIP,
        name: 'partnership',
        title: 'title',
        slug: 'slug',
        summary: ['summary'],
        body: ['description', { component: 'activities', fields: ['title', 'description'] }],
      },
      {
        contentType: PRESS_RELEASE,
        name: 'press_release',
        title: 'title',
        slug: 'slug',
        summary: ['lead'],
        body: ['body'],
      },
    ],
    // Danish and English are stemmed by PostgreSQL; the other locales are matched word for word.
    textSearchConfigs: { da: 'danish', en: 'english' },
  };
}
