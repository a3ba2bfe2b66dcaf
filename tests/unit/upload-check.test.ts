import { DEFAULT_ALLOWED_TYPES, DENIED_TYPES } from '../../config/uploads';
import { contentProblem, matchesType, nameProblem, registerUploadFileCheck } from '../../plugins/production-guards/server/src/uploads/file-check';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const defaults = { allowedTypes: DEFAULT_ALLOWED_TYPES, deniedTypes: DENIED_TYPES };

/** The decisions of the upload check; detecting a type (file-type, an ES module) is left to the API tests. */
describe('upload file check', () => {
  test('every default type is accepted when name, declared type and detected content agree', () => {
    const names: Record<string, string> = {
      'image/jpeg': 'foto.jpg',
      'image/png': 'foto.png',
      'image/gif': 'foto.gif',
      'image/webp': 'foto.webp',
      'image/avif': 'foto.avif',
      'application/pdf': 'aftale.pdf',
      [DOCX]: 'aftale.docx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'budget.xlsx',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'oplæg.pptx',
      'application/vnd.oasis.opendocument.text': 'referat.odt',
      'audio/mpeg': 'podcast.mp3',
      'video/mp4': 'film.mp4',
      'video/webm': 'film.webm',
    };
    expect(Object.keys(names).sort()).toEqual([...DEFAULT_ALLOWED_TYPES].sort());
    for (const [type, name] of Object.entries(names)) {
      expect([name, nameProblem(name, type, defaults), contentProblem(name, type)]).toEqual([name, null, null]);
      expect([name, nameProblem(name, 'application/octet-stream', defaults)]).toEqual([name, null]);
    }
  });

  test('the content must be detected as the type the name says, or a near alias of the same format', () => {
    expect(contentProblem('notat.docx', 'application/zip')).toBe(`"notat.docx" is not a ${DOCX} file: its content is application/zip`);
    expect(contentProblem('notat.docx', 'application/vnd.ms-word.document.macroenabled.12')).toMatch(/its content is application\/vnd.ms-word/);
    expect(contentProblem('side.png', 'text/html')).toBe('"side.png" is not a image/png file: its content is text/html');
    expect(contentProblem('film.mp4', 'video/x-m4v')).toBeNull();
    expect(contentProblem('film.mp4', 'video/quicktime')).toMatch(/is not a video\/mp4 file/);
  });

  test('content that is not recognised is refused, unless the name is of a text type (which has no magic bytes)', () => {
    expect(contentProblem('podcast.mp3', undefined)).toBe('"podcast.mp3" is not a audio/mpeg file: its content is not recognised');
    expect(contentProblem('notat.docx', undefined)).toMatch(/its content is not recognised/);
    expect(contentProblem('liste.csv', undefined)).toBeNull();
    expect(contentProblem('læsmig.txt', undefined)).toBeNull();
    // A text type whose content is a recognised binary format is not what its name says.
    expect(contentProblem('liste.csv', 'application/zip')).toMatch(/"liste.csv" is not a text\/csv file/);
  });

  test('names and declared types: an allowed extension, the same declared type, never a denied one, wildcards as Strapi reads them', () => {
    expect(nameProblem('uden-endelse', 'image/png', defaults)).toBe('the extension of "uden-endelse" is not an allowed file type');
    expect(nameProblem('liste.csv', 'text/csv', defaults)).toBe('the extension of "liste.csv" is not an allowed file type');
    expect(nameProblem('side.html', 'image/png', defaults)).toMatch(/extension of "side.html"/);
    expect(nameProblem('foto.png', 'image/gif', defaults)).toBe('"foto.png" is declared as image/gif but named as image/png');
    expect(nameProblem('foto.png', 'IMAGE/PNG; charset=binary', defaults)).toBeNull();
    const wide = { allowedTypes: ['image/*', 'text/*'], deniedTypes: DENIED_TYPES };
    expect(nameProblem('foto.bmp', 'image/bmp', wide)).toBeNull();
    expect(nameProblem('liste.csv', 'text/csv', wide)).toBeNull();
    expect(nameProblem('logo.svg', 'image/svg+xml', wide)).toMatch(/extension of "logo.svg"/);
    expect(nameProblem('side.html', 'text/html', wide)).toMatch(/extension of "side.html"/);
    expect(matchesType('image/png', ['image/*'])).toBe(true);
    expect(matchesType('image/png', ['image/p.g'])).toBe(false);
  });

  test('the upload service refuses a refused file before storing anything, whatever route called it', async () => {
    const stored: unknown[] = [];
    const service = {
      upload: async (args: unknown) => (stored.push(args), ['uploaded']),
      replace: async (_id: unknown, args: unknown) => (stored.push(args), 'replaced'),
    };
    const strapi = { plugin: () => ({ service: () => service }), config: { get: () => defaults } } as unknown as Parameters<typeof registerUploadFileCheck>[0];
    registerUploadFileCheck(strapi);
    const html = { originalFilename: 'side.html', mimetype: 'text/html', filepath: '/nowhere' };
    await expect(service.upload({ data: {}, files: [html] })).rejects.toThrow('File type not allowed: the extension of "side.html" is not an allowed file type');
    await expect(service.replace(1, { data: {}, file: { ...html, mimetype: 'image/png', originalFilename: 'forside.png.html' } })).rejects.toThrow(/"forside.png.html"/);
    expect(stored).toEqual([]);
  });
});
