/**
 * The search plugin's settings (plugins/search): which types `search` finds and what of them it
 * reads, title over summary over body. The enum members (`case_story` …) are part of the GraphQL
 * contract with web teams.
 */
export function searchSettings() {
  return {
    types: [
      {
        contentType: 'api::case-story.case-story',
        name: 'case_story',
        title: 'title',
        slug: 'slug',
        summary: ['summary'],
        body: ['body', { component: 'quotes', fields: ['text', 'author'] }, 'lessonsLearned', 'place'],
      },
      {
        contentType: 'api::partnership.partnership',
        name: 'partnership',
        title: 'title',
        slug: 'slug',
        summary: ['summary'],
        body: ['description', { component: 'activities', fields: ['title', 'description'] }],
      },
      {
        contentType: 'api::press-release.press-release',
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
