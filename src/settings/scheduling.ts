import { editorMessages, messageLanguage, type RequestLike, type TimeField } from '../content-rules/editor-messages';
import { PAGE_TYPES } from '../page-types';
import { PRESS_RELEASE } from '../content-types';

/**
 * The scheduling plugin's settings (plugins/scheduling): editors schedule the page types with
 * publishAt / unpublishAt per locale; a press release is not published before its releaseDate.
 * Refusals speak the editor's language (src/content-rules/editor-messages.ts), fields by label,
 * times in Copenhagen.
 */
export function schedulingSettings() {
  return {
    contentTypes: [...PAGE_TYPES],
    publishAtField: 'publishAt',
    unpublishAtField: 'unpublishAt',
    embargo: { [PRESS_RELEASE]: 'releaseDate' },
    messages(request: RequestLike | undefined) {
      const m = editorMessages(messageLanguage(request));
      return {
        pastTime: (uid: string, field: string, time: Date) => m.pastTime(m.label(uid, field), m.at(time), field as TimeField),
        unpublishNotAfterPublish: (uid: string, unpublishAt: Date, publishAt: Date, fields: { unpublishAt: string; publishAt: string }) =>
          m.unpublishNotAfterPublish(m.label(uid, fields.unpublishAt), m.at(unpublishAt), m.label(uid, fields.publishAt), m.at(publishAt)),
        embargoed: (uid: string, field: string, until: Date, publishAtField: string) => m.embargoed(m.label(uid, field), m.at(until), m.label(uid, publishAtField)),
      };
    },
  };
}
