/** The pure functions behind the media and universal modules. */
import { MEDIA_KINDS, mediaKindOf } from '../../../functions/media-types.js';
import { mediaProblem } from '../../../functions/media-checks.js';
import { mediaFileName } from '../../../functions/media-file-name.js';
import { pairsToObject, headerProblem } from '../../../functions/key-values.js';

const MB = 1024 * 1024;

test("the table holds Meta's supported types and limits (cloud-api.md §3.5)", () => {
  const byKind = Object.fromEntries(MEDIA_KINDS.map((k) => [k.kind, { max: k.maxBytes, types: Object.keys(k.types).sort() }]));
  expect(byKind).toEqual({
    audio: { max: 16 * MB, types: ['audio/aac', 'audio/amr', 'audio/mp4', 'audio/mpeg', 'audio/ogg'] },
    document: {
      max: 100 * MB,
      types: [
        'application/msword',
        'application/pdf',
        'application/vnd.ms-excel',
        'application/vnd.ms-powerpoint',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'text/plain',
      ],
    },
    image: { max: 5 * MB, types: ['image/jpeg', 'image/png'] },
    sticker: { max: 500 * 1024, types: ['image/webp'] },
    video: { max: 16 * MB, types: ['video/3gpp', 'video/mp4'] },
  });
});

test('MIME parameters and case do not matter', () => {
  expect(mediaKindOf('Audio/OGG; codecs=opus')?.kind).toBe('audio');
  expect(mediaProblem({ fileName: 'v.ogg', mimeType: 'audio/ogg; codecs=opus', size: 10 })).toBeUndefined();
});

test('a missing file is left to the required-field check', () => {
  expect(mediaProblem(undefined)).toBeUndefined();
});

test.each([
  ['123', 'image/jpeg', '123.jpg'],
  ['123', 'audio/mpeg', '123.mp3'],
  ['123', 'audio/ogg; codecs=opus', '123.ogg'],
  ['123', 'application/zip', '123.zip'],
  ['123', 'application/x-unknown-thing', '123'],
  ['123', undefined, '123'],
  ['../etc/passwd', 'text/plain', '.._etc_passwd.txt'],
])('mediaFileName(%j, %j) = %j', (id, type, name) => {
  expect(mediaFileName(id, type)).toBe(name);
});

test('pairsToObject takes objects and {key, value} lists, refuses the rest', () => {
  expect(pairsToObject(undefined)).toBeUndefined();
  expect(pairsToObject({ a: 1 })).toEqual({ a: 1 });
  expect(pairsToObject([{ key: 'a', value: 1 }, { key: 'a', value: 2 }, { key: 'b' }])).toEqual({ a: 2, b: undefined });
  expect(() => pairsToObject([{ value: 1 }])).toThrow(/key/);
  expect(() => pairsToObject([{ key: '__proto__', value: 1 }])).toThrow(/refused/);
  expect(() => pairsToObject('a=1')).toThrow(/object or a list/);
  expect(headerProblem('a=1')).toMatch(/^expects an object/);
  expect(headerProblem({ Accept: 'application/json' })).toBeUndefined();
});
