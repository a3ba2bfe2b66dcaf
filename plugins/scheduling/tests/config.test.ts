import { configProblem, defaults, englishMessages, modelProblem, type SchedulingConfig } from '../server/src/config';
import { asDate, startOfMinute, timeFields } from '../server/src/rules';

const PRESS = 'api::press.press';
const config: SchedulingConfig = { ...defaults, contentTypes: [PRESS, 'api::story.story'], embargo: { [PRESS]: 'releaseDate' } };

describe('the scheduling configuration', () => {
  test('the defaults and a full configuration pass', () => {
    expect(configProblem(defaults)).toBeNull();
    expect(configProblem(config)).toBeNull();
  });

  test.each([
    [{ ...config, contentTypes: ['press'] }, 'contentTypes must be a list of content type UIDs'],
    [{ ...config, contentTypes: [PRESS, PRESS] }, 'lists a type twice'],
    [{ ...config, unpublishAtField: 'publishAt' }, 'two attribute names'],
    [{ ...config, publishAtField: 'publish at' }, 'two attribute names'],
    [{ ...config, embargo: { 'api::other.other': 'releaseDate' } }, 'embargo: api::other.other is not one of contentTypes'],
    [{ ...config, embargo: { [PRESS]: 'publishAt' } }, 'other than the schedule'],
    [{ ...config, messages: 'da' }, 'messages must be a function'],
    [null, 'must be an object'],
  ])('refused: %j', (bad, message) => {
    expect(configProblem(bad)).toContain(message);
  });

  test('the types are checked against the content model at the start', () => {
    const schema = (attributes: Record<string, { type: string }>, draftAndPublish = true) => ({ attributes, options: { draftAndPublish } });
    const dates = { publishAt: { type: 'datetime' }, unpublishAt: { type: 'datetime' } };
    const models: Record<string, ReturnType<typeof schema>> = { [PRESS]: schema({ ...dates, releaseDate: { type: 'datetime' } }), 'api::story.story': schema(dates) };
    expect(modelProblem(config, (uid) => models[uid])).toBeNull();
    expect(modelProblem({ ...config, contentTypes: ['api::gone.gone'], embargo: {} }, (uid) => models[uid])).toBe('api::gone.gone is no content type of this app');
    models[PRESS] = schema({ ...dates, releaseDate: { type: 'date' } });
    expect(modelProblem(config, (uid) => models[uid])).toBe('api::press.press.releaseDate must be a datetime attribute, not date');
    models[PRESS] = schema(dates, false);
    expect(modelProblem(config, (uid) => models[uid])).toContain('has no draft and publish');
    models['api::story.story'] = schema({ publishAt: { type: 'datetime' } });
    expect(modelProblem({ ...config, contentTypes: ['api::story.story'], embargo: {} }, (uid) => models[uid])).toBe('api::story.story.unpublishAt must be a datetime attribute: it has none');
  });
});

describe('the rules’ pieces', () => {
  test('an embargo date is checked before the schedule', () => {
    expect(timeFields(config, PRESS)).toEqual(['releaseDate', 'publishAt', 'unpublishAt']);
    expect(timeFields(config, 'api::story.story')).toEqual(['publishAt', 'unpublishAt']);
  });

  test('times: empty is none, minutes start on the minute', () => {
    expect(asDate('')).toBeNull();
    expect(asDate(null)).toBeNull();
    expect(asDate('2026-12-06T10:15:00Z')?.toISOString()).toBe('2026-12-06T10:15:00.000Z');
    expect(new Date(startOfMinute(Date.parse('2026-12-06T10:15:41.250Z'))).toISOString()).toBe('2026-12-06T10:15:00.000Z');
  });

  test('the default messages name the field and the time (UTC)', () => {
    const time = new Date('2026-12-06T22:45:00Z');
    expect(englishMessages.pastTime(PRESS, 'publishAt', time)).toBe('publishAt: 2026-12-06 22:45 UTC has already passed. Choose a later time, or clear the field.');
    expect(englishMessages.embargoed(PRESS, 'releaseDate', time, 'goLive')).toBe(
      'releaseDate: embargoed until 2026-12-06 22:45 UTC. Schedule it with goLive, or move releaseDate to now to publish it at once.'
    );
    expect(englishMessages.unpublishNotAfterPublish(PRESS, time, new Date('2026-12-07T08:00:00Z'), { unpublishAt: 'goOffline', publishAt: 'goLive' })).toBe(
      'goOffline: 2026-12-06 22:45 UTC must be after goLive (2026-12-07 08:00 UTC). Choose a later time, or clear the field.'
    );
  });
});
